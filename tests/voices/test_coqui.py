"""Coqui voices through narrator's real loading path, on a tiny random VITS built here.

Needs the coqui extra (scripts/install-coqui.sh: CPU torch 2.13.0 + coqui-tts 0.28.0, with
torchaudio's CUDA-linked .so files removed so it imports as pure Python on CPU machines).
Without it these tests are skipped, never faked.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="coqui extra not installed (scripts/install-coqui.sh)")
pytest.importorskip("TTS.api", reason="coqui extra not installed or torchaudio not importable (scripts/install-coqui.sh)")

from narrator.cache import SynthesisCache  # noqa: E402
from narrator.errors import VoiceError  # noqa: E402
from narrator.frontend.profile import Pause  # noqa: E402
from narrator.voices.coqui import BARE_AR  # noqa: E402
from narrator.script import Chunk, Script, ScriptChapter  # noqa: E402
from narrator.speech import synthesise  # noqa: E402
from narrator.voices import get_voice, spec_for, voice_profile  # noqa: E402
from narrator.voices.base import Voice  # noqa: E402

from tiny_coqui import build  # noqa: E402

pytestmark = pytest.mark.coqui

SHORT = "مرحبا بكم"
LONG = "مرحبا بكم في هذه الحلقة الجديدة نتحدث اليوم عن قمة بكين بين الرئيسين"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("tiny-vits"))


@pytest.fixture(scope="session")
def tiny_voice(tiny_model):
    return get_voice(f"coqui:{tiny_model}", device="cpu", threads=2)


def test_tiny_model_speaks_through_the_same_interface_as_espeak(tiny_voice, tiny_model):
    assert isinstance(tiny_voice, Voice)
    assert tiny_voice.id == f"coqui:{tiny_model}" and tiny_voice.sample_rate == 16000
    assert tiny_voice.profile == BARE_AR  # letters only, no harakat: MMS-style text
    short, long = tiny_voice.synthesise(SHORT), tiny_voice.synthesise(LONG)
    for audio in (short, long):
        assert audio.dtype == np.float32 and audio.ndim == 1 and len(audio) > 0
        assert np.abs(audio).max() <= 1.0 and np.abs(audio).max() > 0
    assert len(long) > 2 * len(short)  # random weights, but durations still grow with the text
    assert np.array_equal(short, tiny_voice.synthesise(SHORT))  # seeded: one text, one waveform


def test_coqui_padding_is_not_left_on_the_chunk(tiny_voice):
    # Coqui appends 10000 zero samples after each sentence; pauses are the pipeline's job.
    audio = tiny_voice.synthesise(SHORT)
    assert np.any(audio[-200:])


def test_identity_follows_the_checkpoint_and_settings(tiny_voice, tiny_model, tmp_path):
    other = build(tmp_path / "with-harakat", harakat=True)
    voice = get_voice(f"coqui:{other}", device="cpu")
    assert voice.cache_identity() != tiny_voice.cache_identity()
    assert voice.profile.diacritise and "\u064e" in voice.profile.alphabet  # the model knows harakat
    assert voice_profile(spec_for(f"coqui:{other}")) == voice.profile  # read without loading
    assert voice_profile(spec_for(f"coqui:{tiny_model}")) == tiny_voice.profile
    assert len(voice.synthesise("مَرْحَبًا")) > 0


def test_synthesis_through_the_stage_caches_coqui_audio(tiny_model, tmp_path):
    texts = [SHORT, LONG, SHORT]
    chunks = tuple(Chunk(t, Pause.SENTENCE, t, i) for i, t in enumerate(texts))
    script = Script("قمة", (ScriptChapter("قمة", chunks),), profile=BARE_AR.name)
    spec = spec_for(f"coqui:{tiny_model}", device="cpu", threads=2)
    cache = SynthesisCache(tmp_path)
    first = synthesise(script, spec, cache, jobs=2)  # jobs is ignored for Coqui: one process
    assert (first.synthesised, first.cached, first.sample_rate) == (2, 1, 16000)
    again = synthesise(script, spec, cache)
    assert (again.synthesised, again.cached) == (0, 3)


def test_local_checkpoint_errors_are_one_line(tmp_path, tiny_model):
    with pytest.raises(VoiceError, match="does not exist"):
        get_voice(f"coqui:{tmp_path}/missing.pth")
    lonely = tmp_path / "model.pth"
    lonely.write_bytes(tiny_model.read_bytes())
    with pytest.raises(VoiceError, match="no config.json beside it") as info:
        get_voice(f"coqui:{lonely}")
    assert "\n" not in str(info.value)
    assert get_voice(f"coqui:{lonely}", config_path=str(tiny_model.parent / "config.json"), device="cpu").sample_rate == 16000
    with pytest.raises(VoiceError, match="device"):
        get_voice(f"coqui:{lonely}", device="tpu")


def test_model_name_offline_without_its_folder_names_the_folder_and_downloads_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("TTS_HOME", str(tmp_path))
    monkeypatch.delenv("NARRATOR_ALLOW_DOWNLOAD", raising=False)
    folder = tmp_path / "tts" / "tts_models--ara--fairseq--vits"
    with pytest.raises(VoiceError) as info:
        get_voice("coqui:tts_models/ara/fairseq/vits")
    assert str(folder) in str(info.value) and "\n" not in str(info.value)
    assert not folder.exists()
    with pytest.raises(VoiceError, match="Hugging Face"):
        get_voice("coqui:xtts_v2")
