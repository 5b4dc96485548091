"""What every reader shares: a flat stream of headings and paragraphs -> Article."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from narrator.article.model import Article, Chapter
from narrator.errors import ArticleError


@dataclass(frozen=True, slots=True)
class Block:
    """One heading (``heading=True``) or paragraph, its text already tidied."""

    text: str
    heading: bool = False
    level: int = 0
    """Heading level 1-6 where the source has levels; 0 otherwise."""


_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
# Characters no XML document may hold (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF) and C1 controls: one of them in a title used to poison the catalog and
# every later feed. Bidi overrides and isolates can reorder what a title shows in an app.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def hygiene(text: str) -> str:
    """*text* without XML-invalid characters and bidi overrides/isolates (read-time clean-up:
    nothing that leaves the reader can break the catalog, the feed or a show-notes page)."""
    text = _XML_INVALID.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)
    return _BIDI_CONTROLS.sub("", text)


def tidy(text: str) -> str:
    """Collapse runs of whitespace (HTML and Markdown line breaks) to one space; drop
    characters no title or paragraph may carry (see `hygiene`)."""
    return _SPACES.sub(" ", hygiene(text)).strip()


def _same_title(title: str, heading: Block) -> str | None:
    """The one title to keep when the first heading repeats the title; None when the
    heading is a different text. Equal text (any level): one title. A top-level heading
    (H1, or levelless) that opens with the title (a front-matter title and a longer H1) or
    with which the title opens: the longer one. A page title that is the heading plus a
    site name after a separator (<title>Story | Site</title>, then <h2>Story</h2>, any
    level): the heading, without the site name."""
    a, b = _title_key(title), _title_key(heading.text)
    if not a or not b:
        return None
    if a == b:
        return title
    rest = title[len(heading.text) :] if title.startswith(heading.text) else ""
    if a.startswith(b + " ") and _SITE_SUFFIX.match(rest):
        return heading.text
    if heading.level > 1:
        return None
    if b.startswith(a + " "):
        return heading.text
    return title if a.startswith(b + " ") else None


# "Story | Site", "Story – Site" (a colon introduces a subtitle, not a site name).
_SITE_SUFFIX = re.compile(r"\s*[|–—\-·•]\s*\S")


def _title_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def speakable(text: str) -> str:
    """*text* without bare URLs (never worth hearing), whitespace collapsed."""
    return tidy(_URL.sub(" ", text))


def build_article(
    blocks: list[Block],
    *,
    name: str,
    source: str,
    format: str,
    title: str | None,
    subtitle: str | None = None,
    byline: str | None = None,
    dateline: str | None = None,
    date: str | None = None,
    title_only: bool = False,
) -> Article:
    """Group *blocks* into chapters; the lead becomes a chapter named after the title.

    *title_only* lets an article with a title and no body through (a one-line
    text file): one chapter named after the title, with no paragraphs.
    """
    # Paragraphs stay as written (only unsafe characters go); metadata is one tidy line.
    blocks = [Block(t, b.heading, b.level) for b in blocks if (t := hygiene(b.text).strip())]
    title, subtitle, byline, dateline = (
        tidy(v) if v else v for v in (title, subtitle, byline, dateline)
    )
    if title and blocks and blocks[0].heading and (kept := _same_title(title, blocks[0])):
        title, blocks = kept, blocks[1:]  # the title is spoken once
    if not any(not b.heading for b in blocks) and not (title_only and title and not blocks):
        raise ArticleError(f"{name}: no readable text")
    if not title and blocks and blocks[0].heading:
        # No title anywhere, but the text opens with a heading: that is the title.
        title, blocks = blocks[0].text, blocks[1:]
    elif not title:
        title = _first_words(blocks[0].text)
    chapters: list[Chapter] = []
    paragraphs: list[str] = []
    heading, in_lead = title, True
    for block in blocks:
        if block.heading:
            if paragraphs or not in_lead:  # an empty lead is no chapter
                chapters.append(Chapter(heading, tuple(paragraphs)))
            heading, paragraphs, in_lead = block.text, [], False
        else:
            paragraphs.append(block.text)
    chapters.append(Chapter(heading, tuple(paragraphs)))
    sample = " ".join([title, *(b.text for b in blocks[:200])])
    return Article(
        title=title,
        chapters=tuple(chapters),
        subtitle=subtitle or None,
        byline=byline or None,
        dateline=dateline or None,
        date=iso_date(date),
        language=detect_language(sample),
        source=source,
        format=format,
    )


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "ar" if arabic >= latin and arabic else "en"


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from a date, a datetime or a string starting with an ISO date."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.search(value)
    if not match:
        return None
    try:
        return _dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
