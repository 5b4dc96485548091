"""What the server speaks, without state: its paths, content types and byte ranges."""

from __future__ import annotations

import re
from typing import Final

FEED_PATH: Final = "/feed/feed.xml"
PAGE_PATH: Final = "/feed/index.html"
_MAX_DIGITS: Final = 18
"""A byte position with more digits is past the end of any file (and int() of 5,000 digits is an error)."""

_TYPES = (
    (".chapters.json", "application/json+chapters"),
    (".mp3", "audio/mpeg"),
    (".xml", "application/rss+xml; charset=utf-8"),
    (".vtt", "text/vtt; charset=utf-8"),
    (".srt", "application/x-subrip; charset=utf-8"),
    (".json", "application/json"),
    (".html", "text/html; charset=utf-8"),
    (".png", "image/png"),
    (".jpg", "image/jpeg"),
    (".jpeg", "image/jpeg"),
    (".css", "text/css; charset=utf-8"),
    (".js", "text/javascript; charset=utf-8"),
    (".txt", "text/plain; charset=utf-8"),
)
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BEYOND = 10 ** _MAX_DIGITS


def content_type(name: str) -> str:
    lower = name.lower()
    for suffix, kind in _TYPES:
        if lower.endswith(suffix):
            return kind
    return "application/octet-stream"


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """One "Range:" header -> (first, last) inclusive, None (send all) or "unsatisfiable".

    Multiple ranges and malformed headers are answered with the whole file (RFC 9110
    lets a server ignore Range), which every podcast app accepts.
    """
    if not header:
        return None
    m = _RANGE.match(header.strip().replace(" ", ""))
    if not m or (not m.group(1) and not m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if not first:  # suffix: the last N bytes
        n = _number(last)
        if n == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - n), size - 1
    start = _number(first)
    if start >= size:
        return "unsatisfiable"
    end = _number(last) if last else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)


def _number(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else _BEYOND
