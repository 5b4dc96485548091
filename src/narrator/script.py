"""STAGE 2: Article + front end -> Script, the exact text each voice call receives."""

from __future__ import annotations

from dataclasses import dataclass

from narrator.frontend.profile import Pause


@dataclass(frozen=True, slots=True)
class Chunk:
    """One call to the voice."""

    text: str
    """Exactly what the voice receives."""
    pause: Pause
    """The pause after this chunk."""
    sentence: str
    """The source sentence as written (transcript cue text)."""
    sentence_id: int
    """Running number of the source sentence in the episode; chunks of one sentence share it."""
    kind: str = "body"
    """"title", "heading" or "body"."""


@dataclass(frozen=True, slots=True)
class ScriptChapter:
    title: str
    """Heading exactly as written (ID3 CHAP TIT2)."""
    chunks: tuple[Chunk, ...]
    """Heading chunk(s) first (for the first chapter: the episode title/subtitle), then the body."""


@dataclass(frozen=True, slots=True)
class Script:
    title: str
    chapters: tuple[ScriptChapter, ...]
    profile: str
    """Name of the TextProfile the text was rendered for."""
