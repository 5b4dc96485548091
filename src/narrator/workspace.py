"""Where a workspace keeps things, and how files are written into it safely."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from narrator.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Workspace:
    """A folder holding audio/, feed/, optional podcast.toml and narrator's state."""

    root: Path

    @property
    def audio_dir(self) -> Path:
        return self.root / "audio"

    @property
    def feed_dir(self) -> Path:
        return self.root / "feed"

    @property
    def state_dir(self) -> Path:
        return self.root / ".narrator"

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    @property
    def tmp_dir(self) -> Path:
        """Scratch space on the same filesystem, so renames into place are atomic.

        Temporary files live here and never under audio/ or feed/, so a killed
        build leaves nothing half-written where a feed or app could see it.
        """
        return self.state_dir / "tmp"

    @property
    def catalog_path(self) -> Path:
        return self.state_dir / "catalog.sqlite"

    @property
    def config_path(self) -> Path:
        return self.root / "podcast.toml"

    @property
    def lexicon_path(self) -> Path:
        return self.root / "lexicon.tsv"

    def ensure(self) -> "Workspace":
        """Create the workspace folders; a clear error if the folder is not writable."""
        try:
            for d in (self.audio_dir, self.feed_dir, self.cache_dir, self.tmp_dir):
                d.mkdir(parents=True, exist_ok=True)
            probe = self.tmp_dir / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            _sweep(self.tmp_dir, STALE_TMP_S)
        except OSError as exc:
            raise ConfigError(f"workspace {self.root} is not writable: {exc.strerror or exc}") from None
        return self


STALE_TMP_S = 6 * 3600
"""Temp files this old were left by a killed build (a live one renames its files long before)."""


def _sweep(folder: Path, older_than: float) -> None:
    now = time.time()
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if entry.is_file() and now - entry.stat().st_mtime > older_than:
                entry.unlink()


@contextlib.contextmanager
def workspace_lock(workspace: Workspace) -> Iterator[None]:
    """Serialise catalog update + feed write across processes, so concurrent builds
    never publish a feed that misses the other's episode."""
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    with open(workspace.state_dir / "publish.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_workspace(path: str | os.PathLike | None = None) -> Workspace:
    root = Path(path or ".").expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ConfigError(f"workspace {root} is not a folder")
    return Workspace(root)


PUBLISHED_MODE = 0o644


@contextlib.contextmanager
def atomic_path(target: Path, tmp_dir: Path | None = None) -> Iterator[Path]:
    """Yield a temporary path; on success fsync it and rename it onto `target`.

    On any failure the temporary file is removed and `target` is untouched.
    """
    target = Path(target)
    tmp_dir = Path(tmp_dir) if tmp_dir else target.parent
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=tmp_dir)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # mkstemp makes 0600 files; what lands in the workspace is published (web servers read it).
        os.chmod(tmp, PUBLISHED_MODE)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    with atomic_path(target, tmp_dir) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: Path, text: str, tmp_dir: Path | None = None) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), tmp_dir)
