"""Latin and mixed text inside Arabic (issue 10 item 9), checked on espeak's own phonemes
where the claim is about what espeak says."""

from __future__ import annotations

import re

import pytest

from narrator.frontend import Stage, make_frontend
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.coqui import BARE_AR
from narrator.frontend.latin import english_number, speak_latin, speak_mixed
from narrator.frontend.normalise import clean
from narrator.voices.espeak.library import phonemes

ESPEAK = make_frontend(ESPEAK_AR, diacritise=False)
BARE = make_frontend(BARE_AR, diacritise=False)


def words(text: str, frontend=ESPEAK) -> str:
    return frontend.speak(text, Stage.WORDS)


@pytest.mark.parametrize("acronym", ["WHO", "IMF", "TEI", "ROI"])
def test_acronyms_espeak_would_say_as_words_are_spelled(acronym):
    spoken = words(f"قالت {acronym} اليوم")
    assert spoken == f"قالت {' '.join(acronym)} اليوم"
    # espeak says the bare acronym as one English word, but the spaced one letter by letter.
    assert phonemes(acronym) != phonemes(" ".join(acronym))
    assert len(phonemes(" ".join(acronym)).split()) >= len(acronym)


def test_acronyms_said_as_words_and_roman_numerals_are_kept():
    assert words("أطلقت NASA وNATO مهمة") == "أطلقت NASA وNATO مهمة"
    assert words("الملك Charles III") == "الملك Charles III"


def test_a_shouted_english_line_is_not_spelled():
    assert words("عنوان: BREAKING NEWS FROM GAZA") == "عنوان: BREAKING NEWS FROM GAZA"
    assert words("قال WHO وIMF في بيان") == "قال W H O وI M F في بيان"


def test_the_lexicon_teaches_an_acronym(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("GIF\tجيف\nSABIC\tسابك\n", encoding="utf-8")
    frontend = make_frontend(ESPEAK_AR, lexicon, diacritise=False)
    assert words("صورة GIF من SABIC", frontend) == "صورة جيف من سابك"


@pytest.mark.parametrize(
    ("text", "keep", "arabic"),
    [
        ("B2B", "B to B", "بي تو بي"),
        ("Radian6", "Radian six", "راديان ستة"),
        ("COVID-19", "COVID nineteen", "كوفيد تسعة عشر"),
        ("G20", "G twenty", "جي عشرون"),
        ("5G", "five G", "خمسة جي"),
        ("iPhone 15", "iPhone fifteen", "آيفون خمسة عشر"),
        ("Python 3.11", "Python three point one one", "بايثون ثلاثة فاصلة واحد واحد"),
    ],
)
def test_letter_digit_tokens_are_one_unit_in_one_language(text, keep, arabic):
    assert speak_latin(speak_mixed(text, "keep"), "keep") == keep
    assert speak_latin(speak_mixed(text, "arabic"), "arabic") == arabic


def test_no_digit_of_a_latin_unit_reaches_either_voice():
    text = "أطلقت آبل iPhone 15 وانتشر COVID-19 في دول G20 عبر شبكات 5G بنموذج B2B"
    for frontend in (ESPEAK, BARE):
        out = frontend.speak(text, Stage.WORDS)
        assert not re.search(r"\d", out), out
    assert set(BARE.speak(text)) <= BARE_AR.alphabet


def test_digits_in_a_latin_run_are_english_for_espeak():
    # espeak reads the English words with its English voice, never as Arabic numbers.
    assert phonemes("iPhone fifteen").startswith("(en)")
    assert "fˈɪftiːn" in phonemes(words("iPhone 15"))


@pytest.mark.parametrize(
    ("n", "english"),
    [(0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (42, "forty-two"),
     (100, "one hundred"), (380, "three hundred eighty"), (2000, "two thousand"),
     (2005, "two thousand five"), (1984, "nineteen eighty-four"), (1905, "nineteen oh five"),
     (12345, "one two three four five")],
)
def test_english_numbers(n, english):
    assert english_number(n) == english


def test_domains_are_name_dot_ending_in_both_modes():
    assert clean("زوروا google.com اليوم") == "زوروا google dot com اليوم"
    assert words("زوروا google.com اليوم", BARE) == "زوروا غوغل دوت كوم اليوم"
    assert words("المصدر https://www.bbc.co.uk/news/123", BARE) == (
        "المصدر بي بي سي دوت كو دوت يو كيه"
    )
    assert words("الموقع wikipedia.org", ESPEAK) == "الموقع wikipedia dot org"
    assert "رابط" not in words("زوروا example.net", ESPEAK)


def test_markdown_link_syntax_is_never_spoken():
    for text in ("اضغط [هنا](javascript:alert(document.cookie)) الآن",
                 "اضغط [هنا](https://evil.example/x?a=(1)) الآن"):
        assert words(text) == "اضغط هنا الآن"
        assert words(text, BARE) == "اضغط هنا الآن"


def test_non_english_latin_runs_are_not_read_by_the_english_voice():
    # issue 21: espeak-ng read "Le Monde" and "Banco de España" with its English voice.
    from narrator.frontend.foreign import language, respell

    assert [language(r) for r in ("Le Monde", "El País", "Deutsche Bank", "la Repubblica")] == [
        "fr", "es", "de", "it"]
    for english in ("The New York Times", "Financial Times", "Photo by John Smith",
                    "Microsoft Word", "Google Chrome", "iPhone fifteen Pro Max"):
        assert language(english) == "en", english
    assert language("Reuters") == "en"  # one word: too short to tell
    assert respell("España", "es") == "إسبانيا" and respell("Monde", "fr") == "موند"
    voice = make_frontend(ESPEAK_AR, diacritise=False).speak("نقلت صحيفة Le Monde عن Reuters")
    said = phonemes(voice)
    assert said.count("(en)") == 1, said  # only Reuters is English now
