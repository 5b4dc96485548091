"""Arabic script groundwork shared by the front end: letter and mark classes, the sun
letters, vowel constants, `bare()`, the clitic analysis of a word (variants, drop_conj, split_suffix), and the grammatical
`Case` and `Gender` of the number rules.

The character classes are strings for regex brackets (`[{LETTERS}{MARKS}]`); which marks a
stage strips is part of its job, so the classes are named by what they hold:
- HARAKAT: tanween, the short vowels, shadda and sukun (U+064B..U+0652);
- MARKS: HARAKAT and the dagger alif (U+0670), what a diacritiser writes;
- MARKS_WIDE: MARKS and the maddah/hamza above/below (U+0653..U+0655), which stay on a
  letter in vowelled text;
- TATWEEL: the kashida, a drawing stroke with no sound.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

FATHA, DAMMA, KASRA, SUKUN, SHADDA = "\u064e", "\u064f", "\u0650", "\u0652", "\u0651"
FATHATAN, DAMMATAN, KASRATAN = "\u064b", "\u064c", "\u064d"
DAGGER_ALIF = "\u0670"
TATWEEL = "\u0640"

LETTERS = "\u0621-\u064a"
"""The Arabic letters of the basic block (tatweel U+0640 included, as in \\u0621-\\u064a)."""
LETTERS_ONLY = "\u0621-\u063a\u0641-\u064a"
"""The letters without tatweel and the five non-letters between U+063B and U+0640."""
HARAKAT = "\u064b-\u0652"
MARKS = HARAKAT + DAGGER_ALIF
MARKS_WIDE = "\u064b-\u0655" + DAGGER_ALIF

SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")

_MARKS_RE = re.compile(f"[{MARKS}]")
_MARKS_TATWEEL_RE = re.compile(f"[{MARKS}{TATWEEL}]")
_MARKS_WIDE_RE = re.compile(f"[{MARKS_WIDE}]")


def bare(word: str) -> str:
    """The word without harakat, dagger alif and tatweel: the form word lists compare."""
    return _MARKS_TATWEEL_RE.sub("", word)


def strip_marks(text: str) -> str:
    """Text without harakat and dagger alif; a tatweel stays (it is written, not a mark)."""
    return _MARKS_RE.sub("", text)


def clusters(word: str, wide: bool = True) -> list[list[str]]:
    """[letter, its marks] pairs, marks in the order written; a mark before any letter is a
    letter of its own. Marks are MARKS_WIDE (hamza and madda marks too), or with wide=False
    only MARKS (harakat and dagger alif: what a diacritiser writes)."""
    marks = _MARKS_WIDE_RE if wide else _MARKS_RE
    out: list[list[str]] = []
    for c in word:
        if out and marks.match(c):
            out[-1][1] += c
        else:
            out.append([c, ""])
    return out


def join_clusters(pairs: list[list[str]]) -> str:
    return "".join(letter + marks for letter, marks in pairs)


class Case(StrEnum):
    """The case of a noun or numeral; str-valued so "nom" == Case.NOM in tables and TSVs."""

    NOM = "nom"
    ACC = "acc"
    GEN = "gen"


class Gender(StrEnum):
    """The gender of a counted noun (the numeral 3..10 takes the other one)."""

    M = "m"
    F = "f"


NOM, ACC, GEN = Case.NOM, Case.ACC, Case.GEN
MASC, FEM = Gender.M, Gender.F


# --- clitics --------------------------------------------------------------------------------

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
CLITIC_VOWEL = {"و": FATHA, "ف": FATHA, "ب": KASRA, "ك": FATHA, "ل": KASRA}
"""The vowel each one-letter proclitic is said with (وَ فَ بِ كَ لِ)."""
PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه")
"""Longest first; no word ends in two of them, so the first that matches is the one."""
POSSESSIVE_SUFFIXES = ("هما", "هم", "ها", "ه")
"""The third-person ones (دورته، قيمتها، عددهم)."""
ATTACHED_PRONOUNS = (*PRONOUN_SUFFIXES, "كما", "كن", "ني", "ي", "ك")
"""Every attached pronoun, the first and second persons' too (for a stem look-up, which
tries each: too ambiguous to split a word on, as ي and ك end many stems)."""


@lru_cache(maxsize=16384)
def variants(word: str) -> tuple[str, ...]:
    """The forms a word list is looked up in: the word, then without a glued و/ف, then
    without a glued ب/ك/ل (لل -> ال). Cached: the rules look a word up in many lists."""
    out = [word]
    if word[:1] in CONJUNCTIONS and len(word) > 2:  # وفي، ومن: the bare governor
        word = word[1:]
        out.append(word)
    if word.startswith("لل") and len(word) > 3:
        out.append("ال" + word[2:])
    elif word[:1] in PREPOSITIONS and len(word) > 3:
        out.append(word[1:])
    return tuple(out)


def drop_conj(word: str, longer_than: int = 3) -> str:
    """The word without a glued و/ف when the word is longer than `longer_than` letters
    (each rule keeps its own bound: وقت and فقد are words, not و + قت)."""
    if len(word) > longer_than and word[:1] in CONJUNCTIONS:
        return word[1:]
    return word


def split_suffix(word: str, suffixes: tuple[str, ...] = PRONOUN_SUFFIXES) -> tuple[str, str]:
    """(stem, suffix) for a word ending in one of `suffixes` (longest first), else (word, "")."""
    for s in suffixes:
        if word.endswith(s):
            return word[:-len(s)], s
    return word, ""


def vowel_clitics(clitics: str) -> str:
    """One-letter proclitics with their vowels: وب -> وَبِ."""
    return "".join(c + CLITIC_VOWEL[c] for c in clitics)
