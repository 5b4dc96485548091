"""Load the golden reading tables in tests/golden/ (format in tests/golden/README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
STAGES = ("words", "words-marked", "render", "numbers", "numbers-said", "numbers-marked")


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


def load_rows(directory: Path = GOLDEN_DIR) -> list[Row]:
    rows = []
    for path in sorted(directory.glob("*.tsv")):
        stage = "words"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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


def rules_read(row: Row, frontend) -> tuple[list[str], list[str]]:
    """(the rule that decided each number's case, the rules the row expects), "-" kept."""
    got = [r.rule for r in frontend.explain(row.input)]
    return [g if want != "-" else "-" for g, want in zip(got, row.rules, strict=False)] + got[len(row.rules):], \
        list(row.rules) + got[len(row.rules):]
