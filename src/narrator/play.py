"""`narrator play`: play one chapter of an episode, or write it out as its own MP3."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Protocol, Sequence

from mutagen.mp3 import MP3

from narrator.episode.model import ChapterMark
from narrator.errors import AudioError, NarratorError
from narrator.workspace import atomic_path

PLAYERS = ("mpv", "ffplay", "vlc")
"""Tried in this order; the first one on PATH plays."""


class _Record(Protocol):
    slug: str
    title: str
    source: str
    chapters: Sequence[ChapterMark]


def chapter_at(record: _Record, number: int) -> ChapterMark:
    """Chapter `number`, counted from 1 as the CLI shows them."""
    count = len(record.chapters)
    if not 1 <= number <= count:
        valid = f"1-{count}" if count > 1 else ("1" if count else "none")
        raise NarratorError(f"episode '{record.slug}' has no chapter {number}; valid chapters: {valid}")
    return record.chapters[number - 1]


def extract_chapter(
    mp3: Path,
    chapter: ChapterMark,
    index: int,
    out: Path,
    *,
    album: str = "",
    artist: str = "",
    total: int | None = None,
    tmp_dir: Path | None = None,
) -> Path:
    """Write `chapter` (number `index`, 1-based) of `mp3` as its own MP3 at `out`, atomically.

    The temporary file is written beside `out`, never in `tmp_dir` (still accepted from
    older callers, unused): `out` may be on another filesystem than the workspace, where
    a rename from the workspace fails ("Invalid cross-device link").

    Re-encoded at the source's bit rate and sample rate: a stream copy cuts only at frame
    boundaries and its first frame may lean on the bit reservoir of a frame left behind,
    which some decoders play as a click. Input-side -ss with decoding is sample-accurate.
    """
    from narrator.episode.tags import TagInfo, write_tags
    from narrator.ffmpeg import run

    mp3, out = Path(mp3), Path(out)
    if not mp3.is_file():
        raise AudioError(f"{mp3}: no such MP3")
    try:
        info = MP3(mp3).info
        if info is None:
            raise ValueError("no MPEG audio frames")
    except Exception as exc:  # mutagen raises several unrelated types for bad files
        raise AudioError(f"{mp3}: not a readable MP3 ({exc})") from None
    bitrate_k = max(8, round(info.bitrate / 1000)) if info.bitrate else 64
    length = max(0.0, chapter.end - chapter.start)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(out) as tmp:
            run([
                "-loglevel", "error", "-y",
                "-ss", f"{chapter.start:.3f}", "-t", f"{length:.3f}", "-i", str(mp3),
                "-map", "0:a:0", "-map_metadata", "-1", "-map_chapters", "-1",
                "-c:a", "libmp3lame", "-b:a", f"{bitrate_k}k",
                "-ar", str(info.sample_rate), "-ac", str(info.channels),
                "-f", "mp3", str(tmp),
            ], what=f"{mp3.name} chapter {index}")
            write_tags(tmp, TagInfo(
                title=chapter.title, artist=artist, album=album, date=None, description="",
                language=None, chapters=(), track=f"{index}/{total}" if total else str(index),
            ))
    except OSError as exc:
        raise AudioError(f"{out}: {exc.strerror or exc}") from None
    return out


def player_command(mp3: Path, chapter: ChapterMark) -> list[str]:
    """The argv of the first installed player, set to play just this chapter."""
    start, end = chapter.start, chapter.end
    for name in PLAYERS:
        exe = shutil.which(name)
        if not exe:
            continue
        if name == "mpv":
            return [exe, "--no-video", f"--start={start:.3f}", f"--end={end:.3f}", str(mp3)]
        if name == "ffplay":
            return [exe, "-nodisp", "-autoexit", "-loglevel", "error",
                    "-ss", f"{start:.3f}", "-t", f"{end - start:.3f}", str(mp3)]
        return [exe, "--intf", "dummy", f"--start-time={start:.3f}", f"--stop-time={end:.3f}",
                "--play-and-exit", str(mp3)]
    raise NarratorError("no audio player found (install mpv, ffplay or vlc) — or use --output FILE")


def play_chapter(mp3: Path, chapter: ChapterMark) -> int:
    """Play the chapter with the first player found; returns the player's exit status."""
    argv = player_command(mp3, chapter)
    try:
        return subprocess.run(argv, check=False).returncode
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        raise NarratorError(f"could not start {argv[0]}: {exc.strerror or exc}") from None
