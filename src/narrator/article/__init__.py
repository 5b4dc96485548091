"""Stage 1: read an article file (plain text, Markdown or HTML) into an Article."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from narrator.article.decode import decode_article
from narrator.article.model import Article, Chapter
from narrator.errors import ArticleError

__all__ = ["Article", "ArticleError", "Chapter", "read_article"]

_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
_SNIFF_CHARS = 65536
_HTML_START = ("<!doctype", "<html", "<?xml")
_HTML_TAG = re.compile(r"<(p|article|h1)[\s>]", re.I)
_MARKDOWN = re.compile(r"\A---[^\S\n]*\n|^#{1,6}[^\S\n]+\S", re.M)


def read_article(source: str | os.PathLike, data: bytes | None = None) -> Article:
    """Read *source* ("-" is standard input; *data*, when given, is its bytes)."""
    source = os.fspath(source)
    name = "<stdin>" if source == "-" else source
    if data is None:
        data = _read_bytes(source, name)
    text = decode_article(data, name)
    fmt = _BY_EXTENSION.get(Path(source).suffix.lower()) if source != "-" else None
    fmt = fmt or sniff_format(text)
    if fmt == "html":
        from narrator.article.html import read_html as reader
    elif fmt == "markdown":
        from narrator.article.markdown import read_markdown as reader
    else:
        from narrator.article.text import read_text as reader
    return reader(text, name=name, source=source)


def sniff_format(text: str) -> str:
    """Guess "html", "markdown" or "text" from the start of *text*."""
    head = text[:_SNIFF_CHARS]
    if head.lstrip().lower().startswith(_HTML_START) or _HTML_TAG.search(head):
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"


def _read_bytes(source: str, name: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{name}: is a directory, not an article file") from None
    except OSError as exc:
        raise ArticleError(f"{name}: cannot read ({exc.strerror or exc})") from None
