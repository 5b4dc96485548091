"""Speech -> one 16-bit mono WAV: chunks trimmed, faded, joined by the show's pauses.

Each chunk is worked on as a pydub AudioSegment, the well-kept library the design
names: edge silence found by pydub.silence.detect_leading_silence (on the segment
and its reverse), fades by fade_in/fade_out, pauses by AudioSegment.silent. Two
things pydub does not do are done around it. Its silence threshold is absolute
dBFS, so we pass one relative to each chunk's own peak (voices and chapters differ
in level). And it places cuts and fades in whole milliseconds (22.05 samples at
22050 Hz), so we cut by sample index (get_sample_slice) and fade exact-sample
slices a whole number of ms long: no sample is dropped or padded.

Audio is streamed to disk one chunk at a time (never summed into one segment),
so memory stays at one chunk however long the episode is; positions are counted
in samples from the bytes written, so chapter and cue times are exact (no drift,
however many chunks). Only reading the chunk file stays outside pydub: decoding
FLAC is soundfile's job (pydub would shell out to ffmpeg for each chunk).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import warnings
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from narrator.config import Pauses
from narrator.errors import AudioError
from narrator.speech import SpokenChunk, Speech

with warnings.catch_warnings():
    # pydub warns at import when no ffmpeg is on PATH; it never runs ffmpeg here (raw PCM only).
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

log = logging.getLogger(__name__)

TRIM_DB = -40.0
"""Sound quieter than this, relative to the chunk's peak, counts as silence at its edges."""
KEEP_S = 0.015
"""Kept before the first and after the last sound, so onsets and releases are not cut."""
FADE_MS = 5
"""Fade at every chunk edge, so no join clicks."""
DETECT_MS = 1
"""Step of the silence search: 1 ms keeps each cut within ~22 samples at 22050 Hz."""
SILENT_DBFS = -80.0
"""A chunk whose peak is below this has no speech at all."""


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


def as_segment(pcm: np.ndarray, sample_rate: int) -> AudioSegment:
    """A mono 16-bit segment of int16 samples, shaped (frames,) or (frames, channels)."""
    channels = 1 if pcm.ndim == 1 else pcm.shape[1]
    data = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
    return AudioSegment(data=data, sample_width=2, frame_rate=sample_rate, channels=channels).set_channels(1)


def trim_bounds(seg: AudioSegment) -> tuple[int, int]:
    """(first, end) sample of the speech in `seg`, edge silence removed but KEEP_S kept."""
    frames = int(seg.frame_count())
    if frames == 0 or seg.max_dBFS < SILENT_DBFS:
        return 0, 0
    threshold = seg.max_dBFS + TRIM_DB
    lead_ms = detect_leading_silence(seg, threshold, DETECT_MS)
    tail_ms = detect_leading_silence(seg.reverse(), threshold, DETECT_MS)
    rate = seg.frame_rate
    keep = int(round(KEEP_S * rate))
    # The first loud window starts at this frame; likewise, counted from the end.
    first = int(seg.frame_count(ms=lead_ms))
    end = frames - int(seg.frame_count(ms=tail_ms))
    return max(0, first - keep), min(frames, end + keep)


def _faded(seg: AudioSegment) -> tuple[AudioSegment, ...]:
    """`seg` as (faded head, middle, faded tail), exactly as many samples as `seg`."""
    frames = int(seg.frame_count())
    # A whole number of ms, at most half the chunk: pydub's fade then covers exactly
    # the slice it is given (on a fractional-ms slice it drops or adds a sample).
    ms = min(FADE_MS, int(frames * 500 / seg.frame_rate))
    if ms == 0:
        return (seg,)
    k = int(seg.frame_count(ms=ms))
    return (
        seg.get_sample_slice(0, k).fade_in(ms),
        seg.get_sample_slice(k, frames - k),
        seg.get_sample_slice(frames - k, frames).fade_out(ms),
    )


def _read(spoken: SpokenChunk, sample_rate: int, where: str) -> AudioSegment:
    try:
        # Chunk files are 16-bit (the synthesis cache writes PCM_16), so int16 reads them exactly.
        pcm, rate = sf.read(spoken.audio_path, dtype="int16", always_2d=True)
    except (OSError, RuntimeError, sf.LibsndfileError) as exc:
        raise AudioError(f"{spoken.audio_path}: cannot read chunk audio ({where}): {exc}") from None
    if rate != sample_rate:
        raise AudioError(f"{spoken.audio_path}: {rate} Hz, but the voice's rate is {sample_rate} Hz ({where})")
    return as_segment(pcm, rate)


def _silence(ms: int, sample_rate: int) -> AudioSegment:
    """`ms` of silence, the nearest whole number of samples long."""
    samples = round(ms * sample_rate / 1000)
    # silent() truncates rate * ms / 1000, and float error makes 700 ms at 22050 Hz
    # 15434 samples, not 15435: asking for half a sample more gives exactly `samples`.
    return AudioSegment.silent(duration=(samples + 0.5) * 1000 / sample_rate, frame_rate=sample_rate)


class _Sink:
    """Appends 16-bit mono PCM to the WAV (if any) and to the digest, counting samples.

    The WAV is written by the standard library's `wave` over Python's own file I/O, so
    a full disk is an OSError saying "No space left on device" (libsndfile reports
    every write failure as "System error").
    """

    def __init__(self, out: Path | None, sample_rate: int):
        self.out = out
        self.wav = None
        if out is not None:
            try:
                self.wav = wave.open(str(out), "wb")
                self.wav.setnchannels(1)
                self.wav.setsampwidth(2)
                self.wav.setframerate(sample_rate)
            except OSError as exc:
                raise self.failed(exc) from None
        self.position = 0
        self.sha = hashlib.sha256()

    def failed(self, exc: OSError) -> AudioError:
        return AudioError(f"{self.out}: cannot write the stitched audio: {exc.strerror or exc}")

    def write(self, seg: AudioSegment) -> None:
        data = seg.raw_data
        if self.wav is not None:
            try:
                self.wav.writeframesraw(data)
            except OSError as exc:
                raise self.failed(exc) from None
        self.sha.update(data)
        self.position += len(data) // 2

    def close(self) -> None:
        """Finish the WAV header; on a failure the file is the caller's to remove."""
        if self.wav is None:
            return
        wav, self.wav = self.wav, None
        try:
            wav.close()
        except OSError as exc:  # wave.close() closes its file even when the last write fails
            raise self.failed(exc) from None


def stitch(speech: Speech, pauses: Pauses, out: Path | None) -> Stitched:
    """Join every chunk of `speech` into `out` (16-bit WAV at the voice's rate).

    `out=None` computes the same positions and digest without writing audio.
    """
    rate = speech.sample_rate
    if len(speech.chapters) != len(speech.script.chapters) or not speech.chapters:
        raise AudioError(f"speech for '{speech.script.title}' has no chapters or does not match its script")
    sink = _Sink(out, rate)
    starts: list[int] = []
    sentences: list[Sentence] = []
    last_id: int | None = None
    completed = False
    try:
        for number, (chapter, script_chapter) in enumerate(zip(speech.chapters, speech.script.chapters, strict=False), 1):
            where = f"chapter {number} '{script_chapter.title}'"
            starts.append(sink.position)
            for spoken in chapter:
                seg = _read(spoken, rate, where)
                first, end = trim_bounds(seg)
                start = sink.position
                for part in _faded(seg.get_sample_slice(first, end)):
                    sink.write(part)
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
                sink.write(_silence(pause, rate))
        completed = True
    finally:
        if completed:
            sink.close()
        else:
            with contextlib.suppress(AudioError):
                sink.close()
    starts[0] = 0
    log.debug("stitched %d samples at %d Hz, %d sentences", sink.position, rate, len(sentences))
    return Stitched(rate, sink.position, tuple(starts), tuple(sentences), sink.sha.hexdigest())


def _pause_name(pause) -> str:
    """The Pause enum's name as Pauses knows it (also accepts a plain string)."""
    return getattr(pause, "value", pause)
