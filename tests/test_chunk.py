"""Sentence splitting and voice-sized chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.frontend import Pause, split_for_voice, split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-summit.txt"


def _letters(text: str) -> str:
    return "".join(text.split())


def test_splits_on_arabic_and_latin_marks_and_line_ends():
    text = "قال شي كلمته. ثم رحل! هل عاد؟ لا… ربما؛ من يدري\nسطر جديد"
    assert split_sentences(text) == [
        "قال شي كلمته.", "ثم رحل!", "هل عاد؟", "لا…", "ربما؛", "من يدري", "سطر جديد",
    ]


def test_does_not_split_decimals_abbreviations_or_list_markers():
    assert split_sentences("ارتفع السعر 1.49 دولار اليوم. ثم هبط.") == [
        "ارتفع السعر 1.49 دولار اليوم.", "ثم هبط.",
    ]
    assert split_sentences("قال د. أحمد و أ. د. سمير إن Mr. Smith زار U.S. أمس. انتهى.") == [
        "قال د. أحمد و أ. د. سمير إن Mr. Smith زار U.S. أمس.", "انتهى.",
    ]
    assert split_sentences("أمثلة e.g. هذه. ثم") == ["أمثلة e.g. هذه.", "ثم"]
    assert split_sentences("1. البند الأول. 2. البند الثاني") == [
        "1. البند الأول.", "2. البند الثاني",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = "قال: “يجب أن تتخلى”. وكذلك توحيد البلاد.”"
    assert split_sentences(text) == ["قال: “يجب أن تتخلى”.", "وكذلك توحيد البلاد.”"]


def test_sample_article_sentences_are_the_text_as_written():
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    for paragraph in paragraphs:
        sentences = split_sentences(paragraph)
        assert sentences and all(s == s.strip() and s for s in sentences)
        assert _letters("".join(sentences)) == _letters(paragraph)
    lead = split_sentences(paragraphs[3])  # as written: its NBSPs are kept
    assert "\u00a0" in lead[0]
    assert [" ".join(s.split()) for s in lead] == [
        "استضاف شي جين بينغ فلاديمير بوتين في بكين يوم الخميس في قمة عكست الروابط المتنامية بين الصين وروسيا.",
        "وهنا الوجبات الرئيسية.",
    ]


def test_short_text_is_one_chunk_without_pause():
    assert split_for_voice("جملة قصيرة.", 200) == [("جملة قصيرة.", None)]
    assert split_for_voice("   ", 200) == []


def test_long_sentence_splits_at_commas_first():
    text = "وقال الزعيمان في بيان مشترك، إن الولايات المتحدة لا تزال تفكر، وتضع أمن المجموعات فوق الأمن."
    assert split_for_voice(text, 60) == [
        ("وقال الزعيمان في بيان مشترك،", Pause.CLAUSE),
        ("إن الولايات المتحدة لا تزال تفكر،", Pause.CLAUSE),
        ("وتضع أمن المجموعات فوق الأمن.", None),
    ]


def test_without_punctuation_splits_before_wa_then_at_spaces():
    text = "كان الاجتماع طويلا جدا وناقش فيه القادة التجارة والطاقة والفضاء والزراعة"
    chunks = split_for_voice(text, 40)
    words = text.split()
    for chunk, _ in chunks:
        assert 0 < len(chunk) <= 40
        assert set(chunk.split()) <= set(words)  # never cut inside a word
    assert " ".join(c for c, _ in chunks) == text
    assert [c for c, _ in chunks][:2] == ["كان الاجتماع طويلا جدا", "وناقش فيه القادة التجارة والطاقة والفضاء"]


@pytest.mark.parametrize("limit", [5, 17, 50, 120, 400])
def test_sample_chunks_within_limit_and_lossless(limit):
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", " ")
    chunks = split_for_voice(text, limit)
    assert all(0 < len(c) <= limit for c, _ in chunks)
    assert _letters("".join(c for c, _ in chunks)) == _letters(text)


def test_a_word_longer_than_the_limit_is_the_only_hard_cut():
    chunks = split_for_voice("قصير " + "ب" * 12, 5)
    assert [c for c, _ in chunks] == ["قصير", "ببببب", "ببببب", "بب"]
