"""How a newsreader ends a word before a pause (waqf).

Pausal forms: the last word before a pause drops its case ending. A fully vowelled
text otherwise makes espeak-ng voice every final vowel and tanwin, which listeners
(and a speech recogniser) find harder to follow than the raw text.

    كِتَابٌ -> كِتَابْ     كِتَابًا -> كِتَابَا     مَدْرَسَةٌ -> مَدْرَسَهْ     حَقٌّ -> حَقّ

A word ending in a long vowel (عَلَى، فِي، قَالُوا) is left alone, and so is a final
letter that carries no vowel mark at all (the diacritiser gave it none).
"""

from __future__ import annotations

import re

from narrator.frontend.arabic import (
    DAGGER_ALIF, DAMMA, DAMMATAN, FATHA, FATHATAN, KASRA, KASRATAN, LETTERS_ONLY, MARKS_WIDE, SHADDA, SUKUN,
    clusters, join_clusters,
)

_CASE_MARKS = frozenset(FATHA + DAMMA + KASRA + FATHATAN + DAMMATAN + KASRATAN)
_MARK_CHARS = MARKS_WIDE
_LETTERS = LETTERS_ONLY

PAUSE_MARKS = ".!?؟…،,;؛:"
"""Punctuation espeak-ng pauses at (and the pipeline's own chunk and sentence ends)."""
_CLOSERS = "\"'”»’)\\]}"

# An Arabic word whose next non-space, non-closing-quote character is a pause mark or the end.
_BEFORE_PAUSE = re.compile(
    rf"(?<![\w{_MARK_CHARS}])([{_LETTERS}][{_LETTERS}{_MARK_CHARS}]*)"
    rf"(?=[\s{_CLOSERS}]*(?:[{re.escape(PAUSE_MARKS)}]|$))"
)


def _with_fatha(marks: str) -> str:
    """The marks of the letter before a final alif, its vowel made a plain fatha."""
    kept = "".join(m for m in marks if m not in _CASE_MARKS and m != SUKUN)
    return kept + FATHA


def pausal_word(word: str) -> str:
    """One vowelled word -> its pausal form (see the module docstring)."""
    cl = clusters(word)
    letter, marks = cl[-1]
    if DAGGER_ALIF in marks:
        return word  # ends in a long a (عَلَىٰ)
    if letter == "ة":
        # Ta marbuta is h at a pause, whatever its vowel (its mark becomes the sukun, so
        # the word never grows: a chunk cut to fit stays within its limit).
        cl[-1] = ["ه", SUKUN if marks else ""]
    elif letter in "اى":
        # An alif carries no vowel of its own; a tanwin fath on it (نادراً) or on the
        # letter before it (كِتَابًا) becomes a plain fatha: the long a of the pausal form.
        cl[-1][1] = "".join(m for m in marks if m not in _CASE_MARKS)
        if len(cl) > 1 and (FATHATAN in marks or FATHATAN in cl[-2][1]):
            cl[-2][1] = _with_fatha(cl[-2][1])
    elif letter in "وي" and not _CASE_MARKS & set(marks):
        return word  # a long vowel, or a doubled ya without vowel (the nisba rule's job)
    else:
        kept = "".join(m for m in marks if m not in _CASE_MARKS)
        if kept == marks:
            return word  # no case ending (sukun, or no mark at all)
        # A doubled letter stays doubled without its vowel; any other letter gets a sukun.
        cl[-1][1] = kept if SHADDA in kept or SUKUN in kept else kept + SUKUN
    return join_clusters(cl)


def pausal(text: str) -> str:
    """Every Arabic word right before a pause mark or the end of `text` in pausal form."""
    return _BEFORE_PAUSE.sub(lambda m: pausal_word(m.group(1)), text)
