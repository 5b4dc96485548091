"""Stage 1: article files (text, Markdown, HTML) -> Article."""

from __future__ import annotations

import codecs
import os
import textwrap
import time
from pathlib import Path

import pytest

from narrator.article import Article, Chapter, read_article
from narrator.errors import ArticleError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"
DATA = ROOT / "tests" / "data" / "articles"

# From /work/shared/samples/EXPECTED.md.
SAMPLE_TITLE = "التلغراف البريطانية: خمسة أشياء تعلمناها من قمة شي-بوتين"
SAMPLE_SUBTITLE = (
    "وفي حين أن هناك الكثير من الخلافات بين بكين وموسكو، إلا أنهما يعتبران نفسيهما"
    " الآن في نفس المعسكر الجيوسياسي"
)
SAMPLE_DATELINE = "بكين – مصدر الإخبارية"
SAMPLE_CHAPTERS = [
    (SAMPLE_TITLE, 1),
    ("وما زالوا لا يحبون أمريكا", 7),
    ("وتظل الحرب محورا رئيسيا", 5),
    ("ويدعم كل منهما الآخر فيما يتعلق بأوكرانيا وتايوان", 7),
    ("سيرجي شويجو لا يزال في صالحه", 5),
    ("محادثات المال", 6),
]


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def single_newlines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def hard_wrapped(text: str) -> str:
    paragraphs = [line for line in text.splitlines() if line.strip()]
    return "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"


VARIANTS = {
    "blank-lines.txt": lambda: sample_text().encode("utf-8"),
    "single-newlines.txt": lambda: single_newlines(sample_text()).encode("utf-8"),
    "crlf.txt": lambda: sample_text().replace("\n", "\r\n").encode("utf-8"),
    "crlf-single.txt": lambda: single_newlines(sample_text()).replace("\n", "\r\n").encode(),
    "bom.txt": lambda: codecs.BOM_UTF8 + sample_text().encode("utf-8"),
    "utf16le.txt": lambda: sample_text().encode("utf-16"),  # BOM + native (LE) order
    "utf16be.txt": lambda: codecs.BOM_UTF16_BE + sample_text().encode("utf-16-be"),
    "cp1256.txt": lambda: sample_text().encode("cp1256"),
    "wrapped72.txt": lambda: hard_wrapped(sample_text()).encode("utf-8"),
    "no-extension": lambda: sample_text().encode("utf-8"),
}


def assert_is_sample(article: Article) -> None:
    assert article.title == SAMPLE_TITLE
    assert article.subtitle == SAMPLE_SUBTITLE
    assert article.dateline == SAMPLE_DATELINE
    assert article.language == "ar"
    assert article.format == "text"
    assert [(c.title, len(c.paragraphs)) for c in article.chapters] == SAMPLE_CHAPTERS
    lead = article.chapters[0].paragraphs[0]
    assert lead.startswith("استضاف شي جين بينغ")
    # Metadata lines are never body text.
    body = [p for c in article.chapters for p in c.paragraphs]
    assert SAMPLE_DATELINE not in body and SAMPLE_SUBTITLE not in body
    assert "ولم تقتصر شكاواهم على العموميات." in article.chapters[1].paragraphs


def test_sample_article_structure():
    article = read_article(SAMPLE)
    assert_is_sample(article)
    assert article.source == str(SAMPLE)
    # Paragraphs are kept as written, line for line.
    lines = [line.strip() for line in sample_text().splitlines() if line.strip()]
    paragraphs = [p for c in article.chapters for p in c.paragraphs]
    assert all(p in lines for p in paragraphs)
    assert len(paragraphs) == 31


@pytest.mark.parametrize("filename", sorted(VARIANTS))
def test_sample_variants_parse_identically(tmp_path, filename):
    path = tmp_path / filename
    path.write_bytes(VARIANTS[filename]())
    reference = read_article(SAMPLE)
    article = read_article(path)
    assert_is_sample(article)
    assert article.chapters == reference.chapters


LONG = "هذه فقرة طويلة بما يكفي لتكون نصا عاديا في متن المقال وليست عنوانا قصيرا أبدا."


def test_text_heading_heuristic_edge_cases():
    text = "\n".join([
        "العنوان الرئيسي",
        "القاهرة – وكالة الأنباء",  # dateline straight after the title
        LONG,
        "ما الذي حدث:",  # a short line with a trailing colon, then prose: a heading
        LONG,
        "بند أول",  # runs of short lines are a list, not headings
        "بند ثان",
        LONG,
        "- بند بشرطة",  # bullets are never headings
        LONG,
        "سطر أخير بلا نقطة",  # nothing follows: not a heading
    ])
    article = read_article("-", data=text.encode())
    assert article.dateline == "القاهرة – وكالة الأنباء"
    assert article.subtitle is None
    assert article.chapters == (
        Chapter("العنوان الرئيسي", (LONG,)),
        Chapter("ما الذي حدث:", (LONG, "بند أول", "بند ثان", LONG, "- بند بشرطة", LONG,
                                 "سطر أخير بلا نقطة")),
    )


def test_text_short_question_between_paragraphs_is_a_heading():
    text = "\n\n".join([
        "العنوان الرئيسي", LONG, "ماذا يعني ذلك للمنطقة؟", LONG, LONG,
        "لماذا؟",  # one word: a rhetorical question in the body, not a heading
        LONG, "هل تتغير السياسة؟", "وهل يتغير الموقف؟",  # two questions in a row: body
        LONG,
    ])
    article = read_article("q.txt", data=text.encode())
    assert [c.title for c in article.chapters] == ["العنوان الرئيسي", "ماذا يعني ذلك للمنطقة؟"]
    assert "لماذا؟" in article.chapters[1].paragraphs
    assert "هل تتغير السياسة؟" in article.chapters[1].paragraphs


def test_text_question_heading_followed_by_paragraphs():
    # issue 21: a short line ending in a question mark, followed by paragraphs, is a heading:
    # also as the first block of the body, and when the paragraphs are short (the median
    # limit is for statements; a question heading may be as long as any heading).
    short_para = "ارتفعت الأسعار في الأسواق المحلية بنسبة كبيرة هذا الشهر."
    first = "\n\n".join(["العنوان الرئيسي", "لماذا ارتفعت أسعار الوقود؟", LONG, LONG])
    article = read_article("q.txt", data=first.encode())
    assert [c.title for c in article.chapters][-1] == "لماذا ارتفعت أسعار الوقود؟"
    assert article.chapters[-1].paragraphs == (LONG, LONG)
    longer = "\n\n".join(["العنوان الرئيسي", short_para, short_para,
                           "ما الذي يعنيه هذا القرار للأسر محدودة الدخل؟", short_para, short_para])
    article = read_article("q.txt", data=longer.encode())
    assert [c.title for c in article.chapters][-1] == "ما الذي يعنيه هذا القرار للأسر محدودة الدخل؟"
    # a question that ends the text, or is followed by another question, stays body text
    tail = "\n\n".join(["العنوان الرئيسي", LONG, LONG, "فهل تتغير السياسة قريبا؟"])
    assert [c.title for c in read_article("q.txt", data=tail.encode()).chapters] == ["العنوان الرئيسي"]


def test_text_lead_paragraph_without_full_stop_is_not_a_subtitle():
    lead = "استضاف الرئيس نظيره في العاصمة أمس. وناقش الطرفان التجارة والطاقة والأمن دون اتفاق نهائي"
    article = read_article("lead.txt", data=f"العنوان\n\n{lead}\n\n{LONG}\n".encode())
    assert article.subtitle is None
    assert article.chapters[0].paragraphs == (lead, LONG)
    long_lead = " ".join(["كلمة"] * 45)  # one sentence, no stop, far longer than a subtitle
    article = read_article("lead.txt", data=f"العنوان\n\n{long_lead}\n\n{LONG}\n".encode())
    assert article.subtitle is None and article.chapters[0].paragraphs[0] == long_lead


@pytest.mark.parametrize(
    ("front", "h1", "title"),
    [
        ("الحرب في أوكرانيا", "الحرب في أوكرانيا", "الحرب في أوكرانيا"),  # equal
        ("الحرب", "الحرب في أوكرانيا: عام ثالث", "الحرب في أوكرانيا: عام ثالث"),  # longer H1
        ("الحرب في أوكرانيا: عام ثالث", "الحرب في أوكرانيا", "الحرب في أوكرانيا: عام ثالث"),
    ],
)
def test_markdown_title_spoken_once(front, h1, title):
    source = f"---\ntitle: '{front}'\n---\n\n# {h1}\n\n{LONG}\n\n## قسم\n\nفقرة.\n"
    article = read_article("t.md", data=source.encode())
    assert article.title == title
    assert [c.title for c in article.chapters] == [title, "قسم"]


def test_markdown_different_h1_stays_a_chapter():
    source = f"---\ntitle: الحرب\n---\n\n{LONG}\n\n# الحربية الجديدة\n\nفقرة.\n"
    article = read_article("t.md", data=source.encode())
    assert [c.title for c in article.chapters] == ["الحرب", "الحربية الجديدة"]


def test_html_nested_title_and_h1_spoken_once():
    page = (
        "<html><head><title>القمة الروسية الصينية | موقع الأخبار</title></head><body>"
        "<article><h1><span>القمة</span> <em>الروسية الصينية</em></h1>"
        f"<p>{LONG}</p><h2>قسم</h2><p>فقرة.</p></article></body></html>"
    )
    article = read_article("p.html", data=page.encode())
    assert article.title == "القمة الروسية الصينية"
    assert [c.title for c in article.chapters] == ["القمة الروسية الصينية", "قسم"]
    page = (  # no <h1>: the <title> names the story, and the first <h2> repeats it
        "<html><head><title>القمة الروسية الصينية | موقع الأخبار</title></head><body>"
        f"<h2>القمة الروسية الصينية</h2><p>{LONG}</p></body></html>"
    )
    article = read_article("p.html", data=page.encode())
    assert article.title == "القمة الروسية الصينية"
    assert [c.title for c in article.chapters] == ["القمة الروسية الصينية"]


def test_markdown_javascript_link_reads_only_its_text():
    source = "# عنوان\n\nاضغط [هنا](javascript:alert(1)) أو [هناك](https://a.example) الآن.\n"
    article = read_article("l.md", data=source.encode())
    assert article.chapters[0].paragraphs == ("اضغط هنا أو هناك الآن.",)


def test_one_line_text_is_its_title():
    article = read_article("note.txt", data="سطر واحد فقط\n".encode())
    assert article.title == "سطر واحد فقط"
    assert article.chapters == (Chapter("سطر واحد فقط", ()),)


def test_stdin_with_data_bytes():
    article = read_article("-", data=single_newlines(sample_text()).encode("utf-16"))
    assert_is_sample(article)
    assert article.source == "-"


def test_stdin_sniffs_markdown_and_html():
    md = read_article("-", data=(DATA / "summit.md").read_bytes())
    html = read_article("-", data=(DATA / "summit.html").read_bytes())
    assert (md.format, html.format) == ("markdown", "html")
    assert md.chapters == read_article(DATA / "summit.md").chapters
    assert html.chapters == read_article(DATA / "summit.html").chapters


def test_unknown_extension_sniffs_content(tmp_path):
    page = tmp_path / "page.php"
    page.write_bytes((DATA / "summit.html").read_bytes())
    notes = tmp_path / "notes.rst"
    notes.write_bytes((DATA / "summit.md").read_bytes())
    assert read_article(page).format == "html"
    assert read_article(notes).format == "markdown"


# --- Markdown -----------------------------------------------------------------

MD_CHAPTERS = (
    Chapter(
        "قمة بكين: ما الذي تغير؟",
        ("وصل الرئيس الروسي إلى بكين صباح الخميس في زيارة تستغرق يومين.",),
    ),
    Chapter(
        "الاقتصاد أولا",
        (
            "ارتفعت التجارة بين البلدين، وفق بيان نشره موقع الرسمي.",
            "يستخدم المحللون الأمر trade-report لاستخراج الأرقام.",
        ),
    ),
    Chapter(
        "الطاقة",
        (
            "خط أنابيب جديد قيد الدرس.",
            "صفقات الغاز متعثرة، ولم يعلن عن اتفاق نهائي.",
            "بند فرعي أول.",
        ),
    ),
    Chapter("الأمن", ('قال مسؤول: "لا شيء تغير".', "نص مع وسم مضمن.")),
    Chapter("خاتمة", ("انتهت القمة ببيان مشترك.",)),
)
MD_NEVER_SPOKEN = [
    "http", "example", "leaders.jpg", "صورة الزعيمين", "SECRET_CODE_FENCED", "print(",
    "INDENTED_CODE_BLOCK", "TABLE_CELL_ROSSIYA", "TABLE_HEADER_COUNTRY", "الحجم", "RAW_HTML_BLOCK", "إعلان",
    "<span", "**", "tags", "سياسة", "---", "|",
]  # fmt: skip


def everything_in(article: Article) -> str:
    parts = [article.title, article.subtitle, article.byline, article.dateline]
    for chapter in article.chapters:
        parts.append(chapter.title)
        parts.extend(chapter.paragraphs)
    return "\n".join(p for p in parts if p)


def test_markdown_fixture():
    article = read_article(DATA / "summit.md")
    assert article.format == "markdown"
    assert article.title == "قمة بكين: ما الذي تغير؟"  # from front matter; the # copy not spoken
    assert article.subtitle == "قراءة في نتائج الزيارة"
    assert article.byline == "سارة أحمد, John Smith"
    assert article.date == "2024-05-17"
    assert article.language == "ar"
    assert article.chapters == MD_CHAPTERS
    spoken = everything_in(article)
    for clutter in MD_NEVER_SPOKEN:
        assert clutter not in spoken, clutter


def test_markdown_title_from_first_heading_and_lead_kept():
    text = "مقدمة قبل العنوان.\n\n# العنوان\n\nفقرة أولى.\n\n## قسم\n\nفقرة ثانية.\n"
    article = read_article("-", data=text.encode())
    assert article.title == "العنوان"
    assert article.chapters == (
        Chapter("العنوان", ("مقدمة قبل العنوان.", "فقرة أولى.")),
        Chapter("قسم", ("فقرة ثانية.",)),
    )


# --- HTML ---------------------------------------------------------------------

HTML_CHAPTERS = (
    Chapter(
        "قمة بكين: ما الذي تغير؟",
        ("وصل الرئيس الروسي إلى بكين صباح الخميس.", "نص مباشر داخل عنصر div بلا فقرة."),
    ),
    Chapter(
        "الاقتصاد أولا",
        (
            "ارتفعت التجارة بين البلدين. وتوسعت الاستثمارات.",
            "خط أنابيب جديد.",
            "صفقات الغاز متعثرة.",
            "بند فرعي.",
        ),
    ),
    Chapter("الطاقة", ("قال مسؤول: لا شيء تغير.",)),
    Chapter("الأمن", ("أول سطر", "فقرة متداخلة.", "ذيل بعد الفقرة.")),
)


HTML_NEVER_SPOKEN = [
    "NAV_STYLE_RULE", "TRACKER_SCRIPT", "SITE_LOGO_HEADER", "NAV_HOME_LINK", "NAV_WORLD_LINK",
    "COOKIE_BANNER_TEXT", "ملفات تعريف الارتباط", "COOKIE_ACCEPT", "FIGURE_ALT",
    "FIGURE_CAPTION_TEXT", "HTML_COMMENT_TEXT", "INLINE_SCRIPT_TEXT", "SHARE_BAR_TEXT",
    "TABLE_DATA_CELL", "PRE_CODE_BLOCK", "FORM_LABEL_TEXT", "HIDDEN_PARAGRAPH",
    "RELATED_TEASER_HEADING", "RELATED_TEASER_TEXT", "FOOTER_COPYRIGHT_TEXT", "FOOTER_PRIVACY",
    "NOSCRIPT_TEXT", "SVG_TEXT", "TEMPLATE_TEXT", "IFRAME_TEXT", "موقع الأخبار",
    "http", "example.com", "بقلم", "مايو",
]  # fmt: skip


def test_html_fixture():
    raw = (DATA / "summit.html").read_text(encoding="utf-8")
    assert all(marker in raw for marker in HTML_NEVER_SPOKEN)  # the fixture does hold them
    article = read_article(DATA / "summit.html")
    assert article.format == "html"
    assert article.title == "قمة بكين: ما الذي تغير؟"
    assert article.byline == "سارة أحمد"
    assert article.date == "2024-05-18"  # article:published_time wins over a <time>
    assert article.language == "ar"
    assert article.chapters == HTML_CHAPTERS
    spoken = everything_in(article)
    for marker in HTML_NEVER_SPOKEN:
        assert marker not in spoken, marker
    assert spoken.count(article.title) == 2  # title and lead chapter name, never a heading


def test_html_form_wrapping_whole_page_is_kept():
    page = (
        "<html><body><form id='aspnetForm'><h1>العنوان</h1><p>فقرة أولى طويلة من المقال.</p>"
        "<div class='related'>مواد ذات صلة</div></form></body></html>"
    )
    article = read_article("page.aspx", data=page.encode())
    assert article.chapters == (Chapter("العنوان", ("فقرة أولى طويلة من المقال.",)),)


def test_html_fallbacks_title_tag_and_meta_date():
    page = (
        "<html><head><title>عنوان الصفحة</title>"
        '<meta property="article:published_time" content="2023-01-02T10:00:00Z"></head>'
        "<body><div>نص أول<br>بلا فقرات</div><h4>عنوان فرعي</h4><p>فقرة.</p></body></html>"
    )
    article = read_article("page.htm", data=page.encode("utf-8"))
    assert article.title == "عنوان الصفحة"
    assert article.date == "2023-01-02"
    assert article.byline is None
    assert article.chapters == (
        Chapter("عنوان الصفحة", ("نص أول بلا فقرات",)),
        Chapter("عنوان فرعي", ("فقرة.",)),
    )


def test_english_language_detected():
    article = read_article("-", data=b"A title\n\nSome English body text here.\n")
    assert article.language == "en"
    assert article.chapters == (Chapter("A title", ("Some English body text here.",)),)


# --- bad input ----------------------------------------------------------------

BAD = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\r\n   \n",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4,
    "controls.txt": bytes(range(1, 9)) * 200,
    "gbk.txt": "中文文本的内容，这是一个测试。".encode("gbk") * 20,
    "utf16-no-bom.txt": "نص عربي قصير.".encode("utf-16-le"),
    "utf16-garbage.txt": b"\xff\xfe\xfa\x00\x81abc",  # decodes, to CJK nonsense
    "utf16-truncated.txt": "نص عربي قصير.".encode("utf-16") + b"\x00",
    "bad-utf8-after-bom.txt": codecs.BOM_UTF8 + "نص".encode() + b"\xff\xfe\xfd" * 10,
    "scripts.html": b"<html><body><script>var a = 1;</script><style>p{}</style></body></html>",
    "empty-body.html": b"<!doctype html><html><head><title>t</title></head><body></body></html>",
    "code.md": b"```\nprint('x')\n```\n\n    indented = 1\n",
    "bad-yaml.md": b"---\ntitle: [unclosed\n---\n\ntext\n",
}


@pytest.mark.parametrize("filename", sorted(BAD))
def test_bad_input_raises_one_line_error(tmp_path, filename):
    path = tmp_path / filename
    path.write_bytes(BAD[filename])
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert info.value.exit_code == 2


def test_bad_stdin_names_stdin():
    with pytest.raises(ArticleError, match="^<stdin>: empty file$"):
        read_article("-", data=b"")


def test_directory_and_missing_path(tmp_path):
    for path, reason in [(tmp_path, "directory"), (tmp_path / "nope.txt", "no such file")]:
        with pytest.raises(ArticleError) as info:
            read_article(path)
        assert "\n" not in str(info.value) and str(path) in str(info.value)
        assert reason in str(info.value)


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:  # root reads any mode; /proc/self/mem refuses a plain read
        path = Path("/proc/self/mem")
    else:
        path = tmp_path / "locked.txt"
        path.write_text("عنوان\n\nنص.\n", encoding="utf-8")
        path.chmod(0)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert str(info.value).startswith(f"{path}: cannot read (")
    assert "\n" not in str(info.value)


# --- speed --------------------------------------------------------------------


def test_five_megabyte_article_is_fast(tmp_path):
    lines = [line for line in sample_text().splitlines() if line.strip()]
    body = "\n\n".join(lines[3:])  # lead + five sections
    copies = 5_000_000 // len(body.encode()) + 1
    text = "\n\n".join(lines[:3] + [body] * copies)
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    assert path.stat().st_size > 5_000_000
    started = time.perf_counter()
    article = read_article(path)
    elapsed = time.perf_counter() - started
    # Each copy: 5 sections; its lead joins the previous copy's last section.
    assert len(article.chapters) == 1 + 5 * copies
    assert sum(len(c.paragraphs) for c in article.chapters) == 31 * copies
    assert elapsed < 5, f"{elapsed:.1f} s"


# --- Markdown front matter nested without end (issue 18) -----------------------------


@pytest.mark.parametrize("value", [
    "[" * 5000 + "]" * 5000,                     # flow lists
    "{a: " * 3000 + "1" + "}" * 3000,            # flow mappings
    "".join(f"\n{'  ' * i}- " for i in range(1, 40)) + "x",    # block lists, by indentation
])
def test_deeply_nested_front_matter_is_one_line_naming_the_file(tmp_path, value):
    path = tmp_path / "deep.md"
    path.write_text(f"---\ntitle: عنوان\nextra: {value}\n---\n\n# عنوان\n\nنص المقال.\n", encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert message.startswith(f"{path}: front matter nested deeper than 32 levels (line ")
    assert "\n" not in message and info.value.exit_code == 2


def test_front_matter_nested_within_bounds_still_reads(tmp_path):
    path = tmp_path / "ok.md"
    nested = "[" * 30 + "1" + "]" * 30
    path.write_text(f"---\ntitle: عنوان\nauthors: [أ, ب]\nextra: {nested}\n---\n\nنص المقال.\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "عنوان" and article.byline == "أ, ب"
