"""The front end's word lists as data (data/latin, data/chunk, data/normalise, data/foreign): each file
is well formed, and a malformed one is refused with its file and line."""

from __future__ import annotations

from importlib.resources import files

import pytest

from narrator.errors import ConfigError
from narrator.frontend import wordlists
from narrator.frontend.chunk import CLAUSE_STARTS, split_sentences
from narrator.frontend.latin import LOANWORDS, SAID_AS_WORDS, SYMBOLS, latin_to_arabic
from narrator.frontend.normalise import speak_host

SCHEMA = ("clause_start", "relative", "number")


@pytest.mark.parametrize(("text", "message"), [
    ("ثم\tclause_start\nبل\n", r"words\.tsv:2: expected 2 tab-separated fields"),
    ("ثم\tclause_start\n# note\nثم\tnumber\n", r"words\.tsv:3: ثم is already listed at line 1"),
    ("ثم\tclause_start\nالتي\trelativ\n", r"words\.tsv:2: unknown tag 'relativ' for التي"),
    ("ثم\tclause_start clause_start\n", r"words\.tsv:1: a tag repeated for ثم"),
    ("ثم\t\n", r"words\.tsv:1: expected 2 tab-separated fields"),
])
def test_malformed_rows_are_refused_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        wordlists.tag_words(wordlists.parse(text, "chunk/words.tsv", 2), "chunk/words.tsv",
                            SCHEMA)


def test_a_word_in_two_lists_is_one_row_with_both_tags() -> None:
    table = wordlists.parse("التي\tclause_start relative\n", "t.tsv", 2)
    tags = wordlists.tag_words(table, "t.tsv", SCHEMA)
    assert tags["clause_start"] == tags["relative"] == {"التي"}
    assert tags["number"] == frozenset()


def test_every_package_list_loads() -> None:
    """Each shipped file parses with its shape (one row per key)."""
    shapes = {"latin/letter-names.tsv": 2, "latin/loanwords.tsv": 2,
              "latin/said-as-words.tsv": 1, "latin/symbols.tsv": 2,
              "chunk/words.tsv": 2, "chunk/abbreviations.tsv": 2,
              "normalise/tlds.tsv": 2, "normalise/saying-verbs.tsv": 1, "foreign/markers.tsv": 2}
    data = files("narrator") / "data"
    shipped = {f"{d}/{p.name}" for d in ("latin", "chunk", "normalise", "foreign")
               for p in (data / d).iterdir() if p.name.endswith(".tsv")}
    assert shipped == set(shapes)
    for name, columns in shapes.items():
        assert wordlists.parse((data / name).read_text(encoding="utf-8"), name, columns)


def test_missing_table_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="missing package table latin/nothing.tsv"):
        wordlists.mapping("latin/nothing.tsv")


def test_the_tables_reach_the_stages() -> None:
    assert LOANWORDS["www"] == "دبليو دبليو دبليو"  # a value with spaces
    assert latin_to_arabic("Microsoft") == "مايكروسوفت"
    assert "NATO" in SAID_AS_WORDS and SYMBOLS["<"] == "أصغر من"
    assert {"ثم", "التي", "وأكدت"} <= CLAUSE_STARTS
    assert split_sentences("قال د. أحمد إن. ثم عام 300 ق.م. انتهى") == [
        "قال د. أحمد إن.", "ثم عام 300 ق.م.", "انتهى"]
    assert speak_host("bbc.co.uk") == "bbc dot co dot UK"
    assert speak_host("example.news") == "example dot news"
