"""Sentences out of a paragraph, and voice-sized chunks out of a long sentence."""

from __future__ import annotations

import re

from narrator.frontend.arabic import bare
from narrator.frontend.profile import Pause
from narrator.frontend.wordlists import PACKAGE, ChunkLists, WordLists

# A run of sentence marks, closing quotes/brackets glued to it, then a space or the end:
# "1.49" and "e.g.x" never match because no space follows the dot.
_END = re.compile(r"[.!?؟…؛]+[”\"»’'\)\]]*(?=\s|$)")
_OPENERS = "“\"«‘'(["
# The word before a single "." (data/chunk/abbreviations.tsv, in ChunkLists): an abbreviation
# inside a sentence, one whose dot often closes the sentence too (... عام 300 ق.م. ثم), or a
# calendar mark that ends one only after a year (2020 م.; before a name م. is a title).
# A front end passes its own ChunkLists; a call without one reads the package's.


def _is_abbreviation(token: str, first_on_line: bool, previous: str = "",
                     lists: ChunkLists = PACKAGE.chunk) -> bool:
    """The word before a single "." that does not end a sentence (`previous` is the word
    before it: 2020 م. ends a sentence, م. أحمد does not)."""
    token = token.lstrip(_OPENERS).replace("\u0640", "")
    if token in lists.ending:
        return False
    if token in lists.calendar and previous[-1:].isdigit():
        return False
    if len(token) == 1 and token.isalpha():
        return True  # د. أحمد, أ. د., J. Smith
    if token.casefold() in lists.inside:
        return True
    parts = token.split(".")
    if len(parts) > 1 and all(p.isalpha() and len(p) <= 3 for p in parts):
        return True  # U.S., e.g., i.e., ق.م inside a sentence
    return first_on_line and token.isdigit()  # "1. " list marker


def split_sentences(paragraph: str, lists: WordLists = PACKAGE) -> list[str]:
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
                if token and _is_abbreviation(token, first, previous, lists.chunk):
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
_EDGE = "،؛؟.,:;!?()[]\"'«»“”‘’…"

# The words that place a cut (data/chunk/words.tsv says what each tag means): clause starts
# (the best place to cut a sentence with no comma left), relatives (open a clause describing
# the noun before them: a weak cut), words bound to the next (never end a chunk on one),
# number words. CLAUSE_STARTS is the package's.
CLAUSE_STARTS = PACKAGE.chunk.clause_starts


def _bare(token: str) -> str:
    return bare(token).strip(_EDGE)  # (and the tatweel espeak's text may carry)


def _number_word(bare: str, joined: bool, number_words: frozenset[str]) -> bool:
    """A number word (ثلاثة, الخامس, بثمانية); with joined=True only one joined by و."""
    if joined:
        return bare[:1] == "و" and _number_word(bare[1:], False, number_words)
    for stem in (bare, bare[1:]):  # a one-letter clitic: و ب ل ك ف
        for word in (stem, stem[2:] if stem.startswith("ال") else stem):
            if word in number_words:
                return True
    return False


def _latin(bare: str) -> bool:
    return bare[:1].isascii() and bare[:1].isalpha()


# How good a cut between two words is: lower is better.
_MARK, _CLAUSE, _PLAIN, _WEAK, _INSIDE = range(5)


def _cut_quality(left: str, right: str, names: frozenset[str], lists: ChunkLists) -> int:
    """Quality of a cut between the words `left` and `right` (as written in the voice text)."""
    a, b = _bare(left), _bare(right)
    numbers = lists.number_words
    if _number_word(a, False, numbers) and (
            _number_word(b, False, numbers) or _number_word(b, True, numbers)):
        return _INSIDE  # ثلاثة | وعشرين, ألفين | وخمسمئة
    if (a in names or a[1:] in names) and (b in names or b[1:] in names):
        return _INSIDE  # a name from the lexicon: شي | جين | بينغ
    if _latin(a) and _latin(b) and not left.endswith(tuple(_CLAUSE_MARKS)):
        return _INSIDE  # a run of Latin words: Microsoft | Word
    if left[-1:] in _CLAUSE_MARKS:
        return _MARK
    if b in lists.relatives:
        return _WEAK  # المشاريع | التي: the noun and its relative clause
    if b in lists.clause_starts:
        return _CLAUSE
    if a in lists.binds_next or _number_word(a, False, numbers) or b.startswith("ال") or b.startswith("لل"):
        # After a preposition or a number (its counted noun follows), or before a definite
        # word: a construct (وزير الخارجية), a noun and its adjective, a verb and its subject.
        return _WEAK
    return _PLAIN


def _cut(words: list[str], limit: int, names: frozenset[str], lists: ChunkLists) -> int:
    """How many of `words` go into the next chunk (at most `limit` chars, at least one word
    unless the first word alone is longer than `limit`)."""
    ends, length = [], -1
    for word in words:
        length += 1 + len(word)
        if length > limit:
            break
        ends.append(length)
    if len(ends) == len(words):
        return len(words)
    floor = limit // 3  # a clause mark or clause start this early would leave a tiny chunk
    best = None
    for n in range(1, len(ends) + 1):
        quality = _cut_quality(words[n - 1], words[n], names, lists)
        if quality <= _CLAUSE and ends[n - 1] < floor:
            quality = _PLAIN
        if best is None or quality <= best[0]:
            best = (quality, n)  # the last cut of the best quality: the longest chunk
    return best[1] if best else 0


def split_for_voice(
    text: str, max_chars: int, names: frozenset[str] = frozenset(), lists: WordLists = PACKAGE
) -> list[tuple[str, Pause | None]]:
    """A rendered sentence -> chunks of at most max_chars, never empty. Inner chunks get
    Pause.CLAUSE; the last gets None (the caller picks the sentence/paragraph pause).

    Cuts go after a clause mark first, then before a clause start (ثم، لكن، أن...),
    then between other words (before a relative pronoun only as a weak cut: it describes
    the noun before it); a cut inside a number phrase, a lexicon name or a run of
    Latin words is the last resort before cutting inside a word longer than max_chars.
    `names` holds the bare words of names (the lexicon's)."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    words = text.split()
    pieces: list[str] = []
    while words:
        n = _cut(words, max_chars, names, lists.chunk)
        if n == 0:  # one word longer than the limit: the only cut inside a word
            head, rest = words[0][:max_chars], words[0][max_chars:]
            pieces.append(head)
            words = [rest, *words[1:]] if rest else words[1:]
            continue
        pieces.append(" ".join(words[:n]))
        words = words[n:]
    return [(p, Pause.CLAUSE) for p in pieces[:-1]] + [(p, None) for p in pieces[-1:]]
