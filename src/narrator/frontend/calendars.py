"""Month names of the calendars used in Arabic text, era marks and day parts, found in text.

The month names, their spellings and spoken forms, the ones that are also everyday words, and
the parts of the day are data (src/narrator/data/calendars/*.tsv), loaded as a `Calendars`.
A workspace's wordlists/calendars/ folder extends them (`build`: a months row replaces that
month's row, the other tables' rows add a word or replace its row); wordlists.py loads them
as a part of a front end's WordLists, and the numbers stage passes them forward to the
finders here, which default to the package's (`PACKAGE`).

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
from narrator.frontend.tsv import package_text, parse, rows

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


@dataclass(frozen=True, slots=True)
class _MonthRow:
    where: str
    """file:line"""
    family: str
    number: int
    spellings: tuple[str, ...]
    spoken: str
    user: bool = False
    """From a workspace's table (a clash with a package row is reported at this row)."""


def _month_row(fields: list[str], where: str, user: bool = False) -> _MonthRow:
    family, number, names, said = fields
    if family not in FAMILIES:
        raise ConfigError(f"{where}: unknown calendar {family!r} (known: {', '.join(FAMILIES)})")
    if said == "-" and family in (GREGORIAN, HIJRI):
        raise ConfigError(f"{where}: a {family} month needs its spoken form (numeric dates say it)")
    written = tuple(name.strip() for name in names.split("،"))
    if not all(written):
        raise ConfigError(f"{where}: an empty spelling between two commas")
    return _MonthRow(where, family, int(number) if number.isdigit() else 0, written, said, user)


def _package_rows(text: str, source: str) -> list[_MonthRow]:
    """The rows of the package's months table: every month of each family, in order."""
    out: list[_MonthRow] = []
    count = dict.fromkeys(FAMILIES, 0)
    for n, fields in rows(text, source, 4):
        row = _month_row(fields, f"{source}:{n}")
        count[row.family] += 1
        if fields[1] != str(count[row.family]):
            raise ConfigError(f"{source}:{n}: expected month {count[row.family]} of {row.family}")
        out.append(row)
    return out


def _user_rows(text: str, source: str, sizes: dict[str, int]) -> dict[tuple[str, int], _MonthRow]:
    """A workspace's months rows by (family, month): each replaces that month's row."""
    out: dict[tuple[str, int], _MonthRow] = {}
    for n, fields in rows(text, source, 4):
        where = f"{source}:{n}"
        row = _month_row(fields, where, user=True)
        if not 1 <= row.number <= sizes[row.family] or fields[1] != str(row.number):
            raise ConfigError(f"{where}: month {fields[1]} is out of range for {row.family} "
                              f"(1..{sizes[row.family]})")
        if (row.family, row.number) in out:
            raise ConfigError(f"{where}: month {row.number} of {row.family} is already listed "
                              f"at {out[row.family, row.number].where}")
        out[row.family, row.number] = row
    return out


def _index(table: list[_MonthRow]) -> tuple[
        dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[str, ...]], dict[str, MonthName]]:
    """family -> each month's spellings (the standard form first), family -> each month's
    spoken form ("-": none), folded spelling -> month; a spelling given to two months is an
    error naming the line (the workspace's, where one of the two rows is a workspace's)."""
    spellings: dict[str, list[tuple[str, ...]]] = {f: [] for f in FAMILIES}
    spoken: dict[str, list[str]] = {f: [] for f in FAMILIES}
    months: dict[str, tuple[MonthName, _MonthRow]] = {}
    for row in table:
        month = MonthName(row.family, row.number)
        for name in row.spellings:
            # Gregorian and Maghrebi share مارس، سبتمبر …: the first family listed keeps the key.
            other, at = months.setdefault(fold(name), (month, row))
            if other.number != month.number or (other.family == row.family and at is not row):
                if at.user and not row.user:  # report the workspace's row, naming the package's
                    raise ConfigError(f"{at.where}: {name} is already month {month.number} of "
                                      f"{month.family} at {row.where}")
                raise ConfigError(f"{row.where}: {name} is already month {other.number} of "
                                  f"{other.family} at {at.where}")
        spellings[row.family].append(row.spellings)
        spoken[row.family].append(row.spoken)
    return ({f: tuple(ms) for f, ms in spellings.items()}, {f: tuple(s) for f, s in spoken.items()},
            {key: month for key, (month, _) in months.items()})


def load_months(text: str, source: str) -> tuple[
        dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[str, ...]], dict[str, MonthName]]:
    """The rows of a months table (data/calendars/months.tsv), as `_index` gives them. A row
    out of order, a spelling given to two months, or a Gregorian or Hijri month without its
    spoken form is an error naming the line."""
    return _index(_package_rows(text, source))


@dataclass(frozen=True, eq=False)
class Calendars:
    """The calendar tables in use (eq=False: compared and hashed by identity)."""

    families: dict[str, tuple[tuple[str, ...], ...]]
    """Family -> month number - 1 -> spellings; the first is the standard form."""
    months: dict[str, MonthName]
    """Folded spelling -> month."""
    ambiguous: frozenset[str]
    """Folded month names that are also everyday words (صفر zero, توت mulberries, بابه his
    door, مسرى a night journey): a date only with a year after them or a date word or
    preposition before."""
    gregorian_spoken: tuple[str, ...]
    """Spoken month names of numeric dates (d/m/y), fully vowelled (after من or في:
    genitive): the Egyptian/Gulf names, and the Hijri ones (before هـ), in the genitive
    and in the nominative (ذو القعدة as a subject)."""
    hijri_spoken_gen: tuple[str, ...]
    hijri_spoken: tuple[str, ...]
    day_parts: dict[str, str]
    """Part of the day after a time (bare) -> its spoken form, fully vowelled (an adverb of
    time, accusative), like the number words."""
    source: str = "package"


UserTables = dict[str, tuple[str, str]]
"""Table name (calendars/months.tsv …) -> (text, the file it was read from)."""


def _merged(name: str, user: UserTables) -> dict[str, tuple[str, str, bool]]:
    """key -> (file:line, value, from the workspace) of a two-column table, in file order;
    a workspace's row replaces the package's row for its key."""
    out = {key: (f"{name}:{n}", value, False)
           for n, (key, value) in parse(package_text(name), name, 2)}
    if name in user:
        text, source = user[name]
        out.update({key: (f"{source}:{n}", value, True) for n, (key, value) in parse(text, source, 2)})
    return out


MONTHS, EVERYDAY, DAY_PARTS_TABLE = (
    "calendars/months.tsv", "calendars/everyday-words.tsv", "calendars/day-parts.tsv")
TABLES = (MONTHS, EVERYDAY, DAY_PARTS_TABLE)
"""The calendar tables, by their path under data/ (and under a workspace's wordlists/)."""


def build(user: UserTables | None = None, source: str = "package") -> Calendars:
    """The package's calendar tables, extended by a workspace's (`user`): a months row
    replaces that month's row (its spellings, the standard form first, and its spoken form);
    an everyday-words or day-parts row adds a word or replaces its row. Errors name the file
    and line: a month out of range, a month twice, a spelling given to two months, an
    everyday word that is no month's spelling, a day part with harakat."""
    user = user or {}
    table = _package_rows(package_text(MONTHS), MONTHS)
    if MONTHS in user:
        sizes = {f: sum(1 for r in table if r.family == f) for f in FAMILIES}
        replaced = _user_rows(*user[MONTHS], sizes)
        table = [replaced.get((r.family, r.number), r) for r in table]
    families, spoken, months = _index(table)
    ambiguous = set()
    for name, (where, _meaning, mine) in _merged(EVERYDAY, user).items():
        if fold(name) not in months:
            if MONTHS in user and not mine:
                continue  # a package word whose month the workspace spelt anew
            raise ConfigError(f"{where}: {name} is no spelling of {MONTHS}")
        ambiguous.add(fold(name))
    parts = {}
    for word, (where, said, _mine) in _merged(DAY_PARTS_TABLE, user).items():
        if bare(word) != word:
            raise ConfigError(f"{where}: {word}: write it without harakat (compared bare)")
        parts[word] = said
    hijri_gen = spoken[HIJRI]
    return Calendars(
        families, months, frozenset(ambiguous), spoken[GREGORIAN], hijri_gen,
        tuple(re.sub("^ذِي ", "ذُو ", name) for name in hijri_gen), parts, source)


PACKAGE = build()
"""The package's own calendar tables: what the finders read when no front end passes its own."""
# The package's tables by name (the standard spellings, the spoken forms of numeric dates).
GREGORIAN_MONTHS = tuple(f[0] for f in PACKAGE.families[GREGORIAN])
HIJRI_MONTHS = tuple(f[0] for f in PACKAGE.families[HIJRI])
GREGORIAN_SPOKEN = PACKAGE.gregorian_spoken
HIJRI_SPOKEN_GEN, HIJRI_SPOKEN = PACKAGE.hijri_spoken_gen, PACKAGE.hijri_spoken
DAY_PARTS = PACKAGE.day_parts
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


def _name_at(months: dict[str, MonthName], text: str,
             pos: int) -> tuple[MonthName, str, int] | None:
    one = _TOKEN.match(text, pos)
    if not one:
        return None
    two = _TOKEN.match(text, one.end())
    if two:
        phrase = f"{one.group(1)} {two.group(1)}"
        if fold(phrase) in months:
            return months[fold(phrase)], phrase, two.end()
    key = fold(one.group(1))
    if key in months:
        return months[key], one.group(1), one.end()
    return None


def month_at(text: str, pos: int, cal: Calendars | None = None) -> Month | None:
    """The month name after `pos` (spaces, an optional "من", 1 or 2 words), else None.

    A second name after a slash is the same month in another calendar (أيار/مايو): both are
    read, as newsreaders do. `cal`: the calendar tables in use (by default the package's).
    """
    cal = cal or PACKAGE
    first = _TOKEN.match(text, pos)
    if first and fold(first.group(1)) == "من":
        pos = first.end()
    found = _name_at(cal.months, text, pos)
    if not found:
        return None
    name, spoken, end = found
    slash = _DOUBLE_NAME.match(text, end)
    other = _name_at(cal.months, text, slash.end()) if slash else None
    if other and other[0].number == name.number and other[0].family != name.family:
        spoken, end = f"{spoken} {other[1]}", other[2]
    return Month(name, _genitive(spoken), end, fold(spoken.split(" ")[0]) in cal.ambiguous)


def month_before(before: list[str], cal: Calendars | None = None) -> bool:
    """The bare words before a number (nearest first) end with a month name."""
    if not before:
        return False
    cal = cal or PACKAGE
    if len(before) > 1 and fold(f"{before[1]} {before[0]}") in cal.months:
        return True
    key = fold(before[0])
    return key in cal.months and key not in cal.ambiguous


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
# (A digit right after it makes it a unit: 2000 م2 is square metres, not an era.)
_ERA = re.compile(rf"[ \t]?(?:(?P<bc>ق[ \t]?\.?[ \t]?م)|(?P<h>هـ|ه)|(?P<ad>م)){WORD_END}(?![0-9²³])")


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


_PART_TOKEN = re.compile(rf"[ \t]?([{_LETTERS}{_MARKS}]+){WORD_END}")


def day_part_at(text: str, pos: int, cal: Calendars | None = None) -> tuple[str, int] | None:
    """A part of the day after a time (ص، م، صباحًا، مساءً): its words and end, or None."""
    parts = (cal or PACKAGE).day_parts
    m = _PART_TOKEN.match(text, pos)
    if not m:
        return None
    word = m.group(1)
    # A one-letter abbreviation must be bare: مُ with a vowel starts a word.
    key = word if len(bare(word)) == 1 else bare(word)
    return (parts[key], m.end()) if key in parts else None
