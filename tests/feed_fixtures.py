"""A small real workspace for the catalog, feed and check tests.

Two episodes, each a real MP3 (a sine tone made by the ffmpeg binary) with ID3 CTOC/CHAP
chapters written by mutagen, a matching Podcasting 2.0 chapters JSON and a WebVTT
transcript, registered in the catalog through record_from_episode.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from mutagen.mp3 import MP3

from narrator.article.model import Article, Chapter
from narrator.catalog import Catalog, EpisodeRecord, record_from_episode
from narrator.config import Show
from narrator.episode.model import ChapterMark, Cue, Episode
from narrator.ffmpeg import ffmpeg_exe
from narrator.workspace import Workspace

SHOW = Show(title="قراءات", description="مقالات عربية مقروءة", email="owner@example.org")
BASE_URL = "https://podcasts.example.org/narrator/"

# slug, title, tone seconds, chapters (title, start), publication time
EPISODES = (
    ("xi-putin", "قمة شي وبوتين", 4.0, (("قمة شي وبوتين", 0.0), ("الطاقة", 1.5), ("الخلاصة", 3.0)),
     datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)),
    ("gaza-water", "المياه في غزة", 3.0, (("المياه في غزة", 0.0), ("الآبار", 1.2)),
     datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc)),
)


def make_tone_mp3(path: Path, seconds: float, frequency: int = 440) -> None:
    subprocess.run(
        [ffmpeg_exe(), "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency={frequency}:duration={seconds}", "-ac", "1", "-ar", "22050",
         "-c:a", "libmp3lame", "-b:a", "32k", str(path)],
        check=True,
    )


def tag_chapters(path: Path, title: str, chapters: tuple[ChapterMark, ...]) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title]))
    ids = [f"chp{i}" for i in range(len(chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=[title])]))
    for element_id, chapter in zip(ids, chapters):
        tags.add(CHAP(element_id=element_id, start_time=round(chapter.start * 1000),
                      end_time=round(chapter.end * 1000), start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                      sub_frames=[TIT2(encoding=3, text=[chapter.title])]))
    tags.save(path)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3600000:02d}:{millis // 60000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def make_episode(ws: Workspace, slug: str, title: str, seconds: float,
                 marks: tuple[tuple[str, float], ...], content_hash: str = "abc123") -> Episode:
    stem = f"{slug}-{content_hash}"
    mp3 = ws.audio_dir / f"{stem}.mp3"
    make_tone_mp3(mp3, seconds)
    duration = MP3(mp3).info.length
    ends = [start for _, start in marks[1:]] + [duration]
    chapters = tuple(ChapterMark(t, s, e) for (t, s), e in zip(marks, ends))
    tag_chapters(mp3, title, chapters)
    cues = tuple(Cue(c.start, c.end, f"جملة من فصل {c.title}") for c in chapters)

    chapters_path = ws.feed_dir / f"{stem}.chapters.json"
    chapters_path.write_text(json.dumps({"version": "1.2.0", "chapters": [
        {"startTime": c.start, "title": c.title, "endTime": c.end} for c in chapters]}, ensure_ascii=False),
        encoding="utf-8")
    transcript_path = ws.feed_dir / f"{stem}.vtt"
    transcript_path.write_text("WEBVTT\n\n" + "\n".join(
        f"{i}\n{_vtt_time(c.start)} --> {_vtt_time(c.end)}\n{c.text}\n" for i, c in enumerate(cues, 1)),
        encoding="utf-8")
    return Episode(slug=slug, title=title, mp3_path=mp3, chapters_path=chapters_path,
                   transcript_path=transcript_path, duration=duration, size=mp3.stat().st_size,
                   chapters=chapters, cues=cues, content_hash=content_hash, loudness=-16.0, true_peak=-1.5)


def make_article(slug: str, title: str, marks) -> Article:
    return Article(
        title=title,
        chapters=tuple(Chapter(t, (f"فقرة أولى من {t}.",)) for t, _ in marks),
        byline="كاتب المقال",
        date="2024-04-30",
        source=f"articles/{slug}.md",
        format="markdown",
    )


def make_workspace(root: Path) -> tuple[Workspace, list[EpisodeRecord]]:
    """Two published episodes in a fresh workspace; records newest first."""
    ws = Workspace(root).ensure()
    records = []
    with Catalog(ws.catalog_path) as catalog:
        for slug, title, seconds, marks, published in EPISODES:
            episode = make_episode(ws, slug, title, seconds, marks)
            record = record_from_episode(episode, make_article(slug, title, marks), "espeak:ar",
                                         source_hash="s-" + slug, now=published)
            records.append(catalog.upsert(record)[0])
    return ws, records[::-1]


def copy_workspace(template: Path, root: Path) -> Workspace:
    shutil.copytree(template, root)
    return Workspace(root)
