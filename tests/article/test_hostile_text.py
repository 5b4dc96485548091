"""Hostile text (issue 11): nothing a reader returns can break the catalog or the feed,
front matter cannot blow up memory, and link patterns stay linear on a megabyte."""

from __future__ import annotations

import time

import pytest
from lxml import etree

from narrator.article import read_article
from narrator.errors import ArticleError
from narrator.frontend import Stage, make_frontend
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.coqui import BARE_AR
from narrator.frontend.normalise import clean

BAD = "\x0c\ufffe\u202e"  # form feed, a non-character, a right-to-left override
BODY = "هذه فقرة طويلة من نص المقال فيها كلمات كثيرة تكفي لكي تكون فقرة عادية."


def _all_texts(article) -> list[str]:
    texts = [article.title, article.subtitle, article.byline, article.dateline]
    for chapter in article.chapters:
        texts += [chapter.title, *chapter.paragraphs]
    return [t for t in texts if t]


def _xml_safe(text: str) -> None:
    element = etree.Element("title")
    element.text = text  # lxml raises ValueError for anything XML cannot hold
    assert etree.fromstring(etree.tostring(element)).text == text


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("a.txt", f"عنوان{BAD} المقال\n\n{BODY}{BAD}\n\nقسم{BAD} ثان\n\n{BODY}\n\n{BODY}\n"),
        ("a.md", f"# عنوان{BAD} المقال\n\n{BODY}{BAD}\n\n## قسم{BAD}\n\n{BODY}\n"),
        ("a.html", f"<html><head><title>x</title></head><body><h1>عنوان{BAD} المقال</h1>"
                   f"<p>{BODY}&#12;</p><h2>قسم &#xFFFE;&#x202E;</h2><p>{BODY}</p></body></html>"),
    ],
)
def test_xml_invalid_and_bidi_characters_never_leave_the_reader(name, source):
    article = read_article(name, source.encode("utf-8"))
    assert article.title == "عنوان المقال"
    for text in _all_texts(article):
        assert not set(text) & set(BAD + "\x01\uffff"), repr(text)
        _xml_safe(text)


def test_a_lone_surrogate_and_c0_controls_are_cleaned():
    from narrator.article.structure import hygiene

    dirty = "عنوان\ud800 \x01نظيف\x1f\uffff\u2066\u2069"
    assert hygiene(dirty) == "عنوان نظيف"
    _xml_safe(hygiene(dirty))


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ('a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\ntitle: *c', "anchor or alias"),
        ("title: &t [*t]", "anchor or alias"),
        ("title: {text: x}", "'title' must be text, not a mapping"),
        ("subtitle: [a, b]", "'subtitle' must be text, not a list"),
        ("author: [{name: x}]", "'author' must be text, not a mapping"),
        ("title: " + "ع" * 3000, "'title' is longer than 2000"),
    ],
)
def test_hostile_front_matter_is_refused_in_one_line(front, message):
    source = f"---\n{front}\n---\n\n{BODY}\n"
    with pytest.raises(ArticleError, match=message) as info:
        read_article("bomb.md", source.encode("utf-8"))
    assert "\n" not in str(info.value) and str(info.value).startswith("bomb.md:")


def test_ordinary_front_matter_still_reads():
    source = f"---\ntitle: عنوان\nauthor: [سارة, علي]\ndate: 2024-05-17\n---\n\n{BODY}\n"
    article = read_article("ok.md", source.encode("utf-8"))
    assert (article.title, article.byline, article.date) == ("عنوان", "سارة, علي", "2024-05-17")


def _nested(depth: int) -> bytes:
    return (f"<html><body><h1>عنوان</h1><p>{BODY}</p>" + "<div>" * depth
            + "<p>نص عميق.</p>" + "</div>" * depth + "</body></html>").encode()


def test_deep_html_that_would_lose_text_is_refused_saying_why():
    article = read_article("deep.html", _nested(1000))  # deeper than libxml2's default 256
    assert "نص عميق." in article.chapters[0].paragraphs
    with pytest.raises(ArticleError, match="nested deeper than 2048"):
        read_article("deeper.html", _nested(5000))


ADVERSARIAL = {
    "dots": "a." * 500_000,
    "ats": "a@" * 500_000,
    "scheme": "http://" + "a" * 1_000_000,
    "domains": "a.com." * 170_000,
    "md": "[a](" * 250_000,
    "spaced": " a.b" * 250_000,
}


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_link_patterns_are_linear_on_a_megabyte(kind):
    start = time.perf_counter()
    clean(ADVERSARIAL[kind])
    assert time.perf_counter() - start < 5, kind


def test_over_long_link_tokens_are_named_not_read():
    assert clean("افتح http://" + "a" * 5000 + " الآن") == "افتح رابط الآن"
    assert clean("راسل " + "a@" * 5000 + " الآن") == "راسل بريد إلكتروني الآن"


@pytest.mark.parametrize("profile", [ESPEAK_AR, BARE_AR], ids=lambda p: p.name)
def test_words_stage_survives_adversarial_text(profile):
    frontend = make_frontend(profile, diacritise=False)
    for kind in ("ats", "scheme", "md"):
        start = time.perf_counter()
        assert isinstance(frontend.speak(ADVERSARIAL[kind][:200_000], Stage.WORDS), str)
        assert time.perf_counter() - start < 5, kind


def test_nested_markdown_keeps_its_text_or_is_refused_saying_why():
    def source(depth: int) -> bytes:
        return (f"# عنوان\n\n{BODY}\n\n" + "- " * depth + "بند عميق.\n\nخاتمة.\n").encode()

    # Ten nested lists used to hit markdown-it's default limit and silently end the article.
    article = read_article("lists.md", source(10))
    assert article.chapters[0].paragraphs == (BODY, "بند عميق.", "خاتمة.")
    with pytest.raises(ArticleError, match="nested deeper than 100 levels"):
        read_article("lists.md", source(300))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ابتثجح \n.؟#-*>[]()\x0c\x0b\x01\x1f\x7f\x85\ufffe\uffff\u202e\u2066\u2069")),
        st.characters(codec="utf-8"),
    ),
    min_size=1, max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(_HOSTILE, st.sampled_from(["h.txt", "h.md", "h.html"]))
def test_whatever_is_read_is_xml_safe_and_free_of_bidi_overrides(text, name):
    try:
        article = read_article(name, text.encode("utf-8"))
    except ArticleError:
        return  # a clean one-line refusal
    for value in _all_texts(article):
        assert not set(value) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        _xml_safe(value)
