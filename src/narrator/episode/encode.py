"""Stitched WAV -> MP3 (mono, CBR, libmp3lame), loudness correction applied on the way.

ffmpeg is called directly on the intermediate file rather than through pydub:
pydub's export loads the whole episode into memory and pipes it, while ffmpeg
reads the WAV as a stream, so a two-hour episode costs no more memory than a
two-minute one.
"""

from __future__ import annotations

from pathlib import Path

from narrator import ffmpeg
from narrator.config import bitrate_problem
from narrator.episode.loudness import Correction
from narrator.errors import AudioError


def check_bitrate(bitrate: int, sample_rate: int) -> None:
    problem = bitrate_problem(bitrate, sample_rate)
    if problem:
        raise AudioError(problem)


def encode_mp3(wav: Path, mp3: Path, correction: Correction, sample_rate: int, bitrate: int) -> None:
    """Write `mp3` from `wav`; identical input gives identical bytes."""
    check_bitrate(bitrate, sample_rate)
    ffmpeg.run(ffmpeg.encode_args(wav, mp3, correction.filters(sample_rate), sample_rate, bitrate),
               what=f"encoding {mp3.name}")
