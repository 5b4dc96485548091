"""Which ffmpeg narrator runs: probed before use, a broken one never chosen, NARRATOR_FFMPEG honoured.

Stand-in ffmpegs here are real executables on PATH (shell scripts), run as real processes.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import run_narrator
from narrator import ffmpeg
from narrator.errors import AudioError

BUNDLED = ffmpeg._bundled()

# An ffmpeg that reports a version, then fails every job the way Debian 12's ffmpeg 5.1
# failed narrator's chain (issue 11).
BROKEN = """#!/bin/sh
if [ "$1" = "-version" ]; then echo "ffmpeg version 5.1-standin Copyright (c) the FFmpeg developers"; exit 0; fi
echo "Error reinitializing filters!" >&2
echo "Failed to inject frame into filter network: Invalid argument" >&2
exit 1
"""


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def fresh(monkeypatch):
    """A process-wide choice made again under this test's environment (and forgotten after)."""
    monkeypatch.delenv(ffmpeg.ENV, raising=False)
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE", raising=False)
    ffmpeg.binary.cache_clear()
    yield monkeypatch
    ffmpeg.binary.cache_clear()


def test_default_is_the_pinned_binary_even_with_a_broken_ffmpeg_on_path(fresh, tmp_path):
    executable(tmp_path / "ffmpeg", BROKEN)
    fresh.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    chosen = ffmpeg.binary()
    assert chosen.path == BUNDLED and chosen.origin == "imageio-ffmpeg"
    assert chosen.version and chosen.path in chosen.describe()


def test_broken_candidate_is_skipped_for_a_working_one(fresh, tmp_path):
    """The pinned binary fails the chain (here: a stand-in), so the one on PATH is probed and used."""
    broken = executable(tmp_path / "broken-ffmpeg", BROKEN)
    fresh.setenv("IMAGEIO_FFMPEG_EXE", str(broken))  # imageio-ffmpeg's own override
    good = tmp_path / "bin"
    good.mkdir()
    (good / "ffmpeg").symlink_to(BUNDLED)
    fresh.setenv("PATH", f"{good}{os.pathsep}{os.environ['PATH']}")
    chosen = ffmpeg.binary()
    assert chosen.origin == "PATH" and chosen.path == str(good / "ffmpeg")
    # And it really is what runs.
    assert ffmpeg.ffmpeg_exe() == str(good / "ffmpeg")


def test_probe_runs_the_chain_not_just_the_version(tmp_path):
    broken = executable(tmp_path / "ffmpeg", BROKEN)
    with pytest.raises(AudioError) as err:
        ffmpeg.probe(str(broken), "PATH")
    msg = str(err.value)
    assert "\n" not in msg and "5.1-standin" in msg and "Failed to inject frame" in msg


def test_override_that_fails_is_one_line_naming_the_variable(fresh, tmp_path):
    broken = executable(tmp_path / "ffmpeg", BROKEN)
    fresh.setenv(ffmpeg.ENV, str(broken))
    with pytest.raises(AudioError, match=rf"{ffmpeg.ENV}={broken}.*fails narrator's audio chain") as err:
        ffmpeg.binary()
    assert "\n" not in str(err.value)
    fresh.setenv(ffmpeg.ENV, str(tmp_path / "nowhere"))
    ffmpeg.binary.cache_clear()
    with pytest.raises(AudioError, match="no such executable"):
        ffmpeg.binary()
    not_ffmpeg = executable(tmp_path / "true-ish", "#!/bin/sh\necho hello\n")
    fresh.setenv(ffmpeg.ENV, str(not_ffmpeg))
    ffmpeg.binary.cache_clear()
    with pytest.raises(AudioError, match="not an ffmpeg"):
        ffmpeg.binary()


def test_override_that_works_is_used(fresh, tmp_path):
    link = tmp_path / "my-ffmpeg"
    link.symlink_to(BUNDLED)
    fresh.setenv(ffmpeg.ENV, str(link))
    chosen = ffmpeg.binary()
    assert chosen.path == str(link) and chosen.origin == ffmpeg.ENV


def test_nothing_works_says_how_to_fix(fresh, tmp_path):
    executable(tmp_path / "ffmpeg", BROKEN)
    fresh.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "ffmpeg"))
    fresh.setenv("PATH", str(tmp_path))
    with pytest.raises(AudioError, match=rf"no working ffmpeg.*set {ffmpeg.ENV}=") as err:
        ffmpeg.binary()
    assert "\n" not in str(err.value)


def test_doctor_names_the_ffmpeg_and_fails_in_one_line_on_a_bad_override(tmp_path, monkeypatch):
    monkeypatch.delenv(ffmpeg.ENV, raising=False)
    ok = run_narrator("doctor", check=True).stdout.decode()
    assert f"ffmpeg: {BUNDLED} (ffmpeg " in ok
    monkeypatch.setenv(ffmpeg.ENV, str(executable(tmp_path / "ffmpeg", BROKEN)))
    bad = run_narrator("doctor")
    err = bad.stderr.decode().strip()
    assert bad.returncode != 0 and "\n" not in err and "Traceback" not in err and ffmpeg.ENV in err, err


SYSTEM = shutil.which("ffmpeg")


@pytest.mark.skipif(not SYSTEM or os.path.realpath(SYSTEM) == os.path.realpath(BUNDLED or ""),
                    reason="no system ffmpeg on PATH (scripts/setup-dev.sh installs Debian's)")
def test_system_ffmpeg_passes_the_probe():
    """Debian 12's ffmpeg 5.1 failed the chain before framelog=quiet went (issue 11)."""
    chosen = ffmpeg.probe(SYSTEM, "PATH")
    assert chosen.version


def test_full_disk_while_encoding_says_so(tmp_path):
    """ffmpeg writing to a full disk (/dev/full: every write is ENOSPC): one line that says so."""
    from narrator.episode.encode import encode_mp3
    from narrator.episode.loudness import Correction

    wav = tmp_path / "tone.wav"
    ffmpeg._tone_wav(wav, 22050, 1.0)
    with pytest.raises(AudioError) as err:
        encode_mp3(wav, Path("/dev/full"), Correction(-3.0, None), 44100, 64)
    assert str(err.value) == "encoding full: No space left on device"
