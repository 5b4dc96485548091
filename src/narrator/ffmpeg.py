"""The only module that finds and runs ffmpeg: encoding, decoding and measuring audio.

There is no ffprobe next to imageio-ffmpeg's binary, so durations, loudness and
silences are all read from one ffmpeg decode pass with analysis filters.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from narrator.errors import AudioError

log = logging.getLogger(__name__)

_STDERR_LINES = 5


@functools.cache
def ffmpeg_exe() -> str:
    """The system ffmpeg if on PATH, else the binary imageio-ffmpeg ships.

    Also points pydub at it, so pydub never warns or looks elsewhere.
    """
    exe = shutil.which("ffmpeg")
    if exe is None:
        try:
            import imageio_ffmpeg

            exe = imageio_ffmpeg.get_ffmpeg_exe()
        except (ImportError, RuntimeError) as exc:
            raise AudioError(f"no ffmpeg found on PATH or from imageio-ffmpeg: {exc}") from None
    import warnings

    with warnings.catch_warnings():
        # pydub warns at import time when no ffmpeg is on PATH; we set it right below.
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment

    AudioSegment.converter = exe
    return exe


def run(
    args: Sequence[str],
    *,
    input: bytes | None = None,
    what: str = "ffmpeg",
) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args` (an argv list, never a shell string).

    `what` names the job in the error message (e.g. the file being encoded).
    """
    argv = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *map(str, args)]
    log.debug("run: %s", subprocess.list2cmdline(argv))
    try:
        proc = subprocess.run(argv, input=input, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"{what}: cannot run ffmpeg: {exc}") from None
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-_STDERR_LINES:])
        log.debug("ffmpeg failed (%d): %s", proc.returncode, stderr)
        raise AudioError(f"{what}: ffmpeg exited with code {proc.returncode}: {tail}")
    return proc


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one decode pass measured."""

    duration: float
    """Seconds of decoded audio (encoder delay and padding already removed)."""
    loudness: float
    """Integrated loudness, LUFS (EBU R128)."""
    true_peak: float
    """dBTP (dBFS sample peak if measured with peak="sample"); -inf for digital silence."""


_FLOAT = r"(-?(?:\d+(?:\.\d+)?|inf))"


def _input_args(source: Path | np.ndarray, sample_rate: int | None) -> tuple[list[str], bytes | None]:
    if isinstance(source, np.ndarray):
        if not sample_rate:
            raise AudioError("measuring raw samples needs their sample rate")
        data = np.ascontiguousarray(source, dtype="<f4").tobytes()
        return ["-f", "f32le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"], data
    path = Path(source)
    if not path.is_file():
        raise AudioError(f"{path}: no such audio file")
    return ["-i", str(path)], None


def analyse(
    source: Path | np.ndarray, sample_rate: int | None = None, pre: str = "", peak: str = "true",
) -> Analysis:
    """Duration, integrated loudness and true peak of a file (or mono float samples).

    `pre` is an ffmpeg filter chain applied before measuring (to predict what a
    correction will do without encoding); `peak="sample"` measures sample peak
    instead of true peak, about three times faster (no 192 kHz oversampling).
    """
    args, data = _input_args(source, sample_rate)
    chain = f"{pre + ',' if pre else ''}ebur128=peak={peak}:framelog=quiet"
    proc = run(
        [*args, "-map", "0:a:0", "-af", chain,
         "-f", "null", "-progress", "pipe:1", "-"],
        input=data, what=str(source if data is None else "samples"),
    )
    err = proc.stderr.decode("utf-8", "replace")
    summary = err[err.rfind("Summary:"):]
    loud = re.search(r"I:\s+" + _FLOAT + r" LUFS", summary)
    top = re.search(r"(?:True|Sample) peak:\s+Peak:\s+" + _FLOAT + r" dBFS", summary)
    seconds = _decoded_seconds(proc)
    if not (loud and top and seconds is not None):
        raise AudioError(f"{source if data is None else 'samples'}: ffmpeg gave no loudness summary")
    return Analysis(seconds, float(loud.group(1)), float(top.group(1)))


def _decoded_seconds(proc: subprocess.CompletedProcess) -> float | None:
    """How much audio a `-progress pipe:1` run decoded (its last out_time_us)."""
    times = re.findall(r"out_time_us=(\d+)", proc.stdout.decode("ascii", "replace"))
    return int(times[-1]) / 1e6 if times else None


def decode_check(path: Path) -> tuple[float | None, str | None]:
    """Decode the whole file as a player would: (seconds decoded, first error or None).

    A cut-off MP3 often decodes without a single error (it ends on a frame boundary),
    which is why callers also compare the decoded length with what they expect.
    """
    try:
        proc = run(["-v", "error", "-progress", "pipe:1", "-i", str(path), "-f", "null", "-"],
                   what=f"audio/{Path(path).name}")
    except AudioError as exc:
        return None, str(exc)
    errors = [line for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return _decoded_seconds(proc), (errors[0] + more if errors else None)


def silences(path: Path, noise_db: float = -50.0, min_dur: float = 0.5) -> list[tuple[float, float]]:
    """Stretches quieter than `noise_db` dBFS lasting at least `min_dur` s, as (start, end)."""
    path = Path(path)
    if not path.is_file():
        raise AudioError(f"{path}: no such audio file")
    proc = run(
        ["-i", str(path), "-map", "0:a:0", "-af", f"silencedetect=noise={noise_db}dB:d={min_dur}",
         "-f", "null", "-progress", "pipe:1", "-"],
        what=str(path),
    )
    err = proc.stderr.decode("utf-8", "replace")
    starts = [float(s) for s in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(s) for s in re.findall(r"silence_end: (-?[\d.]+)", err)]
    if len(ends) < len(starts):
        # Silence running to the end of the file: it ends where the audio does.
        end = _decoded_seconds(proc)
        ends.append(end if end is not None else math.inf)
    return [(max(0.0, s), e) for s, e in zip(starts, ends)]
