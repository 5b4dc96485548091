"""Copy the podcast to where apps fetch it: a static-site folder or an S3-compatible bucket.

What goes up is the workspace's audio/ and feed/ layout (the feed rendered again for the
target's base URL). Only files whose content changed are sent (compared by hash: SHA-256
against the folder's file, MD5 against the bucket's ETag). The order keeps every feed an app
can read whole: audio and side files first, then feed.xml and index.html, and deletions of
files nothing refers to any more last.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Protocol
from urllib.parse import quote, urlsplit

from narrator.catalog import Catalog
from narrator.config import Show
from narrator.errors import NarratorError
from narrator.workspace import Workspace, atomic_write_bytes

log = logging.getLogger(__name__)


class PublishError(NarratorError):
    """The target could not be written (refused, unreachable, misnamed); what was published stays."""


CONTENT_TYPES: Final = {
    ".mp3": "audio/mpeg",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
IMMUTABLE: Final = "public, max-age=31536000, immutable"
"""MP3s, chapters and transcripts get a new name whenever their content changes."""
SHORT: Final = "public, max-age=300"
"""The feed and the page change in place; apps should see a new episode within minutes."""
COVER: Final = "public, max-age=86400"
_LAST = ("feed/feed.xml", "feed/index.html")


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    """Path relative to the target root: audio/x.mp3, feed/feed.xml..."""
    data: bytes | None
    path: Path | None
    content_type: str
    cache_control: str

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()


@dataclass(frozen=True, slots=True)
class PublishResult:
    target: str
    base_url: str
    uploaded: tuple[str, ...]
    unchanged: int
    deleted: tuple[str, ...]
    bytes_sent: int

    def line(self) -> str:
        return (f"published to {self.target}: {len(self.uploaded)} uploaded ({self.bytes_sent:,} bytes), "
                f"{self.unchanged} unchanged, {len(self.deleted)} deleted; feed {self.base_url}feed/feed.xml")


class Target(Protocol):
    label: str

    def existing(self) -> dict[str, str]:
        """Key -> content hash of what is there now (under audio/ and feed/ only)."""

    def digest(self, data: bytes) -> str: ...
    def put(self, item: Item, data: bytes) -> None: ...
    def delete(self, key: str) -> None: ...


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _cache(key: str) -> str:
    if key in _LAST:
        return SHORT
    return IMMUTABLE if key.startswith("audio/") or key.endswith((".vtt", ".json")) else COVER


def plan(workspace: Workspace, show: Show, base_url: str) -> list[Item]:
    """Every file the podcast needs at the target, in upload order; the feed and page are
    rendered for `base_url` (the workspace's own feed.xml names the workspace's URL)."""
    from narrator.feed import render_feed
    from narrator.feed.artwork import ensure_artwork
    from narrator.feed.page import render_page
    from narrator.feed.player import player_pages

    workspace.ensure()
    with Catalog(workspace.catalog_path) as catalog:
        records = catalog.list()
    records = [_with_real_size(workspace, r) for r in records]
    artwork = ensure_artwork(workspace, show)
    items = [Item(f"audio/{r.mp3}", None, workspace.audio_dir / r.mp3, "audio/mpeg", IMMUTABLE) for r in records]
    side = sorted({n for r in records for n in (r.chapters_file, r.transcript_file, r.image_file) if n}
                  | {artwork.name})
    items += [Item(f"feed/{n}", None, workspace.feed_dir / n, _content_type(n), _cache(f"feed/{n}")) for n in side]
    shown = replace(show, base_url=base_url)
    # The players after the audio they play, before the feed and page; relative paths, so one
    # render fits any base URL.
    items += [Item(f"feed/{rel}", page.encode("utf-8"), None, CONTENT_TYPES[".html"], SHORT)
              for rel, page in sorted(player_pages(workspace, shown, records).items())]
    items.append(Item("feed/feed.xml", render_feed(shown, records, base_url, artwork.name), None, CONTENT_TYPES[".xml"], SHORT))
    items.append(Item("feed/index.html", render_page(shown, records).encode("utf-8"), None, CONTENT_TYPES[".html"], SHORT))
    return items


def _with_real_size(workspace: Workspace, record):
    """The enclosure length is the file's size; an episode without its MP3 stops the publish."""
    try:
        return replace(record, size=(workspace.audio_dir / record.mp3).stat().st_size)
    except FileNotFoundError:
        raise PublishError(f"audio/{record.mp3}: missing; rebuild or remove episode '{record.slug}' first") from None


def publish_to(workspace: Workspace, show: Show, target: str, base_url: str | None = None,
               endpoint_url: str | None = None) -> PublishResult:
    """Publish the workspace to `target` (a folder, or s3://bucket/prefix)."""
    if target.startswith("s3://"):
        from narrator.publish_s3 import S3Target

        dest = S3Target(target, endpoint_url)
    else:
        dest = DirTarget(Path(target).expanduser())
    base = _base(base_url or getattr(dest, "base_url", None) or show.base_url or "http://localhost:8000/")
    from narrator.pipeline import workspace_lock

    # Under the workspace lock: a build finishing meanwhile must not delete a file being sent.
    with workspace_lock(workspace):
        return _send(dest, plan(workspace, show, base), base)


def _send(dest: "Target", items: list[Item], base: str) -> PublishResult:
    before = dest.existing()
    uploaded, sent, unchanged = [], 0, 0
    for item in items:  # audio, side files, then feed.xml and index.html: plan's order
        data = item.read()
        if before.get(item.key) == dest.digest(data):
            unchanged += 1
            continue
        dest.put(item, data)
        uploaded.append(item.key)
        sent += len(data)
    wanted = {i.key for i in items}
    deleted = tuple(sorted(k for k in before if k not in wanted))
    for key in deleted:  # only now: the feed that refers to them is already replaced
        dest.delete(key)
    return PublishResult(dest.label, base, tuple(uploaded), unchanged, deleted, sent)


def _base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class DirTarget:
    """A folder a web server serves (audio/ and feed/ under it); files replaced atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        try:
            for sub in ("audio", "feed", ".tmp"):
                (root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"{root}: cannot create the target folder: {exc.strerror or exc}") from None

    def existing(self) -> dict[str, str]:
        found = {}
        for sub in ("audio", "feed"):
            for path in sorted((self.root / sub).rglob("*")):  # feed/play/ holds the player pages
                if path.is_file():
                    found[path.relative_to(self.root).as_posix()] = self.digest(path.read_bytes())
        return found

    def digest(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def put(self, item: Item, data: bytes) -> None:
        try:
            (self.root / item.key).parent.mkdir(parents=True, exist_ok=True)  # feed/play/
            atomic_write_bytes(self.root / item.key, data, tmp_dir=self.root / ".tmp")
        except OSError as exc:
            raise PublishError(f"{self.root / item.key}: cannot write: {exc.strerror or exc}") from None

    def delete(self, key: str) -> None:
        try:
            with contextlib.suppress(FileNotFoundError):
                (self.root / key).unlink()
        except OSError as exc:
            raise PublishError(f"{self.root / key}: cannot delete: {exc.strerror or exc}") from None


def s3_base_url(bucket: str, prefix: str, endpoint_url: str | None) -> str:
    """Where the bucket's objects are read: path style on a custom endpoint (MinIO, R2, B2),
    virtual-host style on AWS."""
    path = f"{quote(prefix.strip('/'))}/" if prefix.strip("/") else ""
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}/{path}"
    return f"https://{bucket}.s3.amazonaws.com/{path}"


def split_s3(target: str) -> tuple[str, str]:
    parts = urlsplit(target)
    if not parts.netloc:
        raise PublishError(f"{target}: name a bucket: s3://BUCKET/PREFIX")
    return parts.netloc, parts.path.strip("/")


__all__ = ["PublishError", "PublishResult", "publish_to", "plan", "s3_base_url", "split_s3"]
