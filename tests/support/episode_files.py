"""Published-episode files for tests that need a workspace without synthesising speech.

The MP3 is a real encode of sine tones by ffmpeg; its ID3 chapters, chapters JSON and
WebVTT are written by narrator's own writers (episode.tags, episode.sidecars), so the
fixtures are the same artefacts a build publishes, only with tones for speech.
"""

from __future__ import annotations

from pathlib import Path

from narrator import ffmpeg
from narrator.episode.model import ChapterMark, Cue
from narrator.episode.naming import sidecar_names
from narrator.episode.sidecars import chapters_json, webvtt
from narrator.episode.tags import TagInfo, write_tags
from narrator.workspace import Workspace


def tone_mp3(out: Path, tones=(440,), seconds: float = 3.0, bitrate: int = 64, sample_rate: int = 44100) -> None:
    """One mono CBR MP3 of consecutive sine tones, each `seconds` long."""
    args = []
    for frequency in tones:
        args += ["-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}:sample_rate={sample_rate}"]
    n = len(tones)
    args += ["-filter_complex", "".join(f"[{i}:a]" for i in range(n)) + f"concat=n={n}:v=0:a=1",
             "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate}k", "-y", str(out)]
    ffmpeg.run(args, what=f"test tone {out.name}")


def publish_files(ws: Workspace, mp3: Path, title: str, chapters: tuple[ChapterMark, ...],
                  cues: tuple[Cue, ...]) -> tuple[Path, Path]:
    """Tag `mp3` with its chapters and write its chapters JSON and WebVTT into feed/."""
    write_tags(mp3, TagInfo(title=title, artist="narrator", album="tests", date=None,
                            description="", language="ara", chapters=chapters))
    chapters_name, vtt_name = sidecar_names(mp3.name)
    (ws.feed_dir / chapters_name).write_text(chapters_json(chapters), encoding="utf-8")
    (ws.feed_dir / vtt_name).write_text(webvtt(cues), encoding="utf-8")
    return ws.feed_dir / chapters_name, ws.feed_dir / vtt_name
