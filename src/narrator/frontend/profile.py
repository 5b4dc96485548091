"""What text a voice wants: declared by the voice, produced by the front end."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal


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
    shadda_first: bool = False
    """espeak-ng's spelling quirks: shadda before the short vowel (it drops the vowel
    otherwise), no shadda on a sun letter after ال, no silent alif after a plural waw."""
    pausal: bool = False
    """Pausal forms (waqf) before every pause: no case ending or tanwin, -an -> -aa, ة -> h.
    For a voice that reads every written vowel (espeak-ng); off for one that wants full text."""
    split_nisba: bool = False
    """Spell the y and w between vowels so espeak-ng says them: ِيّ as ِيْيَ (nisba, -iyya),
    a tatweel before any other ya/waw with a vowel after a short vowel (بَـيَان، دُـوَل).
    espeak-ng reads them as vowels otherwise (rasmiːt, baiaːn)."""
