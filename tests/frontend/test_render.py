"""What espeak-ng receives: the nisba ya, mark order, and voice chunks with pausal ends."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.article.model import Article, Chapter
from narrator.frontend import make_frontend
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.coqui import BARE_AR
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.render import render, voice_chunks
from narrator.voices.espeak.spelling import split_nisba
from narrator.script import make_script

phonemes = pytest.importorskip("narrator.voices.espeak.library").phonemes

FATHA, DAMMA, KASRA, SHADDA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"
TANWIN_DAMM = "\u064c"


def _ipa(text: str) -> str:
    return re.sub("[ˈˌ.]", "", phonemes(text))


# Every -iyy-/-iyya word from the task, vowelled in Unicode's order (vowel before shadda)
# and in the other order (shadda first), mid-sentence and at a pause.
def _nisba(stem: str, vowel: str, tail: str = "", shadda_first: bool = False) -> str:
    ya = "ي" + (SHADDA + vowel if shadda_first else vowel + SHADDA)
    return stem + ya + tail  # the stem ends in its kasra


NISBA_SENTENCES = [
    # (sentence, the word's index, what espeak must say for the y: "iːj")
    ("زَارَ " + _nisba("الرَّسْمِ", FATHA, "ةِ") + " الوَفْدُ", 1),
    ("هَذِهِ " + _nisba("قَضِ", FATHA, "ةٌ") + " كَبِيرَةٌ", 1),
    ("المُنَظَّمَةُ " + _nisba("الدَّوْلِ", FATHA, "ةُ", shadda_first=True) + " قَالَتْ", 1),
    ("العَالَمُ " + _nisba("العَرَبِ", DAMMA) + " كَبِيرٌ", 1),
    ("هُوَ " + _nisba("عَرَبِ", TANWIN_DAMM), 1),  # عربيّ at a pause
    ("زَارَ المَمْلَكَةَ العَرَبِيَّةَ " + _nisba("السُّعُودِ", FATHA, "ةَ"), 3),
    ("قَالَ المَسْؤُولُ " + _nisba("السُّعُودِ", FATHA, "ةَ", shadda_first=True) + ".", 2),
]


@pytest.mark.parametrize(("sentence", "index"), NISBA_SENTENCES)
def test_espeak_keeps_the_doubled_ya_of_nisba_words(sentence, index):
    raw_word = _ipa(sentence).split()[index]
    spoken_word = _ipa(render(sentence, ESPEAK_AR)).split()[index]
    assert "iːj" not in raw_word  # espeak's bug, as the text arrives from the diacritiser
    assert "iːj" in spoken_word, spoken_word


def test_nisba_spelling_in_any_mark_order():
    for shadda_first in (False, True):
        word = _nisba("الرَّسْمِ", FATHA, "ةِ", shadda_first)
        assert render(word + " فِي", ESPEAK_AR) == "الرَسْمِيْيَةِ فِي"
    # No vowel written on the doubled ya: the next letter tells which one it needs.
    assert split_nisba("قَضِيّة") == "قَضِيْيَة"
    assert split_nisba("عَرَبِيّ وَ") == "عَرَبِيْيْ وَ"
    # A tanwin after the doubled ya is written vowel + nun (espeak says -iːiun otherwise).
    assert split_nisba("رَسْمِي" + SHADDA + TANWIN_DAMM + " صَدَرَ") == "رَسْمِيْيُنْ صَدَرَ"
    # A doubled ya after a fatha (أَيَّام) takes a tatweel before it.
    assert split_nisba("أَي" + SHADDA + FATHA + "امٍ") == "أَ\u0640يْيَامٍ"


@pytest.mark.parametrize(
    ("word", "glide"),
    [
        ("بَيَانٌ", "baj"),  # fatha + ya + vowel: espeak said baiaːn
        ("الدُّوَلُ", "duw"),  # damma + waw + vowel: duːal
        ("التَّنْمِيَةِ", "mij"),  # kasra + ya + vowel: tanmiːati
        ("طَوِيلٌ", "taw"),
        ("أَي" + FATHA + SHADDA + "امٌ", "ajj"),  # doubled ya after fatha: ʔaiːaːm
        ("رَسْمِي" + TANWIN_DAMM + SHADDA + " جَدِيدٌ", "miːj"),  # nisba + tanwin: rasmiːiun
    ],
)
def test_espeak_says_the_glide_between_vowels(word, glide):
    sentence = "هَذَا " + word + " هُنَا"
    raw, spoken = _ipa(sentence).replace("t̪", "t"), _ipa(render(sentence, ESPEAK_AR)).replace("t̪", "t")
    assert glide not in raw, raw
    assert glide in spoken, spoken


def test_render_is_idempotent_on_espeak_text():
    text = "قَالَ المَسْؤُولُ: إِنَّ المَمْلَكَةَ العَرَبِيَّةَ السُّعُودِيَّةَ دَوْلَةٌ كَبِيرَةٌ، وَجَدِيدَةٌ."
    once = render(text, ESPEAK_AR)
    assert render(once, ESPEAK_AR) == once


# ── chunks: a chunk end is a pause ───────────────────────────────────────────
LONG = (
    "وَقَالَ الزَّعِيمَانِ فِي بَيَانٍ مُشْتَرَكٍ إِنَّ الوِلَايَاتِ المُتَّحِدَةَ لَا تَزَالُ تُفَكِّرُ "
    "مِنْ مَنْظُورِ الحَرْبِ البَارِدَةِ ثُمَّ أَضَافَا أَنَّ الأَمْنَ الإِقْلِيمِيَّ مَسْؤُولِيَّةٌ مُشْتَرَكَةٌ"
)


def test_chunk_ends_take_the_pausal_form():
    chunks = voice_chunks(LONG, replace(ESPEAK_AR, max_chars=120))
    assert len(chunks) >= 2 and all(len(c) <= 120 for c, _ in chunks)
    # Cut before the clause starts إنّ and أنّ (not at the first و-word).
    assert [strip_marks(c).split()[0] for c, _ in chunks] == ["وقال", "إن", "أن"]
    assert chunks[0][0].endswith("مُشْتَرَكْ")  # inner chunk end: pausal (was مُشْتَرَكٍ)
    assert chunks[1][0].endswith("أَضَافَا")  # a long vowel stays
    assert chunks[-1][0].endswith("مُشْتَرَكَهْ")  # ة -> h
    assert "مَسْؤُولِيْيَةٌ" in chunks[-1][0]  # inside the chunk the case ending stays


def test_bare_voice_chunks_cut_at_commas_though_it_gets_no_punctuation():
    sentence = "وقال الزعيمان في بيان مشترك، إن الولايات المتحدة لا تزال تفكر من منظور الحرب، وتضع أمن المجموعات فوق الأمن"
    chunks = [c for c, _ in voice_chunks(sentence, replace(BARE_AR, max_chars=60))]
    assert chunks == [
        "وقال الزعيمان في بيان مشترك",
        "إن الولايات المتحدة لا تزال تفكر من منظور الحرب",
        "وتضع أمن المجموعات فوق الأمن",
    ]
    assert all(set(c) <= BARE_AR.alphabet for c in chunks)


def test_script_chunks_end_in_pausal_forms():
    title = "قِمَّةٌ جَدِيدَةٌ"
    body = "ذَهَبَ الوَفْدُ إِلَى المَدِينَةِ، ثُمَّ عَادَ سَرِيعًا."
    article = Article(title, (Chapter(title, (body,)),))
    script = make_script(article, make_frontend(ESPEAK_AR, diacritise=False))
    texts = [c.text for ch in script.chapters for c in ch.chunks]
    # The title ends in a pause; espeak gets the shadda before its vowel.
    assert texts[0] == "قِم" + SHADDA + FATHA + "ةٌ جَدِيدَهْ"
    assert texts[1] == "ذَهَبَ الوَفْدُ إِلَى المَدِينَهْ، ثُم" + SHADDA + FATHA + " عَادَ سَرِيعَا."


def test_a_chunk_ending_in_a_nisba_with_tanwin_takes_the_pausal_form():
    text = "صَدَرَ بَيَانٌ رَسْمِي" + TANWIN_DAMM + SHADDA + " مُطَوَّلٌ جِدًّا عَنِ الحُكُومَةِ"
    pieces = [c for c, _ in voice_chunks(text, replace(ESPEAK_AR, max_chars=30))]
    assert pieces[0].endswith("رَسْمِيْيْ"), pieces  # not رَسْمِيْيُنْ: a chunk end is a pause
    assert "iːj" in _ipa(pieces[0]).split()[-1]


def test_bare_voice_chunks_of_real_articles_fit_and_keep_every_word():
    """BARE_AR (MMS, 200 chars): every chunk fits, and a sentence's chunks hold exactly
    the words the voice would get for the whole sentence, in order."""
    from pathlib import Path

    from narrator.article import read_article

    root = Path(__file__).resolve().parents[2]
    frontend = make_frontend(BARE_AR)
    for path in [root / "examples" / "xi-putin-summit.txt", *sorted((root / "bench" / "articles").glob("*.txt"))]:
        script = make_script(read_article(str(path)), frontend)
        by_sentence: dict[int, list[str]] = {}
        sources: dict[int, str] = {}
        for chunk in (c for ch in script.chapters for c in ch.chunks):
            assert 0 < len(chunk.text) <= BARE_AR.max_chars and set(chunk.text) <= BARE_AR.alphabet
            by_sentence.setdefault(chunk.sentence_id, []).extend(chunk.text.split())
            sources[chunk.sentence_id] = chunk.sentence
        for sid, words in by_sentence.items():
            assert words == frontend.speak(sources[sid]).split(), sources[sid]


@pytest.mark.parametrize("sentence", ["قَالُوا إِنَّ الوَضْعَ صَعْبٌ", "لَمْ يَذْهَبُوا.", "دَعَوْا إِلَى الحِوَارِ"])
def test_the_plural_waws_alif_stays_silent(sentence):
    first = lambda text: _ipa(text).split()[0 if not sentence.startswith("لَمْ") else 1]  # noqa: E731
    assert first(sentence).endswith("aː")  # espeak reads the silent alif of vowelled text
    assert not first(render(sentence, ESPEAK_AR)).endswith("aː")


def test_an_alif_that_is_read_stays():
    assert render("شِينْخُوَا وَ", ESPEAK_AR).startswith("شِينْخُ\u0640وَا")  # Xinhua: wa
    assert render("دَعَا إِلَى", ESPEAK_AR) == "دَعَا إِلَى"


_LETTERS = list("بتدرسقلمنيوةا")
_MARK = ["", "\u064e", "\u064f", "\u0650", "\u064b", "\u064c", "\u064d", "\u0652", "\u0651\u064e", "\u0650\u0651", "\u0651\u064c"]
_WORDS = st.lists(st.tuples(st.sampled_from(_LETTERS), st.sampled_from(_MARK)), min_size=1, max_size=8).map(
    lambda pairs: "".join(c + m for c, m in pairs)
)


@given(st.lists(st.one_of(_WORDS, st.sampled_from(["،", ".", "؟"])), max_size=30).map(" ".join), st.integers(8, 120))
@settings(max_examples=int(os.environ.get("NARRATOR_PROP_EXAMPLES", "300")), deadline=None)
def test_espeak_chunks_fit_keep_letters_and_end_in_pausal_form(text, limit):
    from narrator.frontend.waqf import pausal

    profile = replace(ESPEAK_AR, max_chars=limit)
    chunks = [c for c, _ in voice_chunks(text, profile)]
    assert all(0 < len(c) <= limit for c in chunks)
    assert all(pausal(c) == c for c in chunks)  # every chunk end is already pausal
    if all(len(w) <= limit for w in render(text, ESPEAK_AR).split()):
        # Whole words: the chunks hold the words of the whole sentence, in order, apart
        # from the chunk ends' pausal form (letters: ة -> ه; marks and spelling aside).
        bare = lambda s: [strip_marks(w).replace("\u0640", "").replace("ة", "ه").replace("يي", "ي")  # noqa: E731
                          .replace("ن", "") for w in s.split()]
        assert bare(" ".join(chunks)) == bare(render(text, ESPEAK_AR))


# ── hamzat al-wasl and tanwin on alif maqsura (wasl.py), checked with espeak's phonemes ──
@pytest.mark.parametrize(
    ("vowelled", "word", "says"),
    [
        # At the start of an utterance the alif is a glottal stop with a vowel.
        ("اجْتَمَعَ الْوَزِيرُ.", 0, "ʔidʒtamaʕa"),
        ("وَصَلَ الْوَفْدُ، اسْتَقْبَلَهُ الْمَلِكُ.", 2, "ʔistaqbalahu"),
        ("افْتُتِحَ الْمَعْرِضُ.", 0, "ʔuftutiħa"),  # damma: the third letter has one
        ("ابْنُهُ طَبِيبٌ.", 0, "ʔibnuhu"),  # a wasl noun keeps the kasra before its case damma
        ("الْتَقَى الْوَزِيرَانِ.", 0, "ʔiltaqaː"),  # form VIII of a lam root, not the article
        # Inside it the alif is silent: after a clitic, after the article, after a vowel.
        ("ثُمَّ اسْتَخْدَمَ الْفَرِيقُ", 1, "staχdama"),  # θumma staχdama: no vowel of its own
        ("قَالَ وَاسْتَخْدَمَ الْفَرِيقَ", 1, "wastaχdama"),  # not waːstaχdama
        ("نَمَا الِاقْتِصَادُ كَثِيرًا", 1, "aliqtis̪aːdu"),  # not aliaːqtis̪aːd
        ("نَمَا الاقْتِصَادُ كَثِيرًا", 1, "aliqtis̪aːdu"),  # the article's lam takes the helping kasra
        ("التَّعْلِيمُ وَالِاقْتِصَادُ مُهِمَّانِ", 1, "waliqtis̪aːdu"),  # not waːliaːq
        ("قَالَتِ امْرَأَةٌ هُنَا", 1, "mraʔatun"),
        # A word ending in a sukun takes a helping vowel before a wasl alif.
        ("قَالَتْ امْرَأَةٌ", 0, "qaːlati"),
        ("خَرَجَ مِنْ الْبَيْتِ", 1, "mina"),
        ("خَرَجَ مِنْ ارْتِفَاعٍ", 1, "mini"),
        ("عَلَيْهِمْ الِالْتِزَامُ", 0, "ʕalaihimu"),
    ],
)
def test_espeak_reads_hamzat_al_wasl(vowelled, word, says):
    raw = _ipa(vowelled).replace("ː", "").split()
    spoken = _ipa(render(vowelled, ESPEAK_AR)).split()
    assert spoken[word].replace("ːː", "ː") == says, (spoken, raw)


def test_wasl_fixes_what_espeak_got_wrong_before():
    # Without the rules espeak says the alif as a long or extra vowel (the bug being fixed).
    assert _ipa("وَاسْتَخْدَمَ").startswith("waːst")
    assert "iaːq" in _ipa("الِاقْتِصَادُ")
    assert _ipa("اجْتَمَعَ").startswith("adʒ")
    assert render("كِتَابْ بَابْ كَاسْ.", ESPEAK_AR) == "كِتَابْ بَابْ كَاسْ."  # a long a is no wasl alif


def test_tanwin_on_alif_maqsura_is_an_n_mid_sentence_and_a_long_a_at_a_pause():
    assert _ipa("إِلَى مُسْتَشْفًى جَدِيدٍ").split()[1] == "mustaʃfa"  # espeak alone drops the n
    assert _ipa(render("إِلَى مُسْتَشْفًى جَدِيدٍ", ESPEAK_AR)).split()[1] == "mustaʃfan"
    assert _ipa(render("ذَهَبَ إِلَى مُسْتَشْفًى.", ESPEAK_AR)).split()[-1] == "mustaʃfaː"


@pytest.mark.parametrize(
    ("vowelled", "word", "says"),
    [
        # After a clitic espeak doubles a sun letter only when the shadda is written.
        ("رَأَى الْقَمَرَ وَالشَّمْسَ هُنَاكَ", 2, "waʃʃamsa"),
        ("رَأَى الْقَمَرَ وَالشَمْسَ هُنَاكَ", 2, "waʃʃamsa"),  # the diacritiser left it out
        ("جَاءَ لِلتَّعَاوُنِ مَعَنَا", 1, "littaʕaːwuni"),
        ("قَالَ وَلِلنَّاسِ حُقُوقٌ", 1, "walinnaːsi"),  # not walilnnaːsi
        # بِال: espeak reads its alif long (biaːl).
        ("كَتَبَ بِالْقَلَمِ الْأَحْمَرِ", 1, "bilqalami"),
        ("قَامَ بِالرِّحْلَةِ وَحْدَهُ", 1, "birriħlati"),
        ("فَازَ بِالْمِيدَالِيَّةِ الذَّهَبِيَّةِ", 1, "bilmiːdaːliːjati"),
        # The bare article still has no written shadda (espeak doubles it itself).
        ("قَالَ الرَّئِيسُ كَلِمَةً", 1, "ʔarraʔiːsu"),
    ],
)
def test_espeak_reads_the_article_after_a_clitic(vowelled, word, says):
    spoken = _ipa(render(vowelled, ESPEAK_AR)).split()
    assert spoken[word].replace("tː", "tt") == says, spoken


def test_the_article_after_a_clitic_was_misread_before():
    assert _ipa("وَالشَمْسَ") == "waʃamsa" and _ipa("بِالْقَلَمِ").startswith("biaːl")
    assert _ipa("وَلِلنَّاسِ").startswith("walilnn")


def test_a_vowelled_bare_alif_is_written_on_its_hamza_seat():
    # The author wrote اضافت for أضافت; the diacritiser's fatha sits on the bare alif.
    assert _ipa("وَاَضَافَتْ").startswith("waːa")  # espeak's long a
    words = render("وَاَضَافَتْ اِنَّ الْاَمْرَ مُهِمٌّ جِدًّا", ESPEAK_AR).split()
    assert words[0] == "وَأَضَافَتْ"
    assert words[1].startswith("اِ") and words[2] == "الْاَمْرَ"  # no clitic vowel before: left alone
    assert _ipa(render("وَاَضَافَتْ اِنَّ", ESPEAK_AR)).split()[0] == "waʔadˤaːfat"


def test_espeak_doubles_the_article_s_ta_only_with_its_shadda():
    assert _ipa("عَلَى الطَرِيقِ").split()[1] == "ʔat̪ariːqi"  # espeak's own reading: one t̪
    assert _ipa(render("عَلَى الطَّرِيقِ السَّرِيعِ", ESPEAK_AR)).split()[1] == "ʔat̪ːariːqi"
    assert _ipa(render("فِي الظَّلَامِ الدَّامِسِ", ESPEAK_AR)).split()[1] == "ʔaððalaːmi"  # not ððð


@pytest.mark.parametrize(
    ("vowelled", "word", "says"),
    [
        ("وَقَّعَ الْبَلَدَانِ اتِّفَاقِيَّةً جَدِيدَةً", 2, "tːifaːqiːjatan"),  # not atːifaːq…
        ("يَسْعَى الِاتِّحَادُ إِلَى ذَلِكَ", 1, "alitːiħaːdu"),  # not aliaːtːiħaːd
        ("اتَّخَذَ الْمَجْلِسُ قَرَارًا", 0, "ʔitːaχaða"),
        ("عَلَيْهِمُ الِالْتِزَامُ بِالْقَانُونِ", 1, "aliltizaːmu"),  # not aliaːltizaːm
    ],
)
def test_espeak_reads_assimilated_wasl_words(vowelled, word, says):
    assert _ipa(render(vowelled, ESPEAK_AR)).split()[word] == says


def test_relative_pronouns_are_left_to_espeak():
    # الَّذِي has the article's wasl alif and one doubled lam: not a wasl verb.
    text = "عُقِدَ الِاجْتِمَاعُ الَّذِي انْتَظَرْنَاهُ. الَّتِي قَالَتْ"
    words = render(text, ESPEAK_AR).split()
    assert words[2].startswith("ال") and words[4].startswith("ال")
    assert _ipa(render(text, ESPEAK_AR)).split()[2] == "allaðiː"


def test_clitics_on_a_latin_word_are_said_as_arabic_clitics():
    # issue 21: كالـsponsored and الـstock were one garbled token (kˈaːll-sponsored, ˈaːl-stock)
    from narrator.frontend import Stage
    from narrator.voices.espeak.library import phonemes

    fe = make_frontend(ESPEAK_AR, diacritise=False)
    assert fe.speak("الإعلانات كالـsponsored", Stage.WORDS) == "الإعلانات كَالْ sponsored"
    voice = fe.speak("الإعلانات كالـsponsored وبالـstock")
    assert "كَلْ sponsored" in voice and "وَبِلْ stock" in voice
    said = phonemes(voice)
    assert "kal " in said and "wˈabil " in said and "kˈaːl" not in said
