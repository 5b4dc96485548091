"""Dates, calendars, years and fractions (frontend/dates.py, frontend/calendars.py).

Expected readings come from MSA grammar; number words are compared on bare letters
(strip_marks), since numwords.py may add vowel marks to them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_checks import DIGITS, unmarked
from narrator.frontend import calendars
from narrator.frontend.calendars import (
    COPTIC, GREGORIAN, HIJRI, LEVANTINE, MAGHREBI, day_part_at, days_in, era_at, fold, month_at)
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.numbers import verbalise



def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def said(text: str) -> str:
    return " ".join(strip_marks(verbalise(text)).split())


# --- month names -----------------------------------------------------------------------

ALL_SPELLINGS = [
    (family, number, spelling)
    for family, months in calendars.PACKAGE.families.items()
    for number, spellings in enumerate(months, 1)
    for spelling in spellings
]


@pytest.mark.parametrize("family, number, spelling", ALL_SPELLINGS,
                         ids=[s for _, _, s in ALL_SPELLINGS])
def test_every_month_spelling_is_found_after_a_day(family, number, spelling):
    month = month_at(f"3 {spelling} 2024", 1)
    assert month is not None
    assert month.name.number == number
    # Months that two families share (مارس) keep the family listed first.
    assert month.name.family == family or fold(spelling) in {
        fold(s) for f in calendars.PACKAGE.families.values() for s in f[number - 1] if f is not
        calendars.PACKAGE.families[family]}


@pytest.mark.parametrize("family, number, spelling", ALL_SPELLINGS,
                         ids=[s for _, _, s in ALL_SPELLINGS])
def test_a_day_before_any_month_is_an_ordinal_in_the_genitive(family, number, spelling):
    spoken = "ذي " + spelling.split(" ", 1)[1] if spelling.split(" ")[0] in ("ذو", "ذا") else spelling
    assert said(f"في 3 {spelling} عاد الوفد") == f"في الثالث من {spoken} عاد الوفد"
    if days_in(month_at(f"1 {spelling}", 1).name) > 23:  # not نسيء (5 or 6 days)
        assert said(f"في 23 {spelling}") == f"في الثالث والعشرين من {spoken}"


@pytest.mark.parametrize("written, spoken", [
    ("أبريل", "أبريل"), ("إبريل", "إبريل"), ("ابريل", "ابريل"), ("طوبه", "طوبه"),
    ("بئونة", "بئونة"), ("ذي الحجة", "ذي الحجة"), ("ذو الحجة", "ذي الحجة"),
    ("ذا القعدة", "ذي القعدة"), ("ربيع أول", "ربيع أول"), ("ربيع الاول", "ربيع الاول"),
    ("جمادى الأول", "جمادى الأول"), ("مَايُو", "مَايُو"),
])
def test_spelling_variants_are_read_as_written_with_the_genitive_of_dhu(written, spoken):
    month = month_at(f"5 {written}", 1)
    assert month is not None and month.spoken == spoken


def test_families_hold_twelve_months_and_coptic_thirteen():
    sizes = {family: len(months) for family, months in calendars.PACKAGE.families.items()}
    assert sizes == {GREGORIAN: 12, LEVANTINE: 12, MAGHREBI: 12, HIJRI: 12, COPTIC: 13}


def test_a_month_word_inside_another_word_is_not_a_month():
    assert month_at("5 مايوه", 1) is None          # a longer word
    assert month_at("5 مارسوا الرياضة", 1) is None
    assert month_at("5 من الطلاب", 1) is None      # "من" only before a month name


def test_ambiguous_month_words_need_a_date_context():
    assert said("النتيجة 3 صفر") == "النتيجة ثلاثة صفر"
    assert said("في 3 صفر 1446 هـ") == "في الثالث من صفر عام ألف وأربعمئة وستة وأربعين للهجرة"
    assert said("في 3 توت") == "في الثالث من توت"


@pytest.mark.parametrize("name, year, days", [
    ("فبراير", 2023, 28), ("فبراير", 2024, 29), ("فبراير", 1900, 28), ("فبراير", 2000, 29),
    ("أبريل", None, 30), ("ديسمبر", None, 31), ("شباط", None, 29), ("رمضان", None, 30),
    ("توت", None, 30), ("نسيء", None, 6),
])
def test_days_in_a_month(name, year, days):
    assert days_in(month_at(f"1 {name}", 1).name, year) == days


# --- era marks and parts of the day ---------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("1445 هـ", "للهجرة"), ("1445هـ.", "للهجرة"), ("1445 ه،", "للهجرة"), ("2022م", "للميلاد"),
    ("2022 م.", "للميلاد"), ("500 ق.م", "قبل الميلاد"), ("500 ق م", "قبل الميلاد"),
])
def test_an_era_mark_standing_alone_is_found(text, words):
    era = era_at(text, 4 if text[3].isdigit() else 3)
    assert era is not None and era.words == words


@pytest.mark.parametrize("after", [
    " مُشاهدة", " مشاهدة", " مَشروع", " مِنطقة", " مً", " هاتف", " هَاتف", " هِلال", " هـذا",
    "مليون",
    " م2",  # square metres (it was read "عام ألفين للميلاداثنان")
])
def test_the_first_letter_of_a_word_is_never_an_era_mark(after):
    assert era_at("2000" + after, 4) is None


@pytest.mark.parametrize("text, expected", [
    ("5 م", ("مَسَاءً", 3)), ("5 ص", ("صَبَاحًا", 3)), ("5 صباحًا", ("صَبَاحًا", 8)),
    ("5 مساءً", ("مَسَاءً", 7)), ("5 مُساعد", None), ("5 صَ", None),
])
def test_day_parts(text, expected):
    assert day_part_at(text, 1) == expected


# --- days: ordinals, case, ranges -----------------------------------------------------


def test_a_range_of_days_that_no_month_follows_is_a_plain_range():
    assert said("من 10 إلى 15 يوما") == "من عشرة إلى خمسة عشر يوما"
    assert said("3-5 أيام") == "من ثلاثة إلى خمسة أيام"


# --- invalid dates ---------------------------------------------------------------------

MONTH_WORDS = re.compile(" من (?:" + "|".join(calendars.GREGORIAN_MONTHS + calendars.HIJRI_MONTHS) + ")")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 45), st.integers(0, 15), st.integers(1900, 2100))
def test_only_possible_dates_are_read_as_dates(day, month, year):
    out = said(f"في {day}/{month}/{year} حدث ذلك")
    valid = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    assert not DIGITS.search(out)
    if valid:
        assert f" من {calendars.GREGORIAN_MONTHS[month - 1]} عام " in out
    else:
        assert not MONTH_WORDS.search(out), out
        assert " على " in out


@pytest.mark.parametrize("text", ["31/02/2023", "45/13/2020", "30/2/2024", "31/4/2024",
                                  "يوم 31/02", "يوم 31/4", "يوم 12/13", "في 30 فبراير",
                                  "في 31 أبريل", "في 7 نسيء", "2024-02-30"])
def test_impossible_days_and_months_are_never_dates(text):
    out = said(text)
    assert not DIGITS.search(out)
    assert not re.search(r"\bمن (فبراير|أبريل|يناير|ديسمبر|نسيء)", out), out
    assert not out.startswith(("ال", "في ال", "يوم ال")), out


# --- years -----------------------------------------------------------------------------

# A Hijri year with its Gregorian year: golden rows at the end of
# tests/golden/dates-verbalise.tsv (test_golden.py).


# --- fractions -------------------------------------------------------------------------

# The fraction words alone are golden rows: tests/golden/fraction-words.tsv (test_golden.py).


# --- properties ------------------------------------------------------------------------

_PIECES = st.one_of(
    st.sampled_from(["في", "من", "إلى", "و", "بين", "يوم", "عام", "هـ", "ه", "م", "ق.م", "صفر",
                     "مايو", "أيار", "ذو الحجة", "ربيع أول", "جانفي", "توت", "مُشاهدة", "بنسبة",
                     "الأعضاء", "موسم", "رقم", "الساعة", "مساءً"]),
    st.text(alphabet="0123456789", min_size=1, max_size=4),
    st.sampled_from(list(" /-–.:،")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map(" ".join))
def test_no_digit_survives_and_words_without_digits_keep_their_letters(text):
    out = verbalise(text)
    assert not DIGITS.search(out), out
    # Every Arabic word not right after a number (a counted noun may change: 2 مشاهدة ->
    # مشاهدتان) is still there, letter for letter (a date only turns ذو into ذي).
    tokens = text.split()
    kept = [w for prev, w in zip([""] + tokens, tokens, strict=False)
            if re.fullmatch(r"[\u0621-\u064a\u064b-\u0652]+", w) and not DIGITS.search(prev)
            and w not in ("ذو", "هـ", "ه", "م")]
    for word in kept:
        assert word in out or strip_marks(word) in strip_marks(out), (word, out)


# --- date words are fully vowelled, like the number words (issue 10, item 3) -------------
# Expected forms written from MSA grammar: the day ordinal in the case of its context, the
# added عام an adverb of time (accusative), the years genitive after it.


@pytest.mark.parametrize("text", [
    "وُلد في 3 كانون الثاني 1924 في دمشق.", "في 12 ربيع الأول 1320 هـ.",
    "صدر القرار في 17/5/2024.", "من 28 فبراير إلى 3 مارس 2024.", "في 05/2024 تغير السعر.",
    "بني المسجد عام 622 م.", "فاز بلقب موسم 2024/2025.", "في الساعة 9:45 مساء.",
    "في الساعة 1:10 ظهرا.", "القانون رقم 13/2020.", "في 11/1445 هـ.", "ربع 1/4 الكعكة",
    "بنيت المدينة عام 330 ق.م.", "بين 10 و15 مايو.", "في 1 توت.",
])
def test_every_word_a_date_adds_is_fully_vowelled(text):
    """Words that are not in the input (the reading's own words) carry every mark they need;
    month names are read as written."""
    source = set(text.replace(".", " ").split())
    for word in verbalise(text, vowelled=True).replace(".", " ").replace("،", " ").split():
        if word not in source and not DIGITS.search(word):
            assert not unmarked(word), (text, word)
