"""The synthesis cache on S3 (`--cache s3://...`), against moto's server on 127.0.0.1:
the folder cache's names and bytes, many writers of one entry at once, a writer killed
mid-upload, a damaged object, and real builds that share chunks through the bucket."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from conftest import ROOT, run_narrator
from narrator.cache import SynthesisCache
from s3_fixtures import moto_s3, objects, s3_env

RATE = 22050
URL = "s3://narrator/shows/cache"
PREFIX = "shows/cache/"


@pytest.fixture(scope="module")
def s3():
    with moto_s3() as server:
        yield server


@pytest.fixture()
def env(s3, monkeypatch):
    for key, value in s3_env(s3[0]).items():
        monkeypatch.setenv(key, value)
    return s3_env(s3[0])


@pytest.fixture()
def bucket(s3, env):
    """The test's own prefix, emptied afterwards."""
    yield s3[1]
    for key in objects(s3[1], prefix=PREFIX):
        s3[1].delete_object(Bucket="narrator", Key=key)


def _cache(folder: Path):
    from narrator.cache_s3 import S3SynthesisCache

    return S3SynthesisCache(URL, folder)


def _noise(seconds: float = 2.0, seed: int = 1) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(int(RATE * seconds)) * 0.2).astype(np.float32)


def test_an_entry_has_the_folder_caches_name_and_bytes_and_reaches_another_machine(bucket, tmp_path):
    key = SynthesisCache.key("espeak:ar|v1", "مرحبا بكم")
    samples = _noise()
    path = _cache(tmp_path / "a").put(key, samples, RATE)
    folder_entry = SynthesisCache(tmp_path / "folder").put(key, samples, RATE)
    name = folder_entry.relative_to(tmp_path / "folder").as_posix()
    stored = objects(bucket, prefix=PREFIX)
    assert list(stored) == [PREFIX + name]  # `aws s3 sync` between a folder cache and the bucket just works
    assert stored[PREFIX + name] == folder_entry.read_bytes() == path.read_bytes()

    other = _cache(tmp_path / "b")  # another machine: nothing local, everything from the bucket
    found, frames = other.lookup(key, RATE)
    assert frames == len(samples) and found.is_relative_to(tmp_path / "b")
    decoded, rate = sf.read(found, dtype="int16")
    assert rate == RATE and np.array_equal(decoded, sf.read(folder_entry, dtype="int16")[0])
    assert other.lookup(SynthesisCache.key("espeak:ar|v1", "نص آخر"), RATE) is None
    assert other.info() == (1, len(stored[PREFIX + name]))


def test_many_writers_of_one_entry_at_once_leave_one_sound_object(bucket, tmp_path):
    key = SynthesisCache.key("espeak:ar|v1", "كتبوا معا")
    samples = _noise(seed=2)
    writers = 8
    barrier = threading.Barrier(writers)
    errors, written = [], []

    def write(n: int) -> None:
        cache = _cache(tmp_path / f"w{n}")
        barrier.wait()
        try:
            written.append(cache.put(key, samples, RATE))
        except Exception as exc:  # noqa: BLE001 - the test reports any
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(written) == writers
    stored = objects(bucket, prefix=PREFIX)
    assert len(stored) == 1 and list(stored.values())[0] == written[0].read_bytes()
    assert _cache(tmp_path / "reader").lookup(key, RATE)[1] == len(samples)


# A writer whose socket sends half the body, says so, and waits to be killed: the store
# sees what it sees when a worker dies mid-upload (the connection gone, the body short).
_KILLED_WRITER = textwrap.dedent("""
    import socket, sys, time
    import numpy as np
    from pathlib import Path
    from narrator.cache_s3 import S3SynthesisCache

    url, folder, key, marker = sys.argv[1:5]
    send = socket.socket.sendall
    def half_then_hang(self, data, *args):
        if len(data) > 20000:
            send(self, data[: len(data) // 2])
            Path(marker).write_text("half sent")
            time.sleep(600)
        return send(self, data, *args)
    socket.socket.sendall = half_then_hang
    samples = (np.random.default_rng(3).standard_normal(44100) * 0.2).astype(np.float32)
    S3SynthesisCache(url, Path(folder)).put(key, samples, 22050)
""")


def test_a_writer_killed_mid_upload_leaves_no_entry_and_the_next_writer_succeeds(bucket, env, tmp_path):
    key = SynthesisCache.key("espeak:ar|v1", "انقطع الاتصال")
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, URL, str(tmp_path / "child"), key, str(marker)],
        env=dict(os.environ, **env, PYTHONPATH=str(ROOT / "src")),
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never started its upload"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    time.sleep(0.5)  # the server notices the closed connection
    reader = _cache(tmp_path / "reader")
    assert reader.lookup(key, RATE) is None  # a cut-short upload is never a hit
    assert not [k for k in objects(bucket, prefix=PREFIX) if key in k]  # ... and nothing of it is left

    samples = (np.random.default_rng(3).standard_normal(44100) * 0.2).astype(np.float32)
    _cache(tmp_path / "retry").put(key, samples, RATE)  # the retried task writes it whole
    assert _cache(tmp_path / "reader2").lookup(key, RATE)[1] == len(samples)


def test_a_damaged_object_is_a_miss_and_is_written_again(bucket, tmp_path):
    from narrator.cache import encode_entry

    key = SynthesisCache.key("espeak:ar|v1", "تلف")
    samples = _noise(seed=4)
    name, data = encode_entry(key, samples, RATE)
    bucket.put_object(Bucket="narrator", Key=PREFIX + name, Body=data[: len(data) // 2])  # a store that kept half
    assert _cache(tmp_path / "a").lookup(key, RATE) is None
    assert objects(bucket, prefix=PREFIX) == {}  # removed, so that write-once does not keep it forever
    _cache(tmp_path / "b").put(key, samples, RATE)
    assert objects(bucket, prefix=PREFIX) == {PREFIX + name: data}


def test_builds_on_two_machines_share_chunks_through_the_bucket(bucket, env, tmp_path):
    article = "# قمة\n\nالتقى الرئيسان في بكين يوم الخميس. وتحدثا عن التجارة والطاقة.\n"
    mp3s = []
    for machine in ("one", "two"):
        ws = tmp_path / machine
        ws.mkdir()
        (ws / "summit.md").write_text(article, encoding="utf-8")
        proc = run_narrator("build", "summit.md", "-w", ws, "--cache", URL, "-j", "2", cwd=ws, check=True)
        out = proc.stdout.decode()
        mp3s.append((ws / "audio").glob("*.mp3").__next__().read_bytes())
        assert "synthesised" in out
        if machine == "two":
            assert " 0 synthesised" in out, out  # every chunk came from the bucket
    assert mp3s[0] == mp3s[1]
    names = [k for k in objects(bucket, prefix=PREFIX) if k.endswith(".flac")]
    assert names and all(Path(k).parent.name == Path(k).name[:2] for k in names)


def test_an_unreachable_bucket_is_one_line(env, tmp_path):
    (tmp_path / "a.md").write_text("# عنوان\n\nنص قصير.\n", encoding="utf-8")
    proc = run_narrator("build", "a.md", "-w", tmp_path, "--cache", "s3://no-such-bucket/x", cwd=tmp_path)
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode != 0 and len(err) == 1, err
    assert err[0].startswith("Error: ") and "s3://no-such-bucket/x" in err[0] and "NoSuchBucket" in err[0]


def test_a_cache_that_is_neither_a_folder_nor_a_bucket_is_refused_before_anything_is_built(tmp_path):
    (tmp_path / "a.md").write_text("# عنوان\n\nنص قصير.\n", encoding="utf-8")
    proc = run_narrator("build", "a.md", "-w", tmp_path, "--cache", "ftp://host/cache", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().splitlines() == ["Error: --cache ftp://host/cache: a folder or s3://BUCKET/PREFIX"]
    assert not (tmp_path / "audio").exists()


def test_a_staged_file_is_named_by_its_sha256_carries_it_and_comes_back_whole(bucket, tmp_path):
    import base64
    import hashlib

    from narrator.cache_s3 import S3Staging

    data = os.urandom(300_000)
    source = tmp_path / "ep-1234.mp3"
    source.write_bytes(data)
    staging = S3Staging(URL)
    sent: list[dict] = []  # what went on the wire (moto neither checks nor keeps the checksum)
    staging.bucket.client.meta.events.register("provide-client-params.s3.PutObject",
                                               lambda params, **_: sent.append(dict(params)))
    name, digest = staging.upload(source)
    assert digest == hashlib.sha256(data).hexdigest() and name == f"episodes/{digest}/ep-1234.mp3"
    assert sent[0]["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert sent[0]["Key"] == PREFIX + name and sent[0]["IfNoneMatch"] == "*"
    assert objects(bucket, prefix=PREFIX) == {PREFIX + name: data}
    assert staging.upload(source) == (name, digest)  # written once: the second upload finds it there

    (tmp_path / "tmp").mkdir()
    target = tmp_path / "audio" / "ep-1234.mp3"
    target.parent.mkdir()
    staging.download(name, digest, target, tmp_path / "tmp")
    assert target.read_bytes() == data
