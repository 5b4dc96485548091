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
    ffmpeg.run(encode_args(wav, mp3, correction.filters(sample_rate), sample_rate, bitrate),
               what=f"encoding {mp3.name}")


def encode_args(wav: Path, mp3: Path, chain: str, sample_rate: int, bitrate: int) -> list[str]:
    """The ffmpeg arguments of the encode (also run by ffmpeg's probe of a binary).

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
