"""The only module that finds and runs ffmpeg: encoding, decoding and measuring audio.

Which ffmpeg: NARRATOR_FFMPEG=/path when set; otherwise the binary pinned with
imageio-ffmpeg (the one the tests run on); otherwise `ffmpeg` on PATH. Whichever it
is, it is probed once per process before first use: its version, and a tiny run of
the very argument lists and filter chains a build uses (encode with the loudness
chain, the limiter trial, the verify measurement). ffmpeg versions differ in what
their filters accept (ffmpeg 5.1, Debian 12's, refuses `ebur128=framelog=quiet`),
so an ffmpeg that fails the probe is never used: the next candidate is, or, for
NARRATOR_FFMPEG, the build stops with one line saying why.

There is no ffprobe next to imageio-ffmpeg's binary, so durations and loudness are
read from one ffmpeg decode pass with analysis filters.
"""

from __future__ import annotations

import errno
import functools
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from narrator.errors import AudioError

log = logging.getLogger(__name__)

ENV = "NARRATOR_FFMPEG"
_STDERR_LINES = 5
NO_SPACE = os.strerror(errno.ENOSPC)
""""No space left on device": what ffmpeg's stderr and OSError both say on a full disk."""


@dataclass(frozen=True, slots=True)
class Binary:
    """The ffmpeg narrator runs, once it passed the probe."""

    path: str
    version: str
    origin: str
    """Where it came from: "NARRATOR_FFMPEG", "imageio-ffmpeg" or "PATH"."""

    def describe(self) -> str:
        return f"{self.path} (ffmpeg {self.version}, from {self.origin})"


@functools.cache
def binary() -> Binary:
    """The ffmpeg to use, probed once per process (see the module docstring)."""
    override = os.environ.get(ENV, "").strip()
    if override:
        return probe(override, ENV)
    failures = []
    for origin, find in (("imageio-ffmpeg", _bundled), ("PATH", lambda: shutil.which("ffmpeg"))):
        path = find()
        if not path:
            failures.append(f"{origin}: none")
            continue
        try:
            return probe(path, origin)
        except AudioError as exc:
            log.info("not using %s: %s", path, exc)
            failures.append(str(exc))
    raise AudioError(f"no working ffmpeg ({'; '.join(failures)}); set {ENV}=/path/to/ffmpeg")


def ffmpeg_exe() -> str:
    return binary().path


def _bundled() -> str | None:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        return None


def probe(path: str, origin: str) -> Binary:
    """`path` as a Binary if it runs the argument lists a build uses; AudioError (one line) if not."""
    label = f"{ENV}={path}" if origin == ENV else path
    resolved = shutil.which(path) if os.sep not in path else path
    if not resolved or not os.path.isfile(resolved) or not os.access(resolved, os.X_OK):
        raise AudioError(f"{label}: no such executable")
    try:
        proc = subprocess.run([resolved, "-version"], capture_output=True, timeout=30, check=False,
                              preexec_fn=_die_with_parent())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"{label}: cannot run it: {exc}") from None
    first = proc.stdout.decode("utf-8", "replace").partition("\n")[0]
    found = re.match(r"ffmpeg version (\S+)", first)
    if proc.returncode != 0 or not found:
        raise AudioError(f"{label}: not an ffmpeg (`-version` said {first.strip()[:80]!r})")
    candidate = Binary(resolved, found.group(1), origin)
    try:
        _trial(candidate.path)
    except AudioError as exc:
        raise AudioError(f"{label} (ffmpeg {candidate.version}) fails narrator's audio chain: {exc}") from None
    log.debug("using %s", candidate.describe())
    return candidate


def _trial(exe: str) -> None:
    """Half a second of tone through what a build runs: limiter trial, encode, verify.

    The argument lists come from the functions a build runs them with (encode_args,
    correction_chain, measure_args), so the probe cannot drift from the build.
    """
    chain = correction_chain(-3.0, -2.0, 44100)  # a gain and a limiter, as an episode's loudest case
    with tempfile.TemporaryDirectory(prefix="narrator-ffmpeg-probe-") as folder:
        wav, mp3 = Path(folder) / "probe.wav", Path(folder) / "probe.mp3"
        _tone_wav(wav, 22050, 0.5)
        predicted = _analysis(run(measure_args(wav, chain, "sample"), what="limiter trial", exe=exe), "trial")
        run(encode_args(wav, mp3, chain, 44100, 64), what="encode", exe=exe)
        verified = _analysis(run(measure_args(mp3, "", "true"), what="verify", exe=exe), "verify")
    for name, result in (("trial", predicted), ("verify", verified)):
        if not 0.3 < result.duration < 0.7:
            raise AudioError(f"{name} measured {result.duration:.2f} s of a 0.5 s tone")


def correction_chain(gain_db: float, limit_db: float | None, sample_rate: int) -> str:
    """The -af chain of a loudness correction (episode/loudness.py decides the numbers):
    gain, resample to the MP3 rate, then limit at that rate (so the limiter sees the samples
    the encoder gets). latency=1 compensates the limiter's look-ahead so chapter and cue
    times do not shift; level=0 stops it re-normalising its output to 0 dBFS."""
    chain = [f"volume={gain_db:.2f}dB", f"aresample={sample_rate}:resampler=soxr"]
    if limit_db is not None:
        chain.append(f"alimiter=limit={10 ** (limit_db / 20):.4f}:level=0:latency=1")
    return ",".join(chain)


def encode_args(wav: Path, mp3: Path, chain: str, sample_rate: int, bitrate: int) -> list[str]:
    """The ffmpeg arguments of an episode's encode (episode/encode.py; also run by the probe).

    bitexact drops encoder version strings and -map_metadata -1 copies no
    tags, so only the audio decides the bytes; ID3 tags are added afterwards by
    tags.py (mutagen), hence -id3v2_version 0 here.
    """
    return [
        "-i", str(wav), "-map", "0:a:0",
        "-af", chain,
        "-ac", "1", "-ar", str(sample_rate),
        "-c:a", "libmp3lame", "-b:a", f"{bitrate}k",
        "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-map_metadata", "-1", "-map_chapters", "-1",
        "-id3v2_version", "0", "-write_xing", "1",
        "-f", "mp3", "-y", str(mp3),
    ]


def _tone_wav(path: Path, rate: int, seconds: float) -> None:
    """A 16-bit mono WAV of a 440 Hz tone near full scale (so the limiter has work)."""
    frames = bytearray()
    for n in range(int(rate * seconds)):
        frames += int(32000 * math.sin(2 * math.pi * 440 * n / rate)).to_bytes(2, "little", signed=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def _die_with_parent():
    """A preexec_fn that makes the child get SIGKILL when narrator dies (Linux), so a
    killed build leaves no ffmpeg encoding on behind it; None elsewhere.

    PR_SET_PDEATHSIG fires when the *thread* that forked exits, so it is only set for
    children of the main thread (a server thread may end long before its process).
    """
    import threading

    prctl = _prctl()
    if prctl is None or threading.current_thread() is not threading.main_thread():
        return None
    return lambda: prctl(PR_SET_PDEATHSIG, 9)


PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl():
    """libc's prctl, looked up once in the parent (a forked child only calls it); None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def run(
    args: Sequence[str],
    *,
    input: bytes | None = None,
    what: str = "ffmpeg",
    exe: str | None = None,
) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args` (an argv list, never a shell string).

    `what` names the job in the error message (e.g. the file being encoded).
    """
    argv = [exe or ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *map(str, args)]
    log.debug("run: %s", subprocess.list2cmdline(argv))
    try:
        proc = subprocess.run(argv, input=input, capture_output=True, check=False, preexec_fn=_die_with_parent())
    except OSError as exc:
        raise AudioError(f"{what}: cannot run ffmpeg: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace")
        log.debug("ffmpeg failed (%d): %s", proc.returncode, stderr)
        if NO_SPACE in stderr:
            raise AudioError(f"{what}: {NO_SPACE}")
        tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-_STDERR_LINES:])
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


def measure_args(path: Path, pre: str = "", peak: str = "true") -> list[str]:
    """ffmpeg arguments for one decode pass measuring `path` (after the `pre` chain, if any).

    framelog=verbose keeps ebur128's per-frame lines out of stderr at ffmpeg's default
    log level; `quiet` would do the same but ffmpeg 5.1 does not know it.
    """
    chain = f"{pre + ',' if pre else ''}ebur128=peak={peak}:framelog=verbose"
    return ["-i", str(path), "-map", "0:a:0", "-af", chain, "-f", "null", "-progress", "pipe:1", "-"]


def analyse(path: Path, pre: str = "", peak: str = "true") -> Analysis:
    """Duration, integrated loudness and true peak of an audio file.

    `pre` is an ffmpeg filter chain applied before measuring (to predict what a
    correction will do without encoding); `peak="sample"` measures sample peak
    instead of true peak, about three times faster (no 192 kHz oversampling).
    """
    path = Path(path)
    if not path.is_file():
        raise AudioError(f"{path}: no such audio file")
    return _analysis(run(measure_args(path, pre, peak), what=str(path)), str(path))


def _analysis(proc: subprocess.CompletedProcess, what: str) -> Analysis:
    err = proc.stderr.decode("utf-8", "replace")
    summary = err[err.rfind("Summary:"):]
    loud = re.search(r"I:\s+" + _FLOAT + r" LUFS", summary)
    top = re.search(r"(?:True|Sample) peak:\s+Peak:\s+" + _FLOAT + r" dBFS", summary)
    seconds = _decoded_seconds(proc)
    if not (loud and top and seconds is not None):
        raise AudioError(f"{what}: ffmpeg gave no loudness summary")
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
