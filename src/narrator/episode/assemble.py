"""Speech -> Episode: one chaptered, loudness-correct MP3 plus its side files.

stitch (chunks -> one WAV, exact sample positions) -> measure loudness of the
whole episode -> encode with one gain (+ limiter if peaks need it) -> verify the
MP3 -> ID3 tags and chapters -> rename into audio/ -> chapters JSON and WebVTT
into feed/. Every file lands by rename, so a failed or killed build leaves the
previous episode and its side files as they were.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Callable

from narrator import ffmpeg
from narrator.article.model import Article
from narrator.config import Show, resolve_path
from narrator.episode import loudness
from narrator.episode.encode import check_bitrate, encode_mp3
from narrator.episode.model import ChapterMark, Cue, Episode
from narrator.episode.produce import intro_title, produce
from narrator.episode.naming import content_hash, mp3_name, sidecar_names
from narrator.episode.sidecars import chapters_json, webvtt
from narrator.episode.stitch import Stitched, stitch
from narrator.episode.tags import TagInfo, image_mime, write_tags
from narrator.errors import AudioError, ConfigError
from narrator.scratch import scratch
from narrator.speech import Speech
from narrator.workspace import Workspace, atomic_path

__all__ = ["make_episode"]

log = logging.getLogger(__name__)

ID3_LANGUAGES = {"ar": "ara", "en": "eng", "fr": "fra"}
"""ISO 639-1 (the article's) -> ISO 639-2 (what ID3 TLAN and COMM want)."""

Step = Callable[[str], None]


def make_episode(
    speech: Speech,
    article: Article,
    show: Show,
    workspace: Workspace,
    slug: str,
    cover: Path | None = None,
    progress: Step | None = None,
) -> Episode:
    """Build (or reuse, when unchanged) audio/<slug>-<hash>.mp3 and its side files.

    `progress`, if given, is called with the step starting: "stitch", "produce" (with an
    intro or outro), "loudness", "encode", "verify", "correct", "tags".
    """
    step = progress or (lambda _name: None)
    for folder in (workspace.audio_dir, workspace.feed_dir, workspace.tmp_dir):
        folder.mkdir(parents=True, exist_ok=True)
    cover_bytes = _read_cover(cover)
    check_bitrate(show.bitrate, show.sample_rate)
    try:
        # Every temporary file of this build lives in its own scratch folder (swept by the
        # next build if this one is killed), on the workspace's filesystem for atomic renames.
        with scratch(workspace.tmp_dir) as tmp:
            wav = tmp / f"{slug}.wav"
            step("stitch")
            stitched = stitch(speech, show.pauses, wav)
            titles = [ch.title for ch in speech.script.chapters]
            if show.intro or show.outro:
                step("produce")
                stitched, wav, titles = _produce(wav, stitched, show, workspace, article, titles, tmp)
            info = _tag_info(speech, article, show, stitched, cover_bytes, titles)
            encoding = {"bitrate": show.bitrate, "sample_rate": show.sample_rate, "voice_rate": stitched.sample_rate}
            digest = content_hash(stitched.digest, encoding, info.as_dict(), cover_bytes)
            mp3 = workspace.audio_dir / mp3_name(slug, digest)
            if mp3.is_file():
                log.debug("%s is up to date; not re-encoding", mp3.name)
                step("verify")
                result = ffmpeg.analyse(mp3)
            else:
                result = _encode(wav, mp3, info, show, tmp, step)
            wav.unlink()

            chapters = _close(info.chapters, result.duration)
            cues = tuple(
                Cue(min(s.start / stitched.sample_rate, result.duration), min(s.end / stitched.sample_rate, result.duration), s.text)
                for s in stitched.sentences
            )
            chapters_name, vtt_name = sidecar_names(mp3.name)
            chapters_path = workspace.feed_dir / chapters_name
            transcript_path = workspace.feed_dir / vtt_name
            _write_text(chapters_path, chapters_json(chapters), tmp)
            _write_text(transcript_path, webvtt(cues), tmp)
    except OSError as exc:  # a full disk, a folder gone read-only: one line, not a traceback
        raise AudioError(f"building {slug}: {exc.strerror or exc}") from None
    return Episode(
        slug=slug, title=info.title, mp3_path=mp3, chapters_path=chapters_path,
        transcript_path=transcript_path, duration=result.duration, size=os.path.getsize(mp3),
        chapters=chapters, cues=cues, content_hash=digest,
        loudness=result.loudness, true_peak=result.true_peak,
    )


def _encode(wav: Path, mp3: Path, info: TagInfo, show: Show, tmp_dir: Path, step: Step) -> ffmpeg.Analysis:
    """Measure, encode, verify (one corrective pass if off target), tag, rename into place."""
    step("loudness")
    source = ffmpeg.analyse(wav)
    correction = loudness.settle(wav, source, show.sample_rate)
    with atomic_path(mp3, tmp_dir) as tmp:
        step("encode")
        encode_mp3(wav, tmp, correction, show.sample_rate, show.bitrate)
        step("verify")
        result = ffmpeg.analyse(tmp)
        if not loudness.within_aim(result):
            step("correct")
            log.debug("%s: %.1f LUFS, %.1f dBTP after %s; correcting", mp3.name, result.loudness,
                      result.true_peak, correction)
            correction = loudness.refine(correction, source, result)
            encode_mp3(wav, tmp, correction, show.sample_rate, show.bitrate)
            result = ffmpeg.analyse(tmp)
        if not loudness.within_spec(result):
            log.warning("%s: %.1f LUFS, %.1f dBTP is outside the spoken-word target", mp3.name,
                        result.loudness, result.true_peak)
        step("tags")
        write_tags(tmp, replace(info, chapters=_close(info.chapters, result.duration)))
    return result


def _produce(wav: Path, stitched: Stitched, show: Show, workspace: Workspace, article: Article,
             titles: list[str], tmp: Path) -> tuple[Stitched, Path, list[str]]:
    """The show's intro and outro around the speech (see produce.py): the new positions, WAV
    and chapter titles (an intro chapter first)."""
    clips = [resolve_path(workspace.root, name) if name else None for name in (show.intro, show.outro)]
    for key, clip in zip(("intro", "outro"), clips, strict=True):
        if clip is not None and not clip.is_file():
            raise ConfigError(f"podcast.toml: '{key}' {str(clip)!r}: file not found")
    speech_lufs = ffmpeg.analyse(wav, peak="sample").loudness
    out = tmp / f"{wav.stem}-produced.wav"
    produced = produce(wav, stitched, out, clips[0], clips[1], speech_lufs, tmp)
    wav.unlink()
    if produced.intro_samples:
        titles = [intro_title(article.language)] + titles
    return produced.stitched, out, titles


def _tag_info(speech: Speech, article: Article, show: Show, stitched: Stitched, cover: bytes | None,
              titles: list[str]) -> TagInfo:
    rate = stitched.sample_rate
    starts = [s / rate for s in stitched.chapter_starts]
    ends = starts[1:] + [stitched.samples / rate]
    marks = tuple(ChapterMark(title, a, b) for title, a, b in zip(titles, starts, ends, strict=False))
    first_body = next((c.chunk.sentence for ch in speech.chapters for c in ch if c.chunk.kind == "body"), "")
    language = ID3_LANGUAGES.get(article.language, article.language)
    return TagInfo(
        title=article.title, artist=article.byline or show.author, album=show.title, date=article.date,
        description=article.subtitle or first_body, language=language, chapters=marks, cover=cover,
    )


def _close(chapters: tuple[ChapterMark, ...], duration: float) -> tuple[ChapterMark, ...]:
    """The last chapter ends where the MP3 as decoded ends."""
    return chapters[:-1] + (replace(chapters[-1], end=duration),) if chapters else chapters


def _write_text(target: Path, text: str, tmp_dir: Path) -> None:
    try:
        with atomic_path(target, tmp_dir) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AudioError(f"cannot write {target.name}: {exc.strerror or exc}") from None


def _read_cover(cover: Path | None) -> bytes | None:
    if cover is None:
        return None
    try:
        data = Path(cover).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cover image {cover}: {exc.strerror or exc}") from None
    if image_mime(data) is None:
        raise ConfigError(f"cover image {cover}: not a PNG or JPEG file")
    return data
