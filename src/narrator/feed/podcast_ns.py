"""feedgen extension for the Podcasting 2.0 namespace (podcast:) and itunes:explicit.

Register with
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
then set values on fg.podcastindex / fe.podcastindex. Setters validate (ValueError) and
store plain values; XML is built only in extend_rss, as feedgen's own extensions do.

itunes:explicit: Apple now wants "true"/"false", but feedgen 1.0's podcast extension only
accepts yes/no/clean. We never set feedgen's itunes_explicit and instead emit the element
ourselves here, from a validated bool. That is an element built the supported way (an
extension's extend_rss, on the lxml tree, in the itunes namespace), so no other
extension's output is rewritten and no string post-processing of the XML is needed.
"""

from __future__ import annotations

import re
import uuid
from typing import Final
from urllib.parse import urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

PODCAST_NS: Final = "https://podcastindex.org/namespace/1.0"
ITUNES_NS: Final = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_GUID_NAMESPACE: Final = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

CHAPTERS_TYPES: Final = frozenset({"application/json+chapters"})
TRANSCRIPT_TYPES: Final = frozenset(
    {"text/vtt", "application/x-subrip", "application/srt", "application/json", "text/html", "text/plain"}
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def podcast_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    stripped = _SCHEME.sub("", feed_url.strip()).rstrip("/")
    if not stripped:
        raise ValueError(f"not a feed URL: {feed_url!r}")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, stripped))


def _absolute_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} must be an absolute http(s) URL, not {url!r}")
    return url


def _explicit_elem(parent, explicit: bool | None) -> None:
    if explicit is not None:
        etree.SubElement(parent, "{%s}explicit" % ITUNES_NS).text = "true" if explicit else "false"


class PodcastIndexExtension(BaseExtension):
    """Channel tags: podcast:guid, podcast:locked, itunes:explicit (true/false)."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: bool | None = None
        self._owner: str | None = None
        self._explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def guid(self, value: str | None = None) -> str | None:
        """podcast:guid: the show's global identifier, a UUID (see podcast_guid())."""
        if value is not None:
            self._guid = str(uuid.UUID(value))  # ValueError when not a UUID
        return self._guid

    def locked(self, value: bool | None = None, owner: str | None = None) -> bool | None:
        """podcast:locked yes/no: whether other platforms may import this feed.

        owner: the e-mail address a platform may use to verify who may unlock it.
        """
        if value is not None:
            if not isinstance(value, bool):
                raise ValueError(f"podcast:locked must be a bool, not {value!r}")
            if owner is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", owner):
                raise ValueError(f"podcast:locked owner must be an e-mail address, not {owner!r}")
            self._locked, self._owner = value, owner
        return self._locked

    def explicit(self, value: bool | None = None) -> bool | None:
        """itunes:explicit as Apple wants it today: "true" or "false"."""
        if value is not None:
            self._explicit = _explicit_flag(value)
        return self._explicit

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        _explicit_elem(channel, self._explicit)
        if self._guid is not None:
            etree.SubElement(channel, "{%s}guid" % PODCAST_NS).text = self._guid
        if self._locked is not None:
            locked = etree.SubElement(channel, "{%s}locked" % PODCAST_NS)
            locked.text = "yes" if self._locked else "no"
            if self._owner:
                locked.attrib["owner"] = self._owner
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags: podcast:chapters, podcast:transcript, itunes:explicit (true/false)."""

    def __init__(self) -> None:
        self._chapters: dict[str, str] | None = None
        self._transcripts: list[dict[str, str]] = []
        self._explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def chapters(self, url: str | None = None, type: str = "application/json+chapters") -> dict | None:
        """podcast:chapters: where the episode's JSON chapters file is."""
        if url is not None:
            if type not in CHAPTERS_TYPES:
                raise ValueError(f"podcast:chapters type must be one of {sorted(CHAPTERS_TYPES)}, not {type!r}")
            self._chapters = {"url": _absolute_url(url, "podcast:chapters url"), "type": type}
        return self._chapters

    def transcript(self, url: str | None = None, type: str = "text/vtt", language: str = "ar") -> list[dict]:
        """podcast:transcript: one per format; repeated calls add more."""
        if url is not None:
            if type not in TRANSCRIPT_TYPES:
                raise ValueError(f"podcast:transcript type must be one of {sorted(TRANSCRIPT_TYPES)}, not {type!r}")
            if not _LANGUAGE.match(language or ""):
                raise ValueError(f"podcast:transcript language must be a language tag, not {language!r}")
            self._transcripts.append(
                {"url": _absolute_url(url, "podcast:transcript url"), "type": type, "language": language}
            )
        return list(self._transcripts)

    def explicit(self, value: bool | None = None) -> bool | None:
        """itunes:explicit of this episode: "true" or "false"."""
        if value is not None:
            self._explicit = _explicit_flag(value)
        return self._explicit

    def extend_rss(self, entry):
        _explicit_elem(entry, self._explicit)
        if self._chapters is not None:
            etree.SubElement(entry, "{%s}chapters" % PODCAST_NS, **self._chapters)
        for transcript in self._transcripts:
            etree.SubElement(entry, "{%s}transcript" % PODCAST_NS, **transcript)
        return entry


def _explicit_flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"itunes:explicit must be a bool, not {value!r}")
    return value
