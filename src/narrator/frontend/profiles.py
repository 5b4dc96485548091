"""The text profiles narrator's voices declare."""

from __future__ import annotations

from narrator.frontend.profile import TextProfile

ARABIC_LETTERS = frozenset(chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)])
"""The 36 letters ء..غ and ف..ي: no tatweel, no marks."""

ESPEAK_AR = TextProfile(
    name="espeak-ar",
    diacritise=True,
    alphabet=None,
    punctuation=True,
    # espeak-ng has no length limit; 400 keeps a chunk under ~30 s, so a cache entry or a
    # failed call costs little and clause pauses come from espeak's own punctuation.
    max_chars=400,
    latin="keep",
    shadda_first=True,
    pausal=True,
    split_nisba=True,
)
"""espeak-ng: diacritised text, shadda before the vowel, pausal forms before its pauses,
nisba ya written out, punctuation for its pauses."""

BARE_AR = TextProfile(
    name="bare-ar",
    diacritise=False,
    alphabet=ARABIC_LETTERS | {" "},
    punctuation=False,
    # VITS models (MMS) degrade and slow down on long inputs; ~200 chars is 10-15 s of speech.
    max_chars=200,
    latin="arabic",
)
"""MMS-style models: bare Arabic letters and spaces only; the pipeline makes the pauses."""
