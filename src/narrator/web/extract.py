"""A web page -> the story alone, as a small clean HTML document the article reader reads.

trafilatura finds the story (it was compared with readability-lxml on the test pages in
bench/WEB.md: both keep the <h2> headings, but readability speaks an ad box inside the story
and trafilatura does not). Its output keeps headings, so chapters survive; menus, share bars,
comments, related links and ads are left behind. Metadata (title, author, date) comes from
the page's own tags, and the canonical URL from <link rel="canonical">, else the final URL.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape
from typing import Final
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from narrator.web import WebError
from narrator.web.urls import is_http, public_url, same_site

log = logging.getLogger(__name__)

MIN_TEXT_CHARS: Final = 80
"""Less story than this (letters) is not an article: a paywall teaser or a JavaScript shell."""

MAX_ELEMENTS: Final = 30_000
"""More HTML elements than this (after scripts, styles and SVG are dropped) is refused: parts
of trafilatura's extraction take time quadratic in the paragraph count (libxml2's XPath
`.//p//text()` merges node sets with a duplicate check), 2 s at 20k paragraphs but 156 s at
200k. A long news article has a few thousand elements (bench/WEB.md)."""

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_JUNK = ("script", "style", "noscript", "template", "svg", "iframe", "button")


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str
    html: str
    """A complete, clean UTF-8 HTML document: <h1> title, headings, paragraphs, metadata."""
    canonical_url: str
    author: str | None = None
    date: str | None = None
    chars: int = 0
    """Letters of story text found."""


def canonical_url(root: etree._Element | None, final_url: str) -> str:
    """<link rel="canonical"> made absolute, when it is http(s) on the page's own site, else the
    final URL; either way in its published form (no #fragment, user info, tracking or secrets).

    Another site's canonical is not believed: the slug and <link> come from it, so a page on
    one host could otherwise take over another host's episode."""
    if root is not None:
        for link in root.iterfind(".//link"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href", "").strip():
                url = urljoin(final_url, link.get("href").strip())
                if is_http(url) and same_site(url, final_url):
                    return public_url(url)
                log.debug("%s: canonical %s is not on this site; not used", final_url, url)
                break
    return public_url(final_url)


def extract(page_html: str, url: str, *, title: str | None = None, date: str | None = None) -> Extracted:
    """The story in `page_html` (fetched from `url`), or WebError when there is none."""
    import trafilatura

    root = _parse(page_html, url)
    # noscript text ("please enable JavaScript") would otherwise pass for a story.
    for element in list(root.iter(*_JUNK)):
        if element.getparent() is not None:
            element.drop_tree()
    elements = sum(1 for _ in root.iter(etree.Element))
    if elements > MAX_ELEMENTS:
        raise WebError(
            f"{url}: the page has {elements:,} HTML elements, more than narrator reads ({MAX_ELEMENTS:,});"
            " save the article's text to a file and build that"
        )
    cleaned = lxml_html.tostring(root, encoding="unicode")
    body = trafilatura.extract(
        cleaned, url=url, output_format="html", favor_precision=True, include_comments=False,
        include_tables=False, include_images=False, include_links=False, deduplicate=False,
    )
    story = _parse(body, url) if body else None
    chars = len(_LETTERS.findall(story.text_content())) if story is not None else 0
    if story is None or chars < MIN_TEXT_CHARS:
        raise WebError(f"{url}: no article found on the page (paywall, or a page built by JavaScript?)")
    meta = trafilatura.extract_metadata(cleaned, default_url=url)
    first_h1 = story.find(".//h1")
    heading = " ".join(first_h1.text_content().split()) if first_h1 is not None else ""
    title = title or heading or (meta.title if meta else None) or url
    author = meta.author if meta and meta.author else None
    date = date or (meta.date if meta and meta.date else None)
    canonical = canonical_url(root, url)
    image = _image_url(meta.image if meta else None, url)  # the episode's artwork, kept for the reader
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in story.find(".//body"))
    head_h1 = "" if heading else f"<h1>{escape(title)}</h1>"
    document = (
        '<!DOCTYPE html>\n<html lang="ar"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<link rel="canonical" href="{escape(canonical)}">'
        + (f'<meta name="author" content="{escape(author)}">' if author else "")
        + (f'<meta property="article:published_time" content="{escape(date)}">' if date else "")
        + (f'<meta property="og:image" content="{escape(image)}">' if image else "")
        + f"</head>\n<body><article>{head_h1}{inner}</article></body></html>\n"
    )
    return Extracted(title=title, html=document, canonical_url=canonical, author=author, date=date, chars=chars)


def _image_url(found: str | None, url: str) -> str | None:
    """The page's og:image as an absolute http(s) URL, else None."""
    absolute = urljoin(url, found.strip()) if found and found.strip() else ""
    return absolute if is_http(absolute) else None


def _parse(text: str, url: str) -> etree._Element:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise WebError(f"{url}: not readable HTML ({exc})") from None
