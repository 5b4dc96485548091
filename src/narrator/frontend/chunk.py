"""Sentences out of a paragraph, and voice-sized chunks out of a long sentence."""

from __future__ import annotations

import re

from narrator.frontend.profile import Pause

# A run of sentence marks, closing quotes/brackets glued to it, then a space or the end:
# "1.49" and "e.g.x" never match because no space follows the dot.
_END = re.compile(r"[.!?؟…؛]+[”\"»’'\)\]]*(?=\s|$)")
_OPENERS = "“\"«‘'(["
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "jr", "sr", "mt", "gen", "col", "lt",
    # Arabic titles and dotted groups written with a final dot (أ.د. محمد, ص.ب. 12).
    "أ.د", "أ.م.د", "ص.ب", "ج.م.ع", "ش.م.م", "ش.م.ع", "ر.س", "د.إ", "د.ك", "ج.م", "ص",
})
# Abbreviations whose dot often closes the sentence too (... عام 300 ق.م. ثم): a sentence
# may end there. م/هـ only count after a year (2020 م.); before a name م. is a title.
ENDING_ABBREVIATIONS = frozenset({"ق.م", "ب.م", "إلخ", "الخ"})
_CALENDAR_MARKS = frozenset({"م", "ه", "هـ"})


def _is_abbreviation(token: str, first_on_line: bool, previous: str = "") -> bool:
    """The word before a single "." that does not end a sentence (`previous` is the word
    before it: 2020 م. ends a sentence, م. أحمد does not)."""
    token = token.lstrip(_OPENERS).replace("\u0640", "")
    if token in ENDING_ABBREVIATIONS:
        return False
    if token in _CALENDAR_MARKS and previous[-1:].isdigit():
        return False
    if len(token) == 1 and token.isalpha():
        return True  # د. أحمد, أ. د., J. Smith
    if token.casefold() in ABBREVIATIONS:
        return True
    parts = token.split(".")
    if len(parts) > 1 and all(p.isalpha() and len(p) <= 3 for p in parts):
        return True  # U.S., e.g., i.e., ق.م inside a sentence
    return first_on_line and token.isdigit()  # "1. " list marker


def split_sentences(paragraph: str) -> list[str]:
    """Sentences as written (trimmed), split on . ! ? ؟ … ؛ and line ends."""
    sentences: list[str] = []
    for line in paragraph.splitlines():
        start = 0
        for m in _END.finditer(line):
            if m.group().rstrip("”\"»’')]") == ".":
                # Only the last two words before the dot are looked at (never the whole
                # pending sentence again): linear time on a line of a.a.a. or د. د. د.
                head = line[max(start, m.start() - 200) : m.start()]
                words = head.split()
                token = words[-1] if words and not head[-1:].isspace() else ""
                previous = words[-2] if len(words) > 1 else ""
                first = len(words) == 1 and m.start() - 200 <= start
                if token and _is_abbreviation(token, first, previous):
                    continue
            piece = line[start : m.end()].strip()
            if piece:
                sentences.append(piece)
            start = m.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


_CLAUSE_MARKS = "،,;؛:"


def _cut(text: str, limit: int) -> int:
    """Where to cut `text` so the head is at most `limit` chars: after a clause mark, else
    before a و-word, else at a space; inside a word only if one word is longer than `limit`."""
    spaces = [i for i in range(1, min(limit, len(text) - 1) + 1) if text[i] == " "]
    floor = limit // 3
    after_mark = [i for i in spaces if text[i - 1] in _CLAUSE_MARKS and i >= floor]
    before_wa = [i for i in spaces if text[i + 1] == "و" and i >= floor]
    for candidates in (after_mark, before_wa, spaces):
        if candidates:
            return candidates[-1]
    return limit


def split_for_voice(text: str, max_chars: int) -> list[tuple[str, Pause | None]]:
    """A rendered sentence -> chunks of at most max_chars, never empty. Inner chunks get
    Pause.CLAUSE; the last gets None (the caller picks the sentence/paragraph pause)."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    rest = " ".join(text.split())
    pieces: list[str] = []
    while len(rest) > max_chars:
        cut = _cut(rest, max_chars)
        head, rest = rest[:cut].strip(), rest[cut:].strip()
        if head:
            pieces.append(head)
    if rest:
        pieces.append(rest)
    return [(p, Pause.CLAUSE) for p in pieces[:-1]] + [(p, None) for p in pieces[-1:]]
