"""A small real workspace for the serve/page/play tests: tone MP3s with ID3 chapters.

Each episode is three chapters of distinct sine tones (so a chapter is recognisable
by ear and by length), encoded by the real ffmpeg, tagged with mutagen CTOC/CHAP
frames, with a chapters JSON, a WebVTT transcript, a cover, a feed.xml and the page.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import imageio_ffmpeg
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from PIL import Image

from narrator.catalog import EpisodeRecord
from narrator.config import Show
from narrator.episode.model import ChapterMark
from narrator.feed.page import write_page
from narrator.serve import make_server
from narrator.workspace import Workspace

CHAPTER_S = 3.5
TONES = (440, 660, 990, 1320)
# Four chapters, so chapter 3 ends before the file does: a stop there is the page's doing.
TITLES = ("المقدمة", "القمة في موسكو", "ما بعد <القمة> & النتائج", "الخاتمة")


def tone_mp3(out: Path, tones=TONES, seconds: float = CHAPTER_S, bitrate: int = 64) -> None:
    """One mono CBR MP3 of consecutive sine tones, each `seconds` long."""
    args = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
    for f in tones:
        args += ["-f", "lavfi", "-i", f"sine=frequency={f}:duration={seconds}:sample_rate=44100"]
    n = len(tones)
    args += ["-filter_complex", "".join(f"[{i}:a]" for i in range(n)) + f"concat=n={n}:v=0:a=1",
             "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate}k", str(out)]
    subprocess.run(args, check=True, capture_output=True)


def tag_chapters(mp3: Path, title: str, marks: tuple[ChapterMark, ...]) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    ids = [f"ch{i}" for i in range(len(marks))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=title)]))
    for cid, m in zip(ids, marks):
        tags.add(CHAP(element_id=cid, start_time=round(m.start * 1000), end_time=round(m.end * 1000),
                      sub_frames=[TIT2(encoding=3, text=m.title)]))
    tags.save(mp3, v2_version=3)


def _vtt(marks) -> str:
    def ts(t: float) -> str:
        return f"00:{int(t // 60):02d}:{t % 60:06.3f}"
    cues = "\n".join(f"{ts(m.start)} --> {ts(m.end)}\n{m.title}\n" for m in marks)
    return "WEBVTT\n\n" + cues


@dataclass(frozen=True)
class Fixture:
    workspace: Workspace
    show: Show
    records: list[EpisodeRecord]
    outside: Path
    """A secret file next to (not inside) the workspace; must never be served."""


def build_workspace(root: Path, slugs=("qimma", "second-episode")) -> Fixture:
    ws = Workspace(root / "ws").ensure()
    show = Show(title="بودكاست الاختبار", description="حلقات <تجريبية> & نغمات")
    records = []
    for n, slug in enumerate(slugs):
        marks = tuple(ChapterMark(t, i * CHAPTER_S, (i + 1) * CHAPTER_S) for i, t in enumerate(TITLES))
        mp3 = f"{slug}-{n}abc.mp3"
        tone_mp3(ws.audio_dir / mp3)
        tag_chapters(ws.audio_dir / mp3, f"حلقة {slug}", marks)
        chapters_file = f"{slug}-{n}abc.chapters.json"
        (ws.feed_dir / chapters_file).write_text(json.dumps({
            "version": "1.2.0",
            "chapters": [{"startTime": m.start, "endTime": m.end, "title": m.title} for m in marks],
        }, ensure_ascii=False), encoding="utf-8")
        transcript_file = f"{slug}-{n}abc.vtt"
        (ws.feed_dir / transcript_file).write_text(_vtt(marks), encoding="utf-8")
        records.append(EpisodeRecord(
            guid=f"guid-{slug}", slug=slug, title=f"حلقة {slug} <b>", subtitle=None,
            description="وصف & تفاصيل", author=None, article_date=None,
            pub_date=f"2024-05-{10 + n:02d}T08:00:00+00:00", updated="2024-05-20T08:00:00+00:00",
            source=str(root / f"{slug}.txt"), source_hash="x", voice="espeak:ar", mp3=mp3,
            chapters_file=chapters_file, transcript_file=transcript_file,
            duration=len(marks) * CHAPTER_S, size=(ws.audio_dir / mp3).stat().st_size,
            chapters=marks, content_hash=f"{n}abc",
        ))
    Image.new("RGB", (64, 64), (200, 30, 30)).save(ws.feed_dir / "cover.png")
    (ws.feed_dir / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>static</title>'
        + "".join(f'<item><enclosure url="https://static.example/audio/{r.mp3}" length="{r.size}" '
                  'type="audio/mpeg"/></item>' for r in records)
        + "</channel></rss>\n", encoding="utf-8")
    write_page(ws, show, records)
    outside = root / "secret.txt"
    outside.write_text("TOP-SECRET-OUTSIDE-WORKSPACE\n")
    return Fixture(ws, show, records, outside)


@contextlib.contextmanager
def running(fx: Fixture, show: Show | None = None) -> Iterator[tuple[str, int]]:
    """The real server on 127.0.0.1, a free port, in a thread; yields (host, port)."""
    server = make_server(fx.workspace, show or fx.show, "127.0.0.1", 0, records=lambda: fx.records)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[0], server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
