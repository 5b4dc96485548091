"""sherpa-onnx voices through narrator's real loading path, on the tiny test voice packaged as
sherpa-onnx packages Piper voices (tests/support/tiny_piper.py:build_sherpa). Nothing is downloaded.

The tiny voice turns every phoneme id into HOP samples of its own tone, so equal audio from
the Piper path (onnxruntime, narrator's own ids) and the sherpa path (sherpa-onnx's ids from
tokens.txt) shows both runtimes received the same phonemes in the same order.
"""

from __future__ import annotations


import numpy as np
import pytest

pytest.importorskip("sherpa_onnx", reason="sherpa voices need the sherpa extra (test extra installs it)")
pytest.importorskip("onnx", reason="the tiny test voice is written with the onnx package (test extra)")


from conftest import ROOT, run_narrator  # noqa: E402
from narrator.errors import VoiceError  # noqa: E402
from narrator.voices import get_voice, voice_profile, spec_for  # noqa: E402
from narrator.voices.piper import PIPER_AR  # noqa: E402
from narrator.voices.sherpa import onnx_metadata  # noqa: E402
from sample_build import build_summit  # noqa: E402
from tiny_piper import HOP, SAMPLE_RATE, build, build_sherpa  # noqa: E402

TEXT = "قَالَ، نَعَمْ. هَلْ أَنْتَ هُنَا؟ ذَهَبَ الطُّلَّابُ إِلَى الْمَدْرَسَةِ الرَّسْمِيَّةْ."


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build_sherpa(tmp_path_factory.mktemp("sherpa") / "vits-piper-ar_XX-tiny-low")


def test_metadata_is_read_from_the_onnx_file(folder):
    meta = onnx_metadata(folder / "ar_XX-tiny-low.onnx")
    assert meta["comment"] == "piper" and meta["voice"] == "ar" and meta["sample_rate"] == str(SAMPLE_RATE)


def test_sherpa_says_exactly_what_the_piper_path_says(folder, tmp_path):
    voice = get_voice(f"sherpa:{folder}")
    assert voice.sample_rate == SAMPLE_RATE and voice.profile == PIPER_AR
    piper = get_voice(f"piper:{build(tmp_path)}")
    ours, theirs = voice.synthesise(TEXT), piper.synthesise(TEXT)
    assert len(ours) == sum(len(piper.phoneme_ids(s)) for s in piper.phonemes(TEXT)) * HOP
    assert np.array_equal(ours, theirs)
    # The model file named directly is the same voice; options change the identity.
    same = get_voice(f"sherpa:{folder}/ar_XX-tiny-low.onnx")
    assert np.array_equal(same.synthesise(TEXT), ours)
    slow = get_voice(f"sherpa:{folder}", length_scale=1.5)
    assert slow.cache_identity() != voice.cache_identity()
    assert len(slow.synthesise(TEXT)) == pytest.approx(1.5 * len(ours), rel=0.02)


def test_bad_voices_are_one_line_errors_before_any_text_is_made(folder, tmp_path):
    english = build_sherpa(tmp_path / "en", name="en_US-tiny-low", voice="en-us")
    coqui = build_sherpa(tmp_path / "coqui", comment="coqui")
    no_tokens = build_sherpa(tmp_path / "nt")
    (no_tokens / "tokens.txt").unlink()
    two = build_sherpa(tmp_path / "two")
    build(two, name="other")
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "model.onnx").write_bytes(b"\xff" * 64)
    (junk / "tokens.txt").write_text("_ 0\n", "utf-8")
    cases = [
        (english, "narrator speaks Arabic only"),
        (coqui, "Piper-phoneme VITS models only"),
        (no_tokens, "has no tokens.txt"),
        (two, "must hold one .onnx model"),
        (tmp_path / "missing", "does not exist"),
        (junk, "is not an ONNX model"),
    ]
    for path, message in cases:
        with pytest.raises(VoiceError, match=message):
            voice_profile(spec_for(f"sherpa:{path}"))
        proc = run_narrator("script", ROOT / "tests" / "data" / "articles" / "summit.md", "--voice", f"sherpa:{path}")
        err = proc.stderr.decode().strip()
        assert proc.returncode != 0 and "\n" not in err and message in err, err


def test_sample_article_builds_with_a_sherpa_voice(folder, tmp_path):
    build_summit(tmp_path, f"sherpa:{folder}", "-j", "2", "-q")


def test_a_voice_folder_in_the_voices_dir_is_listed_and_used_by_name(folder, tmp_path, monkeypatch):
    voices = tmp_path / "voices"
    build_sherpa(voices / "vits-piper-ar_XX-tiny-low")
    build_sherpa(voices / "vits-piper-en_US-tiny-low", name="en_US-tiny-low", voice="en-us")
    monkeypatch.setenv("NARRATOR_VOICES_DIR", str(voices))
    lines = run_narrator("voices", check=True).stdout.decode().splitlines()
    ours = [line for line in lines if "sherpa:vits-piper-" in line]
    assert len(ours) == 2
    assert ours[0].startswith("yes  sherpa:vits-piper-ar_XX-tiny-low")
    assert ours[1].startswith("no   sherpa:vits-piper-en_US-tiny-low") and "Arabic only" in ours[1]
    by_name = get_voice("sherpa:vits-piper-ar_XX-tiny-low")
    assert np.array_equal(by_name.synthesise(TEXT), get_voice(f"sherpa:{folder}").synthesise(TEXT))
