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


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Spelling:
    """A voice's own spelling of the front end's finished text (diacritised, pausal forms,
    within its alphabet): the respellings its engine needs to read that text right. In two
    steps, because a sentence is cut into chunks between them and each chunk's end is then
    made pausal too: `respell` must leave every case ending where the pausal step finds it,
    `finish` may not (espeak's written-out nisba ya). Neither adds or removes a space, so a
    chunk's words can be found in the sentence."""

    name: str
    respell: Callable[[str], str]
    """Made on the whole sentence, before it is cut (the cut is made on spelled text, so
    chunk lengths are what the voice receives)."""
    finish: Callable[[str], str] = _unchanged
    """Made last: on the sentence, and again on a chunk whose end was made pausal."""

    def spell(self, text: str) -> str:
        return self.finish(self.respell(text))


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
    spelling: Spelling | None = None
    """The voice's own spelling step, declared by its backend (espeak-ng's quirks:
    narrator.voices.espeak.spelling): made last, on the front end's finished text, so the
    front end knows no engine's quirks. None: the voice reads the front end's text as it is."""
