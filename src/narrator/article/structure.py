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


def tidy(text: str) -> str:
    """Collapse runs of whitespace (HTML and Markdown line breaks) to one space."""
    return _SPACES.sub(" ", text).strip()


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
    blocks = [b for b in blocks if b.text]
    if not any(not b.heading for b in blocks) and not (title_only and title and not blocks):
        raise ArticleError(f"{name}: no readable text")
    if not title and blocks and blocks[0].heading:
        # No title anywhere, but the text opens with a heading: that is the title.
        title, blocks = blocks[0].text, blocks[1:]
    elif not title:
        title = _first_words(blocks[0].text)
    chapters: list[Chapter] = []
    heading, paragraphs, in_lead = title, [], True
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
