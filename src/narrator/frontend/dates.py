"""Dates, calendars, years, clock times and slashed numbers, read as words.

numbers.py finds every number; when its shape or its neighbours say it is a date, a year, a
time or a/b, it asks this module. Each reader returns (words, end of the consumed text) or
None when the text is not of its kind, so numbers.py reads it as a plain number instead.
Pure functions on str; number words from numwords.py, agreement helpers from agreement.py.
"""

from __future__ import annotations

import re

from narrator.frontend.agreement import COUNTED, count, year_noun
from narrator.frontend.numwords import cardinal, ordinal


def _int(s: str) -> int | None:
    """The value of a short digit string without a leading zero, else None."""
    if s.isdigit() and len(s) <= 12 and not (len(s) > 1 and s[0] == "0"):
        return int(s)
    return None


def read_year(n: int, text: str, end: int, before: list[str], case: str):
    """Years: after عام/سنة, before هـ, or after a month name. None if not a year."""
    hijri = HIJRI_MARK.match(text, end)
    after_month = before and month_before(before) and 100 <= n <= 2100
    era = AD_MARK.match(text, end) if 1000 <= n <= 2100 else None
    if not (hijri or era or after_month or (before and year_noun(before[0]))):
        return None
    lead = "" if before and year_noun(before[0]) else "عام "
    if hijri:
        return f"{lead}{cardinal(n, 'm', 'gen')} للهجرة", hijri.end(), "gen"
    era = AD_MARK.match(text, end)
    if era and n >= 100:
        return f"{lead}{cardinal(n, 'm', 'gen')} للميلاد", era.end(), "gen"
    return lead + cardinal(n, "m", "gen"), end, "gen"


def read_day_month(n: int, text: str, end: int, case: str):
    """3 ديسمبر 1828 -> الثالث من ديسمبر عام …; None if no month name follows."""
    month = MONTH_AFTER.match(text, end)
    if not month or not 1 <= n <= 31:
        return None
    words = f"{ordinal(n, 'm', True, 'gen')} من {month.group('month')}"
    end = month.end()
    year = re.compile(r"[ \t]+([0-9]{3,4})(?![0-9.,])").match(text, end)
    if year:
        hijri = HIJRI_MARK.match(text, year.end())
        words += " عام " + cardinal(int(year.group(1)), "m", "gen")
        end = year.end()
        if hijri:
            words, end = words + " للهجرة", hijri.end()
    return words, end, case


def read_date(m: re.Match, text: str, case: str) -> tuple[str, int] | None:
    """d/m/y or ISO y-m-d (groups of numbers._NUMBER_RE); None for an impossible date."""
    if m.group("iso"):
        d, mo, y = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
    else:
        d, mo, y = int(m.group("d")), int(m.group("mo")), int(m.group("y"))
    hijri = HIJRI_MARK.match(text, m.end())
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
    day = ordinal(d, "m", True, "gen")  # dates are adverbs or after في: oblique
    words = f"{day} من {months[mo - 1]} عام {cardinal(y, 'm', 'gen')}"
    if hijri:
        return words + " للهجرة", hijri.end()
    return words, m.end()


def read_time(m: re.Match, text: str, case: str) -> tuple[str, int]:
    """hh:mm (groups of numbers._NUMBER_RE): العاشرة والنصف, العاشرة وعشرون دقيقة."""
    h, mins = int(m.group("hh")), int(m.group("mm"))
    if mins == 45:
        words = f"{hour(h + 1, case)} إلا ربعا"
    elif mins in (0, 15, 30):
        words = hour(h, case) + {0: "", 15: " والربع", 30: " والنصف"}[mins]
    else:
        words = f"{hour(h, case)} و{count(mins, COUNTED['دقيقة'], case)}"
    part = DAY_PART.match(text, m.end())
    if part:
        return f"{words} {DAY_PARTS[part.group(1)]}", part.end()
    return words, m.end()


def hour(h: int, case: str) -> str:
    h = h % 24 or 12
    return "الواحدة" if h == 1 else ordinal(h, "f", True, case)


def read_clock_hour(n: int, text: str, end: int, case: str) -> tuple[str, int]:
    """The hour after الساعة: الساعة 5 م -> الساعة الخامسة مساء."""
    part = DAY_PART.match(text, end)
    words = hour(n, case) + (f" {DAY_PARTS[part.group(1)]}" if part else "")
    return words, part.end() if part else end


def read_slash(a: str, b: str, text: str, end: int, before: list[str],
               case: str) -> tuple[str, int] | None:
    """5/2024 -> مايو عام …; يوم 24/7 -> الرابع والعشرين من يوليو; None otherwise."""
    ia, ib = _int(a), _int(b)
    if ia is not None and ib is not None:
        hijri = HIJRI_MARK.match(text, end)
        months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
        if 1 <= ia <= 12 and len(b) == 4:
            words = f"{months[ia - 1]} عام {cardinal(ib, 'm', 'gen')}"
            return (words + " للهجرة", hijri.end()) if hijri else (words, end)
        if before and before[0] in _DATE_NOUNS and 1 <= ia <= 31 and 1 <= ib <= 12:
            return f"{ordinal(ia, 'm', True, 'gen')} من {months[ib - 1]}", end
    return None


# --- month names and era marks -----------------------------------------------------------

_NOT_AR = r"(?![\u0621-\u064a\u0640])"

GREGORIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
_MONTHS_1 = set(GREGORIAN_MONTHS) | set(
    "إبريل ابريل اغسطس يونيه يوليه اكتوبر كانون شباط آذار اذار نيسان أيار ايار حزيران تموز "
    "آب اب أيلول ايلول تشرين محرم رجب شعبان رمضان شوال".split())
_MONTHS_2 = ("كانون الثاني", "كانون الأول", "تشرين الأول", "تشرين الثاني", "ربيع الأول",
             "ربيع الآخر", "ربيع الثاني", "جمادى الأولى", "جمادى الآخرة", "جمادى الأولى",
             "ذو القعدة", "ذو الحجة", "ذي القعدة", "ذي الحجة")
_ONE_WORD_MONTHS = sorted(_MONTHS_1 - {"كانون", "تشرين"}, key=len, reverse=True)
MONTH_AFTER = re.compile(
    r"[ \t]+(?P<month>" + "|".join(_MONTHS_2 + tuple(_ONE_WORD_MONTHS)) + ")" + _NOT_AR)
HIJRI_MARK = re.compile(r"[ \t]?(?:هـ|ه)" + _NOT_AR)
AD_MARK = re.compile(r"[ \t]?م" + _NOT_AR)
DAY_PARTS = {"ص": "صباحا", "م": "مساء", "صباحا": "صباحا", "مساء": "مساء", "مساءا": "مساء"}
_DATE_NOUNS = frozenset("يوم اليوم تاريخ بتاريخ ليلة صباح مساء".split())
DAY_PART = re.compile(r"[ \t]?(صباحا|مساءا|مساء|ص|م)" + _NOT_AR)


def month_before(before: list[str]) -> bool:
    return before[0] in _MONTHS_1 or (
        len(before) > 1 and f"{before[1]} {before[0]}" in _MONTHS_2)
