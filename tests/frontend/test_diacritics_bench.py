"""The diacritics benchmark's scorer, narrator on a sample of its dev set, and the stem vote."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import diacritics as bench  # noqa: E402

from narrator.frontend.stem_vote import choose, stem_counts, stem_frequency  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "diacritics" / "wikinews2014-sample.diac"


def test_the_reference_scores_itself_perfectly_and_bare_text_scores_zero():
    ref = bench.read_reference(SAMPLE)[:5]
    right = bench.Score()
    bare = bench.Score()
    for tokens in ref:
        right.add(bench.score_line(tokens, " ".join(forms[-1] for forms in tokens)))
        bare.add(bench.score_line(tokens, bench.bare_line(tokens)))
    assert right.words > 100 and right.wrong == 0 and right.wrong_letters == 0
    assert bare.wrong > 0.9 * bare.words  # a few words carry only marks the scorer drops (فِي)


def test_a_helping_vowel_before_wasl_is_right_where_the_reference_writes_sukun():
    tokens = [["مِنْ"], ["الْمُحَاضَرَاتِ"]]
    assert bench.score_line(tokens, "مِنَ الْمُحَاضَرَاتِ").wrong == 0
    assert bench.score_line(tokens, "مَنَ الْمُحَاضَرَاتِ").wrong == 1


def test_only_the_last_letter_is_left_out_without_case():
    s = bench.score_line([["الرَّسْمِيَّةُ"]], "الرَّسْمِيَّةِ")
    assert (s.wrong, s.wrong_no_case, s.kinds["case"]) == (1, 0, 1)
    s = bench.score_line([["الرَّسْمِيَّةُ"]], "الرُّسْمِيَّةُ")
    assert (s.wrong, s.wrong_no_case, s.kinds["internal"]) == (1, 1, 1)


@pytest.mark.slow
def test_narrator_on_the_dev_sample_stays_at_its_measured_error_rate():
    # Measured 10.4 % WER / 4.3 % without case endings on these 30 lines (bench/READING.md).
    score, _, _ = bench.score_file(SAMPLE, "narrator")
    assert score.words > 900
    assert score.pct(score.wrong) <= 11.5
    assert score.pct(score.wrong_no_case) <= 5.0


def test_the_more_frequent_stem_wins_where_the_models_disagree_on_inner_vowels():
    # الصِّحافة (the press) is the standard word; الصَّحافة is rare in MSA text.
    assert choose("الصَّحَافَةِ", "الصِّحَافَةِ") == "الصِّحَافَةِ"
    # ... and the case ending stays the main model's.
    assert choose("الصَّحَافَةُ", "الصِّحَافَةِ") == "الصِّحَافَةُ"


def test_no_swap_when_the_main_reading_is_common_or_the_stem_unknown():
    assert choose("كَتَبَ", "كُتِبَ") == "كَتَبَ"  # both common: the main model's reading stays
    assert choose("سْتَالِينَ", "سِتَالِينَ") == "سْتَالِينَ"  # a name the table does not know
    assert choose("كَتَبَ", "كَتَبُوا") == "كَتَبَ"  # other letters: not the same word


def test_the_articles_shadda_is_not_part_of_the_stem():
    table = stem_counts()
    assert stem_frequency("الصِّحَافَةِ", table) == stem_frequency("صِحَافَةِ", table) > 0


def test_li_with_the_article_is_peeled_like_the_article():
    table = stem_counts()
    # لِلْمُؤْتَمَرِ is لِ + الْمُؤْتَمَر with the article's alif not written.
    assert stem_frequency("لِلْمُؤْتَمَرِ", table) == stem_frequency("الْمُؤْتَمَرِ", table) > 0
