"""What a `narrator publish` target is: the Target protocol a folder (publish.DirTarget) and a
bucket (publish_s3.S3Target) implement, the items sent to it, its error, and S3 naming.
Below both publish.py and publish_s3.py, so neither imports the other's module for them."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Protocol
from urllib.parse import quote, urlsplit

from narrator.errors import NarratorError


class PublishError(NarratorError):
    """The target could not be written (refused, unreachable, misnamed); what was published stays."""


MANIFEST: Final = ".narrator-publish.json"
"""At the target's root: what narrator published there (key -> digest, source size/mtime, stamp)."""


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    """Path relative to the target root: audio/x.mp3, feed/feed.xml..."""
    data: bytes | None
    path: Path | None
    content_type: str
    cache_control: str

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None  # an item is either rendered bytes or a workspace file
        return open(self.path, "rb")

    def source_stat(self) -> tuple[int, int] | None:
        """(size, mtime_ns) of the workspace file; None for content rendered now."""
        if self.path is None:
            return None
        st = self.path.stat()
        return st.st_size, st.st_mtime_ns


class Target(Protocol):
    label: str

    def session(self) -> contextlib.AbstractContextManager[None]:
        """Held for the whole publish (a folder: its lock, and its stale temp files swept)."""

    def listing(self) -> dict[str, str]:
        """Key -> stamp of what is under audio/ and feed/ now, cheaply (no content read):
        a folder's size and mtime, a bucket's ETag."""

    def digest(self, fh: BinaryIO) -> str:
        """The target's content hash of a stream, read in blocks."""

    def remote_digest(self, key: str, stamp: str) -> str:
        """The content hash of what is at `key` now."""

    def put(self, item: Item, digest: str) -> str:
        """Upload `item` (whose digest() is `digest`); returns its new stamp."""

    def delete(self, key: str) -> None: ...
    def read_manifest(self) -> bytes | None: ...
    def write_manifest(self, data: bytes) -> None: ...


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
