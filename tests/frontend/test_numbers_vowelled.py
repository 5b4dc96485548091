"""Number words written fully vowelled (issue 10, item 1): every letter that needs a mark has
one, and vowelled reading is stable. The expected forms, from MSA grammar, are golden rows
(tests/golden/numwords-*-vowelled.tsv)."""

from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_checks import DIGITS, unmarked
from narrator.frontend.numbers import verbalise
from narrator.frontend.numwords import cardinal, ordinal



# The vowelled cardinal and ordinal tables are golden rows: tests/golden/
# numwords-cardinal-vowelled.tsv and numwords-ordinal-vowelled.tsv (test_golden.py).


# --- every letter that needs a mark carries one --------------------------------------



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
