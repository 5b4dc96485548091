"""Plain text reader: headings are bare short lines, found by a measured heuristic.

Layout: block 1 is the title; block 2 a subtitle when it has no final
punctuation and reads like one line (at most SUBTITLE_MAX_WORDS words, no sentence
ending inside it: a lead paragraph that lacks only its final full stop stays body
text); a short block with a dash and no final punctuation right after
them is a dateline.  Later, a heading is an isolated short block (<= 12 words,
at most half the median sentence-ending block) with no sentence-final punctuation, not
opening with a quote or bullet, and followed by body text. A short bare question
(2 to 12 words ending in ? or ؟) followed by a paragraph, after a paragraph or opening
the body, is a heading too ("ماذا يعني ذلك؟" as a section title in plain text).  Paragraphs may be
separated by blank lines or by single newlines; hard-wrapped text (lines cut
at a fixed width, paragraphs between blank lines) is re-joined first.
"""

from __future__ import annotations

import re
import statistics

from narrator.article.model import Article
from narrator.article.structure import Block, build_article, iso_date

HEADING_MAX_WORDS = 12
HEADING_MAX_SHARE_OF_MEDIAN = 0.5
DATELINE_MAX_WORDS = 8
SUBTITLE_MAX_WORDS = 40
# Widest line of a hard-wrapped file; longer lines mean "one paragraph per line".
WRAP_MAX_WIDTH = 120
# In wrapped text a line shorter than this share of the width ends a paragraph.
WRAP_SHORT_LINE = 0.6

_FINAL = ".!?؟…؛،"
_CLOSERS = "\"'”’»)]}›"
_OPENERS = "\"'“”‘’«‹(-*•·▪●–—"
_DASH = re.compile(r"\s[-–—]\s|[–—]")
_INNER_SENTENCE_END = re.compile(r"[.!?؟…](?:\s|$)")


def read_text(text: str, *, name: str, source: str) -> Article:
    """Parse plain text (already decoded) into an Article."""
    blocks = _blocks(text)
    title, rest = blocks[0], blocks[1:]
    subtitle = dateline = None
    # Header lines are taken only while body text remains after them.
    if len(rest) > 1 and _is_dateline(rest[0]):
        dateline, rest = rest[0], rest[1:]
    elif len(rest) > 1 and _is_subtitle(rest[0]):
        subtitle, rest = rest[0], rest[1:]
        if len(rest) > 1 and _is_dateline(rest[0]):
            dateline, rest = rest[0], rest[1:]
    return build_article(
        _mark_headings(rest) if rest else [],
        name=name,
        source=source,
        format="text",
        title=title,
        subtitle=subtitle,
        dateline=dateline,
        date=iso_date(dateline),
        title_only=True,  # a one-line file is its title, said once
    )


def _blocks(text: str) -> list[str]:
    """Split into paragraph-sized blocks, one per line unless the text is hard-wrapped."""
    groups = [
        [line.strip() for line in chunk.split("\n") if line.strip()]
        for chunk in re.split(r"\n[^\S\n]*\n", text)
    ]
    groups = [g for g in groups if g]
    lines = [line for g in groups for line in g]
    width = max(len(line) for line in lines)
    wrapped = width <= WRAP_MAX_WIDTH and any(len(g) > 1 for g in groups)
    if not wrapped or len(groups) == 1:
        return lines
    blocks = []
    for group in groups:
        current: list[str] = []
        for line in group:
            current.append(line)
            if len(line) < WRAP_SHORT_LINE * width:
                blocks.append(" ".join(current))
                current = []
        if current:
            blocks.append(" ".join(current))
    return blocks


def _ends_sentence(block: str) -> bool:
    stripped = block.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _FINAL


def _is_subtitle(block: str) -> bool:
    return (
        not _ends_sentence(block)
        and len(block.split()) <= SUBTITLE_MAX_WORDS
        and not _INNER_SENTENCE_END.search(block)
    )


def _is_question(block: str) -> bool:
    stripped = block.rstrip(_CLOSERS + " ")
    return stripped[-1:] in ("?", "؟") and len(block.split()) >= 2


def _is_dateline(block: str) -> bool:
    return (
        len(block.split()) <= DATELINE_MAX_WORDS
        and bool(_DASH.search(block))
        and not _ends_sentence(block)
    )


def _mark_headings(body: list[str]) -> list[Block]:
    words = [len(b.split()) for b in body]
    ends = [_ends_sentence(b) for b in body]
    # "The median paragraph" is measured on blocks that end a sentence, so that
    # lists of short lines do not drag it down.
    prose = [n for n, end in zip(words, ends, strict=True) if end] or words
    limit = min(HEADING_MAX_WORDS, HEADING_MAX_SHARE_OF_MEDIAN * statistics.median(prose))
    short = [
        n <= limit and not end and b[0] not in _OPENERS
        for b, n, end in zip(body, words, ends, strict=True)
    ]
    # A bare short question followed by a paragraph (not among short lines or other
    # questions) is a heading, also as the body's first block; its length is bounded like
    # any heading's, not by the median paragraph (a question heading is often a sentence).
    for i, b in enumerate(body):
        if (
            i < len(body) - 1 and words[i] <= HEADING_MAX_WORDS and _is_question(b)
            and b[0] not in _OPENERS and ends[i + 1] and not short[i + 1]
            and not _is_question(body[i + 1])
            and (i == 0 or (ends[i - 1] and not short[i - 1] and not _is_question(body[i - 1])))
        ):
            short[i] = True
    # A heading stands alone: runs of short lines are lists or verse, not headings.
    return [
        Block(
            text,
            heading=short[i]
            and i + 1 < len(body)
            and not short[i + 1]
            and (i == 0 or not short[i - 1]),
        )
        for i, text in enumerate(body)
    ]
