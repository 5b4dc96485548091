"""`narrator check`: does the published workspace hold together the way podcast apps need?

Each problem is one line naming the file. Nothing here writes or repairs anything.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from lxml import etree
from mutagen import MutagenError
from mutagen.id3 import ID3, ID3NoHeaderError

from narrator import ffmpeg
from narrator.config import Show
from narrator.feed import FEED_NAME
from narrator.artwork_check import artwork_problem
from narrator.feed.podcast_ns import ITUNES_NS, PODCAST_NS
from narrator.web.urls import is_http
from narrator.workspace import Workspace

NS: Final = {"itunes": ITUNES_NS, "podcast": PODCAST_NS}
DURATION_TOLERANCE_S: Final = 1.0
CHAPTER_TOLERANCE_S: Final = 0.05


def check_workspace(workspace: Workspace, show: Show) -> list[str]:
    """Every problem found, one line each; an empty list means the workspace is fine."""
    feed_path = workspace.feed_dir / FEED_NAME
    label = f"feed/{FEED_NAME}"
    if not feed_path.is_file():
        return [f"{label}: missing (run `narrator build` or `narrator feed`)"]
    try:
        tree = etree.parse(str(feed_path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"{label}: does not parse: {exc}"]
    channel = tree.getroot().find("channel")
    if channel is None:
        return [f"{label}: no <channel> element"]
    problems = _check_channel(channel, label)
    problems += _check_matches_show(channel, show, label)
    problems += _check_artwork(workspace, channel)
    for index, item in enumerate(channel.findall("item"), start=1):
        problems += _check_item(workspace, item, f"{label} item {index}")
        problems += _check_artwork(workspace, item)  # an episode's own picture, when it has one
    return problems


# --- channel -------------------------------------------------------------------------

def _check_channel(channel, label: str) -> list[str]:
    problems = []
    for tag in ("title", "description", "language"):
        if not (channel.findtext(tag) or "").strip():
            problems.append(f"{label}: channel has no <{tag}>")
    if not channel.xpath("itunes:image/@href", namespaces=NS):
        problems.append(f"{label}: channel has no <itunes:image href>")
    if not channel.xpath("itunes:category/@text", namespaces=NS):
        problems.append(f"{label}: channel has no <itunes:category text>")
    explicit = channel.xpath("itunes:explicit/text()", namespaces=NS)
    if explicit != ["true"] and explicit != ["false"]:
        problems.append(f"{label}: channel <itunes:explicit> must be one 'true' or 'false', found {explicit}")
    guid = channel.findtext(f"{{{PODCAST_NS}}}guid")
    try:
        uuid.UUID(guid or "")
    except ValueError:
        problems.append(f"{label}: channel <podcast:guid> missing or not a UUID ({guid!r})")
    problems += _check_link(channel, f"{label}: channel")
    return problems


def _check_link(element, label: str) -> list[str]:
    """A <link> a podcast app opens must be a web page: `javascript:` or `data:` from a
    followed feed would run in (or be shown by) the app."""
    link = (element.findtext("link") or "").strip()
    if not link:
        return []
    if not is_http(link):
        return [f"{label} <link> is not an http(s) URL ({link[:80]!r})"]
    parts = urlsplit(link)
    if parts.username is not None or parts.password is not None:
        return [f"{label} <link> carries a user name or password ({parts.scheme}://{parts.hostname}...)"]
    return []


def _check_matches_show(channel, show: Show, label: str) -> list[str]:
    """A feed written before podcast.toml changed is stale, not broken: say so."""
    stale = []
    language = channel.findtext("language")
    if language and language != show.language:  # a missing one is reported by _check_channel
        stale.append("language")
    if channel.xpath("itunes:explicit/text()", namespaces=NS) not in (["true"], ["false"]):
        pass  # reported by _check_channel
    elif channel.xpath("itunes:explicit/text()", namespaces=NS) != [str(show.explicit).lower()]:
        stale.append("explicit")
    if (channel.findtext("title") or "") != show.title:
        stale.append("title")
    if not stale:
        return []
    return [f"{label}: {', '.join(stale)} differ from podcast.toml; rerun `narrator feed`"]


def _check_artwork(workspace: Workspace, element) -> list[str]:
    hrefs = element.xpath("itunes:image/@href", namespaces=NS)
    if not hrefs:
        return []
    name = _local_name(hrefs[0])
    problem = artwork_problem(workspace.feed_dir / name)
    return [f"feed/{name}: artwork {problem}"] if problem else []


# --- items ---------------------------------------------------------------------------

def _check_item(workspace: Workspace, item, label: str) -> list[str]:
    problems = []
    title = (item.findtext("title") or "").strip()
    if title:
        label = f"{label} ({title})"
    else:
        problems.append(f"{label}: no <title>")
    if not (item.findtext("guid") or "").strip():
        problems.append(f"{label}: no <guid>")
    problems += _check_link(item, label)
    enclosure = item.find("enclosure")
    if enclosure is None or not enclosure.get("url"):
        return problems + [f"{label}: no <enclosure url>"]
    if enclosure.get("type") != "audio/mpeg":
        problems.append(f"{label}: enclosure type is {enclosure.get('type')!r}, not 'audio/mpeg'")

    mp3_name = _local_name(enclosure.get("url"))
    mp3 = workspace.audio_dir / mp3_name
    where = f"audio/{mp3_name}"
    if not mp3.is_file():
        return problems + [f"{where}: missing (enclosure of {label})"]
    size = mp3.stat().st_size
    if enclosure.get("length") != str(size):
        problems.append(f"{where}: is {size} bytes but the enclosure length says {enclosure.get('length')}")

    decoded, error = ffmpeg.decode_check(mp3)
    if error:
        problems.append(f"{where}: does not decode cleanly: {error}")
    stated = item.findtext(f"{{{ITUNES_NS}}}duration")
    if stated is None or not stated.strip().isdigit():
        problems.append(f"{label}: <itunes:duration> missing or not whole seconds ({stated!r})")
    elif decoded is not None and abs(decoded - int(stated)) > DURATION_TOLERANCE_S:
        problems.append(f"{where}: decodes to {decoded:.2f} s but <itunes:duration> says {stated} s (truncated?)")

    problems += _check_chapters(workspace, item, mp3, where, label)
    problems += _check_transcript(workspace, item, decoded, label)
    return problems


def _sidecar(workspace: Workspace, item, element: str, label: str, of_type: str = "") -> tuple[Path, str, list[str]]:
    """The side file an item's `element` points to: (path, name as shown, problems finding it)."""
    typed = f"[@type='{of_type}']" if of_type else ""
    urls = item.xpath(f"{element}{typed}/@url", namespaces=NS)
    if not urls:
        return Path(), "", [f"{label}: no <{element}{f' type={of_type!r}' if of_type else ''}>"]
    name = _local_name(urls[0])
    path, shown = workspace.feed_dir / name, f"feed/{name}"
    return path, shown, [] if path.is_file() else [f"{shown}: missing ({element} of {label})"]


def _check_chapters(workspace: Workspace, item, mp3: Path, where: str, label: str) -> list[str]:
    path, shown, missing = _sidecar(workspace, item, "podcast:chapters", label)
    if missing:
        return missing
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        chapters = [(str(c["title"]), float(c["startTime"])) for c in data["chapters"]]
        if "version" not in data:
            raise KeyError("version")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        return [f"{shown}: not a JSON chapters file ({exc.__class__.__name__}: {exc})"]

    try:
        tags = ID3(mp3)
    except ID3NoHeaderError:
        return [f"{where}: has no ID3 tag, so no chapters inside the MP3"]
    except MutagenError as exc:
        return [f"{where}: ID3 tag unreadable: {exc}"]
    # Sort by start: some readers list CHAP frames out of order; CTOC gives the order apps show.
    frames = sorted(tags.getall("CHAP"), key=lambda f: f.start_time)
    id3 = [(_chap_title(f), f.start_time / 1000) for f in frames]
    problems = []
    tocs = [t for t in tags.getall("CTOC") if t.flags & 0x2]  # top-level table of contents
    if not tocs or list(tocs[0].child_element_ids) != [f.element_id for f in frames]:
        problems.append(f"{where}: CTOC missing or not in chapter order")
    if len(id3) != len(chapters):
        return problems + [f"{shown}: {len(chapters)} chapters but {where} has {len(id3)} ID3 chapters"]
    for number, ((title, start), (tag_title, tag_start)) in enumerate(zip(chapters, id3, strict=True), start=1):
        if title != tag_title:
            problems.append(f"{shown}: chapter {number} is {title!r} but the ID3 chapter is {tag_title!r}")
        if abs(start - tag_start) > CHAPTER_TOLERANCE_S:
            problems.append(f"{shown}: chapter {number} starts at {start:.3f} s but the ID3 chapter at {tag_start:.3f} s")
    return problems


def _chap_title(frame) -> str:
    sub = frame.sub_frames.get("TIT2")
    return str(sub.text[0]) if sub and sub.text else ""


_VTT_TIME = re.compile(r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$")


def _vtt_seconds(text: str) -> float:
    match = _VTT_TIME.match(text)
    if not match:
        raise ValueError(f"bad timestamp {text!r}")
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) per cue. A small reader for the subset narrator writes; no
    maintained WebVTT parser is installed, and checking timings needs only this much."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not (lines[0] == "WEBVTT" or lines[0].startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValueError("first line is not WEBVTT")
    cues, index = [], 1
    while index < len(lines):
        line = lines[index]
        if "-->" in line:
            start_text, _, rest = line.partition("-->")
            start, end = _vtt_seconds(start_text.strip()), _vtt_seconds(rest.strip().split()[0])
            if end < start:
                raise ValueError(f"cue at line {index + 1} ends before it starts")
            body = []
            index += 1
            while index < len(lines) and lines[index].strip():
                body.append(lines[index])
                index += 1
            cues.append((start, end, "\n".join(body)))
        index += 1
    return cues


def _check_transcript(workspace: Workspace, item, duration: float | None, label: str) -> list[str]:
    path, shown, missing = _sidecar(workspace, item, "podcast:transcript", label, of_type="text/vtt")
    if missing:
        return missing
    try:
        cues = parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return [f"{shown}: not a WebVTT file: {exc}"]
    if not cues:
        return [f"{shown}: has no cues"]
    if duration is not None and cues[-1][1] > duration + DURATION_TOLERANCE_S:
        return [f"{shown}: last cue ends at {cues[-1][1]:.2f} s, after the audio ends ({duration:.2f} s)"]
    return []


# --- helpers -------------------------------------------------------------------------

def _local_name(url: str) -> str:
    """The file a feed URL points at: its last path segment (base_url may be any host)."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


__all__ = ["check_workspace", "parse_vtt"]
