"""Stage 3: Script + voice + cache -> Speech, with real espeak-ng audio in a real cache."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

import narrator.voices
from narrator.cache import SynthesisCache
from narrator.errors import VoiceError
from narrator.frontend.profile import Pause
from narrator.script import Chunk, Script, ScriptChapter
from narrator.speech import synthesise
from narrator.voices import spec_for
from narrator.voices.espeak import EspeakVoice

SENTENCES = [
    "قِمَّةُ بِكِين",
    "اِلْتَقَى الرَّئِيسَانِ فِي العَاصِمَةِ.",
    "وَتَحَدَّثَا عَنِ التِّجَارَةِ وَالطَّاقَةِ.",
    "الخَاتِمَة",
    "وَتَحَدَّثَا عَنِ التِّجَارَةِ وَالطَّاقَةِ.",  # said again: synthesised once
    "اِنْتَهَتِ القِمَّةُ بِبَيَانٍ مُشْتَرَكٍ.",
]


def make_script(sentences=SENTENCES, profile="espeak-ar") -> Script:
    chunks = [Chunk(text=s, pause=Pause.SENTENCE, sentence=s, sentence_id=i) for i, s in enumerate(sentences)]
    return Script(
        title="قمة بكين",
        chapters=(
            ScriptChapter("قمة بكين", tuple(chunks[:3])),
            ScriptChapter("الخاتمة", tuple(chunks[3:])),
        ),
        profile=profile,
    )


class CountingVoice(EspeakVoice):
    """The real espeak voice, counting its synthesis calls (and refusing texts marked FAIL)."""

    calls: list[str] = []

    def synthesise(self, text):
        CountingVoice.calls.append(text)
        if "FAIL" in text:
            raise RuntimeError("cannot say this")
        return super().synthesise(text)


@pytest.fixture
def counting(monkeypatch):
    """Route voice construction for this test through CountingVoice."""
    CountingVoice.calls = []
    monkeypatch.setattr(narrator.voices, "voice_from_spec", lambda spec: CountingVoice(spec.id, **dict(spec.options)))
    return CountingVoice.calls


def decoded(speech):
    return [sf.read(str(s.audio_path), dtype="int16")[0] for chapter in speech.chapters for s in chapter]


def test_cache_hit_avoids_synthesis(tmp_path, counting):
    cache = SynthesisCache(tmp_path)
    seen = []
    first = synthesise(make_script(), spec_for("espeak:ar"), cache, progress=lambda *a: seen.append(a))
    assert len(counting) == 5  # six chunks, one repeated
    assert (first.synthesised, first.cached) == (5, 1)
    assert [len(c) for c in first.chapters] == [3, 3] and first.sample_rate == 22050
    assert [done for done, _, _ in seen] == list(range(1, 7)) and {t for _, t, _ in seen} == {6}
    assert [c for _, _, c in seen].count(True) == 1
    for chapter, spoken in zip(first.script.chapters, first.chapters):
        assert [s.chunk for s in spoken] == list(chapter.chunks)
        for s in spoken:
            info = sf.info(str(s.audio_path))
            assert info.frames == s.samples > 0 and info.samplerate == 22050

    counting.clear()
    seen.clear()
    second = synthesise(make_script(), spec_for("espeak:ar"), cache, progress=lambda *a: seen.append(a))
    assert counting == []
    assert (second.synthesised, second.cached) == (0, 6)
    assert all(s.cached for chapter in second.chapters for s in chapter)
    assert all(cached for _, _, cached in seen)
    assert all(np.array_equal(a, b) for a, b in zip(decoded(first), decoded(second)))


def test_changing_a_voice_setting_misses_the_cache(tmp_path, counting):
    cache = SynthesisCache(tmp_path)
    synthesise(make_script(), spec_for("espeak:ar"), cache)
    counting.clear()
    synthesise(make_script(), spec_for("espeak:ar", rate=200), cache)
    assert len(counting) == 5


def _mid_file(victim):
    data = bytearray(victim.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(b ^ 0x5A for b in data[middle:middle + 64])
    victim.write_bytes(bytes(data))


def _other_rate(victim):
    sf.write(str(victim), np.zeros(4800, np.float32), 48000, format="FLAC", subtype="PCM_16")


def _folder(victim):
    victim.unlink()
    victim.mkdir()


DAMAGE = {
    "truncated": lambda v: v.write_bytes(v.read_bytes()[: v.stat().st_size // 3]),  # a full disk, a crash
    "mid-file": _mid_file,
    "other-rate": _other_rate,
    "folder": _folder,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_entry_is_synthesised_again(tmp_path, counting, damage):
    cache = SynthesisCache(tmp_path)
    first = synthesise(make_script(), spec_for("espeak:ar"), cache)
    victim = first.chapters[1][2].audio_path
    DAMAGE[damage](victim)
    counting.clear()
    again = synthesise(make_script(), spec_for("espeak:ar"), cache)
    assert counting == [SENTENCES[5]]
    assert again.synthesised == 1 and not again.chapters[1][2].cached
    # The new entry decodes whole, at the voice's rate, as long as the first synthesis.
    pcm, rate = sf.read(str(again.chapters[1][2].audio_path), dtype="int16")
    assert rate == 22050 and len(pcm) == first.chapters[1][2].samples == again.chapters[1][2].samples
    assert np.array_equal(pcm, decoded(first)[5])  # same bytes again, so the same checksummed name


def test_parallel_and_serial_give_bit_identical_audio(tmp_path):
    script = make_script()
    serial = synthesise(script, spec_for("espeak:ar"), SynthesisCache(tmp_path / "serial"), jobs=1)
    parallel = synthesise(script, spec_for("espeak:ar"), SynthesisCache(tmp_path / "parallel"), jobs=2)
    assert parallel.synthesised == serial.synthesised == 5
    a, b = decoded(serial), decoded(parallel)
    assert len(a) == 6 and all(np.array_equal(x, y) for x, y in zip(a, b))
    assert all(len(x) > 0.3 * 22050 for x in a)


def test_a_failing_chunk_names_its_chapter_and_sentence(tmp_path, counting):
    bad = [*SENTENCES[:4], "هذه الجملة FAIL لا تقال", SENTENCES[5]]
    with pytest.raises(VoiceError) as info:
        synthesise(make_script(bad), spec_for("espeak:ar"), SynthesisCache(tmp_path))
    message = str(info.value)
    assert "\n" not in message
    assert "'الخاتمة'" in message and "هذه الجملة FAIL" in message and "cannot say this" in message


def test_bad_voice_options_fail_before_any_work(tmp_path):
    with pytest.raises(VoiceError, match=r"rate=9000 is outside"):
        synthesise(make_script(), spec_for("espeak:ar", rate=9000), SynthesisCache(tmp_path), jobs=2)
    assert SynthesisCache(tmp_path).info() == (0, 0)


def test_script_for_another_profile_is_refused(tmp_path):
    with pytest.raises(VoiceError, match="bare-ar"):
        synthesise(make_script(profile="bare-ar"), spec_for("espeak:ar"), SynthesisCache(tmp_path))
