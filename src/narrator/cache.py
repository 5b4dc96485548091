"""Content-addressed store of synthesised chunks (FLAC), shared by every episode of a workspace.

A key is sha256(voice cache identity, exact text sent): a chunk is synthesised once,
whatever episode or rebuild asks for it again. An entry is `<key[:2]>/<key>.<sum>.flac`,
where <sum> starts the SHA-256 of the file's bytes: reading an entry checks its bytes
against its name (cheap: no decode) and its FLAC header against what the caller expects
(mono, 16-bit, the voice's sample rate). An entry that fails (cut short, corrupted in
the middle, another rate, a folder in its place) is deleted and reported as a miss, so
it is synthesised again instead of failing every later build.

Entries are written to a temporary file in the same folder and renamed into place, so
concurrent builds or a killed one never leave a half-written entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from pathlib import Path
from typing import Protocol

import numpy as np
import soundfile as sf

from narrator.errors import AudioError
from narrator.workspace import atomic_path

SUFFIX = ".flac"
KEY_VERSION = "narrator-cache-1"  # bump when the stored audio changes meaning
SUM_CHARS = 16
"""Hex characters of the file's SHA-256 kept in its name: 64 bits, plenty to catch damage."""


class ChunkCache(Protocol):
    """What synthesis needs of a cache: this folder cache, or the bucket's (cache_s3.py)."""

    def key(self, identity: str, text: str) -> str: ...

    def lookup(self, key: str, sample_rate: int | None = None) -> tuple[Path, int] | None: ...

    def put(self, key: str, samples: np.ndarray, sample_rate: int) -> Path: ...


class SynthesisCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(identity: str, text: str) -> str:
        payload = "\0".join((KEY_VERSION, identity, text)).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()

    def _shard(self, key: str) -> Path:
        return self.directory / key[:2]

    def lookup(self, key: str, sample_rate: int | None = None) -> tuple[Path, int] | None:
        """(path, length in samples) of a sound entry; a damaged one is removed (a miss)."""
        for path in self._candidates(key):
            found = _verified(path, key, sample_rate)
            if found is not None:
                return found
            _discard(path)
        return None

    def _candidates(self, key: str) -> list[Path]:
        shard = self._shard(key)
        if not shard.is_dir():
            if shard.exists() or shard.is_symlink():
                _discard(shard)  # a file where the folder belongs: nothing in it to keep
            return []
        try:
            names = [e.name for e in os.scandir(shard) if e.name.startswith(key + ".") and e.name.endswith(SUFFIX)]
        except OSError:
            return []
        return [shard / name for name in sorted(names)]

    def put(self, key: str, samples: np.ndarray, sample_rate: int) -> Path:
        """Store mono float32 samples as 16-bit FLAC; returns the entry's path."""
        name, data = encode_entry(key, samples, sample_rate)
        return self.store(name, data)

    def store(self, name: str, data: bytes) -> Path:
        """Write an entry's bytes under its name (`<key[:2]>/<key>.<sum>.flac`, from encode_entry)."""
        path = self.directory / name
        shard = path.parent
        try:
            if shard.exists() and not shard.is_dir():
                _discard(shard)
            if path.is_dir() and not path.is_symlink():
                _discard(path)
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        except OSError as exc:
            raise AudioError(f"cannot write cache entry {path}: {exc.strerror or exc}") from None
        return path

    def _entries(self) -> list[Path]:
        return list(self.directory.glob(f"??/*{SUFFIX}")) if self.directory.is_dir() else []

    def info(self) -> tuple[int, int]:
        """(number of entries, bytes they use)."""
        entries = [p for p in self._entries() if p.is_file()]
        return len(entries), sum(p.stat().st_size for p in entries)

    def clear(self) -> int:
        """Remove every entry (and leftover temporary files); returns how many entries went."""
        removed = 0
        for path in self._entries():
            if _discard(path):
                removed += 1
        if self.directory.is_dir():
            for tmp in self.directory.glob("??/.*.tmp"):
                _discard(tmp)
        return removed


def _verified(path: Path, key: str, sample_rate: int | None) -> tuple[Path, int] | None:
    """(path, samples) if the entry at `path` is sound, else None."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _entry_header(data, sample_rate)
    if header is None:
        return None
    frames, md5 = header
    stem = path.name[: -len(SUFFIX)]
    if stem == key:  # written before entries carried a checksum: check it by decoding, once
        return _adopt_legacy(path, key, data, md5, frames)
    return (path, frames) if entry_sum(data) == stem[len(key) + 1:] else None


def encode_entry(key: str, samples: np.ndarray, sample_rate: int) -> tuple[str, bytes]:
    """(name, bytes) of the entry for mono float32 `samples`: 16-bit FLAC, named
    `<key[:2]>/<key>.<sum>.flac`. The one encoding every cache backend stores."""
    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim != 1 or samples.size == 0:
        raise AudioError(f"cache entry {key[:12]}: expected non-empty mono audio, got shape {samples.shape}")
    # Encoded in memory (a chunk is seconds of audio), written with Python's own I/O:
    # a full disk then says "No space left on device", not libsndfile's "System error".
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1.0, 1.0), sample_rate, format="FLAC", subtype="PCM_16")
    data = buffer.getvalue()
    return f"{key[:2]}/{key}.{entry_sum(data)}{SUFFIX}", data


def entry_sum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:SUM_CHARS]


def verify_entry(data: bytes, name: str, key: str, sample_rate: int | None) -> int | None:
    """Samples in the entry `name` (`<key[:2]>/<key>.<sum>.flac`) with bytes `data`, or None
    when they do not match its name or the header is not what the cache stores."""
    header = _entry_header(data, sample_rate)
    if header is None or name != f"{key[:2]}/{key}.{entry_sum(data)}{SUFFIX}":
        return None
    return header[0]


def _entry_header(data: bytes, sample_rate: int | None) -> tuple[int, bytes] | None:
    """(samples, MD5 of the PCM) when the FLAC header is what the cache stores (mono, 16-bit,
    not empty, at `sample_rate` if given), else None."""
    header = _streaminfo(data)
    if header is None:
        return None
    rate, channels, bits, frames, md5 = header
    if channels != 1 or bits != 16 or frames == 0 or (sample_rate and rate != sample_rate):
        return None
    return frames, md5


def _streaminfo(data: bytes) -> tuple[int, int, int, int, bytes] | None:
    """(sample rate, channels, bits per sample, total samples, MD5 of the PCM) from a FLAC header."""
    if len(data) < 42 or data[:4] != b"fLaC" or data[4] & 0x7F != 0 or int.from_bytes(data[5:8], "big") != 34:
        return None
    info = data[8:42]
    rate = int.from_bytes(info[10:13], "big") >> 4
    channels = ((info[12] >> 1) & 0x07) + 1
    bits = (((info[12] & 0x01) << 4) | (info[13] >> 4)) + 1
    frames = int.from_bytes(info[13:18], "big") & ((1 << 36) - 1)
    return rate, channels, bits, frames, info[18:34]


def _adopt_legacy(path: Path, key: str, data: bytes, md5: bytes, frames: int) -> tuple[Path, int] | None:
    """A checksum-less entry whose decoded audio matches the MD5 in its own FLAC header is
    renamed to carry its checksum; anything else is damaged."""
    try:
        pcm, _ = sf.read(io.BytesIO(data), dtype="int16", always_2d=False)
    except (sf.LibsndfileError, RuntimeError, ValueError):
        return None
    if md5 == bytes(16) or len(pcm) != frames or hashlib.md5(pcm.astype("<i2").tobytes()).digest() != md5:
        return None
    target = path.with_name(f"{key}.{entry_sum(data)}{SUFFIX}")
    try:
        os.replace(path, target)
    except OSError:
        # Another build renamed it first, or the cache is read-only here: use what is there.
        for found in (target, path):
            if found.is_file():
                return found, frames
        return None
    return target, frames


def _discard(path: Path) -> bool:
    """Remove a file, link or folder; True if something went."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            return not path.exists()
        path.unlink()
        return True
    return False
