"""Every hand-written golden reading in tests/golden/*.tsv (see its README)."""

from __future__ import annotations

import pytest

from golden_rows import load_rows, reading, rules_read
from narrator.frontend import make_frontend
from narrator.voices.espeak import ESPEAK_AR

ROWS = load_rows()
FRONTEND = make_frontend(ESPEAK_AR, diacritise=False)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_golden_reading(row):
    got, expected = reading(row, FRONTEND)
    assert got == expected, f"{row.input!r}"


RULED = [r for r in ROWS if r.rules]


@pytest.mark.parametrize("row", RULED, ids=[r.id for r in RULED])
def test_golden_rule(row):
    """A row's optional third column names the case rule that decides each number."""
    got, expected = rules_read(row, FRONTEND)
    assert got == expected, f"{row.input!r}"
