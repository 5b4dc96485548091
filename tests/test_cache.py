"""The synthesis cache: content-addressed FLAC entries, atomic writes, damaged entries are misses."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from narrator.cache import SynthesisCache
from narrator.errors import AudioError

RATE = 22050


def tone(seconds: float = 0.5) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (0.4 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_keys_depend_on_identity_and_exact_text():
    key = SynthesisCache.key("espeak-ng 1.52|ar", "نَعَمْ")
    assert len(key) == 64 and key == SynthesisCache.key("espeak-ng 1.52|ar", "نَعَمْ")
    assert key != SynthesisCache.key("espeak-ng 1.52|ar+f3", "نَعَمْ")
    assert key != SynthesisCache.key("espeak-ng 1.52|ar", "نَعَم")  # one mark less is another text


def test_put_get_load_round_trip_as_flac(tmp_path):
    cache = SynthesisCache(tmp_path / "cache")
    key = cache.key("voice", "text")
    assert cache.get(key) is None
    audio = tone()
    path = cache.put(key, audio, RATE)
    assert path.parent.name == key[:2] and path.suffix == ".flac"
    assert sf.info(str(path)).format == "FLAC" and sf.info(str(path)).subtype == "PCM_16"
    assert cache.get(key) == path
    samples, rate = cache.load(path)
    assert rate == RATE and samples.dtype == np.float32 and len(samples) == len(audio)
    assert np.max(np.abs(samples - audio)) < 1e-4  # 16-bit quantisation only
    assert path.stat().st_size < audio.nbytes / 2  # compressed
    assert list(path.parent.glob("*.tmp")) == []  # no temporary left behind


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_entry_is_deleted_and_reported_as_a_miss(tmp_path, damage):
    cache = SynthesisCache(tmp_path)
    key = cache.key("voice", damage)
    path = cache.put(key, tone(2.0), RATE)
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"not a flac" * 50, "empty": b""}[damage])
    assert cache.get(key) is None
    assert not path.exists()
    assert cache.put(key, tone(2.0), RATE) == path and cache.get(key) == path


def test_empty_or_stereo_audio_is_refused(tmp_path):
    cache = SynthesisCache(tmp_path)
    with pytest.raises(AudioError):
        cache.put(cache.key("v", "t"), np.zeros(0, np.float32), RATE)
    with pytest.raises(AudioError):
        cache.put(cache.key("v", "t"), np.zeros((10, 2), np.float32), RATE)
    assert cache.info() == (0, 0)


def test_info_and_clear(tmp_path):
    cache = SynthesisCache(tmp_path / "never-made")
    assert cache.info() == (0, 0) and cache.clear() == 0
    cache = SynthesisCache(tmp_path / "c")
    paths = [cache.put(cache.key("v", str(i)), tone(0.1 * (i + 1)), RATE) for i in range(3)]
    (paths[0].parent / ".leftover.tmp").write_bytes(b"x")  # as a killed writer would leave
    entries, size = cache.info()
    assert entries == 3 and size == sum(p.stat().st_size for p in paths)
    assert cache.clear() == 3
    assert cache.info() == (0, 0) and not list((tmp_path / "c").rglob("*.tmp"))
