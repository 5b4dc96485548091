"""STAGE 5: catalog + Show -> feed/feed.xml (RSS 2.0 + itunes: + podcast:).

URL layout: base_url is the workspace root served over HTTP, so
    enclosure        base_url + "audio/" + mp3
    chapters, VTT    base_url + "feed/" + file
    the feed         base_url + "feed/feed.xml"
    artwork          base_url + "feed/" + artwork name
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Final
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from narrator import __version__
from narrator.catalog import EpisodeRecord, clean_record, open_catalog
from narrator.config import Show
from narrator.errors import FeedError
from narrator.feed.artwork import ensure_artwork
from narrator.feed.podcast_ns import PodcastIndexEntryExtension, PodcastIndexExtension, podcast_guid
from narrator.workspace import Workspace, atomic_write_bytes

log = logging.getLogger(__name__)

DEFAULT_BASE_URL: Final = "http://localhost:8000/"
FEED_NAME: Final = "feed.xml"
MAX_DESCRIPTION_BYTES: Final = 4000


def feed_url(base_url: str) -> str:
    return _base(base_url) + "feed/" + FEED_NAME


def _base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def _url(base_url: str, folder: str, name: str) -> str:
    return f"{_base(base_url)}{folder}/{quote(name)}"


def _clip_bytes(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut on a character boundary (Arabic is 2 bytes a letter)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode("utf-8", "ignore").rstrip() + "…"


def timestamp(seconds: float) -> str:
    """Chapter time as podcast apps read it in descriptions: MM:SS, or HH:MM:SS from an hour."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def item_description(record: EpisodeRecord) -> str:
    """The article's description, then one "MM:SS title" line per chapter, the first at 00:00.

    Plain text, as the article gave it; see show_notes() for what goes into the feed.
    """
    lines = [record.description.strip()]
    if record.chapters:
        lines.append("")
        for index, chapter in enumerate(record.chapters):
            lines.append(f"{timestamp(0.0 if index == 0 else chapter.start)} {chapter.title}")
    return _clip_bytes("\n".join(lines), MAX_DESCRIPTION_BYTES)


def show_notes(record: EpisodeRecord) -> str:
    """item_description() as the HTML that <description> holds.

    Apps render an item's description as HTML, so article text must be escaped or a
    title like `<img src=x onerror=...>` would become live markup in the listener's app.
    The lines stay lines (the chapter timestamps are read from them).
    """
    text = _clip_bytes(html.escape(item_description(record), quote=False), MAX_DESCRIPTION_BYTES)
    return re.sub(r"&[#a-z0-9]*…$", "…", text)  # never end on half an entity


def _parse_iso(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def render_feed(show: Show, records: list[EpisodeRecord], base_url: str, artwork_name: str,
                guid_base: str | None = None) -> bytes:
    """The feed XML for these episodes (given newest first). Pure: reads no files.

    `guid_base`: the base URL the show's podcast:guid derives from, when it is not
    `base_url` (a served feed's URLs follow the client's Host; its identity must not).

    feedgen and lxml say what they refuse with ValueError; that becomes a FeedError here,
    one line, rather than an internal error after a whole build.
    """
    try:
        return _render(show, records, base_url, artwork_name, guid_base or base_url)
    except ValueError as exc:
        raise FeedError(f"cannot render the feed: {exc}") from None


def _render(show: Show, records: list[EpisodeRecord], base_url: str, artwork_name: str, guid_base: str) -> bytes:
    base = _base(base_url)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)

    fg.title(show.title)
    fg.description(_clip_bytes(show.description or show.title, MAX_DESCRIPTION_BYTES))
    # feedgen's RSS <link> is the LAST link set, so the self link (atom:link) goes first.
    fg.link(href=feed_url(base), rel="self")
    fg.link(href=show.link or base, rel="alternate")
    fg.language(show.language)
    fg.generator(f"narrator {__version__}")
    build = max((_parse_iso(r.updated) for r in records), default=datetime.now(timezone.utc))
    fg.lastBuildDate(build)

    fg.podcast.itunes_image(_url(base, "feed", artwork_name))
    fg.podcast.itunes_category(show.category)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.author, email=show.email)
    fg.podcast.itunes_type("episodic")
    # itunes:explicit true/false comes from our extension, see podcast_ns.py.
    fg.podcastindex.explicit(show.explicit)
    fg.podcastindex.guid(podcast_guid(feed_url(guid_base)))
    fg.podcastindex.locked(show.locked, owner=show.email)

    for record in records:
        record, changed = clean_record(record)
        if changed:  # stored by an older narrator; must not block the feed forever
            log.warning("episode '%s': %s had characters a feed cannot carry; published without them",
                        record.slug, ", ".join(changed))
        fe = fg.add_entry(order="append")  # feedgen prepends by default; keep our order
        fe.title(record.title)
        fe.description(show_notes(record))
        fe.guid(record.guid, permalink=False)
        if record.source_url:
            fe.link(href=record.source_url)
        fe.pubDate(_parse_iso(record.pub_date))
        # feedgen writes length="0" when none is given; we always give the real size.
        fe.enclosure(_url(base, "audio", record.mp3), str(record.size), "audio/mpeg")
        if record.author:
            fe.podcast.itunes_author(record.author)
        fe.podcast.itunes_duration(int(round(record.duration)))
        if record.image_file:  # the article's own picture; the show's cover otherwise
            fe.podcast.itunes_image(_url(base, "feed", record.image_file))
        fe.podcastindex.explicit(show.explicit)
        fe.podcastindex.chapters(_url(base, "feed", record.chapters_file))
        fe.podcastindex.transcript(_url(base, "feed", record.transcript_file), "text/vtt", show.language)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def write_feed(
    workspace: Workspace, show: Show, base_url: str | None = None, records: list[EpisodeRecord] | None = None,
) -> Path:
    """Write feed/feed.xml (atomically) for `records`, by default the catalog's, and return its path."""
    workspace.ensure()
    artwork = ensure_artwork(workspace, show)
    if records is None:
        with open_catalog(workspace) as catalog:
            records = catalog.list()
    records = publishable(workspace, records)
    data = render_feed(show, records, base_url or show.base_url or DEFAULT_BASE_URL, artwork.name)
    target = workspace.feed_dir / FEED_NAME
    try:
        atomic_write_bytes(target, data, tmp_dir=workspace.tmp_dir)
    except OSError as exc:
        raise FeedError(f"{target}: cannot write feed: {exc.strerror or exc}") from None
    return target


def publishable(workspace: Workspace, records: list[EpisodeRecord]) -> list[EpisodeRecord]:
    """The records whose MP3 is on disk, each with its real size as enclosure length.

    An episode whose MP3 is gone is left out with a warning: one lost file must not
    stop every other episode being published.
    """
    out = []
    for record in records:
        mp3 = workspace.audio_dir / record.mp3
        try:
            size = mp3.stat().st_size
        except FileNotFoundError:
            log.warning("audio/%s is missing: episode '%s' left out of the feed (rebuild or remove it)",
                        record.mp3, record.slug)
            continue
        if size != record.size:
            log.warning("audio/%s is %d bytes, catalog says %d; using the real size", record.mp3, size, record.size)
            record = replace(record, size=size)
        out.append(record)
    return out


__all__ = ["DEFAULT_BASE_URL", "feed_url", "item_description", "publishable", "render_feed", "show_notes",
           "timestamp", "write_feed"]
