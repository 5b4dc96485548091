"""One way to show a duration to people: the CLI's `list`, the page and `build` lines agree."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """12.9 -> "0:12", 3725 -> "1:02:05".

    Whole seconds are cut, not rounded, as players count: a 7:37.6 episode shows 7:37
    everywhere, and a chapter starting at 0:12.9 is listed at the second it starts in.
    """
    total = int(max(0.0, seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def short_seconds(value: float) -> str:
    """12.3400 -> "12.34", 40.0 -> "40": millisecond precision, no trailing zeros, for
    links and data attributes (short, exact enough to seek)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
