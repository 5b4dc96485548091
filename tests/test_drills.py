"""Failure drills: bad input never costs what was already built; concurrent builds both land."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, run_narrator
from read_only import read_only


def snapshot(ws: Path) -> dict[str, str]:
    """Every published file's hash plus the catalog rows: what a bad build must not touch."""
    state = {}
    for folder in ("audio", "feed"):
        for p in sorted((ws / folder).rglob("*")):  # feed/play/ holds the player pages
            if p.is_file():
                state[p.relative_to(ws).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    with sqlite3.connect(ws / ".narrator" / "catalog.sqlite") as db:
        state["catalog"] = repr(db.execute("SELECT * FROM episodes ORDER BY slug").fetchall())
    return state


@pytest.fixture
def workspace(built_sample, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(built_sample, ws)
    return ws


ARABIC = "هذه جملة عربية قصيرة "

BAD_INPUTS = {
    "empty.txt": b"",
    "whitespace.txt": b"   \n\n\t  \n",
    "binary.dat": bytes(range(256)) * 64,
    "invalid-utf8.txt": "عنوان\n\nنص".encode("utf-8") + b"\xff\xfe\x00\x00\xc3\x28" * 50,
    "only-scripts.html": b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
    "all-code.md": b"```\nprint('x')\n```\n\n    indented code\n",
    "huge.txt": ("عنوان طويل\n\n" + (ARABIC * 10 + ".\n\n") * 25_000).encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_touches_nothing(workspace, name):
    before = snapshot(workspace)
    article = workspace.parent / name
    article.write_bytes(BAD_INPUTS[name])
    proc = run_narrator("build", article, "-w", workspace, "--quiet")
    err = proc.stderr.decode().strip()
    assert proc.returncode != 0
    assert err.count("\n") == 0 and "Traceback" not in err and name in err, err
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    "name,text",
    [
        ("english.txt", "A plain English title\n\nThis article has no Arabic letters at all. It still deserves a voice.\n"),
        ("digits.txt", "2024\n\n12 34 56\n"),
        # One sentence three times the espeak chunk limit (400 characters): it must be split.
        ("one-sentence.txt", "جملة طويلة جدا\n\n" + ("كلمة " * 240).strip() + "\n"),
    ],
)
def test_odd_but_readable_input_makes_an_episode_and_keeps_the_old(workspace, name, text):
    before = snapshot(workspace)
    article = workspace.parent / name
    article.write_text(text, "utf-8")
    proc = run_narrator("build", article, "-w", workspace, "--quiet")
    assert proc.returncode == 0, proc.stderr.decode()
    after = snapshot(workspace)
    for key, value in before.items():
        if key.startswith("audio/"):
            assert after[key] == value, f"{key} changed"
    assert run_narrator("check", "-w", workspace).returncode == 0


def test_wrong_types_in_podcast_toml(workspace):
    before = snapshot(workspace)
    (workspace / "podcast.toml").write_text('title = 5\n[pauses]\nsentence = "long"\n', "utf-8")
    proc = run_narrator("build", SAMPLE, "-w", workspace, "--quiet")
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2 and "title" in err and "\n" not in err
    assert snapshot(workspace) == before


def test_read_only_workspace(workspace):
    """A read-only mount as root (who ignores permissions), no write bits otherwise."""
    before = snapshot(workspace)
    with read_only(workspace) as argv:
        proc = subprocess.run(argv("build", SAMPLE, "-w", workspace, "--quiet"), capture_output=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "src")), timeout=300)
        err = proc.stderr.decode().strip()
        assert proc.returncode != 0 and "\n" not in err and "Traceback" not in err, err
    assert snapshot(workspace) == before


def test_read_only_workspace_as_root(workspace):
    """Root ignores permissions; a read-only mount is what stops it. Simulate with a file in place of
    the state folder: the build must fail in one line and leave audio/ and feed/ alone."""
    before = {k: v for k, v in snapshot(workspace).items() if k != "catalog"}
    blocked = workspace.parent / "blocked"
    shutil.copytree(workspace, blocked)
    shutil.rmtree(blocked / ".narrator")
    (blocked / ".narrator").write_text("not a folder")
    proc = run_narrator("build", SAMPLE, "-w", blocked, "--quiet")
    err = proc.stderr.decode().strip()
    assert proc.returncode != 0 and "\n" not in err and "Traceback" not in err, err
    after = {}
    for folder in ("audio", "feed"):
        for p in sorted((blocked / folder).rglob("*")):
            if p.is_file():
                after[p.relative_to(blocked).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    assert after == before


@pytest.mark.slow
def test_two_concurrent_builds_both_land(workspace):
    articles = []
    for n, heading in enumerate(["العنوان الأول للمقال", "العنوان الثاني للمقال"]):
        path = workspace.parent / f"concurrent-{n}.txt"
        path.write_text(f"{heading}\n\nفقرة أولى عن الموضوع رقم {n + 1}. وهذه جملة ثانية.\n", "utf-8")
        articles.append(path)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    procs = [
        subprocess.Popen([sys.executable, "-m", "narrator", "build", str(a), "-w", str(workspace), "--quiet", "--jobs", "1"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for a in articles
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    listing = run_narrator("list", "-w", workspace, check=True).stdout.decode()
    assert "concurrent-0" in listing and "concurrent-1" in listing
    feed = (workspace / "feed" / "feed.xml").read_text("utf-8")
    assert "العنوان الأول للمقال" in feed and "العنوان الثاني للمقال" in feed
    assert run_narrator("check", "-w", workspace).returncode == 0


# ---- process hygiene: what a killed or interrupted build leaves running -------------------------

SHORT = "\n\n".join(SAMPLE.read_text("utf-8").split("\n\n")[:12]) + "\n"
"""The sample's title, lead and first two sections: about a third of it, still several chapters."""


def _marked(marker: str) -> dict[int, int]:
    """{pid: parent pid} of every live process whose environment carries `marker`."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() not in (proc / "environ").read_bytes():
                continue
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":  # a zombie has exited; it only waits to be reaped
            found[int(proc.name)] = int(fields[1])
    return found


def _start_build(article: Path, ws: Path, marker: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), NARRATOR_DRILL=marker)
    return subprocess.Popen(
        [sys.executable, "-m", "narrator", "build", str(article), "-w", str(ws), "--quiet", "--jobs", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        # As from a terminal: a runner started in the background may pass SIGINT on ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_for(condition, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def _workers(build: subprocess.Popen, marker: str) -> list[int]:
    """Synthesis workers: marked processes that are neither the build nor its direct children."""
    procs = _marked(marker)
    return [pid for pid, parent in procs.items() if pid != build.pid and parent != build.pid]


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc to find worker processes")
def test_killed_build_leaves_no_workers_and_no_temp_files(tmp_path):
    article = tmp_path / "summit.txt"
    article.write_text(SHORT, "utf-8")
    ws = tmp_path / "ws"
    marker = f"narrator-drill-{uuid.uuid4().hex}"

    # 1. SIGKILL while the synthesis workers run: they must not outlive the build.
    build = _start_build(article, ws, marker)
    _wait_for(lambda: _workers(build, marker) or build.poll() is not None, what="synthesis workers")
    assert build.poll() is None, "the build finished before its workers could be seen"
    build.kill()
    build.wait()
    _wait_for(lambda: not _marked(marker), timeout=10, what="workers to exit after their build was killed")

    # 2. SIGKILL while ffmpeg encodes: the stitched WAV and the MP3 being written are on disk.
    tmp = ws / ".narrator" / "tmp"
    build = _start_build(article, ws, marker)
    scratch = lambda: [p for p in tmp.glob(".build-*") if p.is_dir() and any(p.glob("*.tmp"))] if tmp.is_dir() else []
    _wait_for(lambda: scratch() or build.poll() is not None, what="the episode stage's temporary files")
    assert build.poll() is None, "the build finished before its temporary files could be seen"
    build.kill()
    build.wait()
    left = scratch()
    assert left, "a SIGKILLed build cannot clean up after itself"
    # Nor is its ffmpeg left encoding (it gets SIGKILL with its parent).
    _wait_for(lambda: not _marked(marker), timeout=10, what="ffmpeg to exit after its build was killed")

    # 3. The next build sweeps them at once (not hours later) and lands.
    done = run_narrator("build", article, "-w", ws, "--quiet", check=True)
    assert done.returncode == 0
    assert not any(p.exists() for p in left)
    assert not list(tmp.glob(".build-*"))
    assert run_narrator("check", "-w", ws).returncode == 0


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc to find worker processes")
def test_ctrl_c_during_parallel_synthesis_is_one_line(tmp_path):
    article = tmp_path / "summit.txt"
    article.write_bytes(SAMPLE.read_bytes())
    marker = f"narrator-drill-{uuid.uuid4().hex}"
    ws = tmp_path / "ws"
    build = _start_build(article, ws, marker)
    # Mid-synthesis (the first chunk has landed in the cache): the workers are inside espeak.
    landed = lambda: (ws / ".narrator" / "cache").is_dir() and any((ws / ".narrator" / "cache").glob("??/*.flac"))
    _wait_for(lambda: landed() or build.poll() is not None, what="synthesis to start")
    assert build.poll() is None and _workers(build, marker), "the build finished before its workers could be seen"
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, err = build.communicate(timeout=60)
    err = err.decode().strip()
    assert build.returncode == 130, err
    assert err.count("\n") == 0 and "Traceback" not in err and "interrupted" in err, err
    _wait_for(lambda: not _marked(marker), timeout=10, what="workers to exit")
