"""What the episode stage produces, and what the catalog and feed read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ChapterMark:
    title: str
    """Heading exactly as written."""
    start: float
    """Seconds; where the heading's speech starts in the final audio (0.0 for the first)."""
    end: float


@dataclass(frozen=True, slots=True)
class Cue:
    """One transcript cue: one source sentence as written."""

    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Episode:
    slug: str
    """Stable name of the article (file stem, made URL-safe)."""
    title: str
    mp3_path: Path
    """audio/<slug>-<hash>.mp3; a new name whenever the audio changes."""
    chapters_path: Path
    """feed/<mp3 stem>.chapters.json"""
    transcript_path: Path
    """feed/<mp3 stem>.vtt"""
    duration: float
    """Seconds, of the MP3 as written."""
    size: int
    """Bytes of the MP3 as written."""
    chapters: tuple[ChapterMark, ...]
    cues: tuple[Cue, ...]
    content_hash: str
    """Hash of everything that decides the audio and tags; part of the file name."""
    loudness: float
    """Integrated loudness of the MP3 input after correction, LUFS (as measured)."""
    true_peak: float
    """dBTP after correction (as measured)."""
