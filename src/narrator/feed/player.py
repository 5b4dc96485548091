"""feed/play/<slug>.html: one self-contained, embeddable player page per episode.

A publisher puts the page in an <iframe> ("listen to this article"): chapters, a speed
control, ±15 s skips, and the current chapter's transcript with the sentence being
spoken highlighted. Sentences and their times come from the episode's own WebVTT file,
chapters from the catalog, so the page shows exactly what the feed publishes.

The page inlines its CSS and script (static/player.css, static/player.js, package data):
one file per episode, nothing fetched from any other host, no build step, so it works
from `narrator serve`, any static folder and an S3 bucket alike. Paths are relative
(../../audio/, ../), so the page works under whatever base URL the folder is served.
"""

from __future__ import annotations

import contextlib
import logging
import re
from functools import lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final, Iterable, Sequence
from urllib.parse import quote

from narrator.config import Show
from narrator.durations import clock, short_seconds
from narrator.workspace import Workspace, atomic_write_text

if TYPE_CHECKING:
    from narrator.catalog import EpisodeRecord

log = logging.getLogger(__name__)

PLAY_DIR: Final = "play"
"""Folder under feed/ holding the player pages."""
EMBED_HEIGHT: Final = 460
"""The iframe height the snippet asks for, px: controls, chapters and a few transcript lines."""


def player_path(slug: str) -> str:
    """The page's path under feed/, e.g. "play/my-article.html"."""
    return f"{PLAY_DIR}/{slug}.html"


def player_url(base_url: str, slug: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}feed/{PLAY_DIR}/{quote(slug)}.html"


def embed_snippet(base_url: str, slug: str, title: str) -> str:
    """The HTML a publisher pastes into an article page (`narrator embed`)."""
    label = escape(f"استمع إلى المقال: {title}")
    return (f'<iframe src="{escape(player_url(base_url, slug))}" title="{label}" width="100%" '
            f'height="{EMBED_HEIGHT}" style="border:0;max-width:46rem" loading="lazy" allow="autoplay"></iframe>')


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return files("narrator.feed").joinpath("static", name).read_text(encoding="utf-8")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace each {{name}} in one pass (a value is never scanned again for names)."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def _chapter_of(starts: Sequence[float], t: float) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= t + 1e-3:
            index = i
    return index


def _chapters_html(chapters) -> str:
    return "\n".join(
        f'<li><button type="button" class="chapter" data-start="{short_seconds(c.start)}" data-end="{short_seconds(c.end)}">'
        f'<span class="n">{i}</span> <span class="name">{escape(c.title)}</span> '
        f'<span class="t" dir="ltr">{clock(c.start)}</span></button></li>'
        for i, c in enumerate(chapters, 1)
    )


def _transcript_html(chapters, cues: Sequence[tuple[float, float, str]]) -> str:
    """One part per chapter (only the current one is shown), each sentence a button that seeks."""
    starts = [c.start for c in chapters] or [0.0]
    by_chapter: list[list[tuple[int, tuple[float, float, str]]]] = [[] for _ in starts]
    for number, cue in enumerate(cues):
        by_chapter[_chapter_of(starts, cue[0])].append((number, cue))
    parts = []
    for index, items in enumerate(by_chapter):
        title = chapters[index].title if chapters else ""
        # Spans, not buttons, so the sentences flow as one paragraph; the script gives them
        # the keys of a button (Enter, Space). The heading is spoken too: it is a sentence here.
        spoken = " ".join(
            f'<span role="button" class="s{" h" if text == title else ""}" tabindex="-1" data-cue="{n}" '
            f'data-start="{short_seconds(a)}" data-end="{short_seconds(b)}">{escape(text)}</span>'
            for n, (a, b, text) in items
        )
        hidden = "" if index == 0 else " hidden"
        parts.append(f'<div class="part" role="group" aria-label="{escape(title)}" data-chapter="{index}"{hidden}>'
                     f'<p>{spoken}</p></div>')
    return "\n".join(parts)


def render_player(show: Show, record: EpisodeRecord, cues: Sequence[tuple[float, float, str]], image: str | None = None) -> str:
    """The player page of one episode (catalog record), given its transcript cues
    (start, end, text as shown). Pure: reads no files besides the package's own assets."""
    audio = f"../../audio/{quote(record.mp3)}"
    art = (f'<img class="art" src="../{escape(quote(image))}" alt="" width="72" height="72">\n'
           if image else "")
    links = [f'<a href="{audio}" download>تنزيل MP3</a>']
    if record.transcript_file:
        links.append(f'<a href="../{escape(quote(record.transcript_file))}">النص (VTT)</a>')
    if record.source_url:
        links.append(f'<a href="{escape(record.source_url)}" target="_top" rel="noopener">المقال</a>')
    duration = float(record.duration or 0)
    values = {
        "lang": escape(show.language or "ar"),
        "title": escape(record.title),
        "show": escape(show.title),
        "art": art,
        "audio": audio,
        "duration": short_seconds(duration),
        "clock": clock(duration),
        "chapters": _chapters_html(record.chapters),
        "transcript": _transcript_html(record.chapters, cues),
        "links": " · ".join(links),
        "css": _asset("player.css"),
        "js": _asset("player.js"),  # ours, with no "</" that could end the inline script
    }
    return _fill(_asset("player.html"), values)


def read_cues(workspace: Workspace, record: EpisodeRecord) -> list[tuple[float, float, str]]:
    """The episode's transcript cues from its VTT in feed/, text unescaped, lines joined.
    A missing or unreadable VTT gives a player without a transcript, not a failed build."""
    from html import unescape

    from narrator.feed.check import parse_vtt

    path = workspace.feed_dir / record.transcript_file
    try:
        cues = parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("%s: no transcript for the player (%s)", path.name, exc)
        return []
    return [(a, b, unescape(" ".join(text.split()))) for a, b, text in cues]


def player_pages(workspace: Workspace, show: Show, records: Iterable[EpisodeRecord]) -> dict[str, str]:
    """feed/-relative path -> page, for every record."""
    return {
        player_path(r.slug): render_player(show, r, read_cues(workspace, r), r.image_file)
        for r in records
    }


def write_players(workspace: Workspace, show: Show, records: Iterable[EpisodeRecord]) -> list[Path]:
    """Write feed/play/<slug>.html for each record (atomically) and remove the pages of
    episodes no longer listed."""
    folder = workspace.feed_dir / PLAY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, page in player_pages(workspace, show, records).items():
        target = workspace.feed_dir / rel
        atomic_write_text(target, page, tmp_dir=workspace.tmp_dir)
        written.append(target)
    keep = {p.name for p in written}
    for stale in folder.glob("*.html"):
        if stale.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
    return written


__all__ = ["EMBED_HEIGHT", "PLAY_DIR", "embed_snippet", "player_pages", "player_path", "player_url",
           "read_cues", "render_player", "write_players"]
