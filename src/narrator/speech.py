"""STAGE 3: Script + voice + cache -> Speech (audio of every chunk, kept on disk)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrator.script import Chunk, Script


@dataclass(frozen=True, slots=True)
class SpokenChunk:
    chunk: Chunk
    audio_path: Path
    """FLAC file in the synthesis cache (mono, `Speech.sample_rate`)."""
    samples: int
    """Length in samples, before any trimming."""
    cached: bool
    """True when this chunk came from the cache without synthesis."""


@dataclass(frozen=True, slots=True)
class Speech:
    script: Script
    voice_id: str
    sample_rate: int
    chapters: tuple[tuple[SpokenChunk, ...], ...]
    """Parallel to script.chapters; audio stays on disk so long articles never sit in memory."""
    synthesised: int
    cached: int
