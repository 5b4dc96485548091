"""Month names of the calendars used in Arabic text, era marks and day parts, found in text.

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

from narrator.frontend.arabic import LETTERS_ONLY, MARKS, TATWEEL, bare

GREGORIAN = "gregorian"
LEVANTINE = "levantine"
MAGHREBI = "maghrebi"
HIJRI = "hijri"
COPTIC = "coptic"

# Month number -> spellings; the first is the standard form, the others common variants.
# (Folded keys make hamza and ta marbuta variants implicit: only real variants are listed.)
_FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {
    GREGORIAN: (("يناير",), ("فبراير",), ("مارس",), ("أبريل",), ("مايو",), ("يونيو", "يونيه"),
                ("يوليو", "يوليه"), ("أغسطس",), ("سبتمبر",), ("أكتوبر",), ("نوفمبر",),
                ("ديسمبر",)),
    LEVANTINE: (("كانون الثاني",), ("شباط",), ("آذار",), ("نيسان",), ("أيار",), ("حزيران",),
                ("تموز",), ("آب",), ("أيلول",), ("تشرين الأول",), ("تشرين الثاني",),
                ("كانون الأول",)),
    # Algeria/Tunisia (French names), then Morocco's own spellings.
    MAGHREBI: (("جانفي",), ("فيفري",), ("مارس",), ("أفريل",), ("ماي",), ("جوان",),
               ("جويلية", "يوليوز"), ("أوت", "غشت"), ("سبتمبر", "شتنبر"), ("أكتوبر",),
               ("نوفمبر", "نونبر"), ("ديسمبر", "دجنبر")),
    HIJRI: (("محرم", "المحرم"), ("صفر",), ("ربيع الأول", "ربيع أول"),
            ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني"),
            ("جمادى الأولى", "جمادى الأول", "جمادي الأولى", "جمادي الأول"),
            ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادي الآخرة",
             "جمادي الثانية"),
            ("رجب",), ("شعبان",), ("رمضان",), ("شوال",),
            ("ذو القعدة", "ذي القعدة", "ذا القعدة"), ("ذو الحجة", "ذي الحجة", "ذا الحجة")),
    COPTIC: (("توت",), ("بابه",), ("هاتور", "هتور"), ("كيهك", "كياك"), ("طوبة",),
             ("أمشير",), ("برمهات",), ("برمودة",), ("بشنس",), ("بؤونة", "بئونة", "بؤنة"),
             ("أبيب",), ("مسرى",), ("نسيء", "النسيء")),
}
# Month names that are also everyday words (صفر zero, توت mulberries, بابه his door, مسرى a
# night journey): a date only with a year after them or a date word or preposition before.
AMBIGUOUS = frozenset(("صفر", "توت", "بابه", "مسري"))

# Spoken month names for numeric dates (d/m/y): the Egyptian/Gulf and the Hijri standard forms.
GREGORIAN_MONTHS = tuple(f[0] for f in _FAMILIES[GREGORIAN])
HIJRI_MONTHS = tuple(f[0] for f in _FAMILIES[HIJRI])
# The same names fully vowelled as numeric dates speak them (after من or في: genitive; the
# Gregorian names and شعبان/رمضان are diptotes, genitive in fatha).
GREGORIAN_SPOKEN = (
    "يَنَايِرَ", "فِبْرَايِرَ", "مَارِسَ", "أَبْرِيلَ", "مَايُو", "يُونْيُو", "يُولْيُو", "أُغُسْطُسَ",
    "سِبْتَمْبِرَ", "أُكْتُوبَرَ", "نُوفَمْبِرَ", "دِيسَمْبِرَ")
HIJRI_SPOKEN_GEN = (
    "مُحَرَّمٍ", "صَفَرٍ", "رَبِيعٍ الْأَوَّلِ", "رَبِيعٍ الْآخِرِ", "جُمَادَى الْأُولَى",
    "جُمَادَى الْآخِرَةِ", "رَجَبٍ", "شَعْبَانَ", "رَمَضَانَ", "شَوَّالٍ", "ذِي الْقَعْدَةِ",
    "ذِي الْحِجَّةِ")
HIJRI_SPOKEN = HIJRI_SPOKEN_GEN[:10] + ("ذُو الْقَعْدَةِ", "ذُو الْحِجَّةِ")

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def fold(words: str) -> str:
    """The comparison key of a word or phrase: bare letters, one spelling per sound."""
    return " ".join(bare(words).translate(_FOLD).split())


@dataclass(frozen=True, slots=True)
class MonthName:
    family: str
    number: int
    """1..12 (13 for the Coptic نسيء)."""


_MONTHS: dict[str, MonthName] = {}
# Gregorian and Maghrebi share مارس، سبتمبر، أكتوبر …: the first family listed keeps the key.
for _family, _months in _FAMILIES.items():
    for _n, _spellings in enumerate(_months, 1):
        for _spelling in _spellings:
            _MONTHS.setdefault(fold(_spelling), MonthName(_family, _n))

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


# Spoken forms are fully vowelled (adverbs of time, accusative), like the number words.
_MORNING, _EVENING = "صَبَاحًا", "مَسَاءً"
DAY_PARTS = {"ص": _MORNING, "م": _EVENING, "صباحا": _MORNING, "مساء": _EVENING,
             "مساءا": _EVENING, "ظهرا": "ظُهْرًا", "ليلا": "لَيْلًا", "فجرا": "فَجْرًا",
             "عصرا": "عَصْرًا"}
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
