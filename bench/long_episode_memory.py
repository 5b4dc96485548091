"""A two-hour episode stitched and encoded: its build time and peak memory (issue 11 moved
this out of the default test suite, where it took 100 s; the suite keeps the property at two
short lengths: tests/episode/test_episode.py::test_episode_memory_does_not_grow_with_length).

    PYTHONPATH=src .venv/bin/python bench/long_episode_memory.py [--hours 2]

Exits non-zero when the build process peaks at 200 MB or more, or ffmpeg at 300 MB or more.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from episode_fixtures import episode_memory  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="narrator-long-") as folder:
        figures = episode_memory(Path(folder), args.hours)
    rss_mb, ffmpeg_mb = figures["rss_kb"] / 1024, figures["ffmpeg_kb"] / 1024
    print(f"{args.hours:g} h episode: {figures['duration']:.0f} s of audio in {figures['seconds']:.1f} s, "
          f"peak RSS {rss_mb:.0f} MB (ffmpeg children at most {ffmpeg_mb:.0f} MB)")
    return 0 if rss_mb < 200 and ffmpeg_mb < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
