"""Every hand-written golden reading in tests/golden/*.tsv (see its README)."""

from __future__ import annotations

import pytest

from golden_rows import load_rows, reading
from narrator.frontend import make_frontend
from narrator.voices.espeak import ESPEAK_AR

ROWS = load_rows()
FRONTEND = make_frontend(ESPEAK_AR, diacritise=False)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_golden_reading(row):
    got, expected = reading(row, FRONTEND)
    assert got == expected, f"{row.input!r}"
