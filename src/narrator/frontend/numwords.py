"""Arabic number words (Modern Standard Arabic): cardinals and ordinals with agreement.

Pure functions, no text scanning (that is numbers.py). Hand-written because no package
offers gender and case together (see shared/notes/arabic-speech.md): num2words has neither,
pyarabic needs the caller to choose and misspells اثنتي.

Conventions:
- `gender` is the gender of the COUNTED NOUN ("m"/"f"), not of the numeral's form: so
  cardinal(3, "m") is ثلاثة (ثلاثة أيام) and cardinal(3, "f") is ثلاث (ثلاث دول).
- `case` is "nom", "acc" or "gen". Letters are written without harakat, so only the
  forms whose letters change are distinguished: اثنان/اثنين, اثنا عشر/اثني عشر,
  عشرون/عشرين, مئتان/مئتين, ألفان/ألفين. "acc" and "gen" share those forms.
- `construct` is the form before a counted noun (إضافة): مئتا عملية, ألفا دولار.
- Hundreds are spelled مئة (not مائة), joined to their unit: ثلاثمئة … تسعمئة.
- Groups of thousands are masculine (ألف is): ثلاثة آلاف، أحد عشر ألفا، مئة ألف.
"""

from __future__ import annotations

from narrator.errors import TextError

GENDERS = ("m", "f")
CASES = ("nom", "acc", "gen")
MAX_CARDINAL = 10**15 - 1

_DIGIT_NAMES = ("صفر", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة")

# 3..10: (form before a masculine noun, form before a feminine noun) — reversed polarity.
_UNITS = {
    1: ("واحد", "واحدة"),
    3: ("ثلاثة", "ثلاث"),
    4: ("أربعة", "أربع"),
    5: ("خمسة", "خمس"),
    6: ("ستة", "ست"),
    7: ("سبعة", "سبع"),
    8: ("ثمانية", "ثماني"),
    9: ("تسعة", "تسع"),
    10: ("عشرة", "عشر"),
}
_TEN_STEMS = {2: "عشر", 3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}
_HUNDRED_STEMS = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}

# (value, singular, dual nom, dual acc/gen, plural, accusative singular for 11..99)
_SCALES = (
    (10**12, "تريليون", "تريليونان", "تريليونين", "تريليونات", "تريليونا"),
    (10**9, "مليار", "ملياران", "مليارين", "مليارات", "مليارا"),
    (10**6, "مليون", "مليونان", "مليونين", "ملايين", "مليونا"),
    (10**3, "ألف", "ألفان", "ألفين", "آلاف", "ألفا"),
)

_ORD_M = {1: "أول", 2: "ثاني", 3: "ثالث", 4: "رابع", 5: "خامس", 6: "سادس", 7: "سابع",
          8: "ثامن", 9: "تاسع", 10: "عاشر"}


def _check(gender: str, case: str) -> None:
    if gender not in GENDERS:
        raise TextError(f"number gender must be 'm' or 'f', not {gender!r}")
    if case not in CASES:
        raise TextError(f"number case must be one of nom/acc/gen, not {case!r}")


def _oblique(case: str) -> bool:
    return case != "nom"


def _dual(nom: str, obl: str, case: str, construct: bool) -> str:
    word = obl if _oblique(case) else nom
    return word[:-1] if construct else word  # the construct drops the final ن


def _tens_word(tens: int, case: str) -> str:
    return _TEN_STEMS[tens] + ("ين" if _oblique(case) else "ون")


def _below_100(n: int, gender: str, case: str) -> str:
    fem = gender == "f"
    if n == 2:
        return _dual("اثنتان" if fem else "اثنان", "اثنتين" if fem else "اثنين", case, False)
    if n <= 10:
        return _UNITS[n][fem]
    if n == 11:
        return "إحدى عشرة" if fem else "أحد عشر"
    if n == 12:
        first = ("اثنتي" if fem else "اثني") if _oblique(case) else ("اثنتا" if fem else "اثنا")
        return f"{first} {'عشرة' if fem else 'عشر'}"
    if n < 20:
        return f"{_UNITS[n - 10][fem]} {'عشرة' if fem else 'عشر'}"
    unit, tens = n % 10, n // 10
    if unit == 0:
        return _tens_word(tens, case)
    first = ("إحدى" if fem else "واحد") if unit == 1 else _below_100(unit, gender, case)
    return f"{first} و{_tens_word(tens, case)}"


def _hundreds(h: int, case: str, construct: bool) -> str:
    if h == 1:
        return "مئة"
    if h == 2:
        return _dual("مئتان", "مئتين", case, construct)
    return _HUNDRED_STEMS[h] + "مئة"


def _below_1000(n: int, gender: str, case: str, construct: bool = False) -> str:
    h, rest = divmod(n, 100)
    parts = []
    if h:
        parts.append(_hundreds(h, case, construct and rest == 0))
    if rest:
        parts.append(_below_100(rest, gender, case))
    return " و".join(parts)


def _scale_group(g: int, scale: tuple, case: str, construct: bool) -> str:
    """g (1..999) times one scale word, with the counted-noun rules applied to the scale."""
    _, single, dual_nom, dual_obl, plural, tamyiz = scale
    if g == 1:
        return single
    if g == 2:
        return _dual(dual_nom, dual_obl, case, construct)
    if g <= 10:
        return f"{_below_100(g, 'm', case)} {plural}"
    if g <= 99:
        return f"{_below_100(g, 'm', case)} {tamyiz}"
    h, rest = divmod(g, 100)
    if rest == 0:
        return f"{_below_1000(g, 'm', case, construct=True)} {single}"
    if rest <= 2:
        # 101000 is مئة ألف وألف: one or two of the scale are counted by the noun itself
        # (ألف، ألفان), so the hundreds keep their own scale word.
        head = _scale_group(g - rest, scale, case, construct=False)
        return f"{head} و{_scale_group(rest, scale, case, construct)}"
    # مئة وخمسة وعشرون ألفا: the scale word follows the last component.
    return f"{_hundreds(h, case, False)} و{_scale_group(rest, scale, case, construct)}"


def cardinal(n: int, gender: str = "m", case: str = "nom", construct: bool = False) -> str:
    """The cardinal number n in words, agreeing with a counted noun of `gender` in `case`."""
    _check(gender, case)
    if n < 0:
        return "سالب " + cardinal(-n, gender, case, construct)
    if n == 0:
        return "صفر"
    if n > MAX_CARDINAL:
        raise TextError(f"number too large to read as a cardinal: {n}")
    parts: list[str] = []
    rest = n
    for scale in _SCALES:
        g, rest = divmod(rest, scale[0])
        if g:
            parts.append(_scale_group(g, scale, case, construct and rest == 0))
    if rest:
        parts.append(_below_1000(rest, gender, case, construct))
    return " و".join(parts)


def with_article(words: str) -> str:
    """Add the article to a cardinal reading: خمسة وعشرون -> الخمسة والعشرون."""
    out = []
    for i, word in enumerate(words.split(" ")):
        if word.startswith("و") and word not in ("واحد", "واحدة"):
            out.append("وال" + word[1:])
        elif i == 0:
            out.append("ال" + word)
        else:
            out.append(word)
    return " ".join(out)


def _ord_unit(n: int, fem: bool, in_compound: bool) -> str:
    if n == 1:
        if in_compound:
            return "حادية" if fem else "حادي"
        return "أولى" if fem else "أول"
    return _ORD_M[n] + ("ة" if fem else "")


def ordinal(n: int, gender: str = "m", definite: bool = True, case: str = "gen") -> str:
    """The ordinal adjective for n agreeing with a noun of `gender`: الثالثة والستين.

    Only the tens (والعشرون/والعشرين) show case in plain letters. The default is the oblique
    form because ordinals after a noun (في المرتبة، القرن) are nearly always genitive or
    accusative in news prose.
    """
    _check(gender, case)
    if n < 1:
        raise TextError(f"no ordinal for {n}")
    al = "ال" if definite else ""
    fem = gender == "f"
    if n <= 10:
        return al + _ord_unit(n, fem, False)
    if n < 20:
        return f"{al}{_ord_unit(n - 10, fem, True)} {'عشرة' if fem else 'عشر'}"
    if n < 100:
        unit, tens = n % 10, n // 10
        tens_word = al + _tens_word(tens, case)
        if unit == 0:
            return tens_word
        return f"{al}{_ord_unit(unit, fem, True)} و{tens_word}"
    rest = n % 100
    whole = with_article(cardinal(n - rest, gender, "gen" if rest else case))
    if not rest:
        return whole if definite else cardinal(n, gender, case)
    if rest == 1:  # الحادي بعد المئة, not الأول بعد المئة
        return f"{al}{_ord_unit(1, fem, True)} بعد {whole}"
    return f"{ordinal(rest, gender, definite, case)} بعد {whole}"


def digits(s: str) -> str:
    """Read a string of ASCII digits one by one (phone numbers, codes)."""
    return " ".join(_DIGIT_NAMES[int(c)] for c in s if c.isdigit())
