"""Checks on Arabic text the front-end tests share: digits left over, letters left unvowelled."""

from __future__ import annotations

import re

DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
"""A digit of any of the three sets Arabic text is written with: none may reach the voice."""
DAMMA, KASRA, SHADDA = "\u064f", "\u0650", "\u0651"

_MARK = re.compile("[\u064b-\u0652]")


def unmarked(word: str) -> list[str]:
    """Letters of a vowelled number word that need a mark and have none: everything but
    alif/alif maqsura/madda, و and ي after their own long vowel, and the article's lam
    before a doubled sun letter."""
    clusters: list[tuple[str, str]] = []
    for c in word:
        if _MARK.match(c) and clusters:
            clusters[-1] = (clusters[-1][0], clusters[-1][1] + c)
        else:
            clusters.append((c, ""))
    missing = []
    for i, (c, marks) in enumerate(clusters):
        prev = clusters[i - 1][1] if i else ""
        nxt = clusters[i + 1][1] if i + 1 < len(clusters) else ""
        if marks or c in "اىآ":
            continue
        if (c == "و" and DAMMA in prev) or (c == "ي" and KASRA in prev):
            continue
        if c == "ل" and i and clusters[i - 1][0] == "ا" and SHADDA in nxt:
            continue
        missing.append(c)
    return missing
