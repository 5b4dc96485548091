"""Month names of the calendars used in Arabic text, era marks and day parts, found in text.

The month names, their spellings and spoken forms, the ones that are also everyday words, and
the parts of the day are data (src/narrator/data/calendars/*.tsv), read once at import.

Words are compared by a folded key (no harakat or tatweel; أ/إ/آ -> ا, ة -> ه, ى -> ي), so
every common spelling of a month is found from one entry: أبريل/إبريل/ابريل, طوبة/طوبه,
ذو القعدة/ذي القعدة. A month is spoken as it was written; the one change is ذو/ذا -> ذي, the
genitive that "من" requires (العاشر من ذي الحجة).

A mark (هـ، م، ق.م، ص) counts only as a whole token: a letter followed by another letter or by
a vowel mark is the start of a word (لكل 1000 مُشاهدة is not "1000 م").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrator.errors import ConfigError
from narrator.frontend.arabic import LETTERS_ONLY, MARKS, TATWEEL, bare
from narrator.frontend.wordlists import package_text, parse, rows

GREGORIAN = "gregorian"
LEVANTINE = "levantine"
MAGHREBI = "maghrebi"
HIJRI = "hijri"
COPTIC = "coptic"
FAMILIES = (GREGORIAN, LEVANTINE, MAGHREBI, HIJRI, COPTIC)

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def fold(words: str) -> str:
    """The comparison key of a word or phrase: bare letters, one spelling per sound."""
    return " ".join(bare(words).translate(_FOLD).split())


@dataclass(frozen=True, slots=True)
class MonthName:
    family: str
    number: int
    """1..12 (13 for the Coptic نسيء)."""


def load_months(text: str, source: str) -> tuple[
        dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[str, ...]], dict[str, MonthName]]:
    """The rows of a months table (data/calendars/months.tsv): family -> each month's
    spellings (the standard form first), family -> each month's spoken form ("-": none),
    folded spelling -> month. A row out of order, a spelling given to two months, or a
    Gregorian or Hijri month without its spoken form is an error naming the line."""
    spellings: dict[str, list[tuple[str, ...]]] = {f: [] for f in FAMILIES}
    spoken: dict[str, list[str]] = {f: [] for f in FAMILIES}
    months: dict[str, tuple[MonthName, str]] = {}
    for n, (family, number, names, said) in rows(text, source, 4):
        where = f"{source}:{n}"
        if family not in spellings:
            raise ConfigError(f"{where}: unknown calendar {family!r} (known: {', '.join(FAMILIES)})")
        month = MonthName(family, len(spellings[family]) + 1)
        if number != str(month.number):
            raise ConfigError(f"{where}: expected month {month.number} of {family}")
        if said == "-" and family in (GREGORIAN, HIJRI):
            raise ConfigError(f"{where}: a {family} month needs its spoken form (numeric dates say it)")
        written = tuple(name.strip() for name in names.split("،"))
        if not all(written):
            raise ConfigError(f"{where}: an empty spelling between two commas")
        for name in written:
            # Gregorian and Maghrebi share مارس، سبتمبر …: the first family listed keeps the key.
            other, at = months.setdefault(fold(name), (month, where))
            if other.number != month.number or (other.family == family and at != where):
                raise ConfigError(f"{where}: {name} is already month {other.number} of "
                                  f"{other.family} at {at}")
        spellings[family].append(written)
        spoken[family].append(said)
    return ({f: tuple(ms) for f, ms in spellings.items()}, {f: tuple(s) for f, s in spoken.items()},
            {key: month for key, (month, _) in months.items()})


# Month number -> spellings; the first is the standard form, the others common variants.
# (Folded keys make hamza and ta marbuta variants implicit: only real variants are listed.)
_FAMILIES, _SPOKEN, _MONTHS = load_months(package_text("calendars/months.tsv"),
                                          "calendars/months.tsv")


def _everyday_words() -> frozenset[str]:
    source = "calendars/everyday-words.tsv"
    keys = set()
    for n, (name, _meaning) in parse(package_text(source), source, 2):
        if fold(name) not in _MONTHS:
            raise ConfigError(f"{source}:{n}: {name} is no spelling of calendars/months.tsv")
        keys.add(fold(name))
    return frozenset(keys)


# Month names that are also everyday words (صفر zero, توت mulberries, بابه his door, مسرى a
# night journey): a date only with a year after them or a date word or preposition before.
AMBIGUOUS = _everyday_words()

# Spoken month names for numeric dates (d/m/y): the Egyptian/Gulf and the Hijri standard forms.
GREGORIAN_MONTHS = tuple(f[0] for f in _FAMILIES[GREGORIAN])
HIJRI_MONTHS = tuple(f[0] for f in _FAMILIES[HIJRI])
# The same names fully vowelled as numeric dates speak them (after من or في: genitive); in
# the nominative (ذو القعدة as a subject) ذي is ذو.
GREGORIAN_SPOKEN = _SPOKEN[GREGORIAN]
HIJRI_SPOKEN_GEN = _SPOKEN[HIJRI]
HIJRI_SPOKEN = tuple(re.sub("^ذِي ", "ذُو ", name) for name in HIJRI_SPOKEN_GEN)

_LETTERS = LETTERS_ONLY
_MARKS = MARKS + TATWEEL
WORD_END = rf"(?![{_LETTERS}{_MARKS}])"
_TOKEN = re.compile(rf"[ \t]*([{_LETTERS}{_MARKS}]+){WORD_END}")
_DOUBLE_NAME = re.compile(r"[ \t]*/[ \t]*")


@dataclass(frozen=True, slots=True)
class Month:
    """A month name found in text."""

    name: MonthName
    spoken: str
    """How to read it after "من" (as written, ذو -> ذي)."""
    end: int
    ambiguous: bool


def _genitive(words: str) -> str:
    first, _, rest = words.partition(" ")
    if rest and fold(first) in ("ذو", "ذا"):
        return "ذي " + rest
    return words


def _name_at(text: str, pos: int) -> tuple[MonthName, str, int] | None:
    one = _TOKEN.match(text, pos)
    if not one:
        return None
    two = _TOKEN.match(text, one.end())
    if two:
        phrase = f"{one.group(1)} {two.group(1)}"
        if fold(phrase) in _MONTHS:
            return _MONTHS[fold(phrase)], phrase, two.end()
    key = fold(one.group(1))
    if key in _MONTHS:
        return _MONTHS[key], one.group(1), one.end()
    return None


def month_at(text: str, pos: int) -> Month | None:
    """The month name after `pos` (spaces, an optional "من", 1 or 2 words), else None.

    A second name after a slash is the same month in another calendar (أيار/مايو): both are
    read, as newsreaders do.
    """
    first = _TOKEN.match(text, pos)
    if first and fold(first.group(1)) == "من":
        pos = first.end()
    found = _name_at(text, pos)
    if not found:
        return None
    name, spoken, end = found
    slash = _DOUBLE_NAME.match(text, end)
    other = _name_at(text, slash.end()) if slash else None
    if other and other[0].number == name.number and other[0].family != name.family:
        spoken, end = f"{spoken} {other[1]}", other[2]
    return Month(name, _genitive(spoken), end, fold(spoken.split(" ")[0]) in AMBIGUOUS)


def month_before(before: list[str]) -> bool:
    """The bare words before a number (nearest first) end with a month name."""
    if not before:
        return False
    if len(before) > 1 and fold(f"{before[1]} {before[0]}") in _MONTHS:
        return True
    key = fold(before[0])
    return key in _MONTHS and key not in AMBIGUOUS


def days_in(name: MonthName, year: int | None = None) -> int:
    """The most days the month can have (February 29 unless a year says otherwise)."""
    if name.family == HIJRI:
        return 30
    if name.family == COPTIC:
        return 6 if name.number == 13 else 30
    if name.number == 2:
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if name.number in (4, 6, 9, 11) else 31


# --- era marks and parts of the day ------------------------------------------------------

HIJRI_ERA, AD_ERA, BC_ERA = "للهجرة", "للميلاد", "قبل الميلاد"
_ERA = re.compile(rf"[ \t]?(?:(?P<bc>ق[ \t]?\.?[ \t]?م)|(?P<h>هـ|ه)|(?P<ad>م)){WORD_END}")


@dataclass(frozen=True, slots=True)
class Era:
    words: str
    """للهجرة, للميلاد or قبل الميلاد."""
    end: int


def era_at(text: str, pos: int) -> Era | None:
    """An era mark standing alone right after a year: 1445 هـ, 2022م, 500 ق.م."""
    m = _ERA.match(text, pos)
    if not m:
        return None
    words = BC_ERA if m.group("bc") else HIJRI_ERA if m.group("h") else AD_ERA
    return Era(words, m.end())




def _day_parts() -> dict[str, str]:
    source = "calendars/day-parts.tsv"
    parts = {}
    for n, (word, said) in parse(package_text(source), source, 2):
        if bare(word) != word:
            raise ConfigError(f"{source}:{n}: {word}: write it without harakat (compared bare)")
        parts[word] = said
    return parts


# Part of the day (data/calendars/day-parts.tsv) -> its spoken form, fully vowelled (an
# adverb of time, accusative), like the number words.
DAY_PARTS = _day_parts()
_PART_TOKEN = re.compile(rf"[ \t]?([{_LETTERS}{_MARKS}]+){WORD_END}")


def day_part_at(text: str, pos: int) -> tuple[str, int] | None:
    """A part of the day after a time (ص، م، صباحًا، مساءً): its words and end, or None."""
    m = _PART_TOKEN.match(text, pos)
    if not m:
        return None
    word = m.group(1)
    # A one-letter abbreviation must be bare: مُ with a vowel starts a word.
    key = word if len(bare(word)) == 1 else bare(word)
    return (DAY_PARTS[key], m.end()) if key in DAY_PARTS else None
