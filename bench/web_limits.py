"""Issue 18 measurements -> a table for bench/WEB.md: what a hostile server on 127.0.0.1 costs
one fetch, for the code under --src (run it once on the code before the fix, once after).

    PYTHONPATH=src .venv/bin/python bench/web_limits.py --src src [--label after]

1. Decompression bomb: `Content-Encoding: gzip, gzip`, 1 GiB of zeros in about 1.3 KB on the
   wire; peak memory growth (ru_maxrss) of the fetching process and its outcome.
2. A page sent one byte every 0.4 s, status line and headers included (the head alone takes
   about 40 s): seconds one fetch is held, with narrator's defaults.
3. `voices download` of a file pinned at 1 MiB from a server sending 64 MiB with no
   Content-Length: bytes the client took before it stopped.

Each case runs in its own process, so peaks and defaults are that code's own. About three
minutes before the fix (the slow server holds it 160 s), under half a minute after.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from web_fixtures import Site, article_html, deflate_bomb, NILE  # noqa: E402

BOMB = """
import resource, sys, time
from narrator.errors import NarratorError
from narrator.web.fetch import fetch
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    outcome = f"{len(fetch(sys.argv[1]).body):,} bytes fetched"
except NarratorError as exc:
    outcome = str(exc).split(": ", 1)[1]
except MemoryError:
    outcome = "MemoryError"
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, round(time.monotonic() - started, 1), outcome, sep="\\t")
"""

HELD = """
import sys, time
from narrator.errors import NarratorError
from narrator.web.fetch import fetch
started = time.monotonic()
try:
    fetch(sys.argv[1])
    outcome = "fetched"
except NarratorError as exc:
    outcome = str(exc).split(": ", 1)[1]
print(round(time.monotonic() - started, 1), outcome, sep="\\t")
"""

VOICE = """
import hashlib, sys, tempfile
from narrator.errors import VoiceError
from narrator.voices.download import download_voice
from narrator.voices.known import KnownFile, KnownVoice
size = 1 << 20
files = (KnownFile("v.onnx", sys.argv[1], size, hashlib.sha256(bytes(size)).hexdigest()),)
known = {"v": KnownVoice("v", "piper:v", "bench voice", "-", files)}
seen = [0]
with tempfile.TemporaryDirectory() as folder:
    try:
        download_voice("v", folder=folder, known=known, progress=lambda name, got, expected: seen.__setitem__(0, got))
        outcome = "installed"
    except VoiceError as exc:
        outcome = str(exc).split(": ", 1)[1].split(";")[0]
print(seen[0], outcome, sep="\\t")
"""


def run(src: Path, script: str, url: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0:
        return ["-", f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}"]
    return proc.stdout.strip().split("\t")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the narrator sources to measure")
    ap.add_argument("--label", default="this code")
    args = ap.parse_args()

    site = Site()
    inner = deflate_bomb(1 << 30)
    site.add("/bomb", body=gzip.compress(inner, 9), headers={"Content-Encoding": "gzip, gzip"})
    site.add("/slow-headers", body=article_html(NILE).encode(), trickle=0.4)
    site.add("/voice", stream_bytes=64 << 20, content_type="application/octet-stream")
    wire = len(gzip.compress(inner, 9))
    try:
        grown, seconds, outcome = run(args.src, BOMB, site.url("/bomb"))
        print(f"| {args.label} | bomb: `gzip, gzip`, 1 GiB of zeros in {wire:,} bytes | peak memory +{grown} MB, "
              f"{seconds} s | {outcome} |", flush=True)
        held, outcome = run(args.src, HELD, site.url("/slow-headers"))
        print(f"| {args.label} | page one byte every 0.4 s, head included | held {held} s | {outcome} |", flush=True)
        started = time.monotonic()
        took, outcome = run(args.src, VOICE, site.url("/voice"))
        print(f"| {args.label} | voice pinned at 1 MiB, 64 MiB sent with no Content-Length | {int(took):,} bytes taken "
              f"({time.monotonic() - started:.1f} s) | {outcome} |", flush=True)
    finally:
        site.close()


if __name__ == "__main__":
    main()
