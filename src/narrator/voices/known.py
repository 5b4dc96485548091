"""The voices narrator knows how to fetch, and where fetched voices live.

Each file is pinned by URL (an immutable revision), size and a digest: sha256, or the md5
that the voice's publisher lists (Piper's voices.json publishes size_bytes + md5_digest for
every file of piper-voices v1.0.0). A file with no pinned digest is never installed silently: `narrator voices download` refuses it
unless the user asks for an unverified download (--unverified), and says so.

The user data folder: $NARRATOR_VOICES_DIR, else $XDG_DATA_HOME/narrator/voices, else
~/.local/share/narrator/voices.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class KnownFile:
    name: str
    """File name inside the voices folder."""
    url: str
    size: int | None
    """Bytes; None when not pinned (then only the hash can tell a good file)."""
    sha256: str | None
    """Hex digest; None when not pinned in this list yet."""
    md5: str | None = None
    """Hex digest as the publisher lists it, when no sha256 is pinned."""

    @property
    def pinned(self) -> bool:
        return bool(self.sha256 or self.md5)


@dataclass(frozen=True, slots=True)
class KnownVoice:
    name: str
    """What `narrator voices download NAME` takes."""
    voice_id: str
    """The id a build uses once it is installed."""
    description: str
    licence: str
    files: tuple[KnownFile, ...]

    @property
    def pinned(self) -> bool:
        return all(f.pinned for f in self.files)


_PIPER = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/ar/ar_JO/kareem"
_KAREEM_LICENCE = "see its MODEL_CARD in rhasspy/piper-voices (not checked offline); check it before commercial use"


def _piper_voice(quality: str, description: str, onnx: tuple[int, str], config: tuple[int, str]) -> KnownVoice:
    """A Kareem voice; (size, md5) of each file as piper-voices' own voices.json lists them."""
    name = f"ar_JO-kareem-{quality}"
    return KnownVoice(
        name=name,
        voice_id=f"piper:{name}",
        description=description,
        licence=_KAREEM_LICENCE,
        files=(
            KnownFile(f"{name}.onnx", f"{_PIPER}/{quality}/{name}.onnx", onnx[0], None, onnx[1]),
            KnownFile(f"{name}.onnx.json", f"{_PIPER}/{quality}/{name}.onnx.json", config[0], None, config[1]),
        ),
    )


KNOWN: dict[str, KnownVoice] = {
    v.name: v
    for v in (
        _piper_voice("low", "Piper Jordanian Arabic, male, 16 kHz (about 63 MB)",
                     (63_201_294, "d335cd06fe4045a7ee9d8fb0712afaa9"), (5_022, "465724f7d2d5f2ff061b53acb8e7f7cc")),
        _piper_voice("medium", "Piper Jordanian Arabic, male, 22 kHz (about 63 MB)",
                     (63_201_294, "c0697df8a7fb180079cc5ac523f91a8e"), (5_024, "dd70b31eb5a395907241b1e5367ace3a")),
    )
}


def voices_dir() -> Path:
    """Where downloaded voices live (see the module docstring)."""
    if folder := os.environ.get("NARRATOR_VOICES_DIR"):
        return Path(folder).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser() / "narrator" / "voices"


def is_installed(voice: KnownVoice, folder: Path | None = None) -> bool:
    """Every file present (and of the pinned size): cheap, no hashing."""
    folder = folder or voices_dir()
    for f in voice.files:
        path = folder / f.name
        if not path.is_file() or (f.size is not None and path.stat().st_size != f.size):
            return False
    return True
