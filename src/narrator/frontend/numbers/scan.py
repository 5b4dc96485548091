"""Where the numbers are in a text, and the words around each one.

`NUMBER_RE` finds every numeric expression with its glued clitics; its named groups are the
raw parts that classify.py turns into a token. The helpers below read the bare Arabic words
right before and after a position: every later step asks for them, and none copies the
paragraph (that made number reading quadratic in paragraph length).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from narrator.frontend.arabic import LETTERS, MARKS, bare

AR = LETTERS + MARKS  # (the letters' range holds the tatweel)
ANY_DIGIT = re.compile(r"\d")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Persian and other digit sets
SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%", "−": "-"})

_INT = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9])|[0-9]+"
# 1.250,50 (a decimal comma after dotted thousands) first; then 42,5 and 3,75 (a decimal
# comma alone: one or two digits after it, never a thousands group, as the Gulf press writes
# them); 1,250.50 is _INT then a fraction.
_NUM = (rf"[0-9]{{1,3}}(?:\.[0-9]{{3}})+,[0-9]+(?![0-9])|[0-9]+,[0-9]{{1,2}}(?![0-9]|[.,][0-9])"
        rf"|(?:{_INT})(?:\.[0-9]+)?")
_PREFIX = rf"(?:(?<![{AR}])(?P<pre>[وف]?(?:بال|كال|لل|ال|[بكل])?)(?P<tat>ـ ?|(?<=[وفبكل]) (?=[0-9]))?)?"
_DEGREE = rf" ?[°º](?: ?[CFمف](?![A-Za-z{AR}]))?"
# Digits glued to a Latin word (5G، 12GB، Radian6، بال5G) belong to a Latin token: the Latin
# stage reads them, never as an Arabic number with the clitic as its article. (A lone
# letter before digits, as in °C0, does not make a word.)
NUMBER_RE = re.compile(
    rf"(?<![A-Za-z]{{2}})(?:"
    rf"{_PREFIX}(?:"
    rf"(?P<date>(?P<d>[0-9]{{1,2}})(?P<ds>[/.\-])(?P<mo>[0-9]{{1,2}})(?P=ds)(?P<y>[0-9]{{4}}))"
    rf"|(?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))"
    rf"|(?P<slash>(?P<sa>[0-9]+)/(?P<sb>[0-9]+))(?![0-9/])"
    rf"|(?P<hms>(?P<th>[0-9]{{1,2}}):(?P<tm>[0-5][0-9]):(?P<ts>[0-5][0-9]))(?![0-9:])"
    rf"|(?P<time>(?P<hh>[01]?[0-9]|2[0-4]):(?P<mm>[0-5][0-9]))(?![0-9:])"
    rf"|(?P<phone>(?:\+|(?=0[0-9]))[0-9]{{1,5}}(?:[ \-][0-9]{{2,5}})*)(?![0-9]|[.,][0-9])"
    rf"|(?P<sect>(?![0-9]{{1,3}}(?:\.[0-9]{{3}}){{2,}}(?![0-9]))[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{2,}})"
    rf"(?![0-9.]*[0-9])"
    rf"|(?P<dim>(?P<xa>[0-9]+) ?[x×] ?(?P<xb>[0-9]+))(?![0-9]|[.,][0-9])"
    rf"|(?P<range>(?P<ra>[0-9]+) ?[-–—] ?(?P<rb>[0-9]+))(?![0-9]|[.,][0-9])(?P<rpct> ?%)?"
    rf"|(?P<num>{_NUM})(?P<pct> ?%)?(?P<sym> ?[$€£])?(?P<deg>{_DEGREE})?"
    rf")"
    rf"|(?P<psym>[$€£]) ?(?P<pnum>{_NUM})"
    rf"|(?<![\w%])%(?P<ppct>{_NUM})"
    rf"|(?:(?<![\w\-])|(?<=(?<![{AR}])و))-(?P<neg>{_NUM})(?:(?P<npct> ?%)|(?P<ndeg>{_DEGREE}))?"
    rf")(?![0-9])(?![A-Za-z](?![0-9]))"  # 5G stays whole; 2024-05-18T09:30 is still a date
)

# A definite number inside the words before a number (الساعات الـ 24 الماضية): one word.
# (A bare number usually closes a clause: قتل 12 شخصا وأصيب 30 آخرون.)
_NUMBER_BEFORE = re.compile(rf"(?<![{AR}])(?:ال|بال|لل)ـ?[ \t]?[0-9]+[ \t]+$")
NUMBER_WORD = "٠"
_WORD_BEFORE = re.compile(rf"([{AR}]+)[ \t\u00a0]+$")
_WORD_AFTER = re.compile(rf"[ \t\u00a0]*([{AR}]+)")
# A Latin name (أنفقت Amazon 40 مليارا) stands for one Arabic word, LATIN_WORD, an
# indefinite noun to the case rules: the verb before it is still seen.
_LATIN_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9.&'-]*[ \t]+){1,4}$")
LATIN_WORD = "اسم"


@dataclass(slots=True)
class Context:
    """Where a number stands: the text (ASCII digits), the match's span and the bare words
    before it, nearest first (eight: a verb, a two-word subject and a four-word phrase:
    يتجاوز عدد المشتركين في خدمات الهاتف المحمول 40 مليونا). (Not frozen: one is made
    for every number, and a frozen dataclass is four times slower to make.)"""

    text: str
    start: int
    end: int
    before: list[str]


def ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def words_before(text: str, start: int, k: int = 2) -> list[str]:
    """Up to k bare Arabic words right before `start`, nearest first (no punctuation between)."""
    words: list[str] = []
    while len(words) < k:
        m = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if not m and (latin := _LATIN_BEFORE.search(text, max(0, start - 60), start)):
            words.append(LATIN_WORD)
            start = latin.start()
            continue
        if not m:
            # في الساعات الـ 24 الماضية 120 إصابة: an earlier definite number inside the
            # phrase stands for one word (NUMBER_WORD), so the verb before it is still seen
            if words and (num := _NUMBER_BEFORE.search(text, max(0, start - 40), start)):
                words.append(NUMBER_WORD)
                start = num.start()
                continue
            break
        words.append(bare(m.group(1)))
        start = m.start()
    return words


def words_after(text: str, pos: int, k: int) -> list[str]:
    """Up to k bare Arabic words right after `pos` (a % sign skipped), stopping at
    punctuation or a digit."""
    words: list[str] = []
    if text[pos:pos + 1] == "%":
        pos += 1
    while len(words) < k:
        nxt = word_after(text, pos)
        if not nxt:
            break
        words.append(nxt[0])
        pos = nxt[1]
    return words


def word_after(text: str, pos: int) -> tuple[str, int] | None:
    """The bare Arabic word right after `pos` (spaces skipped) and its end, or None."""
    m = _WORD_AFTER.match(text, pos)
    return (bare(m.group(1)), m.end()) if m else None
