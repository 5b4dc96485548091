"""URL -> an article file in the workspace that the pipeline reads like any other.

The file lives at .narrator/web/<slug>.html, its name made from the canonical URL, so the
same story reached by two URLs (a short link, a tracking query) is one file, one slug and
one episode; and an unchanged page is byte-identical, so its build is up to date.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from narrator.web import WebError
from narrator.web.extract import Extracted, extract
from narrator.web.fetch import decode_body, fetch
from narrator.workspace import Workspace, atomic_write_text

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True, slots=True)
class SavedPage:
    path: Path
    """The clean article file under .narrator/web/."""
    url: str
    """The URL as given."""
    canonical_url: str
    title: str


def web_dir(workspace: Workspace) -> Path:
    return workspace.state_dir / "web"


def slug_for_url(url: str, salt: str = "") -> str:
    """A readable, stable file name: the URL's last ASCII path words, then a hash of the URL."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    tail = unicodedata.normalize("NFKD", unquote(parts[-1]) if parts else "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", re.sub(r"\.[a-z0-9]{2,5}$", "", tail.lower())).strip("-")[:40].strip("-")
    digest = hashlib.sha256((salt + url).encode("utf-8")).hexdigest()[:8]
    return f"{words}-{digest}" if len(words) >= 3 else f"web-{digest}"


def page_article(url: str, event_hooks: dict | None = None) -> tuple[Extracted, str]:
    """Fetch `url` and extract its story; also the final URL after redirects.
    `event_hooks` see every hop (a followed feed's items: web/guard.py)."""
    response = fetch(url, event_hooks=event_hooks)
    if response.content_type not in HTML_TYPES:
        raise WebError(f"{url}: not a web page ({response.content_type}); give an article's page URL")
    return extract(decode_body(response), response.url), response.url


def save_article(workspace: Workspace, extracted: Extracted, slug: str) -> Path:
    """Write the clean document where the pipeline reads it (atomically; an unchanged story
    keeps the same bytes, so its episode stays up to date)."""
    folder = web_dir(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.html"
    if not (path.exists() and path.read_text(encoding="utf-8") == extracted.html):
        atomic_write_text(path, extracted.html, workspace.tmp_dir)
    return path


def fetch_page(url: str, workspace: Workspace,
               known_slug: Callable[[str, str], str | None] = lambda url, title: None) -> SavedPage:
    """`narrator build URL`: the page's story saved as an article file, named by canonical URL,
    or by `known_slug(canonical URL, title)` when the story already has a file (a followed
    item's)."""
    extracted, _ = page_article(url)
    slug = known_slug(extracted.canonical_url, extracted.title) or slug_for_url(extracted.canonical_url)
    path = save_article(workspace, extracted, slug)
    return SavedPage(path=path, url=url, canonical_url=extracted.canonical_url, title=extracted.title)
