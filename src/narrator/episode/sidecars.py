"""Side files for the feed: Podcasting 2.0 chapters JSON and a per-sentence WebVTT transcript."""

from __future__ import annotations

import json
import textwrap

from narrator.episode.model import ChapterMark, Cue

CHAPTERS_VERSION = "1.2.0"
CUE_WIDTH = 65
"""Longest cue line Apple's transcript guidance allows."""


def chapters_json(chapters: tuple[ChapterMark, ...]) -> str:
    doc = {
        "version": CHAPTERS_VERSION,
        "chapters": [
            {"startTime": round(c.start, 3), "title": c.title, "endTime": round(c.end, 3)} for c in chapters
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def vtt_time(seconds: float) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def cue_lines(text: str, width: int = CUE_WIDTH) -> list[str]:
    """The sentence wrapped at spaces into lines of at most `width` characters as
    shown, then escaped for WebVTT (& < > are markup there; escaping > also rules
    out a stray '-->'). Only a word longer than a line (a URL) is cut."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    return [line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines]


def webvtt(cues: tuple[Cue, ...]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, 1):
        lines = "\n".join(cue_lines(cue.text))
        blocks.append(f"{number}\n{vtt_time(cue.start)} --> {vtt_time(cue.end)}\n{lines}")
    return "\n\n".join(blocks) + "\n"
