"""Number words written fully vowelled (issue 10, item 1): every letter that needs a mark has
one, and vowelled reading is stable. The expected forms, from MSA grammar, are golden rows
(tests/golden/numwords-*-vowelled.tsv)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.frontend.numbers import verbalise
from narrator.frontend.numwords import cardinal, ordinal

DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
FATHA, DAMMA, KASRA, SHADDA = "\u064e", "\u064f", "\u0650", "\u0651"


# The vowelled cardinal and ordinal tables are golden rows: tests/golden/
# numwords-cardinal-vowelled.tsv and numwords-ordinal-vowelled.tsv (test_golden.py).


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


# --- the case table: golden rows, tests/golden/case-after.tsv (test_golden.py) ---------


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
