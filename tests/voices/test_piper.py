"""Piper voices through narrator's real loading path, on a tiny Piper-format ONNX voice built here.

The voice (tests/support/tiny_piper.py) maps every phoneme id to HOP samples of its own tone, so the
audio length tells exactly which ids reached the model, and length_scale stretches it as it
stretches a real voice. Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

pytest.importorskip("onnxruntime", reason="piper voices need onnxruntime")
pytest.importorskip("onnx", reason="the tiny test voice is written with the onnx package (test extra)")


from conftest import ROOT, SAMPLE, run_narrator  # noqa: E402
from narrator.cache import SynthesisCache  # noqa: E402
from narrator.errors import VoiceError  # noqa: E402
from narrator.frontend.profile import Pause  # noqa: E402
from narrator.script import Chunk, Script, ScriptChapter  # noqa: E402
from narrator.speech import synthesise  # noqa: E402
from narrator.voices import get_voice, load_voice, spec_for, voice_fingerprint, voice_profile  # noqa: E402
from narrator.voices.base import Voice  # noqa: E402
from narrator.voices.piper import PIPER_AR  # noqa: E402
from sample_build import build_summit  # noqa: E402
from tiny_piper import HOP, SAMPLE_RATE, build  # noqa: E402

SENTENCES = "قَالَ، نَعَمْ. هَلْ أَنْتَ هُنَا؟"


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("tiny-piper"))


@pytest.fixture(scope="session")
def voice(tiny):
    return get_voice(f"piper:{tiny}")


def test_tiny_voice_speaks_through_the_same_interface(voice, tiny):
    assert isinstance(voice, Voice)
    assert voice.id == f"piper:{tiny}" and voice.sample_rate == SAMPLE_RATE
    assert voice.profile == PIPER_AR and voice.profile.diacritise  # the front end's diacritised text
    audio = voice.synthesise(SENTENCES)
    assert audio.dtype == np.float32 and audio.ndim == 1 and 0 < np.abs(audio).max() <= 1.0
    # Every id that reaches the model becomes HOP samples: BOS, pad after each, EOS per sentence.
    sentences = voice.phonemes(SENTENCES)
    assert len(sentences) == 2
    assert len(audio) == sum(len(voice.phoneme_ids(s)) for s in sentences) * HOP
    assert np.array_equal(audio, voice.synthesise(SENTENCES))


def test_phonemes_follow_pipers_rules(voice):
    # espeak's IPA per clause, the clause's punctuation after it (Arabic marks as ASCII),
    # a space after a clause break, one list per sentence, NFD code points.
    assert voice.phonemes("قَالَ، نَعَمْ. هَلْ") == [list("qˈaːla, nˈaʕam."), list("hˈal")]
    ids = voice.phoneme_ids(list("la"))
    id_map = json.loads(Path(f"{voice.spec.id.removeprefix('piper:')}.json").read_text("utf-8"))["phoneme_id_map"]
    bos, pad, eos = id_map["^"][0], id_map["_"][0], id_map["$"][0]
    assert ids == [bos, pad, id_map["l"][0], pad, id_map["a"][0], pad, eos]


def test_the_phoneme_map_covers_the_sample_article(voice):
    """Every phoneme espeak makes of the sample article's script has an id (none dropped)."""
    from narrator.article import read_article
    from narrator.pipeline import make_frontend_for
    from narrator.script import make_script

    script = make_script(read_article(str(SAMPLE), SAMPLE.read_bytes()), make_frontend_for(PIPER_AR, None))
    voice.dropped.clear()
    for chapter in script.chapters:
        for chunk in chapter.chunks:
            for sentence in voice.phonemes(chunk.text):
                voice.phoneme_ids(sentence)
    assert voice.dropped == {}


def test_scales_and_speaker_are_honoured(tiny, tmp_path):
    base = get_voice(f"piper:{tiny}")
    slow = get_voice(f"piper:{tiny}", length_scale=1.5)
    text = "مَرْحَبًا بِكُمْ"
    assert len(slow.synthesise(text)) == int(len(base.synthesise(text)) * 1.5)
    assert slow.cache_identity() != base.cache_identity()
    assert get_voice(f"piper:{tiny}", noise_scale=0.3).cache_identity() != base.cache_identity()

    multi = build(tmp_path, name="multi", speakers=3)
    first, third = get_voice(f"piper:{multi}"), get_voice(f"piper:{multi}", speaker="speaker2")
    assert get_voice(f"piper:{multi}", speaker=2).cache_identity() == third.cache_identity()
    a, b = first.synthesise(text), third.synthesise(text)
    assert len(a) == len(b) and np.abs(b).max() < 0.5 * np.abs(a).max()  # speaker 2 is the quiet one
    with pytest.raises(VoiceError, match="speaker=5 is outside 0..2"):
        get_voice(f"piper:{multi}", speaker=5)
    with pytest.raises(VoiceError, match="length_scale must be a number"):
        get_voice(f"piper:{tiny}", length_scale="slow")


def test_bad_voice_files_are_one_line_errors(tiny, tmp_path):
    english = build(tmp_path / "en", name="en", language="en-us")
    lonely = tmp_path / "lonely.onnx"
    lonely.write_bytes(tiny.read_bytes())
    not_piper = tmp_path / "other.onnx"
    not_piper.write_bytes(b"not a model")
    Path(f"{not_piper}.json").write_text(Path(f"{tiny}.json").read_text("utf-8"), "utf-8")
    cases = [
        (f"piper:{english}", "narrator speaks Arabic only"),
        (f"piper:{lonely}", "has no lonely.onnx.json beside it"),
        (f"piper:{tmp_path}/missing.onnx", "does not exist"),
        (f"piper:{not_piper}", "onnxruntime could not load"),
        ("piper:ar_JO-kareem-medium", "narrator voices download ar_JO-kareem-medium"),
    ]
    os.environ["NARRATOR_VOICES_DIR"] = str(tmp_path / "empty")
    try:
        for voice_id, message in cases:
            with pytest.raises(VoiceError, match=message) as info:
                load_voice(spec_for(voice_id))
            assert "\n" not in str(info.value)
    finally:
        del os.environ["NARRATOR_VOICES_DIR"]
    assert get_voice(f"piper:{lonely}", config_path=f"{tiny}.json").sample_rate == SAMPLE_RATE


def test_profile_and_fingerprint_need_no_onnxruntime(tiny, tmp_path):
    code = (
        "import sys\n"
        "from narrator.voices import spec_for, voice_fingerprint, voice_profile\n"
        f"spec = spec_for('piper:{tiny}')\n"
        "print(voice_profile(spec).name, voice_fingerprint(spec).startswith('piper|onnxruntime '))\n"
        "print(sorted(m for m in ('onnxruntime', 'numpy', 'torch') if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["piper-ar True", "[]"]

    copy = tmp_path / "copy.onnx"
    copy.write_bytes(tiny.read_bytes())
    Path(f"{copy}.json").write_text(Path(f"{tiny}.json").read_text("utf-8"), "utf-8")
    before = voice_fingerprint(spec_for(f"piper:{copy}"))
    assert voice_fingerprint(spec_for(f"piper:{copy}", length_scale=1.2)) != before
    copy.write_bytes(tiny.read_bytes() + b"\0")  # another model file: another build key
    assert voice_fingerprint(spec_for(f"piper:{copy}")) != before
    assert voice_profile(spec_for(f"piper:{copy}")) == PIPER_AR


def test_parallel_workers_give_the_serial_audio(tiny, tmp_path):
    texts = ["مَرْحَبًا بِكُمْ.", "هَلْ أَنْتَ هُنَا؟", "قَالَ، نَعَمْ.", "مَرْحَبًا بِكُمْ."]
    chunks = tuple(Chunk(t, Pause.SENTENCE, t, i) for i, t in enumerate(texts))
    script = Script("t", (ScriptChapter("t", chunks),), profile=PIPER_AR.name)
    voice = get_voice(f"piper:{tiny}")
    serial = synthesise(script, voice, SynthesisCache(tmp_path / "serial"), jobs=1)
    parallel = synthesise(script, voice, SynthesisCache(tmp_path / "parallel"), jobs=2)
    assert (parallel.synthesised, parallel.cached) == (3, 1)
    for a, b in zip(serial.chapters[0], parallel.chapters[0]):
        assert np.array_equal(sf.read(a.audio_path)[0], sf.read(b.audio_path)[0])


def test_sample_article_builds_into_a_valid_episode(tiny, tmp_path):
    article, mp3 = build_summit(tmp_path, f"piper:{tiny}", "--jobs", "2", "--quiet")
    import podcastparser

    with open(tmp_path / "feed" / "feed.xml", "rb") as fh:
        [episode] = podcastparser.parse("file://feed.xml", fh)["episodes"]
    assert episode["enclosures"][0]["url"].endswith(mp3.name)
    again = run_narrator("build", article, "-w", tmp_path, "--voice", f"piper:{tiny}", check=True).stdout.decode()
    assert "up to date" in again
