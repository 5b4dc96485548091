"""Hamzat al-wasl: the alif that is spoken only where an utterance starts.

A word such as اجْتَمَعَ، اسْتَخْدَمَ، انْطَلَقَ، الْتَقَى، ابْنٌ begins with a bare alif
before a consonant with a sukun (or a shadda: اتِّفَاق). How it sounds depends on what
comes before it:

* at the start of an utterance (the text's start, or after a pause mark) it is a glottal
  stop with a vowel, written here on the alif: kasra (اِجْتَمَعَ ʔidʒtamaʕa), damma when the
  verb's third letter has a damma (اُفْتُتِحَ ʔuftutiħa); the article is left to espeak;
* after a word that ends in a sukun, that word takes a helping vowel, so two sukuns never
  meet: kasra (قَالَتْ امْرَأَةٌ -> قَالَتِ), fatha on مِنْ before the article (مِنَ الْ),
  damma on the plural pronoun's mim (عَلَيْهِمْ -> عَلَيْهِمُ الْ);
* inside the utterance it is silent. espeak-ng voices it instead ("waːstaχdama",
  "alˌiaːqtisˤaːd", "qaːlati amraʔa"), so the espeak spelling leaves it out (drop_silent_alif in
  narrator/voices/espeak/spelling.py):
  وَاسْتَخْدَمَ -> وَسْتَخْدَمَ، الِاقْتِصَاد -> الِقْتِصَاد، قَالَتِ امْرَأَةٌ -> قَالَتِ مْرَأَةٌ.
  The article's alif mid-utterance is kept: espeak reads الْ as "al" and ال as "ʔal", which
  every other test and voice already expects.

The diacritiser usually writes the helping vowel, but not always (مِنْ الْيَدِ), and it
leaves the alif bare at an utterance start, which espeak reads "a" (adʒtamaʕa).
"""

from __future__ import annotations

import re

from narrator.frontend.arabic import (
    DAMMA, FATHA, KASRA, LETTERS_ONLY, MARKS_WIDE, SHADDA, SUKUN, SUN_LETTERS, clusters, join_clusters)
from narrator.frontend.waqf import PAUSE_MARKS

_LETTERS = LETTERS_ONLY
_MARKS = MARKS_WIDE
_WORD = re.compile(f"[{_LETTERS}][{_LETTERS}{_MARKS}]*")
_SUN = SUN_LETTERS
# The wasl nouns take a kasra even when their second consonant carries a damma (its case
# ending, اِبْنُهُ) — the damma rule is for verbs (اُكْتُبْ، اُسْتُخْدِمَ).
_KASRA_NOUNS = ("ابن", "اسم", "امر", "اثن")


def wasl_kind(cl: list[list[str]]) -> str | None:
    """"article", "verb" (a wasl word with its own vowel pattern) or None."""
    if len(cl) < 3 or cl[0] != ["ا", ""]:
        return None
    second, marks = cl[1]
    # الِاقْتِصَاد (helping kasra) and الَّذِي، الَّتِي (one doubled lam) are the article too.
    if second == "ل" and (SHADDA in marks or not set(marks) & set(FATHA + DAMMA)):
        # الْتَقَى (form VIII of a lam root): a sun letter after the sukun without the
        # shadda the article would give it.
        if SUKUN in marks and cl[2][0] in _SUN and SHADDA not in cl[2][1]:
            return "verb"
        return "article"
    if (SUKUN in marks or SHADDA in marks) and len(cl) >= 4:
        return "verb"  # a shadda: form VIII assimilated (اتِّفَاق ittifaːq, اتَّخَذَ)
    return None


def _starting_vowel(cl: list[list[str]]) -> str:
    bare = "".join(letter for letter, _ in cl)
    if DAMMA in cl[2][1] and not bare.startswith(_KASRA_NOUNS):
        return DAMMA
    return KASRA


def _helping_vowel(word: str, next_kind: str) -> str:
    """The vowel a word ending in a sukun takes before a wasl alif."""
    bare = re.sub(f"[{_MARKS}]", "", word)
    if bare in ("من", "ومن", "فمن") and next_kind == "article":
        return FATHA
    cl = clusters(word)
    if len(cl) >= 2 and cl[-1][0] == "م" and cl[-2][0] in "هكت" and set(cl[-2][1]) & set(DAMMA + KASRA):
        return DAMMA  # هُمْ، عَلَيْهِمْ، لَكُمْ، أَنْتُمْ
    return KASRA


def segments(text: str) -> list[list[str]]:
    """[gap, word] pairs: each Arabic word with the text before it (the tail's word is "")."""
    out, at = [], 0
    for m in _WORD.finditer(text):
        out.append([text[at : m.start()], m.group()])
        at = m.end()
    out.append([text[at:], ""])
    return out


def _starts_utterance(gap: str, first: bool) -> bool:
    if any(c in PAUSE_MARKS for c in gap):
        return True
    return first and not any(c.isalnum() for c in gap)


def wasl(text: str) -> str:
    """The starting vowel of a wasl alif at an utterance start, and the helping vowel on
    a word ending in a sukun before one (see the module docstring). Vowelled text in,
    vowelled text out; letters unchanged."""
    segs = segments(text)
    for i, (gap, word) in enumerate(segs):
        if not word:
            continue
        cl = clusters(word)
        kind = wasl_kind(cl)
        if kind is None:
            continue
        if _starts_utterance(gap, i == 0):
            # The article is left as it is: espeak reads الْ "al" and ال "ʔal" by itself,
            # and a mark on its alif would hide it from the espeak spelling's article rules.
            if kind == "verb":
                cl[0][1] = _starting_vowel(cl)
                segs[i][1] = join_clusters(cl)
        elif i and not gap.strip() and segs[i - 1][1].endswith(SUKUN):
            before = segs[i - 1][1]
            segs[i - 1][1] = before[:-1] + _helping_vowel(before, kind)
    return "".join(gap + word for gap, word in segs)
