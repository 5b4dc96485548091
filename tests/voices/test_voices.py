"""espeak-ng through libespeak-ng in-process, and the voice registry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrator.errors import VoiceError
from narrator.voices import (
    available_voices, get_voice, load_voice, spec_for, spec_from_cli, voice_fingerprint, voice_profile,
)
from narrator.voices.base import Voice
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.espeak import library as _libespeak

ROOT = Path(__file__).resolve().parents[2]
SHORT = "مَرْحَبًا بِكُمْ"
LONG = "مَرْحَبًا بِكُمْ فِي هٰذِهِ الحَلْقَةِ الجَدِيدَةِ، نَتَحَدَّثُ اليَوْمَ عَنْ قِمَّةِ بِكِين بَيْنَ الرَّئِيسَيْنِ."


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def test_espeak_voice_speaks_arabic_with_plausible_length():
    voice = get_voice("espeak:ar")
    assert isinstance(voice, Voice)
    assert voice.sample_rate == 22050 and voice.profile == ESPEAK_AR and voice.id == "espeak:ar"
    short, long = voice.synthesise(SHORT), voice.synthesise(LONG)
    for audio in (short, long):
        assert audio.dtype == np.float32 and audio.ndim == 1
        assert np.abs(audio).max() <= 1.0 and rms(audio) > 0.01  # speech, not silence
    # 2 words ~0.5-3 s; 14 words ~3-12 s at espeak's default 175 words/min.
    assert 0.5 < len(short) / 22050 < 3
    assert 3 < len(long) / 22050 < 12
    assert len(long) > 2.5 * len(short)


def test_same_text_gives_identical_samples_whatever_came_before():
    voice = get_voice("espeak:ar")
    first = voice.synthesise(SHORT)
    get_voice("espeak:ar+f3", rate=300, pitch=90).synthesise(LONG)
    assert np.array_equal(first, voice.synthesise(SHORT))


def test_rate_pitch_and_variant_change_the_audio_and_the_identity():
    base = get_voice("espeak:ar")
    fast = get_voice("espeak:ar", rate=320)
    female = get_voice("espeak:ar", variant="f3")
    assert female.id == "espeak:ar+f3" == get_voice("espeak:ar+f3").id
    assert len(fast.synthesise(LONG)) < 0.75 * len(base.synthesise(LONG))
    assert not np.array_equal(female.synthesise(SHORT)[:20000], base.synthesise(SHORT)[:20000])
    identities = {v.cache_identity() for v in (base, fast, female, get_voice("espeak:ar", pitch=70))}
    assert len(identities) == 4
    assert _libespeak.version() in base.cache_identity()


@pytest.mark.parametrize(
    "voice_id, options, message",
    [
        ("espeak:ar", {"rate": 5}, "rate=5 is outside"),
        ("espeak:ar", {"pitch": "high"}, "pitch must be a whole number"),
        ("espeak:ar", {"variant": "nosuch"}, "no variant 'nosuch'"),
        ("espeak:ar", {"speed": 3}, "no option 'speed'"),
        ("espeak:fr", {}, "Arabic only"),
    ],
)
def test_bad_espeak_settings_are_one_line_voice_errors(voice_id, options, message):
    with pytest.raises(VoiceError, match=message) as info:
        get_voice(voice_id, **options)
    assert "\n" not in str(info.value)


def test_unknown_voice_lists_the_available_ones():
    with pytest.raises(VoiceError) as info:
        get_voice("festival:ar")
    message = str(info.value)
    assert "\n" not in message and "'festival:ar'" in message
    assert "espeak:ar" in message and "coqui:tts_models/ara/fairseq/vits" in message
    assert "piper:ar_JO-kareem-medium" in message


def test_phonemes_gives_ipa_for_arabic():
    assert _libespeak.phonemes("كِتَابٌ") == "kitˌaːbun"
    # shadda written before the vowel keeps the vowel (the order the front end produces)
    vowel_first = "ق\u0650م\u064e\u0651ة\u064c"
    shadda_first = "ق\u0650م\u0651\u064eة\u064c"
    assert _libespeak.phonemes(shadda_first).startswith("qˈimmat")
    assert not _libespeak.phonemes(vowel_first).startswith("qˈimmat")  # espeak-ng quirk (notes)
    clauses = _libespeak.phonemes("قَالَ، نَعَمْ.")
    assert len(clauses.split()) == 2 and "," not in clauses


def test_spec_round_trip_and_profile_without_loading():
    spec = spec_for("espeak:ar", rate=200, pitch=None)
    assert spec.options == (("rate", 200),)
    voice = load_voice(spec)
    assert voice.rate == 200 and voice.spec == spec  # a worker process rebuilds the same voice from it
    assert load_voice(voice.spec).cache_identity() == voice.cache_identity()
    assert voice_profile(spec) == ESPEAK_AR
    assert voice_profile(spec_for("coqui:tts_models/ara/fairseq/vits")).name == "bare-ar"


def test_cli_flags_reach_only_the_backends_that_take_them():
    # --device/--threads are generic flags: espeak has neither, so they are dropped for it...
    assert spec_from_cli("espeak:ar", device="cpu", threads=4) == spec_for("espeak:ar")
    assert spec_from_cli("coqui:/m.pth", device="cpu", threads=4).options == (("device", "cpu"), ("threads", 4))
    # ...while options written in the voice id are checked strictly.
    assert spec_from_cli("espeak:ar?rate=200&variant=f3").options == (("rate", "200"), ("variant", "f3"))
    with pytest.raises(VoiceError, match="no option 'speed'"):
        spec_from_cli("espeak:ar?speed=2")


def test_fingerprint_follows_options_without_loading_anything():
    base = voice_fingerprint(spec_for("espeak:ar"))
    assert base == voice_fingerprint(spec_for("espeak:ar"))
    assert base != voice_fingerprint(spec_for("espeak:ar", rate=200))
    assert base.startswith("espeak|espeakng-loader ")


def test_available_voices_lists_espeak_and_coqui_with_reasons():
    infos = {info.id: info for info in available_voices()}
    assert infos["espeak:ar"].available and "espeak-ng 1." in infos["espeak:ar"].description
    mms = infos["coqui:tts_models/ara/fairseq/vits"]
    assert mms.available or mms.reason  # never unavailable without saying why


def test_coqui_model_folder_is_computed_like_coqui(monkeypatch, tmp_path):
    from narrator.voices import coqui

    monkeypatch.setenv("TTS_HOME", str(tmp_path))
    assert coqui.model_folder(coqui.MMS_AR) == tmp_path.resolve() / "tts" / "tts_models--ara--fairseq--vits"
    monkeypatch.delenv("TTS_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert coqui.model_folder("tts_models/x/y/z") == (tmp_path / "xdg").resolve() / "tts" / "tts_models--x--y--z"


def test_espeak_never_imports_torch_or_coqui():
    code = (
        "import sys\n"
        "from narrator.voices import get_voice, available_voices\n"
        "available_voices()\n"
        "assert len(get_voice('espeak:ar').synthesise('نَعَمْ')) > 0\n"
        "print(sorted(m for m in ('torch', 'TTS') if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


class ToneVoice:
    """A fake engine's voice: one 440 Hz tone of 40 ms per character."""

    sample_rate = 16000

    def __init__(self, spec):
        from narrator.voices.coqui import BARE_AR

        self.spec, self.id, self.profile = spec, spec.id, BARE_AR
        self.level = float(spec.option("level", 0.3))

    def cache_identity(self) -> str:
        return f"tone|{self.level}"

    def synthesise(self, text: str) -> np.ndarray:
        t = np.arange(int(0.04 * self.sample_rate * len(text))) / self.sample_rate
        return (self.level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)

    def close(self) -> None:
        pass


def test_a_backend_registered_from_a_test_builds_an_episode(tmp_path):
    """Adding an engine touches no other module: register a Backend, build with its id."""
    from narrator.config import load_show
    from narrator.voices.coqui import BARE_AR
    from narrator.pipeline import BuildOptions, build
    from narrator.voices import register, unregister
    from narrator.voices.base import Backend
    from narrator.workspace import open_workspace

    from audio_checks import decode_seconds

    loads = []

    class ToneBackend(Backend):
        prefix = "tone"
        options = ("level",)

        def profile(self, spec):
            return BARE_AR

        def load(self, spec):
            loads.append(spec)
            return ToneVoice(spec)

    register(ToneBackend())
    try:
        article, other = tmp_path / "summit.md", tmp_path / "other.md"
        article.write_bytes((ROOT / "tests" / "data" / "articles" / "summit.md").read_bytes())
        other.write_text("# عنوان آخر\n\nجملة قصيرة.\n", "utf-8")
        workspace = open_workspace(tmp_path)
        spec = spec_for("tone:a4", level=0.2)
        result, second = build([str(article), str(other)], workspace, load_show(workspace.config_path),
                                     BuildOptions(voice_spec=spec, jobs=2))
        assert result.error is None and second.error is None, (result.error, second.error)
        assert loads == [spec]  # resolved once for the whole build
        assert result.chapters == 5 and result.synthesised > 5
        assert decode_seconds(result.mp3) == pytest.approx(result.duration, abs=0.1)
        with pytest.raises(VoiceError, match="no option 'pitch'"):
            spec_for("tone:a4", pitch=3)
    finally:
        unregister("tone")
    with pytest.raises(VoiceError, match="unknown voice 'tone:a4'"):
        spec_for("tone:a4")


def test_preview_speaks_the_sample_sentence_or_given_text(tmp_path):
    import soundfile as sf

    from conftest import run_narrator

    sample, short, bad = tmp_path / "sample.wav", tmp_path / "short.flac", tmp_path / "x.ogg"
    run_narrator("voices", "preview", "espeak:ar", "-o", sample, check=True)
    run_narrator("voices", "preview", "espeak:ar?rate=300", "نعم", "-o", short, check=True)
    long_info, short_info = sf.info(str(sample)), sf.info(str(short))
    assert long_info.samplerate == 22050 and 4 < long_info.duration < 20  # a 16-word sentence
    assert short_info.duration < 1.5 < long_info.duration / 3
    proc = run_narrator("voices", "preview", "espeak:ar", "-o", bad)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2 and "\n" not in err and ".wav" in err and not bad.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.wav", "short.flac"]  # no temporary files


@pytest.mark.parametrize(
    "voice_id, options, message",
    [
        ("sherpa:/nowhere/voice", {"length_scale": "fast"}, "sherpa option length_scale must be a number, not 'fast'"),
        ("sherpa:/nowhere/voice", {"threads": 0}, "sherpa option threads=0 is outside 1..256"),
        ("sherpa:/nowhere/voice", {"length_scale": 0}, "sherpa option length_scale must be above 0.0"),
        ("piper:/nowhere/voice.onnx", {"noise_w": 11}, "piper option noise_w=11.0 is outside 0.0..10.0"),
    ],
)
def test_option_values_are_checked_by_the_backend_that_declares_them(voice_id, options, message):
    """Each backend declares its options once (voices.base.Option) and names itself in the
    error: refused when the spec is made, before any model file is looked at."""
    with pytest.raises(VoiceError) as err:
        spec_for(voice_id, **options)
    assert str(err.value) == message
