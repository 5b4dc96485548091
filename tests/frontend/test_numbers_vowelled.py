"""Number words written fully vowelled (issue 10, item 1): expected forms from MSA grammar.

Compared after NFC on both sides, so only the marks matter, not the order in which the
shadda and its vowel are stored.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.frontend.case_rules import case_after
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.numbers import verbalise
from narrator.frontend.numwords import cardinal, ordinal

DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
FATHA, DAMMA, KASRA, SHADDA = "\u064e", "\u064f", "\u0650", "\u0651"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("n, gender, case, construct, expected", [
    (3, "m", "nom", True, "ثَلَاثَةُ"),            # ثَلَاثَةُ أَيَّامٍ
    (3, "m", "nom", False, "ثَلَاثَةٌ"),
    (3, "f", "acc", False, "ثَلَاثًا"),
    (2, "m", "gen", False, "اثْنَيْنِ"),
    (12, "f", "nom", False, "اثْنَتَا عَشْرَةَ"),
    (11, "m", "gen", False, "أَحَدَ عَشَرَ"),        # built: no case ending
    (13, "f", "nom", False, "ثَلَاثَ عَشْرَةَ"),
    (18, "m", "gen", False, "ثَمَانِيَةَ عَشَرَ"),
    (20, "m", "acc", False, "عِشْرِينَ"),
    (25, "m", "nom", False, "خَمْسَةٌ وَعِشْرُونَ"),
    (24, "m", "acc", False, "أَرْبَعَةً وَعِشْرِينَ"),
    (21, "f", "gen", False, "إِحْدَى وَعِشْرِينَ"),
    (100, "m", "gen", True, "مِئَةِ"),
    (200, "m", "nom", True, "مِئَتَا"),
    (300, "m", "nom", False, "ثَلَاثُمِئَةٍ"),
    (300, "m", "gen", False, "ثَلَاثِمِئَةٍ"),
    (800, "m", "nom", False, "ثَمَانِمِئَةٍ"),
    (1000, "m", "acc", False, "أَلْفًا"),
    (1000, "m", "nom", True, "أَلْفُ"),              # أَلْفُ دُولَارٍ, not أَلْفًا دُولَارٍ
    (2000, "f", "nom", True, "أَلْفَا"),             # وَأَلْفَا امْرَأَةٍ
    (2000, "m", "gen", False, "أَلْفَيْنِ"),
    (3000, "m", "nom", False, "ثَلَاثَةُ آلَافٍ"),
    (11000, "m", "nom", False, "أَحَدَ عَشَرَ أَلْفًا"),
    (1200, "f", "acc", True, "أَلْفًا وَمِئَتَيْ"),    # أَلْفًا وَمِئَتَيْ مَرَّةٍ
    (5_000_000, "m", "nom", False, "خَمْسَةُ مَلَايِينَ"),  # a diptote plural: no tanween
    (5_000_000, "m", "gen", False, "خَمْسَةِ مَلَايِينَ"),
    (2022, "m", "gen", False, "أَلْفَيْنِ وَاثْنَيْنِ وَعِشْرِينَ"),
    (241_000_000, "m", "nom", True, "مِئَتَانِ وَوَاحِدٌ وَأَرْبَعُونَ مِلْيُونَ"),
])
def test_cardinal_vowelled(n, gender, case, construct, expected):
    got = cardinal(n, gender, case, construct, marks=True)
    assert nfc(got) == nfc(expected)
    assert strip_marks(got) == cardinal(n, gender, case, construct)


@pytest.mark.parametrize("n, gender, case, expected", [
    (1, "m", "nom", "الْأَوَّلُ"),
    (1, "f", "gen", "الْأُولَى"),
    (3, "f", "gen", "الثَّالِثَةِ"),
    (5, "m", "acc", "الْخَامِسَ"),
    (2, "m", "acc", "الثَّانِيَ"),
    (2, "m", "gen", "الثَّانِي"),
    (11, "m", "gen", "الْحَادِيَ عَشَرَ"),          # built on fatha, both parts
    (12, "f", "nom", "الثَّانِيَةَ عَشْرَةَ"),
    (21, "m", "gen", "الْحَادِي وَالْعِشْرِينَ"),
    (63, "f", "gen", "الثَّالِثَةِ وَالسِّتِّينَ"),
    (100, "m", "gen", "الْمِئَةِ"),
])
def test_ordinal_vowelled(n, gender, case, expected):
    assert nfc(ordinal(n, gender, True, case, marks=True)) == nfc(expected)


# --- every letter that needs a mark carries one --------------------------------------

_MARK = re.compile("[\u064b-\u0652]")


def unmarked(word: str) -> list[str]:
    """Letters of a vowelled number word that need a mark and have none: everything but
    alif/alif maqsura/madda, و and ي after their own long vowel, and the article's lam
    before a doubled sun letter."""
    clusters: list[tuple[str, str]] = []
    for c in word:
        if _MARK.match(c) and clusters:
            clusters[-1] = (clusters[-1][0], clusters[-1][1] + c)
        else:
            clusters.append((c, ""))
    missing = []
    for i, (c, marks) in enumerate(clusters):
        prev = clusters[i - 1][1] if i else ""
        nxt = clusters[i + 1][1] if i + 1 < len(clusters) else ""
        if marks or c in "اىآ":
            continue
        if (c == "و" and DAMMA in prev) or (c == "ي" and KASRA in prev):
            continue
        if c == "ل" and i and clusters[i - 1][0] == "ا" and SHADDA in nxt:
            continue
        missing.append(c)
    return missing


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), st.sampled_from("mf"), st.sampled_from(["nom", "acc", "gen"]),
       st.booleans())
def test_cardinal_words_are_fully_vowelled(n, gender, case, construct):
    words = cardinal(n, gender, case, construct, marks=True)
    for word in words.split():
        assert not unmarked(word), (n, words, word)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.sampled_from("mf"), st.sampled_from(["nom", "acc", "gen"]))
def test_ordinal_words_are_fully_vowelled(n, gender, case):
    words = ordinal(n, gender, True, case, marks=True)
    for word in words.split():
        assert not unmarked(word), (n, words, word)


def test_the_checker_finds_a_missing_mark():
    assert unmarked("ثَلَاثَة") == ["ة"]
    assert unmarked("الثَّالِثَةِ") == []


# --- the case table --------------------------------------------------------------------

@pytest.mark.parametrize("before, expected", [
    (["يشهد"], "acc"), (["ويشهد"], "acc"), (["النظام", "يشهد"], "acc"),
    (["القتلى", "عدد", "بلغ"], "acc"), (["إن"], "acc"), (["بأن"], "acc"), (["فإن"], "acc"),
    (["لأن"], "acc"), (["لكن"], "acc"), (["السكان", "عدد", "كان"], "acc"),
    (["عددهم", "ليس"], "acc"), (["كان"], "nom"), (["قتل"], "nom"), (["الجيش", "قتل"], "acc"),
    (["كل"], "gen"), (["بعض"], "gen"), (["نحو"], "gen"), (["حوالي"], "gen"), (["قرابة"], "gen"),
    (["زهاء"], "gen"), (["بعد"], "gen"), (["قبل"], "gen"), (["خلال"], "gen"), (["منذ"], "gen"),
    (["حتى"], "gen"), (["و", "من"], "gen"), (["وصل"], "nom"), ([], "nom"),
    (["الهجوم", "في", "قتل"], "nom"),  # a preposition is not the verb's subject
])
def test_case_after(before, expected):
    assert case_after(before) == expected


# --- properties ------------------------------------------------------------------------

_WORDS = ["من", "في", "عام", "نقطة", "دول", "أيام", "الـ", "بـ", "بـ ", "لـ ", "الـ ", "و", "و-",
          "هـ", "م", "كم", "مرة", "مليار", "ألف", "مليون", "القرن", "المرتبة", "يشهد", "إن",
          "كان", "عدد", "+", "00", "\n", "مقدمة", "دولار", "امرأة"]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=12),
    st.sampled_from(list(" .،,-%$ـ")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), st.booleans())
def test_no_digit_survives_and_verbalise_is_idempotent(text, vowelled):
    once = verbalise(text, vowelled)
    assert not DIGITS.search(once), once
    assert verbalise(once, vowelled) == once
