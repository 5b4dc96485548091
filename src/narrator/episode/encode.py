"""Stitched WAV -> MP3 (mono, CBR, libmp3lame), loudness correction applied on the way.

ffmpeg is called directly on the intermediate file rather than through pydub:
pydub's export loads the whole episode into memory and pipes it, while ffmpeg
reads the WAV as a stream, so a two-hour episode costs no more memory than a
two-minute one.
"""

from __future__ import annotations

from pathlib import Path

from narrator import ffmpeg
from narrator.episode.loudness import Correction
from narrator.errors import AudioError

MPEG1_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
"""kbit/s allowed at 32, 44.1 and 48 kHz."""
MPEG2_BITRATES = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
"""kbit/s allowed at 16, 22.05 and 24 kHz (and below)."""


def check_bitrate(bitrate: int, sample_rate: int) -> None:
    """libmp3lame silently rounds an impossible bit rate to a legal one, so the
    file would not be what the settings (and the file name's hash) say: refuse it."""
    allowed = MPEG1_BITRATES if sample_rate >= 32000 else MPEG2_BITRATES
    if bitrate not in allowed:
        raise AudioError(f"bitrate {bitrate} kbit/s is not an MP3 bit rate at {sample_rate} Hz "
                         f"(use one of {', '.join(map(str, allowed))})")


def encode_mp3(wav: Path, mp3: Path, correction: Correction, sample_rate: int, bitrate: int) -> None:
    """Write `mp3` from `wav`; identical input gives identical bytes.

    bitexact drops encoder version strings and -map_metadata -1 copies no
    tags, so only the audio decides the bytes; ID3 tags are added afterwards by
    tags.py (mutagen), hence -id3v2_version 0 here.
    """
    check_bitrate(bitrate, sample_rate)
    ffmpeg.run(
        [
            "-i", str(wav), "-map", "0:a:0",
            "-af", correction.filters(sample_rate),
            "-ac", "1", "-ar", str(sample_rate),
            "-c:a", "libmp3lame", "-b:a", f"{bitrate}k",
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
            "-map_metadata", "-1", "-map_chapters", "-1",
            "-id3v2_version", "0", "-write_xing", "1",
            "-f", "mp3", "-y", str(mp3),
        ],
        what=f"encoding {mp3.name}",
    )
