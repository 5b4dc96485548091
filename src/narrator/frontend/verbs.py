"""Verb transitivity from the hand-written table src/narrator/data/verbs.tsv.

Only what the number rules need: is a bare word a verb of news prose, and does it take a
direct object? The table lists a perfect and an imperfect (3rd person masculine singular)
per verb; the feminine forms are derived (perfect + ت, the imperfect's ي -> ت), since a
number's case after a verb does not depend on the verb's gender.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files


def _feminine_perfect(perfect: str) -> str:
    # أجرى -> أجرت، نما -> نمت: a final alif drops before the ت of the feminine
    return (perfect[:-1] if perfect.endswith(("ى", "ا")) else perfect) + "ت"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The table read once: (every derived form -> the transitivities it can have, {"t"},
    {"i"} or both; the masculine perfects as written)."""
    text = (files("narrator") / "data" / "verbs.tsv").read_text(encoding="utf-8")
    derived: dict[str, set[str]] = {}
    perfects: dict[str, set[str]] = {}
    written: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        perfect, imperfect, kind = (f.strip() for f in line.split("\t"))
        if kind not in ("t", "i") or not imperfect.startswith("ي"):
            raise ValueError(f"verbs.tsv:{n}: expected perfect, imperfect in ي, t|i")
        written.add(perfect)
        for form in (perfect, _feminine_perfect(perfect)):
            perfects.setdefault(form, set()).add(kind)
        for form in (imperfect, "ت" + imperfect[1:]):
            derived.setdefault(form, set()).add(kind)
    # a perfect written in the table wins over an imperfect spelt alike (تقدم)
    derived.update(perfects)
    return {form: frozenset(kinds) for form, kinds in derived.items()}, frozenset(written)


def _table() -> dict[str, frozenset[str]]:
    return _load()[0]


def _perfects() -> frozenset[str]:
    return _load()[1]


def _forms(word: str):
    yield word
    if word[:1] in ("و", "ف") and len(word) > 3:  # وارتفع، فقد (فقد itself is listed first)
        word = word[1:]
        yield word
    if word[:2] in ("سي", "ست") and len(word) > 4:  # سيستفيد: the future prefix
        yield word[1:]


def transitivity(word: str) -> frozenset[str]:
    """{"t"}, {"i"}, both, or empty for a word that is not a listed verb."""
    table = _table()
    for form in _forms(word):
        if form in table:
            return table[form]
    return frozenset()


def is_verb(word: str) -> bool:
    return bool(transitivity(word))


def intransitive(word: str) -> bool:
    """Takes no direct object in any of its readings: a number after it is its subject."""
    return transitivity(word) == frozenset("i")


def transitive(word: str) -> bool:
    return "t" in transitivity(word)


def noun_like(word: str) -> bool:
    """A masculine perfect spelt like a noun: فعل (عمل، وصل، درس) and the تفعّل/تفاعل
    perfects, which are their own verbal nouns (تقدم، توقف، تراجع، تعادل)."""
    for form in _forms(word):
        if form in _table():
            return form in _perfects() and (
                len(form) == 3 or (form[0] == "ت" and len(form) in (4, 5)))
    return False


def masculine_form(word: str) -> bool:
    """A listed verb in a form without a feminine mark: the masculine perfect of the table
    (ترجم، أصدر) or an imperfect in ي (يضم، سيضم), so not the verb of a feminine subject
    right after it."""
    for form in _forms(word):
        if form in _perfects():
            return True
        if form[:1] == "ي" and form in _table():
            return True
    return False
