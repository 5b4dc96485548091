"""The classes of numbers, one frozen record each: what classify.py found, parsed.

A token holds the number's parts (values as written, glued clitics, currency, unit, the
noun it counts, the part of the day after a time …) and `end`, where the text it takes
ends (after a counted noun or an era mark it read along). Nothing downstream reads the
regex groups again. `kind` is the class's name as `narrator script --explain` prints it.

The classes whose reading depends on what follows them carry what dates.py found there:
a numeric date (dates.NumericDate: its month, its era mark and a second year), a/b
(dates.Slashed: a date, a pair of years or a fraction, and whether a noun follows it), a
day of a month, a year, a range of days or years. No verbaliser reads the text. The plain
classes keep `lead`, the words before the number that it agrees with (its
ordinal noun, الساعة …), which may differ from the words right before it (القرنين 15 و16:
the second number agrees with القرنين).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from narrator.frontend import dates
from narrator.frontend.grammar import Counted


@dataclass(frozen=True, slots=True)
class Clitics:
    """What is glued before the digits: و/ف, then ب/ك/ل, then the article (بالـ، للـ، والـ)."""

    conj: str = ""
    prep: str = ""
    article: bool = False

    @property
    def glued(self) -> str:
        """The clitics said before the number words (the article is the words' own)."""
        return self.conj + self.prep


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    kind: ClassVar[str] = "cardinal"
    written: str
    """The number as written, its glued clitics included."""
    clitics: Clitics
    end: int
    """Where the text this reading takes ends."""
    dotted: bool = False
    """Written with a dot (2.0، 2.1.3): a label after a version noun (الإصدار)."""


# --- classes known from their shape alone ----------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Phone(Token):
    kind: ClassVar[str] = "phone"
    number: str
    """As written (+966 50 123 4567): read digit by digit, a pause between the groups."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Section(Token):
    kind: ClassVar[str] = "section"
    number: str
    """N.N.N (or N.N opening a heading line)."""
    heading: bool = False
    """N.N of a heading: its first part is nominative whatever governs it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Version(Section):
    kind: ClassVar[str] = "version"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dimensions(Token):
    kind: ClassVar[str] = "dimensions"
    first: str
    second: str
    noun: str
    """The word after it when it can be the noun counted (its gender), else ""."""
    unit: Counted | None
    """A counted noun after it (4×5 أمتار), counted by the second number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Date(Token):
    kind: ClassVar[str] = "date"
    date: dates.NumericDate
    """d/m/y or y-m-d: its parts, month, year phrase, or not a date (31/02)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Slash(Token):
    kind: ClassVar[str] = "fraction-or-date"
    slash: dates.Slashed
    """a/b as written and what it was taken for (a date, years, a fraction …)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Duration(Token):
    kind: ClassVar[str] = "duration"
    hours: int
    minutes: int
    seconds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Time(Token):
    kind: ClassVar[str] = "time"
    hour: int
    minute: int
    part: tuple[str, int] | None
    """The part of the day after it (ص، مساءً), spoken, and its end."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DayRange(Token):
    kind: ClassVar[str] = "range"
    days: dates.DayRange
    """10-15 مايو (days of a month) or عام 2024-2025 (years)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Range(Token):
    kind: ClassVar[str] = "range"
    first: str
    last: str
    """In full: 2012-14 is 2012-2014."""
    join: str
    """"and" after بين (A وB), "to" after من (A إلى B), else "from-to" (من A إلى B)."""
    percent: bool
    noun: str
    """The word after the pair when it is a noun (its gender), else ""."""
    unit: Counted | None
    """A unit abbreviation after it (3-5 كم), counted by the last number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Score(Token):
    kind: ClassVar[str] = "score"
    first: str
    last: str
    percent: bool
    noun: str
    """The word after the pair when it is a noun (its gender), else ""."""
    after_match_verb: bool
    """A verb of a match before it (فاز، خسر): the score is the verb's adverbial."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Money(Token):
    kind: ClassVar[str] = "money"
    amount: str
    currency: str
    scale: Counted | None
    """$5 مليار: a scale word after the amount; the currency comes after it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Percent(Token):
    kind: ClassVar[str] = "percent"
    number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Degrees(Token):
    kind: ClassVar[str] = "degrees"
    number: str
    mark: str
    """° with an optional scale letter (°C، ° م، °F)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Negative(Token):
    kind: ClassVar[str] = "negative"
    number: str
    degrees: str | None
    """-5°: the degree mark."""
    unit: Counted | None
    """-5 درجات: a counted noun after it."""
    percent: bool
    noun: str
    """The noun that decides the gender (after the number, or after a chain: بين -5 و10
    درجات), else ""."""


# --- numbers read from their neighbours ---------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Plain(Token):
    """A number without a shape of its own: its class comes from the words around it."""

    lead: tuple[str, ...] = ()
    """The words before it that it agrees with, nearest first (see the module docstring)."""
    whole: bool = True
    """A whole number (not 2.5): only a whole number is a year, a day, an ordinal …"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Year(Plain):
    kind: ClassVar[str] = "year"
    year: dates.Year


@dataclass(frozen=True, slots=True, kw_only=True)
class DayMonth(Plain):
    kind: ClassVar[str] = "day-month"
    day: dates.DayMonth


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockHour(Plain):
    kind: ClassVar[str] = "clock-hour"
    hour: int
    part: tuple[str, int] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Age(Plain):
    kind: ClassVar[str] = "age"
    value: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DefiniteCardinal(Plain):
    kind: ClassVar[str] = "definite-cardinal"
    value: int
    noun: str
    """The counted noun after it (خلال الـ 72 ساعة), left as written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ordinal(Plain):
    kind: ClassVar[str] = "ordinal"
    value: int
    noun: str
    """The noun it agrees with (المرتبة، القرن; الدوائر in الدوائر الانتخابية الـ 33)."""
    head: int
    """Where that noun stands in `lead`."""
    plural: bool
    """الدول الـ5: after a plural noun الـ N is a definite cardinal, not an ordinal."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CountedNumber(Plain):
    kind: ClassVar[str] = "counted"
    number: str
    noun: Counted
    """The noun it counts, which takes the form the number governs (3 دولارات، 11 دولارا)."""
    before_noun: bool
    """مليار عملية: a scale word before its own counted noun is in construct."""
    power: str | None
    """40 كم²: ² or ³ after a unit (مربع، مكعب)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decimal(Plain):
    kind: ClassVar[str] = "decimal"
    number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Label(Plain):
    kind: ClassVar[str] = "label"
    value: int
    """القانون رقم 18: a label, masculine."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Cardinal(Plain):
    kind: ClassVar[str] = "cardinal"
    value: int
    noun: str
    """The bare word after it ("" none)."""
    chain_noun: str | None
    """بين 5 و10 دول: the noun after the last number of a chain ("" none); None: no chain."""
    form: str
    """How the noun after it is read with it: "plain" (the noun stays as written, after
    the number), "noun" (1 نقطة -> نقطة واحدة، 2 نقطة -> نقطتان: the noun carries the
    number) or "tamyiz" (15 عام -> خمسة عشر عاما)."""
