"""The one ID3 writer (mutagen, ID3v2.4): episode metadata, cover, ID3 Chapters 1.0
(CTOC + CHAP), and the track number of a chapter cut out by `narrator play --output`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, TRCK, CTOCFlags, Encoding, ID3TimeStamp,
)
from mutagen import MutagenError

from narrator.episode.model import ChapterMark
from narrator.errors import AudioError

NO_OFFSET = 0xFFFFFFFF
"""CHAP byte offsets unused: players seek by time."""


@dataclass(frozen=True, slots=True)
class TagInfo:
    title: str
    artist: str
    album: str
    date: str | None
    description: str
    language: str | None
    """ISO 639-2, as ID3 wants it ("ara"); None: not known (no TLAN)."""
    chapters: tuple[ChapterMark, ...]
    cover: bytes | None = None
    track: str | None = None
    """TRCK, "3/6": set on a single chapter written out as its own file."""

    def as_dict(self) -> dict:
        """What decides the tags, for the content hash (cover hashed separately)."""
        return {
            "title": self.title, "artist": self.artist, "album": self.album, "date": self.date,
            "description": self.description, "language": self.language,
            "chapters": [[c.title, chapter_ms(c.start)] for c in self.chapters],
        }


def chapter_ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def image_mime(data: bytes) -> str | None:
    """The cover's MIME type from its magic bytes; None if neither PNG nor JPEG."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def chapter_id(index: int) -> str:
    return f"ch{index}"


def write_tags(mp3: Path, info: TagInfo) -> None:
    """Replace any tag on `mp3` with an ID3v2.4 tag built from `info` (empty fields left out)."""
    tag = ID3()
    text = Encoding.UTF8
    tag.add(TIT2(encoding=text, text=[info.title]))
    if info.artist:
        tag.add(TPE1(encoding=text, text=[info.artist]))
    if info.album:
        tag.add(TALB(encoding=text, text=[info.album]))
    if info.track:
        tag.add(TRCK(encoding=text, text=[info.track]))
    if info.date:
        tag.add(TDRC(encoding=text, text=[ID3TimeStamp(info.date)]))
    if info.language:
        tag.add(TLAN(encoding=text, text=[info.language]))
    if info.description:
        tag.add(COMM(encoding=text, lang=info.language or "und", desc="", text=[info.description]))
    if info.cover is not None:
        tag.add(APIC(encoding=text, mime=image_mime(info.cover), type=3, desc="Cover", data=info.cover))
    if info.chapters:
        ids = [chapter_id(i) for i in range(len(info.chapters))]
        tag.add(CTOC(
            element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
            sub_frames=[TIT2(encoding=text, text=[info.title])],
        ))
        for element_id, mark in zip(ids, info.chapters, strict=True):
            tag.add(CHAP(
                element_id=element_id, start_time=chapter_ms(mark.start), end_time=chapter_ms(mark.end),
                start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                sub_frames=[TIT2(encoding=text, text=[mark.title])],
            ))
    try:
        tag.save(mp3, v2_version=4)
    except OSError as exc:
        raise AudioError(f"{mp3.name}: cannot write ID3 tags: {exc.strerror or exc}") from None
    except MutagenError as exc:
        raise AudioError(f"{mp3.name}: cannot write ID3 tags: {exc}") from None
