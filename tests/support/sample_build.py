"""The five-chapter sample article built with a test voice through the real command, and the
checks every voice's episode of it must pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audio_checks import decode_seconds
from conftest import ROOT, run_narrator

SUMMIT = ROOT / "tests" / "data" / "articles" / "summit.md"


def build_summit(tmp_path: Path, voice: str, *flags: str) -> tuple[Path, Path]:
    """(the article, its MP3) built into the workspace tmp_path with `voice`: one ID3 chapter
    per script chapter (five), a plausible length, the last chapter ending with the audio."""
    article = tmp_path / "summit.md"
    article.write_bytes(SUMMIT.read_bytes())
    run_narrator("build", article, "-w", tmp_path, "--voice", voice, *flags, check=True)
    [mp3] = (tmp_path / "audio").glob("*.mp3")
    script = json.loads(run_narrator("script", article, "--json", "--voice", voice, check=True).stdout)
    chapters = ID3(mp3).getall("CHAP")
    assert len(chapters) == len(script["chapters"]) == 5
    seconds = decode_seconds(mp3)
    assert 5 < seconds < 120
    assert max(c.end_time for c in chapters) / 1000 == pytest.approx(seconds, abs=0.2)
    return article, mp3
