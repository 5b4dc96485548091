"""Every hand-written golden reading in tests/golden/*.tsv (see its README)."""

from __future__ import annotations

from collections import Counter

import pytest

from golden_rows import HELDOUT_DIR, load_rows, reading, rules_read
from narrator.frontend import make_frontend
from narrator.voices.espeak import ESPEAK_AR

ROWS = load_rows()
FRONTEND = make_frontend(ESPEAK_AR, diacritise=False)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_golden_reading(row):
    got, expected = reading(row, FRONTEND)
    assert got == expected, f"{row.input!r}"


MISSES = load_rows(misses=True)


@pytest.mark.parametrize("row", MISSES, ids=[r.id for r in MISSES])
@pytest.mark.xfail(strict=True, reason="a known miss (#miss in its table): drop the mark once it reads right")
def test_golden_known_miss(row):
    """Rows kept visible as known misses are run too: the day one reads right, this fails
    and the row becomes an ordinary one."""
    got, expected = reading(row, FRONTEND)
    assert got == expected, f"{row.input!r}"


def test_known_misses_are_found():
    assert len(MISSES) == 3 and all(r.input and r.expected for r in MISSES)


RULED = [r for r in ROWS if r.rules]


@pytest.mark.parametrize("row", RULED, ids=[r.id for r in RULED])
def test_golden_rule(row):
    """A row's optional third column names the case rule that decides each number."""
    got, expected = rules_read(row, FRONTEND)
    assert got == expected, f"{row.input!r}"


def test_every_held_out_row_is_in_exactly_one_class_table():
    """bench/heldout/ keeps the first-sight rounds as written; each of their rows is tested once,
    from the class table it was sorted into (tests/golden/sentences-*.tsv, by
    bench/heldout_classes.py), with the same input, expected reading and rules."""
    def key(row):
        return row.stage, row.input, row.expected, row.rules

    rounds = Counter(map(key, load_rows(HELDOUT_DIR)))
    classes = Counter(key(r) for r in ROWS if r.table.startswith("sentences-"))
    assert len(rounds) > 1000
    assert not rounds - classes, f"round rows in no class table: {list(rounds - classes)[:3]}"
    assert not classes - rounds, f"class rows in no round: {list(classes - rounds)[:3]}"
