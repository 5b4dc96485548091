"""What text a voice wants: declared by the voice, produced by the front end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Literal

ARABIC_LETTERS = frozenset(chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)])
"""The 36 letters ء..غ and ف..ي: no tatweel, no marks (an alphabet a voice's profile may build on)."""


class Pause(str, Enum):
    """The pause that follows a chunk; the episode stage maps each to milliseconds."""

    CLAUSE = "clause"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    """After a spoken heading or the episode title."""
    CHAPTER = "chapter"
    """At the end of a chapter, before the next heading."""


@dataclass(frozen=True, slots=True)
class TextProfile:
    """The text a voice can pronounce well."""

    name: str
    diacritise: bool
    """Wants tashkeel (espeak-ng does; MMS models do not)."""
    alphabet: frozenset[str] | None
    """Every character the voice may receive; None means anything printable."""
    punctuation: bool
    """Keep punctuation in the text (the voice makes its own prosody from it)."""
    max_chars: int
    """Longest chunk the voice handles well."""
    latin: Literal["keep", "arabic"]
    """Latin words kept as written (voice switches language) or written in Arabic letters."""
    pausal: bool = False
    """Pausal forms (waqf) before every pause: no case ending or tanwin, -an -> -aa, ة -> h.
    For a voice that reads every written vowel (espeak-ng); off for one that wants full text."""
    spell: Callable[[str], str] | None = None
    """The voice's own spelling step, declared by its backend (espeak-ng's quirks:
    narrator.voices.espeak.spelling): made last, on the front end's finished text (diacritised,
    pausal forms, within the alphabet), so the front end knows no engine's quirks. It must
    add or remove no space, so a chunk's words can be found in the text before it.
    None: the voice reads the front end's text as it is."""
