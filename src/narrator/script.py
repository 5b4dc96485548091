"""STAGE 2: Article + front end -> Script, the exact text each voice call receives."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from narrator.article.model import Chapter
from narrator.frontend.profile import Pause


@dataclass(frozen=True, slots=True)
class Chunk:
    """One call to the voice."""

    text: str
    """Exactly what the voice receives."""
    pause: Pause
    """The pause after this chunk."""
    sentence: str
    """The source sentence as written (transcript cue text)."""
    sentence_id: int
    """Running number of the source sentence in the episode; chunks of one sentence share it."""
    kind: str = "body"
    """"title", "heading" or "body"."""


@dataclass(frozen=True, slots=True)
class ScriptChapter:
    title: str
    """Heading exactly as written (ID3 CHAP TIT2)."""
    chunks: tuple[Chunk, ...]
    """Heading chunk(s) first (for the first chapter: the episode title/subtitle), then the body."""


@dataclass(frozen=True, slots=True)
class Script:
    title: str
    chapters: tuple[ScriptChapter, ...]
    profile: str
    """Name of the TextProfile the text was rendered for."""


def make_script(article, frontend, stage=None) -> Script:
    """Article -> Script: every sentence made speakable for the front end's voice profile.

    The episode opens with the title (and subtitle), then the lead, then each
    chapter announced by its heading. Sentences are split on the text as written,
    so each chunk keeps its source sentence for the transcript.
    """
    from narrator.frontend import Stage, split_for_voice, split_sentences
    from narrator.frontend.render import voice_chunks

    stage = Stage(stage or Stage.VOICE)
    profile = frontend.profile
    names = _name_words(frontend.lexicon)
    sentence_ids = itertools.count()
    chapters = []
    # A title-only article still makes an episode: one chapter that says the title.
    for index, chapter in enumerate(article.chapters or (Chapter(article.title, ()),)):
        # (sentence as written, kind, pause after it) for everything this chapter says.
        lines: list[tuple[str, str, Pause]] = []
        if index == 0:
            lines.append((article.title, "title", Pause.SENTENCE if article.subtitle else Pause.HEADING))
            if article.subtitle:
                lines.append((article.subtitle, "title", Pause.HEADING))
        if index > 0 or chapter.title != article.title:
            lines.append((chapter.title, "heading", Pause.HEADING))
        for paragraph in chapter.paragraphs:
            sentences = split_sentences(paragraph, frontend.wordlists)
            for n, sentence in enumerate(sentences):
                last = n == len(sentences) - 1
                lines.append((sentence, "body", Pause.PARAGRAPH if last else Pause.SENTENCE))
        if lines and lines[-1][1] == "body":
            lines[-1] = (lines[-1][0], "body", Pause.CHAPTER)
        # The voice stage is rendered chunk by chunk (voice_chunks): a chunk end is a pause.
        upto = Stage.DIACRITISED if stage is Stage.VOICE else stage
        rendered = frontend.speak_many([text for text, _, _ in lines], upto)
        chunks = []
        for (sentence, kind, pause), text in zip(lines, rendered, strict=True):
            sentence_id = next(sentence_ids)
            if not text.strip():
                pieces = []
            elif stage is Stage.VOICE:
                pieces = voice_chunks(text, profile, names, frontend.wordlists)
            else:
                pieces = split_for_voice(text, profile.max_chars, names, frontend.wordlists)
            for piece, inner in pieces:
                chunks.append(Chunk(piece, inner or pause, sentence, sentence_id, kind))
        chapters.append(ScriptChapter(chapter.title, tuple(chunks)))
    return Script(article.title, tuple(chapters), profile.name)


def _name_words(lexicon) -> frozenset[str]:
    """Bare words of the lexicon's entries (mostly names), kept together when chunking."""
    from narrator.frontend.lexicon import strip_marks

    return frozenset(
        strip_marks(word) for written, spoken in lexicon.entries for word in (*written.split(), *spoken.split())
    )


def script_to_dict(script: Script) -> dict:
    """The JSON shape `narrator script --json` prints (a stable contract)."""
    return {
        "title": script.title,
        "profile": script.profile,
        "chapters": [
            {
                "title": ch.title,
                "chunks": [
                    {"text": c.text, "pause": c.pause.value, "kind": c.kind, "sentence": c.sentence}
                    for c in ch.chunks
                ],
            }
            for ch in script.chapters
        ],
    }
