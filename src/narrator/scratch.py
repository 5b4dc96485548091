"""A build's private scratch folder in the workspace's tmp/, swept as soon as its owner is gone.

The episode stage writes large temporary files (the stitched WAV, the MP3 before it is
renamed into audio/). A build killed by SIGKILL cannot delete them, and other builds of
the same workspace may be running, so age alone cannot tell a dead build's files from a
live one's. Each build therefore holds an exclusive flock on `.build-<id>.lock` while its
folder `.build-<id>/` exists; the kernel drops the lock when the process dies, however it
dies. The next build sweeps every folder whose lock it can take (its owner is dead) and
every folder without a lock file (the lock is made before the folder and removed after it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not POSIX: no sweeping, tmp/'s age rule still applies
    fcntl = None  # type: ignore[assignment]

PREFIX = ".build-"
LOCK = ".lock"
PENDING = ".pending-"
PENDING_STALE_S = 3600
"""A pending lock lives microseconds (created, locked, renamed); one this old was left by a kill."""


@contextlib.contextmanager
def scratch(tmp_dir: Path) -> Iterator[Path]:
    """Yield a new empty folder under `tmp_dir` (same filesystem: renames out of it are
    atomic), removed on exit; a dead build's folders are swept first."""
    tmp_dir = Path(tmp_dir)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    sweep(tmp_dir)
    handle = None
    if fcntl is not None:
        # Locked under a name the sweep ignores, then renamed: a lock file the sweep can
        # see is always held by a live build from its first moment.
        fd, pending = tempfile.mkstemp(prefix=PENDING, dir=tmp_dir)
        handle = os.fdopen(fd, "wb")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        name = f"{PREFIX}{os.getpid()}-{Path(pending).name[len(PENDING):]}"
        os.replace(pending, tmp_dir / f"{name}{LOCK}")
        folder = tmp_dir / name
        folder.mkdir()
    else:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=tmp_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if handle is not None:
            with contextlib.suppress(FileNotFoundError):
                (tmp_dir / f"{folder.name}{LOCK}").unlink()
            handle.close()


def sweep(tmp_dir: Path) -> int:
    """Remove the scratch folders of builds that are no longer running; returns how many went."""
    if fcntl is None or not Path(tmp_dir).is_dir():
        return 0
    removed = 0
    now = time.time()
    for entry in Path(tmp_dir).iterdir():
        name = entry.name
        with contextlib.suppress(OSError):
            if name.startswith(PREFIX) and name.endswith(LOCK):
                if _owner_gone(entry):
                    shutil.rmtree(entry.with_name(name[: -len(LOCK)]), ignore_errors=True)
                    entry.unlink()
                    removed += 1
            elif name.startswith(PREFIX) and entry.is_dir() and not entry.with_name(name + LOCK).exists():
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
            elif name.startswith(PENDING) and now - entry.stat().st_mtime > PENDING_STALE_S:
                entry.unlink()
    return removed


def _owner_gone(lock: Path) -> bool:
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True  # closing the file releases the lock we just took
