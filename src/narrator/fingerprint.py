"""Cheap identities of what a build reads, for the build key: installed package versions, file
contents and file stats. The front end (narrator.frontend.fingerprint) and each voice backend
(Backend.fingerprint) describe themselves with these; the build key joins the two."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def package_version(name: str) -> str:
    """Installed version of a distribution, "" when absent (cheap: reads metadata only)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


@lru_cache(maxsize=32)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and mtime too, so an edited model file is hashed again.
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    st = Path(path).stat()
    return _file_digest(str(path), st.st_size, st.st_mtime_ns)


def files_digest(paths: list[Path]) -> str:
    """sha256 over the named files' contents (a model's weights and config)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path.name}:{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def file_digest(path: Path | None) -> str:
    """sha256 of a file's contents; "" for no file, "missing" when it cannot be read."""
    if path is None:
        return ""
    try:
        return file_sha256(path)
    except OSError:
        return "missing"


def file_stat(path: Path) -> str:
    """"size:mtime" of a file, "missing" when it is not there: cheap enough for every build key."""
    try:
        st = Path(path).stat()
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"
