"""The synthesis cache: content-addressed FLAC entries carrying a checksum, atomic writes,
damaged entries (however damaged) are deleted and reported as misses."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import soundfile as sf

from narrator.cache import SUM_CHARS, SynthesisCache
from narrator.errors import AudioError
from disk_fixtures import small_tmpfs

RATE = 22050


def tone(seconds: float = 0.5, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.4 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_keys_depend_on_identity_and_exact_text():
    key = SynthesisCache.key("espeak-ng 1.52|ar", "نَعَمْ")
    assert len(key) == 64 and key == SynthesisCache.key("espeak-ng 1.52|ar", "نَعَمْ")
    assert key != SynthesisCache.key("espeak-ng 1.52|ar+f3", "نَعَمْ")
    assert key != SynthesisCache.key("espeak-ng 1.52|ar", "نَعَم")  # one mark less is another text


def test_put_lookup_round_trip_as_flac_with_checksum_in_the_name(tmp_path):
    cache = SynthesisCache(tmp_path / "cache")
    key = cache.key("voice", "text")
    assert cache.lookup(key) is None
    audio = tone()
    path = cache.put(key, audio, RATE)
    assert path.parent.name == key[:2] and path.suffix == ".flac"
    # The name carries the start of the SHA-256 of the bytes on disk.
    assert path.name == f"{key}.{hashlib.sha256(path.read_bytes()).hexdigest()[:SUM_CHARS]}.flac"
    assert sf.info(str(path)).format == "FLAC" and sf.info(str(path)).subtype == "PCM_16"
    assert cache.lookup(key, RATE) == (path, len(audio))
    samples, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE and len(samples) == len(audio)
    assert np.max(np.abs(samples - audio)) < 1e-4  # 16-bit quantisation only
    assert path.stat().st_size < audio.nbytes / 2  # compressed
    assert list(path.parent.glob(".*")) == []  # no temporary left behind


def _flip_middle(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(b ^ 0x5A for b in data[middle:middle + 64])
    path.write_bytes(bytes(data))


def _folder(path):
    path.unlink()
    path.mkdir()
    (path / "inside").write_bytes(b"x")


DAMAGE = {
    "truncate": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "garbage": lambda p: p.write_bytes(b"not a flac" * 50),
    "empty": lambda p: p.write_bytes(b""),
    "mid-file": _flip_middle,
    "folder": _folder,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_entry_is_deleted_and_reported_as_a_miss(tmp_path, damage):
    cache = SynthesisCache(tmp_path)
    key = cache.key("voice", damage)
    path = cache.put(key, tone(2.0), RATE)
    DAMAGE[damage](path)
    assert cache.lookup(key, RATE) is None
    assert not path.exists()
    assert cache.put(key, tone(2.0), RATE) == path and cache.lookup(key, RATE) == (path, int(2.0 * RATE))


def test_sound_entry_at_another_rate_is_a_miss(tmp_path):
    """Intact bytes, right checksum, wrong sample rate for the voice asking: a miss, removed."""
    cache = SynthesisCache(tmp_path)
    key = cache.key("voice", "rate")
    path = cache.put(key, tone(0.5, 48000), 48000)
    assert cache.lookup(key, 48000) == (path, 24000)
    assert cache.lookup(key, RATE) is None and not path.exists()


def test_a_file_in_place_of_the_shard_folder(tmp_path):
    cache = SynthesisCache(tmp_path)
    key = cache.key("voice", "shard")
    (tmp_path / key[:2]).write_bytes(b"junk")
    assert cache.lookup(key, RATE) is None
    path = cache.put(key, tone(), RATE)
    assert cache.lookup(key, RATE) == (path, len(tone()))


def _legacy(cache, key, audio):
    """An entry as narrator wrote it before checksums: <key>.flac, written by libsndfile."""
    path = cache.directory / key[:2] / f"{key}.flac"
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), audio, RATE, format="FLAC", subtype="PCM_16")
    return path


def test_entry_without_checksum_is_verified_by_decoding_then_named(tmp_path):
    cache = SynthesisCache(tmp_path)
    good, bad = cache.key("voice", "old good"), cache.key("voice", "old bad")
    old = _legacy(cache, good, tone())
    path, frames = cache.lookup(good, RATE)
    assert frames == len(tone()) and not old.exists()
    assert path.name == f"{good}.{hashlib.sha256(path.read_bytes()).hexdigest()[:SUM_CHARS]}.flac"
    damaged = _legacy(cache, bad, tone(2.0))
    _flip_middle(damaged)
    assert cache.lookup(bad, RATE) is None and not damaged.exists()


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


@pytest.fixture
def full_disk(tmp_path):
    """A real, tiny filesystem (tmpfs) that fills up; needs root to mount."""
    yield from small_tmpfs(tmp_path, "64k")


def test_full_disk_says_so(full_disk):
    cache = SynthesisCache(full_disk / "cache")
    with pytest.raises(AudioError) as err:
        for n in range(40):  # ~20 KB each: the 64 KB disk fills on the way
            cache.put(cache.key("v", str(n)), np.random.default_rng(n).uniform(-1, 1, RATE).astype(np.float32), RATE)
    msg = str(err.value)
    assert "No space left on device" in msg and "\n" not in msg
    assert not [p for p in full_disk.rglob(".*") if p.is_file()]  # no temporary left behind
    # What did land is intact.
    for entry in full_disk.rglob("*.flac"):
        key = entry.name.split(".")[0]
        assert cache.lookup(key, RATE) is not None
