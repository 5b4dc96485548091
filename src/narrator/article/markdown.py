"""Markdown reader: CommonMark (markdown-it-py) plus YAML front matter.

Spoken: headings, paragraphs, list items and block quotes (each paragraph on
its own), link text, and inline code (its text is usually a name or a word
in the sentence, so dropping it would break the sentence). Never spoken:
front matter, URLs, images (alt text included), fenced and indented code
blocks, raw HTML markup, tables and thematic breaks.

The first ``#`` heading is the title unless front matter names one; an ``#``
heading that repeats the title is not spoken again. All other headings, of
any depth, become chapters in document order (flat).
"""

from __future__ import annotations

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from narrator.article.model import Article
from narrator.article.structure import Block, build_article, speakable, tidy
from narrator.errors import ArticleError

# Inline tokens whose own content is spoken; everything else (images, raw HTML
# tags, link markup) contributes nothing but its text children.
_SPOKEN_INLINE = {"text", "code_inline"}
_BREAKS = {"softbreak", "hardbreak"}


def _parser() -> MarkdownIt:
    # Tables are enabled only so they are recognised and skipped, not read as "| a | b |".
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def read_markdown(text: str, *, name: str, source: str) -> Article:
    """Parse Markdown (already decoded) into an Article."""
    tokens = _parser().parse(text)
    meta: dict = {}
    blocks: list[Block] = []
    depth_skipped = 0  # >0 while inside a table
    pending_heading: str | None = None
    for token in tokens:
        if token.type == "front_matter":
            meta = _front_matter(token.content, name)
        elif token.type == "table_open":
            depth_skipped += 1
        elif token.type == "table_close":
            depth_skipped -= 1
        elif depth_skipped:
            continue
        elif token.type == "heading_open":
            pending_heading = token.tag
        elif token.type == "inline":
            spoken = speakable(_inline_text(token))
            if pending_heading:
                blocks.append(Block(spoken, heading=True, level=int(pending_heading[1])))
                pending_heading = None
            else:
                blocks.append(Block(spoken))
    title = _text(meta.get("title"))
    h1s = [b for b in blocks if b.level == 1 and b.text]
    if not title and h1s:
        title = h1s[0].text
    # The title is metadata: its heading is not a chapter.
    blocks = [b for b in blocks if not (b.level == 1 and b.text == title)]
    return build_article(
        blocks,
        name=name,
        source=source,
        format="markdown",
        title=title,
        subtitle=_text(meta.get("subtitle") or meta.get("description")),
        byline=_text(meta.get("author") or meta.get("byline") or meta.get("authors")),
        dateline=_text(meta.get("dateline")),
        date=meta.get("date"),
    )


def _inline_text(token: Token) -> str:
    parts = []
    in_autolink = False  # <https://...>: the link text is the URL itself
    for child in token.children or ():
        if child.type == "link_open":
            in_autolink = child.markup == "autolink"
        elif child.type == "link_close":
            in_autolink = False
        elif in_autolink:
            continue
        elif child.type in _SPOKEN_INLINE:
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append(" ")
    return "".join(parts)


def _front_matter(content: str, name: str) -> dict:
    try:
        meta = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise ArticleError(f"{name}: front matter is not valid YAML{line}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError(f"{name}: front matter must be a YAML mapping")
    return {str(k).lower(): v for k, v in meta.items()}


def _text(value: object) -> str | None:
    """A front matter value as one line of text (lists, e.g. of authors, joined)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in value) if t) or None
    return tidy(str(value)) or None
