"""The MP3's name: the slug plus a hash of everything that decides its bytes.

A rebuild whose audio or tags changed gets a new name, so a file a feed points
to is never overwritten (apps cache by URL); an unchanged rebuild gets the same
name and may reuse the file.
"""

from __future__ import annotations

import hashlib
import json

FORMAT_VERSION = 1
"""Bump when stitching, loudness or encoding change what identical input produces."""


def content_hash(audio_digest: str, encoding: dict, tags: dict, cover: bytes | None) -> str:
    """SHA-256 over the stitched PCM's digest (the chunk audio, trimming and pauses
    as actually joined), the encode settings, the tag values and the cover's bytes."""
    basis = {
        "version": FORMAT_VERSION,
        "audio": audio_digest,
        "encoding": encoding,
        "tags": tags,
        "cover": hashlib.sha256(cover).hexdigest() if cover is not None else None,
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def mp3_name(slug: str, digest: str) -> str:
    return f"{slug}-{digest[:8]}.mp3"


def sidecar_names(mp3: str) -> tuple[str, str]:
    """(chapters JSON, WebVTT transcript) names tied to the MP3's."""
    stem = mp3.removesuffix(".mp3")
    return f"{stem}.chapters.json", f"{stem}.vtt"
