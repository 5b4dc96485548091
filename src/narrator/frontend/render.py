"""Final per-voice rendering: the front end's last step, on diacritised text.

Pausal forms, the wasl vowels, the voice's alphabet and punctuation, then the voice's own
spelling step (`TextProfile.spelling`, declared by its backend: espeak-ng's quirks live in
narrator.voices.espeak.spelling, not here). Nothing outside the profile's alphabet ever
reaches the voice. Content is spelled out first (digits said one by one as a last resort),
so the final filter only drops what carries no sound: punctuation, marks, and scripts the
voice cannot read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from narrator.frontend.chunk import split_for_voice
from narrator.frontend.latin import spell_digits
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.profile import Pause, TextProfile
from narrator.frontend.waqf import pausal
from narrator.frontend.wasl import wasl
from narrator.frontend.wordlists import PACKAGE, WordLists


def drop_punctuation(text: str) -> str:
    """Punctuation and symbols become spaces (the pipeline makes the pauses)."""
    return "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)


def keep_alphabet(text: str, alphabet: frozenset[str] | None) -> str:
    """Outside the alphabet, a mark disappears (it belongs to its letter) and any other
    character becomes a space (so words never merge); control characters always go."""
    if alphabet is None:
        return "".join(c if c.isprintable() else " " for c in text)
    return "".join(
        c if c in alphabet else "" if unicodedata.category(c).startswith("M") else " "
        for c in text
    )


def finish(text: str, profile: TextProfile) -> str:
    """Text after the word and diacritisation stages -> the front end's finished text for
    this voice, before the voice's own spelling."""
    if profile.pausal:  # first: it needs the punctuation and the case marks
        text = pausal(text)
    if profile.diacritise:  # needs the pause marks too: where an utterance starts
        text = wasl(text)
    if not profile.diacritise:
        text = strip_marks(text)
    if not profile.punctuation:
        text = drop_punctuation(text)
    if profile.alphabet is not None and not any(d in profile.alphabet for d in "0123456789"):
        text = spell_digits(text)
    text = keep_alphabet(text, profile.alphabet)
    return " ".join(text.split())


def render(text: str, profile: TextProfile) -> str:
    """Text after the word and diacritisation stages -> text for this voice."""
    text = finish(text, profile)
    return profile.spelling.spell(text) if profile.spelling else text


_CUT_MARKS = frozenset("،,;؛:.!?؟…")


def voice_chunks(
    text: str, profile: TextProfile, names: frozenset[str] = frozenset(),
    lists: WordLists = PACKAGE,
) -> list[tuple[str, Pause | None]]:
    """Text after diacritisation -> the voice's chunks (see chunk.split_for_voice).

    The sentence is cut while its punctuation is still there, also for a voice that
    receives none, so the cuts can fall at commas; then each chunk is finished: its end
    is a pause too (pausal form), and the punctuation goes if the voice wants none.

    The cut is made on the text as the voice gets it (so lengths are true), but a chunk's
    pausal end is made on its words before the voice's last spelling step (Spelling.finish),
    which is then redone: that step need not be reversible (espeak's رَسْمِيٌّ mid-sentence
    is رَسْمِيْيُنْ, at a pause رَسْمِيْيْ). Finishing never lengthens a chunk, so each
    stays within max_chars."""
    alphabet = None if profile.alphabet is None else profile.alphabet | _CUT_MARKS
    spelling = profile.spelling
    unspelled = finish(text, replace(profile, punctuation=True, alphabet=alphabet))
    if spelling is not None:
        unspelled = spelling.respell(unspelled)
    spelled = spelling.finish(unspelled) if spelling is not None else unspelled
    source_words, spelled_words = unspelled.split(), spelled.split()
    aligned = len(source_words) == len(spelled_words)  # a spelling adds or removes no space
    chunks, at = [], 0
    for piece, pause in split_for_voice(spelled, profile.max_chars, names, lists):
        words = piece.split()
        whole = aligned and words == spelled_words[at : at + len(words)]
        if profile.pausal:
            finished = pausal(" ".join(source_words[at : at + len(words)])) if whole else ""
            if whole and spelling is not None:
                finished = spelling.finish(finished)
            # A piece cut inside an over-long word has no source words of its own.
            if not (whole and len(finished) <= len(piece)):
                finished = pausal(piece)
            piece = finished if len(finished) <= len(piece) else piece
        aligned = whole
        at += len(words)
        if not profile.punctuation:
            piece = " ".join(keep_alphabet(drop_punctuation(piece), profile.alphabet).split())
        if piece:
            chunks.append((piece, pause))
    if chunks and chunks[-1][1] is not None:  # the last piece was punctuation only
        chunks[-1] = (chunks[-1][0], None)
    return chunks
