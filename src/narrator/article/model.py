"""The article as narrator understands it: metadata plus ordered chapters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chapter:
    """One section: its heading exactly as written and its paragraphs (text as written)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article. Title, subtitle, byline and dateline are metadata, never chapters.

    The lead (body text before the first heading) is the first chapter, titled
    with the article's title.
    """

    title: str
    chapters: tuple[Chapter, ...]
    subtitle: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date: str | None = None
    """ISO 8601 date (YYYY-MM-DD) when the source states one."""
    language: str = "ar"
    source: str = ""
    """The path the article was read from, or "-" for standard input."""
    format: str = "text"
    """Which reader parsed it: "text", "markdown" or "html"."""
    image: str | None = None
    """The article's picture as its source names it (og:image, first figure, front-matter
    `image:`): a URL, or a path relative to the article file. The episode's artwork."""
