"""Number strings as written (1,250.50، 2.5، 007) to fully vowelled words: the pieces every
verbaliser shares (decimals, a counted noun after a number, a glued clitic, سالب).

Strings keep their separators up to here: both conventions are read (1,250.50 and
1.250,50: with both, the last separator is the decimal point; a comma alone, or several
dots, separate thousands), and a string that is a code (a leading zero, more than 12
digits) is read digit by digit.
"""

from __future__ import annotations

from narrator.frontend.agreement import count
from narrator.frontend.arabic import FATHA, KASRA, MASC, Case, vowel_clitics
from narrator.frontend.grammar import Counted, Tables
from narrator.frontend.numwords import MAX_CARDINAL, cardinal, digits

PERCENT = " بِالْمِئَةِ"
POINT = "فَاصِلَةُ"
VERSUS = "مُقَابِلَ"
_CASE_VOWEL = {Case.NOM: "\u064f", Case.ACC: FATHA, Case.GEN: KASRA}


def as_int(s: str) -> int | None:
    """The value of an integer string that reads as a cardinal, else None.

    Bare digit strings longer than 12 digits or with a leading zero are codes or phone
    numbers (read digit by digit); with thousands separators they are amounts.
    """
    if "," in s or s.count(".") > 1:
        plain = canonical(s)
        if "." in plain:
            return None  # 1,250.50: a decimal
        value = int(plain)
        return value if value <= MAX_CARDINAL else None
    if s.isdigit() and len(s) <= 12 and not (len(s) > 1 and s[0] == "0"):
        return int(s)
    return None


def canonical(s: str) -> str:
    """Digits with at most one "." (the decimal point), from either convention: with both
    separators the last one is the decimal point (1,250.50 and 1.250,50 -> 1250.50); a
    comma alone before one or two digits is the decimal point (42,5، 3,75 -> 42.5، 3.75);
    other commas alone, or several dots, separate thousands (4,312، 1.250.000)."""
    if "," in s and "." not in s and s.count(",") == 1 and len(s.partition(",")[2]) <= 2:
        return s.replace(",", ".")
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            return s.replace(".", "").replace(",", ".")
        return s.replace(",", "")
    if "," in s or s.count(".") > 1:
        return s.replace(",", "").replace(".", "")
    return s


def number(s: str, case: str, gender: str = MASC, construct: bool = False) -> str:
    """Integer or decimal string (ASCII, separators allowed) in words."""
    n = as_int(s)
    if n is not None:
        return cardinal(n, gender, case, construct, marks=True)
    whole, _, frac = canonical(s).partition(".")
    if not frac or "." in frac:
        return digits(s, marks=True)
    return f"{number(whole, case)} {POINT} {_fraction(frac, case)}"


def _fraction(frac: str, case: str) -> str:
    """Digits after the point: leading zeros one by one, then the rest as a number."""
    if len(frac) > 12:
        return digits(frac, marks=True)
    zeros = len(frac) - len(frac.lstrip("0"))
    words = ["صِفْر"] * zeros
    if frac.strip("0"):
        words.append(cardinal(int(frac), MASC, case, marks=True))
    return " ".join(words) or "صِفْر"


def counted(gr: Tables, s: str, noun: Counted, case: str, before_noun: bool = False) -> str:
    """A number string followed by a known counted noun (currency, unit, ألف …)."""
    n = as_int(s)
    if n is None:  # 2.5 كيلومتر: a decimal counts the singular
        return f"{number(s, case)} {noun.singular}"
    return count(gr, n, noun, case, before_noun)


def minus(case: str) -> str:
    """سالب governs the number after it (إضافة: سالبُ اثنتي عشرة درجة)."""
    return "سَالِب" + _CASE_VOWEL[Case(case)] + " "


def attach(prefix: str, words: str) -> str:
    """A glued clitic, vowelled, before the number words: وَبِـ, لِلْحَادِي."""
    vowelled = vowel_clitics(prefix)
    if prefix.endswith("ل") and words.startswith("ال"):
        return vowelled + words[1:]  # ل + الحادي -> للحادي
    return vowelled + words

