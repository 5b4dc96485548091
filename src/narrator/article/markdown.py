"""Markdown reader: CommonMark (markdown-it-py) plus YAML front matter.

Spoken: headings, paragraphs, list items and block quotes (each paragraph on
its own), link text, and inline code (its text is usually a name or a word
in the sentence, so dropping it would break the sentence). Never spoken:
front matter, URLs, images (alt text included), fenced and indented code
blocks, raw HTML markup, tables and thematic breaks. A link is its text whatever its
target: ``[x](javascript:…)`` is read "x", never its syntax or target.

Front matter is data from strangers: YAML anchors and aliases are refused (an alias bomb
of 1 KB expands to gigabytes; a recursive alias never ends), so is front matter over
MAX_FRONT_MATTER characters, nested deeper than MAX_YAML_DEPTH (PyYAML builds nested values
by recursion: `[[[[…]]]]` was a RecursionError), a value over MAX_VALUE_CHARS, and a list or mapping where
a string is expected (title, subtitle, description, dateline, date): ArticleError
naming the key. author/byline/authors may be a list of strings.

The first ``#`` heading is the title unless front matter names one; an ``#``
heading that repeats the title is not spoken again. All other headings, of
any depth, become chapters in document order (flat).
"""

from __future__ import annotations

from dataclasses import replace

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


MAX_NESTING = 100
"""markdown-it stops reading the whole rest of a document at its nesting limit (20 by
default: ten nested lists): raised, and a document reaching it is refused, saying why."""
MAX_FRONT_MATTER = 65536
MAX_VALUE_CHARS = 2000
MAX_YAML_DEPTH = 32
"""Lists and mappings inside one another; what narrator reads needs two (a list of authors)."""
_STRING_KEYS = ("title", "subtitle", "description", "dateline", "date", "image")
_LIST_KEYS = ("author", "byline", "authors")


def _parser() -> MarkdownIt:
    # Tables are enabled only so they are recognised and skipped, not read as "| a | b |".
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    # Every link target is valid here: the target is never spoken, and a refused one
    # (javascript:) would leave its whole [text](target) syntax in the spoken text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.options["maxNesting"] = MAX_NESTING
    return md


def read_markdown(text: str, *, name: str, source: str) -> Article:
    """Parse Markdown (already decoded) into an Article."""
    tokens = _parser().parse(text)
    if tokens and max(t.level for t in tokens) >= MAX_NESTING - 1:
        raise ArticleError(
            f"{name}: Markdown nested deeper than {MAX_NESTING} levels (lists or quotes);"
            " text below that depth cannot be read"
        )
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
    # The title is metadata: its heading is not a chapter (a longer H1 that opens with a
    # front-matter title replaces it: build_article keeps one title).
    blocks = [b for b in blocks if not (b.level == 1 and b.text == tidy(title or ""))]
    return replace(build_article(
        blocks,
        name=name,
        source=source,
        format="markdown",
        title=title,
        subtitle=_text(meta.get("subtitle") or meta.get("description")),
        byline=_text(meta.get("author") or meta.get("byline") or meta.get("authors")),
        dateline=_text(meta.get("dateline")),
        date=meta.get("date"),
    ), image=_text(meta.get("image")))


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
    if len(content) > MAX_FRONT_MATTER:
        raise ArticleError(f"{name}: front matter longer than {MAX_FRONT_MATTER} characters")
    try:
        # Events first (linear, nothing expanded, no recursion): anchors, aliases and deep
        # nesting are refused before the recursive composer and constructors see them.
        depth = 0
        for event in yaml.parse(content, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise ArticleError(
                    f"{name}: front matter uses a YAML anchor or alias (line {mark.line + 2});"
                    " write the value out instead"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise ArticleError(f"{name}: front matter nested deeper than {MAX_YAML_DEPTH} levels"
                                       f" (line {event.start_mark.line + 2})")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        meta = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise ArticleError(f"{name}: front matter is not valid YAML{line}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError(f"{name}: front matter must be a YAML mapping")
    meta = {str(k).lower(): v for k, v in meta.items()}
    for key in (*_STRING_KEYS, *_LIST_KEYS):
        _check_value(meta.get(key), key, name, lists=key in _LIST_KEYS)
    return meta


def _check_value(value: object, key: str, name: str, lists: bool) -> None:
    """A front matter value narrator reads must be a short scalar (or a list of them)."""
    if value is None:
        return
    if isinstance(value, (list, tuple)) and lists:
        for item in value:
            _check_value(item, key, name, lists=False)
        return
    if isinstance(value, (dict, list, tuple, set)):
        kind = "mapping" if isinstance(value, dict) else "list"
        raise ArticleError(f"{name}: front matter '{key}' must be text, not a {kind}")
    if len(str(value)) > MAX_VALUE_CHARS:
        raise ArticleError(
            f"{name}: front matter '{key}' is longer than {MAX_VALUE_CHARS} characters"
        )


def _text(value: object) -> str | None:
    """A front matter value as one line of text (lists, e.g. of authors, joined)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in value) if t) or None
    return tidy(str(value)) or None
