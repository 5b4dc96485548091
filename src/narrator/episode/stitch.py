"""Speech -> one 16-bit mono WAV: chunks trimmed, faded, joined by the show's pauses.

Audio is streamed to disk one chunk at a time, so memory stays at one chunk
however long the episode is; positions are counted in samples, so chapter and
cue times are exact (no drift, however many chunks). numpy rather than pydub:
pydub slices in milliseconds and its silence detection uses absolute dBFS,
while trimming must be relative to each chunk's own level (voices differ).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from narrator.config import Pauses
from narrator.errors import AudioError
from narrator.speech import SpokenChunk, Speech

log = logging.getLogger(__name__)

TRIM_DB = -40.0
"""Sound quieter than this, relative to the chunk's peak, counts as silence at its edges."""
KEEP_S = 0.015
"""Kept before the first and after the last sound, so onsets and releases are not cut."""
FADE_S = 0.005
"""Raised-cosine fade at every chunk edge, so no join clicks."""
SILENT_PEAK = 10 ** (-80 / 20)
"""A chunk whose peak is below this (-80 dBFS) has no speech at all."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """Where one source sentence is spoken, in samples of the stitched audio."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Stitched:
    sample_rate: int
    samples: int
    """Total length in samples."""
    chapter_starts: tuple[int, ...]
    """Sample where each chapter's first (heading) speech starts; 0 for the first chapter."""
    sentences: tuple[Sentence, ...]
    """One per source sentence, in order (title, headings and body alike)."""
    digest: str
    """SHA-256 of the PCM written: identical audio, identical digest."""


def trim_bounds(audio: np.ndarray, sample_rate: int) -> tuple[int, int]:
    """(first, end) of the speech in `audio`, edge silence removed but KEEP_S kept."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak < SILENT_PEAK:
        return 0, 0
    loud = np.flatnonzero(np.abs(audio) >= peak * 10 ** (TRIM_DB / 20))
    keep = int(round(KEEP_S * sample_rate))
    return max(0, int(loud[0]) - keep), min(audio.size, int(loud[-1]) + 1 + keep)


def _fade(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    n = min(int(round(FADE_S * sample_rate)), audio.size // 2)
    if n > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n, endpoint=False))).astype(audio.dtype)
        audio[:n] *= ramp
        audio[-n:] *= ramp[::-1]
    return audio


def _read(spoken: SpokenChunk, sample_rate: int, where: str) -> np.ndarray:
    try:
        audio, rate = sf.read(spoken.audio_path, dtype="float32", always_2d=True)
    except (OSError, RuntimeError, sf.LibsndfileError) as exc:
        raise AudioError(f"{spoken.audio_path}: cannot read chunk audio ({where}): {exc}") from None
    if rate != sample_rate:
        raise AudioError(f"{spoken.audio_path}: {rate} Hz, but the voice's rate is {sample_rate} Hz ({where})")
    return audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]


def _pcm16(audio: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(audio * 32767.0), -32768, 32767).astype("<i2")


class _Sink:
    """Appends PCM to the WAV (if any) and to the digest, counting samples."""

    def __init__(self, out: sf.SoundFile | None):
        self.out = out
        self.position = 0
        self.sha = hashlib.sha256()

    def write(self, pcm: np.ndarray) -> None:
        if self.out is not None:
            self.out.write(pcm)
        self.sha.update(pcm.tobytes())
        self.position += pcm.size


def stitch(speech: Speech, pauses: Pauses, out: Path | None) -> Stitched:
    """Join every chunk of `speech` into `out` (16-bit WAV at the voice's rate).

    `out=None` computes the same positions and digest without writing audio.
    """
    rate = speech.sample_rate
    if len(speech.chapters) != len(speech.script.chapters) or not speech.chapters:
        raise AudioError(f"speech for '{speech.script.title}' has no chapters or does not match its script")
    try:
        handle = sf.SoundFile(out, "w", rate, 1, "PCM_16", format="WAV") if out is not None else None
    except (OSError, RuntimeError, sf.LibsndfileError) as exc:
        raise AudioError(f"{out}: cannot write the stitched audio: {exc}") from None
    sink = _Sink(handle)
    starts: list[int] = []
    sentences: list[Sentence] = []
    last_id: int | None = None
    try:
        for number, (chapter, script_chapter) in enumerate(zip(speech.chapters, speech.script.chapters), 1):
            where = f"chapter {number} '{script_chapter.title}'"
            starts.append(sink.position)
            for spoken in chapter:
                audio = _read(spoken, rate, where)
                first, end = trim_bounds(audio, rate)
                start = sink.position
                sink.write(_pcm16(_fade(audio[first:end].copy(), rate)))
                chunk = spoken.chunk
                if sentences and chunk.sentence_id == last_id:
                    sentences[-1] = Sentence(sentences[-1].text, sentences[-1].start, sink.position)
                else:
                    sentences.append(Sentence(chunk.sentence, start, sink.position))
                last_id = chunk.sentence_id
                try:
                    pause = pauses.ms(_pause_name(chunk.pause))
                except AttributeError:
                    raise AudioError(f"unknown pause '{chunk.pause}' after a chunk in {where}") from None
                sink.write(np.zeros(int(round(pause * rate / 1000)), "<i2"))
    except sf.LibsndfileError as exc:
        raise AudioError(f"{out}: cannot write the stitched audio: {exc}") from None
    finally:
        if handle is not None:
            handle.close()
    starts[0] = 0
    log.debug("stitched %d samples at %d Hz, %d sentences", sink.position, rate, len(sentences))
    return Stitched(rate, sink.position, tuple(starts), tuple(sentences), sink.sha.hexdigest())


def _pause_name(pause) -> str:
    """The Pause enum's name as Pauses knows it (also accepts a plain string)."""
    return getattr(pause, "value", pause)
