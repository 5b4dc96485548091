"""Content-addressed store of synthesised chunks (FLAC), shared by every episode of a workspace.

A key is sha256(voice cache identity, exact text sent): a chunk is synthesised once,
whatever episode or rebuild asks for it again. Entries are written to a temporary file
in the same folder and renamed into place, so concurrent builds or a killed one never
leave a half-written entry; an entry that is damaged anyway is noticed on read,
deleted and reported as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import numpy as np
import soundfile as sf

from narrator.errors import AudioError
from narrator.workspace import atomic_path

SUFFIX = ".flac"
KEY_VERSION = "narrator-cache-1"  # bump when the stored format changes


class SynthesisCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(identity: str, text: str) -> str:
        payload = "\0".join((KEY_VERSION, identity, text)).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> Path | None:
        """The entry's path when it is there and readable; a damaged entry is removed (a miss)."""
        found = self.lookup(key)
        return found[0] if found else None

    def lookup(self, key: str) -> tuple[Path, int] | None:
        """(path, length in samples) of a readable entry; a damaged entry is removed (a miss)."""
        path = self.path(key)
        if not path.is_file():
            return None
        frames = 0
        try:
            with sf.SoundFile(str(path)) as fh:
                frames = fh.frames
                ok = frames > 0 and fh.channels == 1
                if ok:
                    # Decode the tail too: a truncated FLAC keeps a valid header.
                    fh.seek(max(frames - 1024, 0))
                    ok = len(fh.read(dtype="int16")) == min(1024, frames)
        except (sf.LibsndfileError, RuntimeError, OSError, ValueError):
            ok = False
        if not ok:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return None
        return path, frames

    def put(self, key: str, samples: np.ndarray, sample_rate: int) -> Path:
        """Store mono float32 samples as 16-bit FLAC; returns the entry's path."""
        samples = np.asarray(samples, dtype=np.float32)
        if samples.ndim != 1 or samples.size == 0:
            raise AudioError(f"cache entry {key[:12]}: expected non-empty mono audio, got shape {samples.shape}")
        path = self.path(key)
        try:
            # Temp file beside the entry (same folder), fsync'd and renamed into place.
            with atomic_path(path) as tmp:
                sf.write(str(tmp), np.clip(samples, -1.0, 1.0), sample_rate, format="FLAC", subtype="PCM_16")
        except OSError as exc:
            raise AudioError(f"cannot write cache entry {path}: {exc.strerror or exc}") from None
        return path

    @staticmethod
    def load(path: Path) -> tuple[np.ndarray, int]:
        try:
            samples, rate = sf.read(str(path), dtype="float32", always_2d=False)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise AudioError(f"cannot read cache entry {path}: {exc}") from None
        return samples, rate

    def _entries(self) -> list[Path]:
        return list(self.directory.glob(f"??/*{SUFFIX}")) if self.directory.is_dir() else []

    def info(self) -> tuple[int, int]:
        """(number of entries, bytes they use)."""
        entries = self._entries()
        return len(entries), sum(p.stat().st_size for p in entries)

    def clear(self) -> int:
        """Remove every entry (and leftover temporary files); returns how many entries went."""
        removed = 0
        for path in self._entries():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        if self.directory.is_dir():
            for tmp in self.directory.glob("??/.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
        return removed
