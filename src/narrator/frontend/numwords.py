"""Arabic number words (Modern Standard Arabic): cardinals and ordinals with agreement.

Pure functions, no text scanning (that is the numbers/ package). Hand-written because no package
offers gender and case together (see shared/notes/arabic-speech.md): num2words has neither,
pyarabic needs the caller to choose and misspells اثنتي.

Conventions:
- `gender` is the gender of the COUNTED NOUN (arabic.Gender, or its value "m"/"f"), not of
  the numeral's form: so cardinal(3, "m") is ثلاثة (ثلاثة أيام) and cardinal(3, "f") is
  ثلاث (ثلاث دول).
- `case` is an arabic.Case or its value: "nom", "acc" or "gen" (a Case is equal to its
  value, so tables keyed by either agree).
- `construct` is the form before a counted noun (إضافة): مئتا عملية, ألفا دولار, and 3..10
  without tanween (ثَلَاثَةُ أَيَّامٍ).
- Hundreds are spelled مئة (not مائة), joined to their unit: ثلاثمئة … تسعمئة.
- Groups of thousands are masculine (ألف is): ثلاثة آلاف، أحد عشر ألفا، مئة ألف.
- marks=True gives the words FULLY VOWELLED, case endings and tanween included
  (وَأَلْفَا امْرَأَةٍ, ثَلَاثَةٌ وَعِشْرُونَ), so that no diacritiser has to guess them;
  marks=False (the default) gives the bare letters of the same words. The words are built
  vowelled and stripped, so both forms always agree letter for letter. Shadda is written
  right after its consonant, before the vowel (the order espeak-ng needs).
"""

from __future__ import annotations

import re

from narrator.errors import TextError
from narrator.frontend.arabic import (
    ACC, DAMMA, FATHA, FEM, GEN, KASRA, MASC, NOM, SHADDA, SUKUN, SUN_LETTERS, Case, Gender,
    strip_marks)

GENDERS = tuple(Gender)
CASES = tuple(Case)
MAX_CARDINAL = 10**15 - 1

_VOWEL: dict[str, str] = {NOM: DAMMA, ACC: FATHA, GEN: KASRA}
_TANWEEN: dict[str, str] = {NOM: "\u064c", ACC: "\u064b", GEN: "\u064d"}
_SUN = SUN_LETTERS

_DIGIT_NAMES = ("صِفْر", "وَاحِد", "اثْنَان", "ثَلَاثَة", "أَرْبَعَة", "خَمْسَة", "سِتَّة", "سَبْعَة",
                "ثَمَانِيَة", "تِسْعَة")

# 1, 3..10: (form before a masculine noun, form before a feminine noun) — reversed polarity.
# Written without their case ending, which depends on the sentence.
_UNITS = {
    1: ("وَاحِد", "وَاحِدَة"),
    3: ("ثَلَاثَة", "ثَلَاث"),
    4: ("أَرْبَعَة", "أَرْبَع"),
    5: ("خَمْسَة", "خَمْس"),
    6: ("سِتَّة", "سِتّ"),
    7: ("سَبْعَة", "سَبْع"),
    8: ("ثَمَانِيَة", "ثَمَانِي"),
    9: ("تِسْعَة", "تِسْع"),
    10: ("عَشَرَة", "عَشْر"),
}
_TEN_STEMS = {2: "عِشْر", 3: "ثَلَاث", 4: "أَرْبَع", 5: "خَمْس", 6: "سِتّ", 7: "سَبْع", 8: "ثَمَان",
              9: "تِسْع"}
# 300..900 are one word: the unit (which takes the case) + مئة (always genitive).
_HUNDRED_STEMS = {3: "ثَلَاث", 4: "أَرْبَع", 5: "خَمْس", 6: "سِتّ", 7: "سَبْع", 8: "ثَمَانِ",
                  9: "تِسْع"}


class _Scale:
    """A scale noun: singular stem, plural stem after 3..10, and whether that plural is a
    diptote (مَلَايِينَ: no tanween, fatha for the genitive)."""

    def __init__(self, value: int, single: str, plural: str, diptote: bool = False):
        self.value, self.single, self.plural, self.diptote = value, single, plural, diptote


_SCALES = (
    _Scale(10**12, "تِرِيلْيُون", "تِرِيلْيُونَات"),
    _Scale(10**9, "مِلْيَار", "مِلْيَارَات"),
    _Scale(10**6, "مِلْيُون", "مَلَايِين", diptote=True),
    _Scale(10**3, "أَلْف", "آلَاف"),
)

# Ordinal stems (masculine); the feminine adds ة, except أول -> أُولَى.
_ORD_M = {1: "أَوَّل", 2: "ثَانِي", 3: "ثَالِث", 4: "رَابِع", 5: "خَامِس", 6: "سَادِس", 7: "سَابِع",
          8: "ثَامِن", 9: "تَاسِع", 10: "عَاشِر"}


def strip(text: str) -> str:
    """The bare letters of vowelled number words."""
    return strip_marks(text)


def _check(gender: str, case: str) -> None:
    if gender not in GENDERS:
        raise TextError(f"number gender must be 'm' or 'f', not {gender!r}")
    if case not in CASES:
        raise TextError(f"number case must be one of nom/acc/gen, not {case!r}")


def _oblique(case: str) -> bool:
    return case != NOM


def inflect(stem: str, case: str, construct: bool = False, diptote: bool = False) -> str:
    """A declinable noun/numeral stem with its case ending: tanween when indefinite and
    alone (ثَلَاثَةٌ، أَلْفًا), a short vowel in construct (ثَلَاثَةُ أَيَّامٍ، أَلْفَ دُولَارٍ).
    A diptote takes no tanween and fatha for the genitive (مَلَايِينَ)."""
    if diptote:
        if construct and case == GEN:
            return stem + KASRA
        return stem + _VOWEL[ACC if case == GEN else case]
    if construct:
        return stem + _VOWEL[case]
    if case == ACC and not stem.endswith("ة"):
        return stem + _TANWEEN[ACC] + "ا"
    return stem + _TANWEEN[case]


def _dual(stem: str, case: str, construct: bool) -> str:
    """مِئَتَانِ/مِئَتَيْنِ; the construct drops the ن (مِئَتَا عَمَلِيَّةٍ، أَلْفَيْ دُولَارٍ)."""
    if _oblique(case):
        return stem + FATHA + "ي" + SUKUN + ("" if construct else "ن" + KASRA)
    return stem + FATHA + "ا" + ("" if construct else "ن" + KASRA)


def _tens_word(tens: int, case: str) -> str:
    stem = _TEN_STEMS[tens]
    return stem + (KASRA + "ين" if _oblique(case) else DAMMA + "ون") + FATHA


def _unit(n: int, fem: bool, case: str, construct: bool) -> str:
    """1, 3..10 with their case ending. ثماني (before a feminine noun) is written with its ي
    in every case, as newsreaders say it; only the accusative shows a vowel on it."""
    stem = _UNITS[n][fem]
    if n == 8 and fem:
        if case != ACC:
            return stem
        return stem + (FATHA if construct else _TANWEEN[ACC] + "ا")
    return inflect(stem, case, construct)


def _below_100(n: int, gender: str, case: str, construct: bool = False) -> str:
    fem = gender == FEM
    if n == 2:
        return _dual("اثْنَت" if fem else "اثْن", case, False)
    if n <= 10:
        return _unit(n, fem, case, construct and n != 1)
    if n == 11:
        return "إِحْدَى عَشْرَةَ" if fem else "أَحَدَ عَشَرَ"
    if n == 12:
        first = _dual("اثْنَت" if fem else "اثْن", case, True)
        return f"{first} {'عَشْرَةَ' if fem else 'عَشَرَ'}"
    if n < 20:
        return f"{_UNITS[n - 10][fem]}{FATHA} {'عَشْرَةَ' if fem else 'عَشَرَ'}"
    unit, tens = n % 10, n // 10
    if unit == 0:
        return _tens_word(tens, case)
    if unit == 1:
        first = "إِحْدَى" if fem else inflect("وَاحِد", case)
    elif unit == 8 and fem and case != ACC:
        # The units of 58 are not in construct with the noun (the tens are between): 8 is
        # a defective noun there, ثمانٍ in the nominative and genitive (برصيد ثمانٍ وخمسين
        # نقطة); ثماني stays before its own noun (ثماني سنوات) and in 18.
        first = "ثَمَانٍ"
    else:
        first = _below_100(unit, gender, case)
    return f"{first} وَ{_tens_word(tens, case)}"


def _hundreds(h: int, case: str, construct: bool) -> str:
    if h == 1:
        return inflect("مِئَة", case, construct)
    if h == 2:
        return _dual("مِئَت", case, construct)
    unit = _HUNDRED_STEMS[h] + ("" if h == 8 else _VOWEL[case])
    return unit + "مِئَة" + (KASRA if construct else _TANWEEN[GEN])


def _below_1000(n: int, gender: str, case: str, construct: bool = False) -> str:
    h, rest = divmod(n, 100)
    parts = []
    if h:
        parts.append(_hundreds(h, case, construct and rest == 0))
    if rest:
        parts.append(_below_100(rest, gender, case, construct))
    return " وَ".join(parts)


def _scale_group(g: int, scale: _Scale, case: str, construct: bool) -> str:
    """g (1..999) times one scale word, with the counted-noun rules applied to the scale."""
    if g == 1:
        return inflect(scale.single, case, construct)
    if g == 2:
        return _dual(scale.single, case, construct)
    if g <= 10:  # ثَلَاثَةُ آلَافٍ: the plural is genitive (in construct before a noun)
        plural = inflect(scale.plural, GEN, construct, scale.diptote)
        return f"{_below_100(g, MASC, case, construct=True)} {plural}"
    if g <= 99:  # أَحَدَ عَشَرَ أَلْفًا; before a noun أَلْفَ دُولَارٍ (no tanween)
        return f"{_below_100(g, MASC, case)} {inflect(scale.single, ACC, construct)}"
    h, rest = divmod(g, 100)
    if rest == 0:
        head = _below_1000(g, MASC, case, construct=True)
        return f"{head} {inflect(scale.single, GEN, construct)}"
    if rest <= 2:
        # 101000 is مئة ألف وألف: one or two of the scale are counted by the noun itself
        # (ألف، ألفان), so the hundreds keep their own scale word.
        head = _scale_group(g - rest, scale, case, construct=False)
        return f"{head} وَ{_scale_group(rest, scale, case, construct)}"
    # مئة وخمسة وعشرون ألفا: the scale word follows the last component.
    return f"{_hundreds(h, case, False)} وَ{_scale_group(rest, scale, case, construct)}"


def _cardinal(n: int, gender: str, case: str, construct: bool) -> str:
    _check(gender, case)
    if n < 0:
        return "سَالِب " + _cardinal(-n, gender, case, construct)
    if n == 0:
        return inflect("صِفْر", case, construct)
    if n > MAX_CARDINAL:
        raise TextError(f"number too large to read as a cardinal: {n}")
    parts: list[str] = []
    rest = n
    for scale in _SCALES:
        g, rest = divmod(rest, scale.value)
        if g:
            parts.append(_scale_group(g, scale, case, construct and rest == 0))
    if rest:
        parts.append(_below_1000(rest, gender, case, construct))
    return " وَ".join(parts)


def cardinal(n: int, gender: str = MASC, case: str = NOM, construct: bool = False,
             marks: bool = False) -> str:
    """The cardinal number n in words, agreeing with a counted noun of `gender` in `case`;
    fully vowelled with marks=True."""
    words = _cardinal(n, gender, case, construct)
    return words if marks else strip(words)


def definite(word: str) -> str:
    """One vowelled word with the article: the sun letter doubled (الثَّالِثُ), the lam
    silent before a moon letter (الْخَامِسُ), tanween turned into the plain vowel."""
    word = re.sub("\u064b\u0627?$", FATHA, word)
    if word.endswith("ن\u064d"):  # ثَمَانٍ, a defective noun: its ي comes back (الثَّمَانِي)
        word = word[:-1] + KASRA + "ي"
    word = word.replace("\u064c", DAMMA).replace("\u064d", KASRA)
    if word.startswith("ا"):  # hamzat al-wasl (اثنان): the lam takes a kasra
        return "ال" + KASRA + word
    if word[:1] in _SUN:
        return "ال" + word[0] + SHADDA + word[1:]
    return "ال" + SUKUN + word


def with_article(words: str) -> str:
    """Add the article to a cardinal reading: خمسة وعشرون -> الخمسة والعشرون (bare or
    vowelled words alike)."""
    vowelled = words != strip(words)
    out = []
    for i, word in enumerate(words.split(" ")):
        core = strip(word)
        if core.startswith("و") and core not in ("واحد", "واحدة"):
            rest = word[2:] if word[1:2] == FATHA else word[1:]
            conj = word[: len(word) - len(rest)]
            out.append(conj + (definite(rest) if vowelled else "ال" + rest))
        elif i == 0:
            out.append(definite(word) if vowelled else "ال" + word)
        else:
            out.append(word)
    return " ".join(out)


def _ord_unit(n: int, fem: bool, in_compound: bool) -> str:
    if n == 1:
        if in_compound:
            return "حَادِيَة" if fem else "حَادِي"
        return "أُولَى" if fem else "أَوَّل"
    return _ORD_M[n] + (FATHA + "ة" if fem else "")


def _ord_inflect(stem: str, case: str, definite_: bool) -> str:
    """Case ending of an ordinal adjective; ثاني/حادي (defective) show only the accusative,
    أولى none."""
    if stem.endswith("ى"):
        return stem
    if stem.endswith("ي"):
        return stem + (FATHA if case == ACC else "")
    return stem + _VOWEL[case] if definite_ else inflect(stem, case)


def _ordinal(n: int, gender: str, definite_: bool, case: str) -> str:
    _check(gender, case)
    if n < 1:
        raise TextError(f"no ordinal for {n}")
    art = definite if definite_ else (lambda w: w)
    fem = gender == FEM
    if n <= 10:
        return art(_ord_inflect(_ord_unit(n, fem, False), case, definite_))
    if n < 20:  # built on fatha, both parts: الْحَادِيَ عَشَرَ، الثَّالِثَةَ عَشْرَةَ
        return f"{art(_ord_unit(n - 10, fem, True) + FATHA)} {'عَشْرَةَ' if fem else 'عَشَرَ'}"
    if n < 100:
        unit, tens = n % 10, n // 10
        tens_word = art(_tens_word(tens, case))
        if unit == 0:
            return tens_word
        return f"{art(_ord_inflect(_ord_unit(unit, fem, True), case, definite_))} وَ{tens_word}"
    rest = n % 100
    whole = with_article(_cardinal(n - rest, gender, GEN if rest else case, False))
    if not rest:
        return whole if definite_ else _cardinal(n, gender, case, False)
    if rest == 1:  # الحادي بعد المئة, not الأول بعد المئة
        return f"{art(_ord_inflect(_ord_unit(1, fem, True), case, definite_))} بَعْدَ {whole}"
    return f"{_ordinal(rest, gender, definite_, case)} بَعْدَ {whole}"


def ordinal(n: int, gender: str = MASC, definite: bool = True, case: str = GEN,
            marks: bool = False) -> str:
    """The ordinal adjective for n agreeing with a noun of `gender`: الثالثة والستين.

    Only the tens (والعشرون/والعشرين) show case in plain letters. The default is the oblique
    form because ordinals after a noun (في المرتبة، القرن) are nearly always genitive or
    accusative in news prose. marks=True: fully vowelled.
    """
    words = _ordinal(n, gender, definite, case)
    return words if marks else strip(words)


def digits(s: str, marks: bool = False) -> str:
    """Read a string of ASCII digits one by one (phone numbers, codes)."""
    words = " ".join(_DIGIT_NAMES[int(c)] for c in s if c.isdigit())
    return words if marks else strip(words)
