"""Batched neural synthesis (issue 14) on a tiny random VITS, through Coqui's real loading path.

Tolerance, batched against one by one: the same number of samples, and no sample further
apart than BATCH_TOLERANCE. Only float rounding may differ (padded matrix shapes change the
order of sums; measured: 1.2e-7); any leak from padding or a different noise draw is orders
of magnitude larger (without the decoder's masks, a short item's last samples moved by 0.22).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import soundfile

pytest.importorskip("torch", reason="coqui extra not installed (scripts/install-coqui.sh)")
pytest.importorskip("TTS.api", reason="coqui extra not installed or torchaudio not importable (scripts/install-coqui.sh)")

from audio_checks import decode_pcm  # noqa: E402
from conftest import ROOT  # noqa: E402
from narrator.batching import buckets  # noqa: E402
from narrator.cache import SynthesisCache  # noqa: E402
from narrator.config import load_show  # noqa: E402
from narrator.errors import VoiceError  # noqa: E402
from narrator.frontend.profile import Pause  # noqa: E402
from narrator.voices.coqui import BARE_AR  # noqa: E402
from narrator.pipeline import BuildOptions, build  # noqa: E402
from narrator.script import Chunk, Script, ScriptChapter  # noqa: E402
from narrator.speech import synthesise  # noqa: E402
from narrator.voices import get_voice, register, spec_for  # noqa: E402
from narrator.voices.coqui import CoquiBackend  # noqa: E402
from narrator.workspace import open_workspace  # noqa: E402

from tiny_coqui import build as build_model  # noqa: E402

pytestmark = pytest.mark.coqui

BATCH_TOLERANCE = 1e-5
SHORT = "قمة بكين"
LONG = "مرحبا بكم في هذه الحلقة الجديدة نتحدث اليوم عن قمة بكين بين الرئيسين وعن التجارة والطاقة"
TEXTS = [SHORT, LONG, "نتحدث اليوم عن قمة", "مرحبا بكم", "وقال المحللون إن النفط يدعم الأسواق في الخليج"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_model(tmp_path_factory.mktemp("tiny-vits"))


@pytest.fixture(scope="module")
def voice(tiny_model):
    return get_voice(f"coqui:{tiny_model}", device="cpu", threads=2)


def assert_close(alone: np.ndarray, batched: np.ndarray) -> None:
    assert len(batched) == len(alone)
    assert np.max(np.abs(batched - alone)) <= BATCH_TOLERANCE


def test_buckets_hold_similar_lengths_and_respect_the_batch_size():
    lengths = [5, 50, 7, 48, 6, 49, 100]
    # Longest first, then cut every 3: (100, 50, 49), (48, 7, 6), (5).
    assert buckets(lengths, 3) == [[6, 1, 5], [3, 2, 4], [0]]
    assert buckets(lengths, 1) == [[6], [1], [5], [3], [2], [4], [0]]
    assert buckets([], 8) == []
    with pytest.raises(ValueError):
        buckets(lengths, 0)


def test_a_batch_gives_each_chunk_the_audio_it_gets_alone(voice):
    model = voice._tts.synthesizer.tts_model
    assert model.inference_noise_scale > 0  # noise is sampled: each item must draw its own, as alone
    assert voice.batches
    alone = [voice.synthesise(text) for text in TEXTS]
    together = voice.synthesise_batch(TEXTS)
    assert len(together) == len(TEXTS)
    for a, b in zip(alone, together):
        assert_close(a, b)
    assert len({len(a) for a in alone}) == len(TEXTS)  # really different lengths: padding was used


def test_padding_does_not_leak_into_a_short_chunk(voice):
    alone = voice.synthesise(SHORT)
    for batch in ([SHORT, LONG], [LONG, SHORT, LONG]):
        short = voice.synthesise_batch(batch)[batch.index(SHORT)]
        assert_close(alone, short)
        tail = slice(-2000, None)  # where the long neighbour's padding would be heard
        assert np.abs(alone[tail]).max() > 1e-3 and np.max(np.abs(short[tail] - alone[tail])) <= BATCH_TOLERANCE


def test_sampled_durations_are_drawn_per_chunk_too(tmp_path):
    # With the stochastic duration predictor (as in MMS), durations are sampled: each chunk's
    # draw must be its own, or lengths change with the batch.
    sdp = get_voice(f"coqui:{build_model(tmp_path, sdp=True)}", device="cpu", threads=2)
    assert sdp._tts.synthesizer.tts_model.args.use_sdp
    alone = [sdp.synthesise(text) for text in TEXTS]
    for a, b in zip(alone, sdp.synthesise_batch(TEXTS)):
        assert_close(a, b)


def _script(texts):
    chunks = tuple(Chunk(t, Pause.SENTENCE, t, i) for i, t in enumerate(texts))
    return Script("قمة", (ScriptChapter("قمة", chunks),), profile=BARE_AR.name)


def test_the_stage_batches_uncached_chunks_into_the_same_cache_entries(voice, tmp_path):
    script = _script([*TEXTS, SHORT])  # a repeat is spoken once
    one = synthesise(script, voice, SynthesisCache(tmp_path / "one"), batch_size=1)
    seen = []
    many = synthesise(script, voice, SynthesisCache(tmp_path / "many"), batch_size=4,
                      progress=lambda done, total, cached: seen.append((done, total, cached)))
    assert (many.synthesised, many.cached) == (one.synthesised, one.cached) == (len(TEXTS), 1)
    assert [d for d, _, _ in seen] == list(range(1, len(TEXTS) + 2)) and sum(c for *_, c in seen) == 1
    for a, b in zip(one.chapters[0], many.chapters[0]):
        # Entries are named key.checksum.flac: the same key (text + voice), whichever way it was spoken.
        assert a.audio_path.name.split(".")[0] == b.audio_path.name.split(".")[0] == SynthesisCache.key(
            voice.cache_identity(), a.chunk.text)
        pcm_a, _ = soundfile.read(a.audio_path, dtype="float32")
        pcm_b, _ = soundfile.read(b.audio_path, dtype="float32")
        assert len(pcm_a) == len(pcm_b) and np.max(np.abs(pcm_a - pcm_b)) <= 2 / 32768  # one step of 16 bits
    again = synthesise(script, voice, SynthesisCache(tmp_path / "many"), batch_size=4)
    assert (again.synthesised, again.cached) == (0, len(TEXTS) + 1)


def test_reduced_precision_is_refused_on_a_cpu(tiny_model):
    with pytest.raises(VoiceError) as info:
        get_voice(f"coqui:{tiny_model}", device="cpu", dtype="bfloat16")
    assert "needs --device cuda" in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(VoiceError, match="must be one of"):
        get_voice(f"coqui:{tiny_model}", device="cpu", dtype="int8")


class _CountingCoqui(CoquiBackend):
    loads = 0

    def load(self, spec):
        _CountingCoqui.loads += 1
        return super().load(spec)


def test_a_build_of_many_articles_loads_the_model_once(tiny_model, tmp_path):
    ws = open_workspace(tmp_path)
    sources = []
    for n, text in enumerate(TEXTS[:3]):
        (tmp_path / f"article-{n}.md").write_text(f"# عنوان {n}\n\n{text}.\n", encoding="utf-8")
        sources.append(str(tmp_path / f"article-{n}.md"))
    register(_CountingCoqui())
    try:
        options = BuildOptions(spec_for(f"coqui:{tiny_model}", device="cpu", threads=2), batch_size=8)
        results = build(sources, ws, load_show(ws.config_path), options)
    finally:
        register(CoquiBackend())
    assert [r.error for r in results] == [None] * 3 and all(r.synthesised > 0 for r in results)
    assert _CountingCoqui.loads == 1


def test_cli_batch_size_builds_the_same_episode(tiny_model, tmp_path):
    article = "# قمة بكين\n\n" + ". ".join(TEXTS) + ".\n"
    mp3s = []
    for name, flags in (("alone", []), ("batched", ["--batch-size", "8"])):
        ws = tmp_path / name
        ws.mkdir()
        (ws / "summit.md").write_text(article, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "narrator", "build", "summit.md", "-q", "--voice", f"coqui:{tiny_model}",
             "--device", "cpu", "--threads", "2", *flags],
            cwd=ws, capture_output=True, timeout=300, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        assert proc.returncode == 0, proc.stderr.decode()[-1000:]
        [mp3] = (ws / "audio").glob("*.mp3")
        mp3s.append(decode_pcm(mp3))
    a, b = (m.astype(np.float64) for m in mp3s)
    # Chunks may differ by one 16-bit step (float rounding before the cache's FLAC), which the
    # loudness pass and the MP3 encoder spread a little (measured: correlation 0.999987).
    assert len(a) == len(b) > 16000 and np.corrcoef(a, b)[0, 1] >= 0.9999
