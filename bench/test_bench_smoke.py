"""bench/bench.py --quick runs end to end and writes a RESULTS table (the real CLI, ffmpeg, espeak).

Not in the default suite (tests/ only): run it when bench.py changes,
    .venv/bin/python -m pytest -q bench/test_bench_smoke.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_bench_writes_results(tmp_path):
    out = tmp_path / "RESULTS.md"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")

    # Machine header and the targets table with a verdict on every row.
    assert f"| cores | {os.cpu_count()} |" in text
    targets = text.split("## Targets", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in targets.splitlines() if r.startswith("| ") and not r.startswith("| figure")]
    assert len(rows) >= 5
    assert all(re.search(r"\| (met|\*\*not met\*\*|n/a[^|]*) \|$", r) for r in rows), rows

    # Every stage measured, with shares summing to 100 %.
    stages = text.split("## Stages", 1)[1].split("\n## ", 1)[0]
    shares = [float(m) for m in re.findall(r"^\| [^*].* \| ([\d.]+) % \|$", stages, re.M)]
    assert len(shares) == 8 and abs(sum(shares) - 100) < 0.5, shares

    # Real builds happened: a positive audio duration and an RTF computed from it.
    e2e = text.split("## End to end", 1)[1].split("\n## ", 1)[0]
    row = next(r for r in e2e.splitlines() if r.startswith("| 1 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    cold_s, audio_s, cold_rtf = float(cells[1]), float(cells[5]), float(cells[6])
    assert audio_s > 5 and cold_s > 0
    assert abs(cold_rtf - cold_s / audio_s) < 1e-3

    # Peak memory of the long-article builds is a plausible number of MB.
    longs = text.split("## Long articles", 1)[1].split("\n## ", 1)[0]
    build_mb = [float(r.split("|")[8]) for r in longs.splitlines() if r.startswith("| long ")]
    assert build_mb and all(20 < mb < 2000 for mb in build_mb)
    assert "```json" in text  # raw runs
