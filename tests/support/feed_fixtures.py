"""A small real workspace for the catalog, feed and check tests.

Two episodes, each a real MP3 (a sine tone made by the ffmpeg binary) with ID3 CTOC/CHAP
chapters written by mutagen, a matching Podcasting 2.0 chapters JSON and a WebVTT
transcript, registered in the catalog through record_from_episode.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from episode_files import publish_files, tone_mp3
from narrator.article.model import Article, Chapter
from narrator.catalog import Catalog, EpisodeRecord, record_from_episode
from narrator.config import Show
from narrator.episode.model import ChapterMark, Cue, Episode
from narrator.ffmpeg import analyse
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


def make_episode(ws: Workspace, slug: str, title: str, seconds: float,
                 marks: tuple[tuple[str, float], ...], content_hash: str = "abc123") -> Episode:
    stem = f"{slug}-{content_hash}"
    mp3 = ws.audio_dir / f"{stem}.mp3"
    tone_mp3(mp3, seconds=seconds, bitrate=32, sample_rate=22050)
    duration = analyse(mp3).duration
    ends = [start for _, start in marks[1:]] + [duration]
    chapters = tuple(ChapterMark(t, s, e) for (t, s), e in zip(marks, ends))
    cues = tuple(Cue(c.start, c.end, f"جملة من فصل {c.title}") for c in chapters)
    chapters_path, transcript_path = publish_files(ws, mp3, title, chapters, cues)
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
