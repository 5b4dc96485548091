"""A second opinion on a word's inner vowels, where two diacritisers disagree.

rawi-v3 (the main model) and rawi-v2 disagree on about one word in twelve of news text, and
where they do the main model is wrong far more often than elsewhere. On those words only,
the reading whose stem is the more frequent in a diacritised MSA corpus wins: the stem counts
are AlKhalil Morpho Sys 2's (`DATA.MSA.SHA.STEM.map`, about 220,000 vowelled stems with their
corpus frequency) as the farahidi package ships them (GPL-3.0-or-later, like narrator).
A swap needs the other stem to be at least RATIO times as frequent (add-one on ours): on the
WikiNews-2014 dev set RATIO 10 fixed the most words for the fewest broken (bench/READING.md,
"Diacritics"). Only inner vowels are taken from the other model: the case ending stays the
main model's (case is a matter of syntax, which stem counts know nothing of).

Stems are found by peeling the usual clitics (و ف, ب ل ك س, the article; a pronoun suffix)
and keeping the longest stem the table knows; a word none of whose segmentations is in the
table has no opinion and keeps the main model's reading.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib.resources import files

from narrator.frontend import arabic

RATIO = 10
STEM_TABLE = "DATA.MSA.SHA.STEM.map.jsonl.gz"
_SUKUN = "\u0652"
_ROW = re.compile(r'"key":"([^"]*)","value":(\d+)')
_PROCLITICS = re.compile("^(و|ف)?(ب|ل|ك|س)?(ال)?")
_LIL = re.compile("^(و|ف)?لل")
_ENCLITICS = ("", *arabic.ATTACHED_PRONOUNS)

Clusters = list[tuple[str, str]]


def clusters(word: str) -> Clusters:
    """(letter, its marks in a fixed order) pairs of the NFC word."""
    return [(c, "".join(sorted(m))) for c, m in arabic.clusters(unicodedata.normalize("NFC", word), wide=False)]


def _inner(pairs: Clusters) -> tuple[str, ...]:
    """Marks of every letter but the last; a sukun is no choice (the benchmark drops it too)."""
    return tuple(m.replace(_SUKUN, "") for _, m in pairs[:-1])


@cache
def stem_counts() -> dict[str, dict[tuple[str, ...], int]]:
    """bare stem -> {inner marks of a vowelled form: corpus count}. Loaded once (about 1 s)."""
    table: dict[str, dict[tuple[str, ...], int]] = defaultdict(dict)
    with (files("farahidi") / "data" / STEM_TABLE).open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    # One JSON object a line, {"key": "<vowelled stem>", "value": <count>}: a regex over the
    # whole file reads it in about half the time of json.loads line by line.
    for key, value in _ROW.findall(text):
        form = clusters(key)
        counts = table["".join(c for c, _ in form)]
        inner = _inner(form)
        counts[inner] = counts.get(inner, 0) + int(value)
    return dict(table)


def segment(bare: str, table: dict) -> tuple[int, int, str] | None:
    """(proclitic letters, enclitic letters, stem) with the longest stem the table knows."""
    m = _PROCLITICS.match(bare)
    assert m is not None  # every group is optional: it matches any string
    starts = {0, len(m.group(1) or ""), len((m.group(1) or "") + (m.group(2) or "")), len(m.group(0))}
    lil = _LIL.match(bare)
    if lil:  # لِلْـ: ل + the article, its alif not written
        starts.add(lil.end())
    best = None
    for pro in starts:
        for enc in _ENCLITICS:
            stem = bare[pro : len(bare) - len(enc)]
            if len(stem) < 2:
                continue
            for key in (stem, stem[:-1] + "ة") if enc and stem.endswith("ت") else (stem,):
                if key in table and (best is None or len(stem) > len(best[2])):
                    best = (pro, len(enc), key)
    return best


def stem_frequency(word: str, table: dict) -> int | None:
    """Corpus count of the word's stem vowelled as in `word`; None if the stem is unknown."""
    pairs = clusters(word)
    seg = segment("".join(c for c, _ in pairs), table)
    if seg is None:
        return None
    pro, enc, stem = seg
    core = pairs[pro : len(pairs) - enc]
    if pro >= 2 and "".join(c for c, _ in pairs[pro - 2 : pro]) in ("ال", "لل"):
        core[0] = (core[0][0], core[0][1].replace("\u0651", ""))  # a sun letter's shadda is the article's
    return table[stem].get(_inner(core), 0)


def choose(main: str, other: str, table: dict | None = None) -> str:
    """`main` unless `other` differs in its inner vowels and its stem is RATIO times as
    frequent; then `other`'s inner vowels with `main`'s case ending."""
    if main == other:
        return main
    a, b = clusters(main), clusters(other)
    if len(a) != len(b) or any(x != y for (x, _), (y, _) in zip(a, b, strict=True)):
        return main
    if _inner(a) == _inner(b):
        return main
    table = stem_counts() if table is None else table
    mine, theirs = stem_frequency(main, table), stem_frequency(other, table)
    if mine is None or theirs is None or theirs < RATIO * (mine + 1):
        return main
    b[-1] = a[-1]
    return unicodedata.normalize("NFC", "".join(c + m for c, m in b))
