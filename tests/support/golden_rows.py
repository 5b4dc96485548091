"""Load the golden reading tables in tests/golden/ (format in tests/golden/README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
HELDOUT_DIR = Path(__file__).resolve().parents[2] / "bench" / "heldout"
"""The first-sight rounds as written; their rows are tested from GOLDEN_DIR/sentences-*.tsv."""
STAGES = ("words", "words-marked", "render", "numbers", "numbers-said", "numbers-marked",
          "cardinal", "cardinal-marked", "ordinal", "ordinal-marked", "fraction", "case-after")
WORDS_ALONE = {"cardinal", "cardinal-marked", "ordinal", "ordinal-marked", "fraction", "case-after"}
"""Stages that call one function of the number words on the input's arguments (no sentence)."""


@dataclass(frozen=True)
class Row:
    table: str
    line: int
    stage: str
    input: str
    expected: str
    rules: tuple[str, ...] = ()
    """The case rule expected for each number of the input, in order ("-": any), from an
    optional third column (names in narrator.frontend.case_rules and numbers.Reading)."""

    @property
    def id(self) -> str:
        return f"{self.table}:{self.line}"


MISS = "#miss "
"""A row kept visible but known to be read wrongly: a comment to load_rows (and so to the
accuracy bench/reading.py reports), a strict xfail in test_golden.py."""


def load_rows(directory: Path = GOLDEN_DIR, misses: bool = False) -> list[Row]:
    """The rows of every table in `directory`; with `misses`, only its known misses instead."""
    rows = []
    for path in sorted(directory.glob("*.tsv")):
        stage = "words"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(MISS) and "\t" in line:
                if not misses:
                    continue
                line = line[len(MISS):]
            elif misses and not line.startswith("#"):
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                if key.strip() == "stage":
                    stage = value.strip()
                    assert stage in STAGES, f"{path.name}:{n}: unknown stage {stage!r}"
                continue
            if not line.strip():
                continue
            source, sep, expected = line.partition("\t")
            assert sep, f"{path.name}:{n}: no tab between input and expected"
            expected, _, rules = expected.partition("\t")
            rows.append(Row(path.stem, n, stage, source.strip(), expected.strip(),
                            tuple(rules.split())))
    return rows


def reading(row: Row, frontend) -> tuple[str, str]:
    """(what narrator produced, what the table expects), both in the row's comparison form."""
    from narrator.frontend import Stage
    from narrator.frontend.lexicon import strip_marks
    from narrator.voices.espeak import ESPEAK_AR
    from narrator.frontend.render import render

    if row.stage == "render":
        return render(row.input, ESPEAK_AR), row.expected
    if row.stage in WORDS_ALONE:
        return _words_alone(row)
    if row.stage.startswith("numbers"):
        return _numbers(row)
    got = frontend.speak(row.input, Stage.WORDS)
    if row.stage == "words":
        return " ".join(strip_marks(got).split()), " ".join(strip_marks(row.expected).split())
    return " ".join(got.split()), " ".join(row.expected.split())


def _numbers(row: Row) -> tuple[str, str]:
    """The numbers stage alone (numbers.verbalise), as the unit tests it replaces read it."""
    import unicodedata

    from narrator.frontend.arabic import strip_marks
    from narrator.frontend.numbers import verbalise

    if row.stage == "numbers":  # exactly, and never the plain fallback reading
        return verbalise(row.input, strict=True), row.expected
    if row.stage == "numbers-said":
        return " ".join(strip_marks(verbalise(row.input)).split()), row.expected
    got = verbalise(row.input, vowelled=True)  # numbers-marked
    if strip_marks(got) != verbalise(row.input):
        return f"{got} (its letters are not the bare reading {verbalise(row.input)!r})", row.expected
    return unicodedata.normalize("NFC", got), unicodedata.normalize("NFC", row.expected)


def _words_alone(row: Row) -> tuple[str, str]:
    """One number-word function on the row's arguments, as the unit tests it replaces called it:
    `N GENDER CASE [construct|indefinite]`, `A/B CASE [construct]`, or the words before a
    number in text order (case-after)."""
    import unicodedata

    from narrator.frontend.arabic import strip_marks
    from narrator.frontend.case_rules import case_after
    from narrator.frontend.dates import fraction
    from narrator.frontend.numwords import cardinal, ordinal

    if row.stage == "case-after":  # case_after takes the words nearest first
        return str(case_after(row.input.split()[::-1])), row.expected
    first, *args = row.input.split()
    flags = set(args[2:] if row.stage != "fraction" else args[1:])
    allowed = {"ordinal": {"indefinite"}, "ordinal-marked": set()}.get(row.stage, {"construct"})
    assert flags <= allowed, f"{row.id}: unknown flag in {row.input!r}"
    if row.stage == "fraction":
        a, b = map(int, first.split("/"))
        return strip_marks(fraction(a, b, args[0], "construct" in flags)), row.expected
    n, (gender, case) = int(first), args[:2]
    if row.stage == "cardinal":
        return cardinal(n, gender, case, "construct" in flags), row.expected
    if row.stage == "ordinal":
        return ordinal(n, gender, "indefinite" not in flags, case), row.expected
    nfc = lambda text: unicodedata.normalize("NFC", text)  # noqa: E731
    if row.stage == "ordinal-marked":
        return nfc(ordinal(n, gender, True, case, marks=True)), nfc(row.expected)
    got = cardinal(n, gender, case, "construct" in flags, marks=True)  # cardinal-marked
    bare = cardinal(n, gender, case, "construct" in flags)
    if strip_marks(got) != bare:
        return f"{got} (its letters are not the bare reading {bare!r})", row.expected
    return nfc(got), nfc(row.expected)


def rules_read(row: Row, frontend) -> tuple[list[str], list[str]]:
    """(the rule that decided each number's case, the rules the row expects), "-" kept.

    The row names one rule per number: a number the front end finds beyond them is a
    mismatch, not compared with itself."""
    got = [r.rule for r in frontend.explain(row.input)]
    return [g if want != "-" else "-" for g, want in zip(got, row.rules, strict=False)] + got[len(row.rules):], \
        list(row.rules)
