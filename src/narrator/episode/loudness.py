"""Whole-episode loudness: one gain (and a limiter only where peaks need it).

Spoken-word targets (Apple): -16 LUFS integrated (+-1), true peak <= -1 dBTP.
The gain is worked out from a measurement of the whole stitched episode, never
per chunk: per-chunk normalising makes the volume jump between sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from narrator import ffmpeg
from narrator.errors import AudioError
from narrator.ffmpeg import Analysis

TARGET_LUFS = -16.0
TOLERANCE_LU = 1.0
"""Apple's window around the target."""
AIM_LU = 0.75
"""A pass landing further than this from the target is corrected once (Apple allows 1;
libmp3lame at 64 kbit/s takes up to ~0.4 LU off what the limiter trial predicts)."""
MAX_TRUE_PEAK = -1.0
LIMIT_DB = -2.0
"""Limiter ceiling in sample peak: 1 dB under the true-peak ceiling leaves room for
inter-sample peaks and the MP3 encoder's overshoot (measured: the MP3's true peak
lands 0.3-0.5 dB under this on speech)."""
PREDICTIONS = 2
PREDICT_LU = 0.2
SILENT_LUFS = -69.0
"""ffmpeg reports -70 LUFS for audio with nothing above its gate."""


@dataclass(frozen=True, slots=True)
class Correction:
    gain_db: float
    limit_db: float | None
    """Limiter ceiling in dBFS, or None when the gain alone keeps peaks in range."""

    def filters(self, sample_rate: int) -> str:
        """The ffmpeg -af chain that applies it (see ffmpeg.correction_chain)."""
        return ffmpeg.correction_chain(self.gain_db, self.limit_db, sample_rate)


def plan(measured: Analysis, target: float = TARGET_LUFS) -> Correction:
    """The correction that brings the stitched episode to `target` LUFS."""
    if measured.loudness <= SILENT_LUFS or math.isinf(measured.true_peak):
        raise AudioError("the episode audio is silent: the voice produced no audible speech")
    gain = target - measured.loudness
    needs_limit = measured.true_peak + gain > LIMIT_DB
    return Correction(round(gain, 2), LIMIT_DB if needs_limit else None)


def settle(wav: Path, measured: Analysis, sample_rate: int, target: float = TARGET_LUFS) -> Correction:
    """plan(), then, where a limiter is needed, make up the loudness it takes away.

    The limiter lowers integrated loudness by an amount that depends on the
    material; trying the chain on the WAV (no encoding, sample peak only) costs
    a fraction of an encode and usually saves the corrective second encode. The
    trial resamples as the encode will: limiting at the MP3's rate holds down more
    (its samples sit nearer the true peaks) than limiting at the voice's rate.
    """
    correction = plan(measured, target)
    for _ in range(PREDICTIONS):
        if correction.limit_db is None:
            break
        predicted = ffmpeg.analyse(wav, pre=correction.filters(sample_rate), peak="sample")
        if abs(predicted.loudness - target) <= PREDICT_LU:
            break
        correction = replace(correction, gain_db=round(correction.gain_db + target - predicted.loudness, 2))
    return correction


def within_aim(result: Analysis, target: float = TARGET_LUFS) -> bool:
    return abs(result.loudness - target) <= AIM_LU and result.true_peak <= MAX_TRUE_PEAK


def within_spec(result: Analysis, target: float = TARGET_LUFS) -> bool:
    return abs(result.loudness - target) <= TOLERANCE_LU and result.true_peak <= MAX_TRUE_PEAK


def refine(first: Correction, source: Analysis, result: Analysis, target: float = TARGET_LUFS) -> Correction:
    """A second correction from what the first one measured in the encoded MP3.

    The limiter takes loudness away from the peaks it holds down; the shortfall
    is added to the gain. A true peak over the ceiling lowers the limit by the excess.
    """
    gain = first.gain_db + (target - result.loudness)
    limit = first.limit_db
    if result.true_peak > MAX_TRUE_PEAK:
        limit = (limit if limit is not None else LIMIT_DB) - (result.true_peak - MAX_TRUE_PEAK) - 0.5
    elif limit is None and source.true_peak + gain > LIMIT_DB:
        limit = LIMIT_DB
    return replace(first, gain_db=round(gain, 2), limit_db=limit)
