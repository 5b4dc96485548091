"""Dates, calendars, years, clock times and slashed numbers (fractions), read as words.

The numbers stage (frontend/numbers/) finds every number; when its shape or its neighbours
say it is a date, a year, a time or a/b, it asks this module. Finding and saying are apart
everywhere: the numbers stage's classify step calls the `find_*` functions, which return
what they found in the text (a `Year`, a `DayMonth`, a `DayRange`, a `NumericDate`, a
`Slashed`: values, month, calendar, era mark, second year, what a/b is, whether a noun
follows, and the end of the text they take; `find_year`, `find_day_month` and
`find_day_range` return None when the text is not of their kind), and the `say_*` functions
turn that alone into words in a case, never reading the text. Month names and era marks are
found by calendars.py.

Every word these readers write is fully vowelled (the day ordinals, the years, عَامَ، مِنْ،
إِلَى، لِلْهِجْرَةِ، الْمُوَافِقَ، fractions, hours, parts of the day, the month names of numeric
dates), like numbers.verbalise(vowelled=True), so the diacritiser keeps them; month names
found in the text are read as written.

Readings chosen here (documented for the lead and the tests):
- A day before a month name is an ordinal: 25 مايو -> الخامس والعشرين من مايو, in every
  calendar (Gregorian, Levantine, Maghrebi, Hijri, Coptic); the month is read as written.
  The first day of a range too: من 10 إلى 15 مايو and 10-15 مايو -> (من) العاشر إلى الخامس
  عشر من مايو; بين 10 و15 مايو -> بين العاشر والخامس عشر من مايو.
- Case of the day (only the tens show it: العشرون/العشرين): genitive after a preposition or
  governing noun; nominative when the date opens a sentence that goes on (its subject:
  الحادي والعشرون من مارس يصادف …); otherwise an adverb of time, accusative (same letters as
  the genitive) — also a date standing alone or followed by a comma (a dateline).
- Numeric dates are day/month/year with Egyptian/Gulf month names (Hijri ones before هـ).
  An impossible day or month (31/02, 45/13/2020) is never a date: its numbers are read with
  "على" between them, like any a/b.
- Years are genitive, after "عام" (added unless a year noun is there): 1244 هـ -> عام … للهجرة.
  No عام is added after الموافق, nor to the second year of من 750 إلى 1258 م or عامي 670 و675 م.
- A Hijri and a Gregorian year together (1267/1851, ١٢٦٧ هـ / ١٨٥١ م, 1267هـ/1851م, either
  order; without marks when the two years agree) -> عام … للهجرة الموافق … للميلاد.
- Two consecutive years with a slash (2024/2025, 2024/25: a season or a school year) name
  one period: A إلى B, both genitive (بين: A وB). A year range with a dash (1990-1995.) is
  the numbers stage's range: من A إلى B.
- An era mark counts only as a whole token after a year (see calendars.py).
- a/b with 1 <= a < b <= 10 is a fraction of the counted noun type (masculine): 1/2 نصف،
  1/3 ثلث، 2/3 ثلثان (ثلثا before a noun), 3/4 ثلاثة أرباع, in the case of its context —
  not after a date word (يوم 3/4 is a date), nor after a score word (بنتيجة 1/2).
  m/yyyy is a month and year; رقم 5/2024 is a number "لسنة" a year; anything else is a على b.
- Times: 10:30 العاشرة والنصف, 10:15 والربع, 9:45 العاشرة إلا ربعا, otherwise minutes
  counted: العاشرة وعشرون دقيقة. Hours are 24-hour ordinals, 0 is الثانية عشرة.
"""

from __future__ import annotations

import re
from calendar import monthrange

from dataclasses import dataclass

from narrator.frontend.agreement import count, looks_like_noun, strip_prefixes, year_noun
from narrator.frontend.arabic import (
    ACC, DAMMA, FATHA, GEN, KASRA, LETTERS, MARKS, MASC, FEM, NOM, Case, bare)
from narrator.frontend.calendars import (
    GREGORIAN, HIJRI, HIJRI_ERA, Calendars, Era, Month, days_in, era_at, fold, month_at,
    month_before)
from narrator.frontend.grammar import Tables
from narrator.frontend.numwords import _dual, cardinal, inflect, ordinal

_SENTENCE_START = ".!?؟:\n"
_YEAR_AFTER = re.compile(r"[ \t]*([0-9]{3,4})(?![0-9]|[.,][0-9])")
_PAIR = re.compile(r"[ \t]*(?P<sep>[/\-–،,])[ \t]*(?P<y>[0-9]{2,4})(?![0-9]|[.,][0-9])")
# (At most 31 links, one per day of a month: every day of a chain looks ahead along it, so
# an unbounded chain made a long list of numbers quadratic.)
_DAY_CHAIN = re.compile(
    r"(?:[ \t]*(?:-|–|إلى|الى|حتى|و|أو|او)[ \t]*(?:و|ال)?[0-9]{1,2}(?![0-9])){1,31}")


def _governor(gr: Tables, before: list[str]) -> str:
    """The word before a number without a glued و/ب/ل (وبين -> بين), folded."""
    return fold(strip_prefixes(gr, before[0])) if before else ""


# Every word this module writes is fully vowelled (like numbers.verbalise(vowelled=True)),
# so the diacritiser keeps it; the numbers stage strips the marks for the bare reading.
_ERA_WORDS = {"للهجرة": "لِلْهِجْرَةِ", "للميلاد": "لِلْمِيلَادِ",
              "قبل الميلاد": "قَبْلَ الْمِيلَادِ"}
_CASE_VOWEL: dict[str, str] = {NOM: DAMMA, ACC: FATHA, GEN: KASRA}
FROM, TO, AND, ON = "مِنْ", "إِلَى", "وَ", "عَلَى"


def _era(era: Era) -> str:
    return _ERA_WORDS[era.words]


def _year_noun(case: str) -> str:
    """The عام added before a year: عَامِ after a preposition, else an adverb of time (عَامَ)."""
    return "عَامِ " if case == GEN else "عَامَ "


def _gen(n: int) -> str:
    return cardinal(n, MASC, GEN, marks=True)


def _field(s: str) -> int | None:
    """A day or month field: 1 or 2 digits, a leading zero allowed (05/2024)."""
    return int(s) if s.isdigit() and len(s) <= 2 else None


def _int(s: str) -> int | None:
    """A whole number without a leading zero, else None."""
    return int(s) if s.isdigit() and len(s) <= 12 and (len(s) == 1 or s[0] != "0") else None


# --- case of a day -----------------------------------------------------------------------

def day_place(text: str, start: int, end: int) -> Case:
    """The case of a day ordinal standing where nothing governs it (see the module
    docstring): accusative after words (an adverb of time or an object: أعلن 25 مايو …) and
    standing alone (a dateline); nominative opening a sentence that goes on (its subject).
    Only the nearest non-space character on each side is looked at (never a copy of the
    whole paragraph: that made number reading quadratic in paragraph length)."""
    at = start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    if at and text[at - 1] not in _SENTENCE_START:
        return ACC
    at = end
    while at < len(text) and text[at].isspace():
        at += 1
    if at == len(text) or text[at] in "،,.!?؟;؛)":
        return ACC
    return NOM


def _day_case(case: str, place: Case) -> Case:
    """A governed day keeps its governor's case; otherwise its place decides."""
    return Case(case) if case != NOM else place


def _day(n: int, case: str) -> str:
    return ordinal(n, MASC, True, case, marks=True)


# --- years -------------------------------------------------------------------------------

def _hijri_matches(h: int, g: int) -> bool:
    """The Gregorian year g overlaps the Hijri year h (a Hijri year is 354 days)."""
    return 0 < h < 1600 and abs(g - (h * 0.970229 + 621.5643)) <= 1.2


def _expand(a: int, b_str: str) -> int:
    """The second year of 2024/25 or 2012-14 in full."""
    b = int(b_str)
    if len(b_str) == 2 and a >= 1000:
        b += a // 100 * 100
    return b


def _pair(a: int, a_era: Era | None, b: int, b_era: Era | None, sep: str) -> str | None:
    """What two years joined by `sep` are: "hijri-ad", "ad-hijri", "range" or None."""
    marks = (a_era.words if a_era else None, b_era.words if b_era else None)
    if sep in "/-–،," and HIJRI_ERA in marks:
        hijri_first = marks[0] == HIJRI_ERA
        h, g = (a, b) if hijri_first else (b, a)
        other = marks[1] if hijri_first else marks[0]
        if other != HIJRI_ERA and (other is not None or _hijri_matches(h, g)):
            return "hijri-ad" if hijri_first else "ad-hijri"
    if sep != "/" or a_era or (b_era and b_era.words != HIJRI_ERA and b != a + 1):
        return None
    if b == a + 1 and a >= 100:
        return "range"
    if _hijri_matches(a, b):
        return "hijri-ad"
    if _hijri_matches(b, a):
        return "ad-hijri"
    return None


@dataclass(frozen=True, slots=True)
class YearPhrase:
    """A year found in the text with its era mark and a second year joined to it (a pair:
    "hijri-ad", "ad-hijri" or "range"); `end` is where the phrase ends."""

    year: int
    era: Era | None
    end: int
    pair: str | None = None
    second: int = 0
    second_era: Era | None = None
    between: bool = False
    """بين before the pair: its years are joined by و, not إلى."""


def _pair_phrase(gr: Tables, y: int, era: Era | None, join: re.Match, sep: str,
                 before: list[str]) -> YearPhrase | None:
    b = _expand(y, join.group("y"))
    b_era = era_at(join.string, join.end())
    kind = _pair(y, era, b, b_era, sep)
    if not kind:
        return None
    return YearPhrase(y, era, b_era.end if b_era else join.end(), kind, b, b_era,
                      _governor(gr, before) == "بين")


def find_year_phrase(gr: Tables, y: int, text: str, end: int, before: list[str],
                     era: Era | None = None) -> YearPhrase:
    """A year known to be one (after عام, a month, or with a mark): its era and its pair.

    A second year joined by a slash (or by a dash or comma when marks say which calendar
    each is) makes a pair (see `_pair`).
    """
    era = era or era_at(text, end)
    join = _PAIR.match(text, era.end if era else end)
    if join and (pair := _pair_phrase(gr, y, era, join, join.group("sep"), before)):
        return pair
    return YearPhrase(y, era, era.end if era else end)


def say_year_phrase(p: YearPhrase, lead: str) -> str:
    """The words of a year phrase after `lead` (عَامَ/عَامِ or nothing)."""
    if p.pair == "hijri-ad":
        return f"{lead}{_gen(p.year)} لِلْهِجْرَةِ الْمُوَافِقَ {_gen(p.second)} لِلْمِيلَادِ"
    if p.pair == "ad-hijri":
        return f"{lead}{_gen(p.year)} لِلْمِيلَادِ الْمُوَافِقَ {_gen(p.second)} لِلْهِجْرَةِ"
    if p.pair:
        era = p.second_era or p.era
        join = f" {AND}" if p.between else f" {TO} "
        return f"{_gen(p.year)}{join}{_gen(p.second)}" + (f" {_era(era)}" if era else "")
    if p.era:
        return f"{lead}{_gen(p.year)} {_era(p.era)}"
    return f"{lead}{_gen(p.year)}"


_CENTURY_ERAS = {HIJRI_ERA: "الْهِجْرِيِّ", "للميلاد": "الْمِيلَادِيِّ",
                 "قبل الميلاد": "قَبْلَ الْمِيلَادِ"}


@dataclass(frozen=True, slots=True)
class Year:
    """A number read as a year: its phrase, whether عام is said before it (its case then
    the place's), or a century with an era mark (القرن 5 هـ: an ordinal adjective)."""

    phrase: YearPhrase
    noun: bool = False
    century: bool = False

    @property
    def end(self) -> int:
        return self.phrase.end


def find_year(gr: Tables, cal: Calendars, n: int, text: str, end: int, before: list[str],
              add_noun: bool = True) -> Year | None:
    """Years: after عام/سنة, before an era mark, after a month name, or one of a pair of
    years (1267 / 1851); None if not a year.

    add_noun=False: no عام is added (the second year of من 750 إلى 1258 م)."""
    era = era_at(text, end)
    if era and before and fold(strip_prefixes(gr, before[0])) in ("القرن", "قرن") and n <= 30:
        return Year(YearPhrase(n, era, era.end), century=True)
    # هذا العام 6 روايات: العام after a demonstrative is "this year", not a year's noun
    after_noun = (bool(before) and year_noun(gr, before[0])
                  and not (len(before) > 1 and before[1] in gr.demonstrative))
    after_month = month_before(before, cal) and 100 <= n <= 2100
    if era and not (after_noun or after_month):
        # An era mark alone makes a year only of a plausible year (5 م is five metres);
        # ق.م is unambiguous but a century is an ordinal (القرن 5 ق.م).
        if era.words == HIJRI_ERA:
            ok = n >= 1
        elif era.words == "قبل الميلاد":
            ok = n >= 100
        else:
            ok = 1000 <= n <= 2100
        era = era if ok else None
    # الموافق 1453 م: the second year of a pair written out is read like the first one's
    # partner in "… للهجرة الموافق … للميلاد" (no عام of its own).
    noun = not (after_noun or not add_noun or (before and before[0] in gr.agreeing))
    if era or after_noun or after_month:
        return Year(find_year_phrase(gr, n, text, end, before, era), noun)
    join = _PAIR.match(text, end)  # 1267 / 1851: a pair of years even without a noun
    if join and join.group("sep") == "/" and 100 <= n <= 2100:
        pair = _pair_phrase(gr, n, None, join, "/", before)
        if pair:
            return Year(pair, noun)
    return None


def say_year(y: Year, case: str) -> tuple[str, Case]:
    """(words, the case passed on): a year is genitive (after عام, said or not); a century
    keeps the place's case."""
    if y.century:
        era = y.phrase.era
        assert era is not None
        return (f"{ordinal(y.phrase.year, MASC, True, GEN, marks=True)} "
                f"{_CENTURY_ERAS[era.words]}", Case(case))
    return say_year_phrase(y.phrase, _year_noun(case) if y.noun else ""), GEN


# --- days and months ---------------------------------------------------------------------

def _month_after(gr: Tables, cal: Calendars, text: str, end: int,
                 before: list[str]) -> Month | None:
    month = month_at(text, end, cal)
    if month and month.ambiguous:
        year = _YEAR_AFTER.match(text, month.end)
        if not (year or era_at(text, month.end) or _governor(gr, before) in gr.date_context):
            return None
    return month


# "من الشهر (الجاري)"، "من هذا الشهر"، "من كل شهر" after a day number: the month unnamed.
_OF_THE_MONTH = re.compile(
    r"[ \t]+من[ \t]+(?:هذا[ \t]+الشهر|الشهر|كل[ \t]+شهر)(?![\u0621-\u064a])")


@dataclass(frozen=True, slots=True)
class DayMonth:
    """A day of a month: the month named right after it (with a year after that), or
    named later (من 10 إلى 15 مايو) or not at all (من الشهر الجاري): `month` None."""

    day: int
    place: Case
    """The day's case where nothing governs it (day_place)."""
    end: int
    month: Month | None = None
    year: YearPhrase | None = None


def find_day_month(gr: Tables, cal: Calendars, n: int, text: str, start: int, end: int,
                   before: list[str]) -> DayMonth | None:
    """25 مايو 2024 (الخامس والعشرين من مايو عام …); the first day of a range before a
    month (من 10 إلى 15 مايو) is a day too. None if not a day of a month."""
    if not 1 <= n <= 31:
        return None
    month = _month_after(gr, cal, text, end, before)
    if month is None and _OF_THE_MONTH.match(text, end):
        return DayMonth(n, day_place(text, start, end), end)  # في 22 من الشهر الجاري
    if month is None:
        chain = _DAY_CHAIN.match(text, end)
        later = _month_after(gr, cal, text, chain.end(), before) if chain else None
        if later is None or n > days_in(later.name):
            return None
        return DayMonth(n, day_place(text, start, later.end), end)
    year = _YEAR_AFTER.match(text, month.end)
    y = int(year.group(1)) if year else None
    if n > days_in(month.name, y if month.name.family != HIJRI else None):
        return None
    phrase = find_year_phrase(gr, int(year.group(1)), text, year.end(), []) if year else None
    end = phrase.end if phrase else month.end
    return DayMonth(n, day_place(text, start, end), end, month, phrase)


def say_day_month(d: DayMonth, case: str) -> tuple[str, Case]:
    """(words, the day's case)."""
    day_case = _day_case(case, d.place)
    if d.month is None:
        return _day(d.day, day_case), day_case
    words = f"{FROM} {d.month.spoken}"
    if d.year:
        words = f"{words} {say_year_phrase(d.year, _year_noun(ACC))}"
    return f"{_day(d.day, day_case)} {words}", day_case


@dataclass(frozen=True, slots=True)
class DayRange:
    """a-b read as days of a month or as years: 10-15 مايو, عام 2024-2025, 1263-1265 هـ."""

    first: int
    last: int
    join: str
    """How the two are joined (range_join): "and" (بين), "to" (من), "from-to" (neither)."""
    end: int
    era: Era | None = None
    day: DayMonth | None = None
    """The last day with its month (days of a month); None for years."""


def range_join(governor: str) -> str:
    """How a-b is joined after `governor`, the word before it without its glued و/ب/ل:
    "and" after بين (A وB), "to" after من (A إلى B), else "from-to" (من A إلى B)."""
    return "and" if governor == "بين" else "to" if governor == "من" else "from-to"


def find_day_range(gr: Tables, cal: Calendars, a: str, b: str, text: str, start: int,
                   end: int, before: list[str]) -> DayRange | None:
    """10-15 مايو (days), عام 2024-2025 and 1263-1265 هـ (years), else None."""
    ia, ib = _int(a), _int(b)
    if ia is None or ib is None:
        return None
    first = _governor(gr, before)
    if before and year_noun(gr, before[0]) and ia >= 100 and _expand(ia, b) > ia:
        # عام 2024-2025, بين عامي 2012-2014: the noun already names the years
        both = first in ("عامي", "سنتي") or _governor(gr, before[1:]) == "بين"
        era = era_at(text, end)
        return DayRange(ia, _expand(ia, b), "and" if both else "to",
                        era.end if era else end, era)
    join = range_join(first)
    if 1 <= ia < ib <= 31:
        month = _month_after(gr, cal, text, end, before)
        if month is None or ib > days_in(month.name):
            return None
        day = find_day_month(gr, cal, ib, text, start, end, before)
        if day is None:
            return None
        return DayRange(ia, ib, join, day.end, day=day)
    era = era_at(text, end)
    if era and 100 <= ia and ib > ia:
        return DayRange(ia, ib, join, era.end, era)
    return None


def say_day_range(r: DayRange) -> str:
    if r.day is not None:
        last = say_day_month(r.day, GEN)[0]
        if r.join == "and":
            return f"{_day(r.first, GEN)} {AND}{last}"
        return f"{'' if r.join == 'to' else FROM + ' '}{_day(r.first, GEN)} {TO} {last}"
    if r.join == "and":
        words = f"{_gen(r.first)} {AND}{_gen(r.last)}"
    elif r.join == "to" or r.era is None:
        words = f"{_gen(r.first)} {TO} {_gen(r.last)}"
    else:
        words = f"{FROM} {_gen(r.first)} {TO} {_gen(r.last)}"
    return f"{words} {_era(r.era)}" if r.era else words


@dataclass(frozen=True, slots=True)
class NumericDate:
    """d/m/y or ISO y-m-d found in the text: the numbers as written, the date they name
    (`phrase` None when no calendar has that day: 31/02, 45/13/2020) and `end`, after the
    era mark and a second year read with it."""

    parts: tuple[int, ...]
    """The numbers as written (read joined by على when they are no date)."""
    day: int
    month: int
    year: int
    end: int
    calendar: str = GREGORIAN
    """HIJRI after an era mark هـ, else GREGORIAN (the Egyptian/Gulf month names)."""
    month_words: str = ""
    """The month's name as a numeric date says it (after من: genitive), vowelled."""
    phrase: YearPhrase | None = None
    """The year with its era mark and a second year joined to it; None: not a date."""
    place: Case = ACC
    """The day's case where nothing governs it (day_place)."""


def find_date(gr: Tables, cal: Calendars, text: str, parts: tuple[int, ...], day: int,
              month: int, year: int, start: int, end: int) -> NumericDate:
    """d/m/y or y-m-d (`parts` as written, then the day, month and year) at text[start:end];
    the era mark and a second year after it are read along."""
    era = era_at(text, end)
    hijri = era is not None and era.words == HIJRI_ERA
    longest = 30 if hijri else (monthrange(year, month)[1] if 1 <= month <= 12 and year >= 1
                                else 0)
    if not (1 <= month <= 12 and 1 <= day <= longest):
        return NumericDate(parts, day, month, year, end)
    name = (cal.hijri_spoken_gen if hijri else cal.gregorian_spoken)[month - 1]
    phrase = find_year_phrase(gr, year, text, end, [])
    return NumericDate(parts, day, month, year, phrase.end, HIJRI if hijri else GREGORIAN,
                       name, phrase, day_place(text, start, phrase.end))


def say_date(d: NumericDate, case: str) -> str:
    """الخامس من مارس عام …; a day no calendar has: its numbers joined by "على"."""
    if d.phrase is None:
        return f" {ON} ".join(_gen(p) if i else cardinal(p, MASC, case, marks=True)
                              for i, p in enumerate(d.parts))
    day_case = _day_case(case, d.place)
    return (f"{_day(d.day, day_case)} {FROM} {d.month_words} "
            f"{say_year_phrase(d.phrase, _year_noun(ACC))}")


# --- a/b: month/year, day/month, fractions, pairs of years -------------------------------

_FRACTIONS = {  # denominator: (singular stem, plural stem), vowelled
    2: ("نِصْف", "أَنْصَاف"), 3: ("ثُلُث", "أَثْلَاث"), 4: ("رُبْع", "أَرْبَاع"),
    5: ("خُمْس", "أَخْمَاس"), 6: ("سُدْس", "أَسْدَاس"), 7: ("سُبْع", "أَسْبَاع"),
    8: ("ثُمْن", "أَثْمَان"), 9: ("تُسْع", "أَتْسَاع"), 10: ("عُشْر", "أَعْشَار"),
}


def fraction(a: int, b: int, case: str, construct: bool = False) -> str:
    """a/b (1 <= a < b <= 10) in words, fully vowelled: the fraction nouns are masculine
    (ثلاثة أرباع); before a noun they are in construct (ثلثا الأعضاء، ربع ساعة)."""
    one, plural = _FRACTIONS[b]
    if a == 1:
        return inflect(one, case, construct)
    if a == 2:
        return _dual(one, case, construct)
    return (f"{cardinal(a, MASC, case, construct=True, marks=True)} "
            f"{inflect(plural, GEN, construct)}")


_NEXT_WORD = re.compile(rf"[ \t]+([{LETTERS}{MARKS}]+)")


def _before_noun(gr: Tables, text: str, end: int) -> bool:
    """A noun follows (ثلثا الأعضاء، ربع ساعة): the fraction is its first term."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = bare(m.group(1))
    return word not in gr.particle and (word.startswith("ال") or looks_like_noun(gr, word))


def _indefinite_noun(gr: Tables, word: str) -> bool:
    """A noun without the article (one in ة): it can only be in construct with what follows."""
    return word.endswith("ة") and not strip_prefixes(gr, word).startswith("ال")


@dataclass(frozen=True, slots=True)
class Slashed:
    """a/b found in the text and what it was taken for (`reading`):
    - "label-year": a number and its year after a number noun (القانون رقم 13/2020);
    - "month-year": a month and a year (5/2024; the Hijri names before هـ);
    - "years": a pair of years (2024/25: one period; 1267/1851: Hijri and Gregorian);
    - "day-month": a day and a month after a date noun (يوم 3/4);
    - "fraction": a/b with 1 <= a < b <= 10 (2/3);
    - "numbers": anything else, its numbers joined by "على".
    `end` is where the text it takes ends (after the year phrase or the era mark read along)."""

    first: str
    second: str
    """As written."""
    reading: str
    end: int
    calendar: str = GREGORIAN
    """HIJRI when an era mark هـ follows, else GREGORIAN."""
    day: int = 0
    """day-month: the day."""
    month: tuple[str, str] | None = None
    """month-year and day-month: the month's name vowelled, (genitive, nominative)."""
    year: YearPhrase | None = None
    """month-year and years: the year (or the pair) with its era mark."""
    year_noun: bool = False
    """years: a year noun is written before the pair (عامي 2024/25), so no عام is said."""
    before_noun: bool = False
    """fraction: a noun follows; the fraction is its first term (ثلثا الأعضاء)."""
    after_indefinite: bool = False
    """fraction: an indefinite noun in ة before it governs it (بأغلبية 2/3)."""


def _month_words(cal: Calendars, hijri: bool, month: int) -> tuple[str, str]:
    """(genitive, nominative) of a month named by its number: ذي/ذو القعدة differ."""
    if hijri:
        return cal.hijri_spoken_gen[month - 1], cal.hijri_spoken[month - 1]
    return cal.gregorian_spoken[month - 1], cal.gregorian_spoken[month - 1]


def find_slash(gr: Tables, cal: Calendars, a: str, b: str, text: str, end: int,
               before: list[str]) -> Slashed:
    """What a/b ending at `end` is: a month and year, a day and month, a pair of years, a
    fraction, or two numbers (see `Slashed`)."""
    fa, fb, ia = _field(a), _field(b), _int(a)
    era = era_at(text, end)
    hijri = era is not None and era.words == HIJRI_ERA
    calendar = HIJRI if hijri else GREGORIAN
    if ia is not None and len(b) == 4 and before and before[0] in gr.number_noun:
        return Slashed(a, b, "label-year", end)  # القانون رقم 13/2020
    if fa is not None and 1 <= fa <= 12 and len(b) == 4:
        phrase = find_year_phrase(gr, int(b), text, end, [])
        return Slashed(a, b, "month-year", phrase.end, calendar, month=_month_words(cal, hijri, fa),
                       year=phrase)
    if ia is not None and len(a) >= 3 and len(b) in (2, 3, 4):
        b_year = _expand(ia, b)
        kind = _pair(ia, None, b_year, era, "/")
        if not kind:
            return Slashed(a, b, "numbers", end)
        pair = YearPhrase(ia, None, era.end if era else end, kind, b_year, era,
                          _governor(gr, before) == "بين")
        return Slashed(a, b, "years", pair.end, calendar, year=pair,
                       year_noun=bool(before) and year_noun(gr, before[0]))
    if before and before[0] in gr.date_noun and fa and fb and 1 <= fb <= 12:
        if fa > (30 if hijri else monthrange(2024, fb)[1]) or fa < 1:
            return Slashed(a, b, "numbers", end)
        return Slashed(a, b, "day-month", era.end if era and hijri else end, calendar, day=fa,
                       month=_month_words(cal, hijri, fb))
    ib = _int(b)
    if ia and ib and ia < ib <= 10 and not (before and before[0] in gr.result_noun):
        return Slashed(a, b, "fraction", end, before_noun=_before_noun(gr, text, end),
                       after_indefinite=bool(before) and _indefinite_noun(gr, before[0]))
    return Slashed(a, b, "numbers", end)


def say_slash(s: Slashed, case: str) -> str | None:
    """The words of a/b in the case of its place; None for "numbers" (the numbers stage
    reads them, joined by على)."""
    if s.reading == "label-year":
        return f"{cardinal(int(s.first), MASC, case, marks=True)} لِسَنَةِ {_gen(int(s.second))}"
    if s.reading == "month-year":
        assert s.month is not None and s.year is not None
        month = s.month[0] if case == GEN or s.calendar != HIJRI else s.month[1]  # في ذي القعدة
        return f"{month} {say_year_phrase(s.year, _year_noun(ACC))}"
    if s.reading == "years":
        assert s.year is not None
        return say_year_phrase(s.year, "" if s.year_noun else _year_noun(case))
    if s.reading == "day-month":
        assert s.month is not None
        return f"{_day(s.day, GEN)} {FROM} {s.month[0]}"
    if s.reading == "fraction":
        if case == NOM and s.after_indefinite:
            case = GEN  # بأغلبية 2/3 الأعضاء: the noun before it governs it (إضافة)
        return fraction(int(s.first), int(s.second), case, s.before_noun)
    return None


# --- clock times -------------------------------------------------------------------------

def say_time(gr: Tables, h: int, mins: int, case: str, part: tuple[str, int] | None) -> str:
    """hh:mm: العاشرة والنصف, العاشرة وعشرون دقيقة; `part` the part of the day found after
    it (calendars.day_part_at)."""
    vowel = _CASE_VOWEL[case]  # the quarter and the half are coordinated with the hour
    if mins == 45:
        words = f"{hour(h + 1, case)} إِلَّا رُبْعًا"
    elif mins in (0, 15, 30):
        words = hour(h, case) + {0: "", 15: " وَالرُّبْع" + vowel,
                                 30: " وَالنِّصْف" + vowel}[mins]
    else:
        words = f"{hour(h, case)} {AND}{count(gr, mins, gr.counted['دقيقة'], case)}"
    return f"{words} {part[0]}" if part else words


def hour(h: int, case: str) -> str:
    h = h % 24 or 12
    if h == 1:
        return "الْوَاحِدَة" + _CASE_VOWEL[case]
    return ordinal(h, FEM, True, case, marks=True)


def say_clock_hour(n: int, case: str, part: tuple[str, int] | None) -> str:
    """The hour after الساعة: الساعة 5 م -> الساعة الخامسة مساء."""
    return f"{hour(n, case)} {part[0]}" if part else hour(n, case)


__all__ = ["DayMonth", "DayRange", "NumericDate", "Slashed", "Year", "YearPhrase",
           "day_place", "find_date", "find_day_month", "find_day_range", "find_slash",
           "find_year", "find_year_phrase", "fraction", "hour", "say_clock_hour",
           "say_date", "say_day_month", "say_day_range", "say_slash", "say_time",
           "say_year", "say_year_phrase"]
