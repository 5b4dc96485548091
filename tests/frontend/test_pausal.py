"""Pausal forms (waqf): what espeak-ng hears before a pause, checked with its own phonemes."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.coqui import BARE_AR
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.render import render
from narrator.frontend.waqf import pausal, pausal_word

phonemes = pytest.importorskip("narrator.voices.espeak.library").phonemes

SUKUN, SHADDA = "\u0652", "\u0651"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("كِتَابٌ", "كِتَابْ"),  # tanwin damm
        ("كِتَابٍ", "كِتَابْ"),  # tanwin kasr
        ("يَكْتُبُ", "يَكْتُبْ"),  # a verb's final vowel
        ("كِتَابًا", "كِتَابَا"),  # tanwin fath + alif -> long a
        ("نَادِراً", "نَادِرَا"),  # the same, tanwin written on the alif
        ("مَعْنًى", "مَعْنَى"),  # tanwin on alif maqsura
        ("مَدْرَسَةٌ", "مَدْرَسَهْ"),  # ta marbuta -> h
        ("مَرَّةً", "مَرَّهْ"),
        ("حَقٌّ", "حَقّ"),  # a doubled final letter keeps its shadda, no vowel
        ("سَمَاءٌ", "سَمَاءْ"),
        ("عَلَى", "عَلَى"),  # long vowels are untouched
        ("فِي", "فِي"),
        ("قَالُوا", "قَالُوا"),
        ("مِنْ", "مِنْ"),  # already pausal
        ("بكين", "بكين"),  # no marks: nothing to drop
    ],
)
def test_pausal_word(word, expected):
    assert pausal_word(word) == expected


def test_every_pause_mark_and_the_end_make_a_pause():
    text = "قَالَ الرَّئِيسُ: الوَضْعُ صَعْبٌ، وَالحَلُّ مُمْكِنٌ؛ هَلْ نَبْدَأُ؟ نَعَمْ نَبْدَأُ"
    assert pausal(text) == (
        "قَالَ الرَّئِيسْ: الوَضْعُ صَعْبْ، وَالحَلُّ مُمْكِنْ؛ هَلْ نَبْدَأْ؟ نَعَمْ نَبْدَأْ"
    )


def test_closing_quotes_do_not_hide_the_pause_and_inner_words_keep_their_case():
    assert pausal("قَالَ «نَعَمْ يَا صَدِيقِي العَزِيزُ».") == "قَالَ «نَعَمْ يَا صَدِيقِي العَزِيزْ»."
    # جِدًّا: tanwin fath and shadda on the د; the shadda stays and the vowel is a plain fatha.
    assert pausal("فِي بَيْتٍ كَبِيرٍ جِد\u064b\u0651ا") == "فِي بَيْتٍ كَبِيرٍ جِد" + SHADDA + "\u064eا"


def test_latin_word_at_the_end_is_left_alone():
    assert pausal("اسْتَخْدَمَ نِظَامَ Linux.") == "اسْتَخْدَمَ نِظَامَ Linux."


@pytest.mark.parametrize(
    ("vowelled", "full_ending", "pausal_ending"),
    [
        ("قَرَأْتُ كِتَابًا.", "aːban", "aːbaː"),
        ("زُرْتُ المَدْرَسَةَ.", "sata", "sah"),
        ("هَذَا بَيْتٌ.", "aitun", "ait"),
        ("فِي السَّمَاءِ.", "aːʔi", "aːʔ"),
    ],
)
def test_espeak_reads_the_pausal_form(vowelled, full_ending, pausal_ending):
    """espeak-ng voices every written ending; after render the last word ends the way a
    newsreader says it."""
    full = "".join(c for c in phonemes(vowelled) if c not in "ˈˌ")
    spoken = "".join(c for c in phonemes(render(vowelled, ESPEAK_AR)) if c not in "ˈˌ")
    assert full.endswith(full_ending), full
    assert spoken.endswith(pausal_ending), spoken


def test_bare_voice_has_no_pausal_step():
    # MMS-style voices read bare letters and get the text as written.
    assert BARE_AR.pausal is False and ESPEAK_AR.pausal is True
    assert render("فِي مَدْرَسَةٍ.", BARE_AR) == "في مدرسة"


_MARKS = ["\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", ""]
_LETTER = st.sampled_from(list("بتجدرسعقلمنهويىاةء"))
_WORD = st.lists(st.tuples(_LETTER, st.sampled_from(_MARKS)), min_size=1, max_size=6).map(
    lambda pairs: "".join(c + m for c, m in pairs)
)
_TEXT = st.lists(st.one_of(_WORD, st.sampled_from(["،", ".", "؟", ":", "؛", "«", "»", "Linux"])), max_size=12).map(" ".join)


@given(_TEXT)
@settings(max_examples=int(os.environ.get("NARRATOR_PROP_EXAMPLES", "300")), deadline=None)
def test_pausal_is_idempotent_and_changes_only_word_endings(text):
    once = pausal(text)
    assert pausal(once) == once
    before, after = text.split(" "), once.split(" ")
    assert len(before) == len(after)
    for a, b in zip(before, after):
        if a != b:  # only a final ة becomes ه; no other letter changes
            bare_a, bare_b = strip_marks(a), strip_marks(b)
            assert bare_a == bare_b or (bare_a[-1] == "ة" and bare_b == bare_a[:-1] + "ه"), (a, b)
            assert b[-1] not in "\u064b\u064c\u064d\u064e\u064f\u0650", b  # no case ending left


_GLIDE_LETTER = st.sampled_from(list("بتدرسقلمنيوةا"))
_GLIDE_WORD = st.lists(st.tuples(_GLIDE_LETTER, st.sampled_from(_MARKS + ["\u0651\u064e", "\u064e\u0651", "\u0650\u0651"])), min_size=1, max_size=7).map(
    lambda pairs: "".join(c + m for c, m in pairs)
)


@given(st.lists(st.one_of(_GLIDE_WORD, st.sampled_from(["،", ".", "؟"])), max_size=10).map(" ".join))
@settings(max_examples=int(os.environ.get("NARRATOR_PROP_EXAMPLES", "300")), deadline=None)
def test_espeak_render_is_idempotent(text):
    """What espeak receives is a fixed point: rendering it again changes nothing (so a
    chunk end can be made pausal after the sentence was rendered)."""
    once = render(text, ESPEAK_AR)
    assert render(once, ESPEAK_AR) == once


def test_render_is_idempotent_where_the_nisba_spelling_meets_a_bare_alif():
    # Found by the property above: split_nisba's يَ is a vowel before the alif that follows.
    once = render("بَيّاَبً", ESPEAK_AR)
    assert render(once, ESPEAK_AR) == once
