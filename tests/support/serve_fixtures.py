"""A small real workspace for the serve/page/play tests: tone MP3s with ID3 chapters.

Each episode is four chapters of distinct sine tones (so a chapter is recognisable
by ear and by length), encoded by the real ffmpeg, with ID3 chapters, a chapters JSON
and a WebVTT transcript (episode_files.py), a cover, a feed.xml and the page.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image

from episode_files import publish_files, tone_mp3
from narrator.catalog import EpisodeRecord
from narrator.config import Show
from narrator.episode.model import ChapterMark, Cue
from narrator.feed.page import write_page
from narrator.serve import make_server
from narrator.workspace import Workspace

CHAPTER_S = 3.5
TONES = (440, 660, 990, 1320)
# Four chapters, so chapter 3 ends before the file does: a stop there is the page's doing.
TITLES = ("المقدمة", "القمة في موسكو", "ما بعد <القمة> & النتائج", "الخاتمة")


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
        tone_mp3(ws.audio_dir / mp3, TONES, CHAPTER_S)
        cues = tuple(Cue(m.start, m.end, m.title) for m in marks)
        chapters_path, transcript_path = publish_files(ws, ws.audio_dir / mp3, f"حلقة {slug}", marks, cues)
        chapters_file, transcript_file = chapters_path.name, transcript_path.name
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
