"""Shared fixtures: the sample article, a real CLI runner, and one real build of the sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"


@pytest.fixture(scope="session")
def sample_article() -> Path:
    return SAMPLE


def run_narrator(*args, cwd=None, input=None, timeout=600, check=False) -> subprocess.CompletedProcess:
    """Run the real command in its own process, as a user would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    proc = subprocess.run(
        [sys.executable, "-m", "narrator", *map(str, args)],
        cwd=cwd, input=input, capture_output=True, timeout=timeout, env=env,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"narrator {args} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return proc


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory):
    """The sample article built once with the default offline voice; read-only for tests."""
    ws = tmp_path_factory.mktemp("built")
    article = ws / "xi-putin-summit.txt"
    article.write_bytes(SAMPLE.read_bytes())
    run_narrator("build", article, "-w", ws, "--quiet", "--jobs", "2", check=True)
    return ws
