"""Independent measurements of written MP3s, straight from the ffmpeg binary."""

from __future__ import annotations

import html
import math
import re
import subprocess
from pathlib import Path

import numpy as np


def ffmpeg() -> str:
    from narrator.ffmpeg import ffmpeg_exe  # where the binary is; every measurement here is the test's own

    return ffmpeg_exe()


def _stderr(*args) -> str:
    proc = subprocess.run([ffmpeg(), "-hide_banner", "-nostats", *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def decode_pcm(path: Path, sample_rate: int | None = None) -> np.ndarray:
    """The fully decoded audio, mono int16 at its own rate or `sample_rate` (errors in the
    stream fail the assertion)."""
    rate = ["-ar", str(sample_rate)] if sample_rate else []
    proc = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostats", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", *rate, "-"],
        capture_output=True,
    )
    assert proc.returncode == 0 and proc.stderr.strip() == b"", proc.stderr[-2000:].decode(errors="replace")
    return np.frombuffer(proc.stdout, dtype=np.int16)


def decode_seconds(path: Path) -> float:
    """Duration of the fully decoded audio (errors in the stream fail the assertion)."""
    return len(decode_pcm(path, 44100)) / 44100


def loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) by ffmpeg's ebur128 filter."""
    err = _stderr("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    summary = err[err.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def silences(path: Path, noise_db: float = -50, min_seconds: float = 0.3) -> list[tuple[float, float]]:
    err = _stderr("-i", str(path), "-af", f"silencedetect=noise={noise_db}dB:d={min_seconds}", "-f", "null", "-")
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", err)]
    if len(ends) < len(starts):  # a silence running to the end of the file has no silence_end
        ends.append(math.inf)
    return list(zip(starts, ends))


def parse_vtt(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, lines as shown, entities undone) per cue."""
    assert text.startswith("WEBVTT\n"), "not a WebVTT file"
    cues = []
    stamp = r"(\d+):(\d\d):(\d\d)\.(\d{3})"
    for block in text.strip().split("\n\n")[1:]:
        lines = block.strip().splitlines()
        idx = next(i for i, line in enumerate(lines) if "-->" in line)
        m = re.fullmatch(stamp + r" --> " + stamp, lines[idx])
        assert m, lines[idx]
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append((start, end, [html.unescape(line) for line in lines[idx + 1:]]))
    return cues
