"""An intro and an outro around the stitched speech: one WAV, every time shifted to match.

    intro · GAP of silence · the article as stitched · GAP · outro

Each clip (any format ffmpeg reads) is decoded by ffmpeg to the voice's rate, mono, and
given one gain that brings its integrated loudness to the speech's, so the episode's one
loudness correction afterwards (loudness.py) lands the whole file on target and a loud
jingle does not blast before a quiet voice. A short fade at each clip's edges avoids
clicks. Audio is copied in blocks, never held whole.
"""

from __future__ import annotations

import hashlib
import logging
import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import numpy as np

from narrator import ffmpeg
from narrator.episode.loudness import SILENT_LUFS
from narrator.episode.stitch import Sentence, Stitched
from narrator.errors import AudioError

log = logging.getLogger(__name__)

GAP_S: Final = 0.8
"""Silence between a clip and the speech: a breath, so the voice never starts on the music's tail."""
FADE_S: Final = 0.02
BLOCK: Final = 1 << 16
"""Samples copied at a time."""
MAX_GAIN_DB: Final = 20.0
"""A near-silent clip is not raised into audible noise."""
INTRO_TITLES: Final = {"ar": "مقدمة"}
"""The intro chapter's title by article language; "Intro" otherwise."""


@dataclass(frozen=True, slots=True)
class Produced:
    stitched: Stitched
    """The whole file's positions: chapter starts and sentences shifted past the intro."""
    intro_samples: int
    """Where the speech (and its first chapter) now starts; 0 without an intro."""


def intro_title(language: str | None) -> str:
    return INTRO_TITLES.get((language or "").split("-")[0], "Intro")


def _decode(clip: Path, rate: int, out: Path, what: str) -> None:
    ffmpeg.run(["-v", "error", "-i", str(clip), "-map", "0:a:0", "-ac", "1", "-ar", str(rate),
                "-c:a", "pcm_s16le", "-y", str(out)], what=f"{what} {clip}")


def _clip_gain(decoded: Path, speech_lufs: float, what: str) -> float:
    measured = ffmpeg.analyse(decoded, peak="sample").loudness
    if measured <= SILENT_LUFS or speech_lufs <= SILENT_LUFS:
        return 0.0
    gain = speech_lufs - measured
    if gain > MAX_GAIN_DB:
        log.warning("%s is %.0f LUFS, far quieter than the speech; raised by %.0f dB only", what, measured, MAX_GAIN_DB)
    return min(gain, MAX_GAIN_DB)


def _copy(src: Path, out: wave.Wave_write, sha, gain_db: float = 0.0, fade: int = 0) -> int:
    """Append `src` (16-bit mono WAV) to `out`, scaled by `gain_db`, faded `fade` samples at each edge."""
    scale = 10 ** (gain_db / 20)
    with wave.open(str(src), "rb") as wav:
        total = wav.getnframes()
        done = 0
        while done < total:
            pcm = np.frombuffer(wav.readframes(BLOCK), dtype="<i2")
            if not len(pcm):
                break
            if scale != 1.0 or fade:
                x = pcm.astype(np.float32) * scale
                index = np.arange(done, done + len(x))
                if fade:
                    x *= np.clip(np.minimum(index, total - 1 - index) / fade, 0.0, 1.0)
                pcm = np.clip(np.round(x), -32768, 32767).astype("<i2")
            data = pcm.tobytes()
            out.writeframesraw(data)
            sha.update(data)
            done += len(pcm)
    return done


def _silence(out: wave.Wave_write, sha, samples: int) -> int:
    data = bytes(2 * samples)
    out.writeframesraw(data)
    sha.update(data)
    return samples


def produce(speech_wav: Path, stitched: Stitched, out: Path, intro: Path | None, outro: Path | None,
            speech_lufs: float, tmp: Path) -> Produced:
    """Write intro + gap + speech + gap + outro to `out`; the Stitched of the whole file."""
    rate = stitched.sample_rate
    gap = round(GAP_S * rate)
    fade = round(FADE_S * rate)
    sha = hashlib.sha256()
    clips = {}
    for name, clip in (("intro", intro), ("outro", outro)):
        if clip is not None:
            decoded = tmp / f"{name}.wav"
            _decode(clip, rate, decoded, name)
            clips[name] = (decoded, _clip_gain(decoded, speech_lufs, f"{name} {clip.name}"))
    try:
        with wave.open(str(out), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            offset = 0
            if "intro" in clips:
                offset += _copy(clips["intro"][0], wav, sha, clips["intro"][1], fade)
                offset += _silence(wav, sha, gap)
            written = offset + _copy(speech_wav, wav, sha)
            if "outro" in clips:
                written += _silence(wav, sha, gap)
                written += _copy(clips["outro"][0], wav, sha, clips["outro"][1], fade)
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{out}: cannot join the intro/outro: {exc}") from None
    starts = tuple(s + offset for s in stitched.chapter_starts)
    sentences = tuple(Sentence(s.text, s.start + offset, s.end + offset) for s in stitched.sentences)
    if offset:
        starts = (0,) + starts  # the intro is a chapter of its own
    whole = replace(stitched, samples=written, chapter_starts=starts, sentences=sentences, digest=sha.hexdigest())
    return Produced(whole, offset)
