"""narrator.play: cutting one chapter into its own MP3, starting a player."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from narrator.errors import NarratorError
from narrator.ffmpeg import analyse, ffmpeg_exe
from narrator.play import chapter_at, extract_chapter, play_chapter
from serve_fixtures import TONES, build_workspace


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return build_workspace(tmp_path_factory.mktemp("play"), slugs=("qimma",))


def dominant_hz(mp3) -> float:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "f32le", "-ac", "1", "-ar", "44100", "-"],
        capture_output=True, check=True,
    ).stdout
    x = np.frombuffer(raw, dtype="<f4")
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / 44100)[spectrum.argmax()])


def test_extract_chapter_three(fx, tmp_path):
    rec = fx.records[0]
    mark = chapter_at(rec, 3)
    out = tmp_path / "out" / "chapter-3.mp3"
    assert extract_chapter(fx.workspace.audio_dir / rec.mp3, mark, 3, out,
                           album=rec.title, total=len(rec.chapters), tmp_dir=fx.workspace.tmp_dir) == out
    assert abs(analyse(out).duration - (mark.end - mark.start)) < 0.3
    tags = ID3(out)
    assert tags["TIT2"].text == [mark.title]
    assert tags["TALB"].text == [rec.title]
    assert tags["TRCK"].text == ["3/4"]
    assert not tags.getall("CHAP") and not tags.getall("CTOC")  # the episode's chapters stay behind
    assert abs(dominant_hz(out) - TONES[2]) < 5  # really chapter 3's audio, not its neighbour's
    assert list(fx.workspace.tmp_dir.iterdir()) == []  # the temp file was renamed into place


def test_extract_keeps_bitrate(fx, tmp_path):
    from mutagen.mp3 import MP3

    rec = fx.records[0]
    out = extract_chapter(fx.workspace.audio_dir / rec.mp3, rec.chapters[0], 1, tmp_path / "c1.mp3")
    # Xing-header estimates differ by a bit per second; the encoder setting is what counts.
    assert round(MP3(out).info.bitrate / 1000) == round(MP3(fx.workspace.audio_dir / rec.mp3).info.bitrate / 1000) == 64
    assert abs(dominant_hz(out) - TONES[0]) < 5


def test_chapter_out_of_range_names_valid_range(fx):
    rec = fx.records[0]
    for bad in (0, 5, -1):
        with pytest.raises(NarratorError) as err:
            chapter_at(rec, bad)
        msg = str(err.value)
        assert "\n" not in msg and "1-4" in msg and str(bad) in msg


def test_no_player_is_one_clear_line(fx, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no mpv, ffplay or vlc
    rec = fx.records[0]
    with pytest.raises(NarratorError) as err:
        play_chapter(fx.workspace.audio_dir / rec.mp3, rec.chapters[1])
    msg = str(err.value)
    assert "\n" not in msg and "mpv" in msg and "--output" in msg


def test_player_gets_the_chapter_bounds(fx, tmp_path, monkeypatch):
    """A stand-in `mpv` (a real executable on PATH) records the argv it is started with."""
    log = tmp_path / "argv.txt"
    fake = tmp_path / "mpv"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    rec = fx.records[0]
    mark = rec.chapters[1]
    mp3 = fx.workspace.audio_dir / rec.mp3
    assert play_chapter(mp3, mark) == 0
    argv = log.read_text().splitlines()
    assert f"--start={mark.start:.3f}" in argv and f"--end={mark.end:.3f}" in argv and argv[-1] == str(mp3)


def _other_filesystem(tmp_path):
    """A folder on another filesystem than tmp_path (/dev/shm is a tmpfs on Linux)."""
    for candidate in (Path("/dev/shm"), Path("/run/user") / str(os.getuid())):
        if candidate.is_dir() and os.access(candidate, os.W_OK) and \
                candidate.stat().st_dev != tmp_path.stat().st_dev:
            return candidate
    pytest.skip("no writable folder on another filesystem than the test's tmp folder")


def test_output_on_another_filesystem(fx, tmp_path):
    """`play --output` to another disk: the temp file is made beside the output, so the
    final rename never crosses filesystems ("Invalid cross-device link")."""
    rec = fx.records[0]
    other = Path(tempfile.mkdtemp(dir=_other_filesystem(fx.workspace.tmp_dir)))
    try:
        out = other / "chapter-2.mp3"
        extract_chapter(fx.workspace.audio_dir / rec.mp3, rec.chapters[1], 2, out,
                        total=len(rec.chapters), tmp_dir=fx.workspace.tmp_dir)
        assert ID3(out)["TRCK"].text == ["2/4"] and abs(dominant_hz(out) - TONES[1]) < 5
        assert sorted(p.name for p in other.iterdir()) == ["chapter-2.mp3"]
    finally:
        shutil.rmtree(other, ignore_errors=True)
    assert list(fx.workspace.tmp_dir.iterdir()) == []
