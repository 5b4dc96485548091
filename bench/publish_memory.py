"""Peak memory and time of `narrator publish` with one large MP3 (issue 18): a folder target
and moto's S3 server on 127.0.0.1, first publish (everything sent) and again (nothing changed).

    PYTHONPATH=src .venv/bin/python bench/publish_memory.py [--size-mb 1024] [--s3-size-mb 256]
    PYTHONPATH=src .venv/bin/python bench/publish_memory.py --src /path/to/other/src   # e.g. before

Each publish is its own `python -m narrator publish` process; its peak RSS is its VmHWM
(/proc/self/status, read at exit). Not ru_maxrss: Linux carries that over exec from the
forking process, here the bench holding moto's copy of every object. The MP3 is a real short tone MP3 grown to the
size with a sparse tail (publish reads bytes, it does not decode), so the workspace costs no
disk; the folder target gets a real copy. Numbers go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "src"))

from serve_fixtures import build_workspace  # noqa: E402

from narrator.catalog import Catalog  # noqa: E402


def workspace(folder: Path, size_mb: int) -> Path:
    fx = build_workspace(folder, slugs=("large",))
    [record] = fx.records
    mp3 = fx.workspace.audio_dir / record.mp3
    os.truncate(mp3, size_mb << 20)
    with Catalog(fx.workspace.catalog_path) as catalog:
        catalog.upsert(record)
    return fx.workspace.root


# `python -m narrator ARGS`, writing its own VmHWM (kB) to the file named by argv[1] at exit.
_CHILD = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def hwm():
    kb = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    open(out, "w").write(kb)
atexit.register(hwm)
sys.argv[0] = "narrator"
runpy.run_module("narrator", run_name="__main__", alter_sys=True)
"""


def publish(src: Path, ws: Path, target: str, *extra: str) -> tuple[float, float, str]:
    """(peak RSS MB, seconds, summary line) of one publish process."""
    env = dict(os.environ, PYTHONPATH=str(src), AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               AWS_DEFAULT_REGION="us-east-1")
    hwm = ws.parent / "hwm"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(hwm), "publish", "--to", target, "-w", str(ws), *extra],
                          capture_output=True, env=env)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"publish failed: {proc.stderr.decode().strip()}")
    return int(hwm.read_text()) / 1024, seconds, proc.stdout.decode().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="MP3 size for the folder target")
    parser.add_argument("--s3-size-mb", type=int, default=256, help="MP3 size for S3 (moto keeps it in memory); 0 skips")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the narrator sources to measure")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="narrator-publish-bench-") as folder:
        root = Path(folder)
        ws = workspace(root / "dir", args.size_mb)
        for run in ("first", "unchanged"):
            rss, secs, line = publish(args.src, ws, str(root / "site"), "--base-url", "https://pod.example/")
            rows.append(("folder", args.size_mb, run, rss, secs, line))
        if args.s3_size_mb:
            from moto.server import ThreadedMotoServer
            import boto3

            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            try:
                host, port = server.get_host_and_port()
                endpoint = f"http://{host}:{port}"
                boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="bench", aws_secret_access_key="bench",
                             region_name="us-east-1").create_bucket(Bucket="bench")
                ws = workspace(root / "s3", args.s3_size_mb)
                for run in ("first", "unchanged"):
                    rss, secs, line = publish(args.src, ws, "s3://bench/show", "--endpoint-url", endpoint)
                    rows.append(("S3 (moto)", args.s3_size_mb, run, rss, secs, line))
            finally:
                server.stop()
    print(f"narrator sources: {args.src}\n")
    print("| target | MP3 MB | publish | peak RSS MB | seconds | summary |")
    print("|---|---:|---|---:|---:|---|")
    for target, size, run, rss, secs, line in rows:
        summary = line.split(": ", 1)[1].split("; feed")[0]
        print(f"| {target} | {size} | {run} | {rss:.0f} | {secs:.1f} | {summary} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
