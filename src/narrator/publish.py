"""Copy the podcast to where apps fetch it: a static-site folder or an S3-compatible bucket.

What goes up is the workspace's audio/ and feed/ layout (the feed rendered again for the
target's base URL). Only files whose content changed are sent (compared by hash: SHA-256
against the folder's file, MD5 against the bucket's ETag). The order keeps every feed an app
can read whole: audio and side files first, then feed.xml and index.html, and deletions of
files nothing refers to any more last.

The target keeps a manifest (MANIFEST, written last) of what narrator put there: only those
files are ever deleted, so a jingle or another show's feed beside ours stays. It also holds
each file's hash with the size and mtime it was taken at, so an unchanged MP3 is not read
again; hashes that are needed are taken in blocks, never of a whole file in memory. The
workspace is only read: publishing works from a read-only copy.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import re
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Final, Iterator

from narrator.config import Show
from narrator.publish_target import MANIFEST, Item, PublishError, Target, s3_base_url, split_s3
from narrator.workspace import Workspace, atomic_path, atomic_write_bytes

log = logging.getLogger(__name__)


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
PAGE_KEY: Final = "feed/index.html"
"""The show's page: the feed's channel <link> unless podcast.toml names a site."""
MANIFEST_VERSION: Final = 1
BLOCK: Final = 1 << 20
"""Bytes read at a time when hashing or copying: memory stays flat whatever the MP3's size."""
STALE_TMP_S: Final = 3600
"""Without a lock (a filesystem that has none), only temp files this old are taken for leftovers."""
_KEY: Final = re.compile(r"(audio|feed|feed/play)/[^/\\\x00]+")


@dataclass(frozen=True, slots=True)
class PublishResult:
    target: str
    base_url: str
    uploaded: tuple[str, ...]
    unchanged: int
    deleted: tuple[str, ...]
    bytes_sent: int
    foreign: tuple[str, ...] = ()
    """Files under audio/ and feed/ that narrator did not publish: left alone."""

    def line(self) -> str:
        left = ""
        if self.foreign:
            names = ", ".join(self.foreign[:3]) + (", ..." if len(self.foreign) > 3 else "")
            files = "file" if len(self.foreign) == 1 else "files"
            left = f", {len(self.foreign)} foreign {files} left alone ({names})"
        return (f"published to {self.target}: {len(self.uploaded)} uploaded ({self.bytes_sent:,} bytes), "
                f"{self.unchanged} unchanged, {len(self.deleted)} deleted{left}; feed {self.base_url}feed/feed.xml")


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _cache(key: str) -> str:
    if key in _LAST:
        return SHORT
    return IMMUTABLE if key.startswith("audio/") or key.endswith((".vtt", ".json")) else COVER


def plan(workspace: Workspace, show: Show, base_url: str) -> list[Item]:
    """Every file the podcast needs at the target, in upload order; the feed and page are
    rendered for `base_url` (the workspace's own feed.xml names the workspace's URL).
    Reads the workspace only (catalog opened read-only)."""
    from narrator.catalog import episodes
    from narrator.feed import render_feed
    from narrator.feed.page import render_page
    from narrator.feed.player import player_pages

    records = [_with_real_size(workspace, r) for r in episodes(workspace)]
    artwork = _artwork(workspace, show)
    items = [Item(f"audio/{r.mp3}", None, workspace.audio_dir / r.mp3, "audio/mpeg", IMMUTABLE) for r in records]
    side = sorted({n for r in records for n in (r.chapters_file, r.transcript_file, r.image_file) if n})
    items += [Item(f"feed/{n}", None, workspace.feed_dir / n, _content_type(n), _cache(f"feed/{n}")) for n in side]
    items.append(artwork)
    # The channel <link> is the show's web site: its page, unless podcast.toml names another.
    # The target's root has nothing of ours (and may hold someone else's index.html).
    shown = replace(show, base_url=base_url, link=show.link or base_url + PAGE_KEY)
    art_name = artwork.key.split("/", 1)[1]
    # The players after the audio they play, before the feed and page; relative paths, so one
    # render fits any base URL.
    items += [Item(f"feed/{rel}", page.encode("utf-8"), None, CONTENT_TYPES[".html"], SHORT)
              for rel, page in sorted(player_pages(workspace, shown, records).items())]
    items.append(Item("feed/feed.xml", render_feed(shown, records, base_url, art_name), None, CONTENT_TYPES[".xml"], SHORT))
    items.append(Item(PAGE_KEY, render_page(shown, records).encode("utf-8"), None, CONTENT_TYPES[".html"], SHORT))
    return items


def _artwork(workspace: Workspace, show: Show) -> Item:
    """The cover as the build leaves it in feed/; a read-only workspace that lacks the
    generated default gets the same image made in memory."""
    from narrator.feed.artwork import DEFAULT_NAME, default_cover, ensure_artwork

    try:
        path = ensure_artwork(workspace, show)  # writes only when feed/ lacks it or it changed
    except OSError as exc:
        if show.artwork:
            raise PublishError(f"{workspace.feed_dir}: cannot copy the cover '{show.artwork}' in: "
                               f"{exc.strerror or exc}") from None
        return Item(f"feed/{DEFAULT_NAME}", default_cover(show.title), None, CONTENT_TYPES[".png"], COVER)
    return Item(f"feed/{path.name}", None, path, _content_type(path.name), COVER)


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

        dest: Target = S3Target(target, endpoint_url)
    else:
        dest = DirTarget(_outside(workspace, Path(target).expanduser()))
    base = _base(base_url or getattr(dest, "base_url", None) or show.base_url or "http://localhost:8000/")
    # Under the workspace lock: a build finishing meanwhile must not delete a file being sent.
    with _build_lock(workspace):
        return _send(dest, plan(workspace, show, base), base)


def _outside(workspace: Workspace, root: Path) -> Path:
    """A target in the workspace would publish over its own audio/ and feed/ (and the feed
    rendered for the target's URL would replace the local one): refused."""
    ws = workspace.root.resolve()
    real = root.resolve()
    if real == ws or real.is_relative_to(ws):
        raise PublishError(f"{root}: is inside the workspace {ws}; publish to a folder outside it")
    return root


@contextlib.contextmanager
def _build_lock(workspace: Workspace) -> Iterator[None]:
    """The lock builds take (narrator.workspace.workspace_lock), taken without writing: a
    read-only descriptor can hold it, and a workspace no one can write has no build to wait for."""
    path = workspace.state_dir / "publish.lock"
    fh: BinaryIO
    try:
        fh = open(path, "a+b")
    except OSError:
        try:
            fh = open(path, "rb")
        except OSError:
            yield
            return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _send(dest: "Target", items: list[Item], base: str) -> PublishResult:
    with dest.session():
        now = dest.listing()
        old = _load_manifest(dest)
        planned = {i.key for i in items}
        if planned - old.keys():
            # Claimed before anything is written: a publish killed halfway still knows these
            # files as its own next time (their entries have no digest, so they are checked).
            dest.write_manifest(_manifest({**old, **{k: {} for k in planned - old.keys()}}))
        entries, uploaded, sent, unchanged = {}, [], 0, 0
        for item in items:  # audio, side files, then feed.xml and index.html: plan's order
            entry = old.get(item.key, {})
            digest, stat = _local_digest(dest, item, entry)
            stamp = now.get(item.key)
            if stamp is not None and _remote_digest(dest, item.key, stamp, entry) == digest:
                unchanged += 1
            else:
                stamp = dest.put(item, digest)
                uploaded.append(item.key)
                sent += stat[0] if stat else len(item.data or b"")
            entries[item.key] = {"digest": digest, "size": stat and stat[0], "mtime_ns": stat and stat[1],
                                 "stamp": stamp}
        # Only files narrator published go; only now, when the feed naming them is replaced.
        deleted = tuple(sorted(k for k in old if k not in planned and k in now))
        for key in deleted:
            dest.delete(key)
        dest.write_manifest(_manifest(entries))
    foreign = tuple(sorted(k for k in now if k not in planned and k not in old))
    return PublishResult(dest.label, base, tuple(uploaded), unchanged, deleted, sent, foreign)


def _local_digest(dest: "Target", item: Item, entry: dict) -> tuple[str, tuple[int, int] | None]:
    """The digest of what `item` sends, and its source's (size, mtime_ns): a workspace
    file whose size and mtime the manifest recorded is not read again."""
    try:
        stat = item.source_stat()
        if stat and entry.get("digest") and (entry.get("size"), entry.get("mtime_ns")) == stat:
            return entry["digest"], stat
        with item.open() as fh:
            return dest.digest(fh), stat
    except OSError as exc:
        raise PublishError(f"{item.path}: cannot read: {exc.strerror or exc}") from None


def _remote_digest(dest: "Target", key: str, stamp: str, entry: dict) -> str:
    if entry.get("digest") and entry.get("stamp") == stamp:
        return entry["digest"]  # the target's file is as narrator left it
    return dest.remote_digest(key, stamp)


def _manifest(entries: dict[str, dict]) -> bytes:
    body = {"narrator_publish": MANIFEST_VERSION, "files": dict(sorted(entries.items()))}
    return json.dumps(body, indent=0, ensure_ascii=False).encode("utf-8")


def _load_manifest(dest: "Target") -> dict[str, dict]:
    """What narrator published at `dest` before; nothing (every file there foreign, so none is
    deleted) when there is no manifest or it is not one narrator wrote."""
    data = dest.read_manifest()
    if data is None:
        return {}
    try:
        body = json.loads(data)
        files = body["files"] if body.get("narrator_publish") == MANIFEST_VERSION else {}
    except (ValueError, TypeError, KeyError, AttributeError):
        files = None
    if not isinstance(files, dict):
        log.warning("%s: %s is not narrator's manifest; every file there is left alone", dest.label, MANIFEST)
        return {}
    return {k: v if isinstance(v, dict) else {} for k, v in files.items() if isinstance(k, str) and _KEY.fullmatch(k)}


def _base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class DirTarget:
    """A folder a web server serves (audio/ and feed/ under it); files replaced atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self.tmp = root / ".tmp"
        try:
            for sub in ("audio", "feed", ".tmp"):
                (root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"{root}: cannot create the target folder: {exc.strerror or exc}") from None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """One publish at a time per folder; the temp files a killed one left are removed
        (all of them under the lock: no other publish is writing there)."""
        lock = self.tmp / "publish.lock"
        try:
            fh = open(lock, "a+b")
        except OSError as exc:
            raise PublishError(f"{lock}: cannot open: {exc.strerror or exc}") from None
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                older_than = 0.0
            except BlockingIOError:
                raise PublishError(f"{self.root}: another publish to this folder is running") from None
            except OSError:  # a filesystem without locks: only leftovers too old to be a live publish's
                older_than = STALE_TMP_S
            self._sweep(lock, older_than)
            yield

    def _sweep(self, lock: Path, older_than: float) -> None:
        now = time.time()
        for entry in self.tmp.iterdir():
            with contextlib.suppress(OSError):
                if entry != lock and entry.is_file() and now - entry.stat().st_mtime >= older_than:
                    entry.unlink()

    def listing(self) -> dict[str, str]:
        found = {}
        for sub in ("audio", "feed"):
            for path in sorted((self.root / sub).rglob("*")):  # feed/play/ holds the player pages
                if path.is_file():
                    found[path.relative_to(self.root).as_posix()] = self._stamp(path)
        return found

    @staticmethod
    def _stamp(path: Path) -> str:
        st = path.stat()
        return f"{st.st_size}:{st.st_mtime_ns}"

    def digest(self, fh: BinaryIO) -> str:
        return hashlib.file_digest(fh, "sha256").hexdigest()  # type: ignore[arg-type]  # any binary stream

    def remote_digest(self, key: str, stamp: str) -> str:
        try:
            with open(self.root / key, "rb") as fh:
                return self.digest(fh)
        except OSError:
            return ""  # unreadable or gone: sent again

    def put(self, item: Item, digest: str) -> str:
        target = self.root / item.key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)  # feed/play/
            with atomic_path(target, tmp_dir=self.tmp) as tmp, item.open() as src, open(tmp, "wb") as out:
                shutil.copyfileobj(src, out, BLOCK)
            return self._stamp(target)
        except OSError as exc:
            raise PublishError(f"{target}: cannot write: {exc.strerror or exc}") from None

    def delete(self, key: str) -> None:
        try:
            with contextlib.suppress(FileNotFoundError):
                (self.root / key).unlink()
        except OSError as exc:
            raise PublishError(f"{self.root / key}: cannot delete: {exc.strerror or exc}") from None

    def read_manifest(self) -> bytes | None:
        try:
            return (self.root / MANIFEST).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PublishError(f"{self.root / MANIFEST}: cannot read: {exc.strerror or exc}") from None

    def write_manifest(self, data: bytes) -> None:
        try:
            atomic_write_bytes(self.root / MANIFEST, data, tmp_dir=self.tmp)
        except OSError as exc:
            raise PublishError(f"{self.root / MANIFEST}: cannot write: {exc.strerror or exc}") from None


__all__ = ["PublishError", "PublishResult", "publish_to", "plan", "s3_base_url", "split_s3"]
