"""Synthetic Speech for episode tests: FLAC chunks that look like a voice's output.

Each chunk is "speech" made of syllable-like bursts of a 200 Hz voiced tone with
harmonics, framed by 50-150 ms of near-silence (low noise) that stitching must trim.
Files are named by a hash of what made them, as the synthesis cache names its files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from narrator.article.model import Article, Chapter
from narrator.frontend.profile import Pause
from narrator.script import Chunk, Script, ScriptChapter
from narrator.speech import SpokenChunk, Speech

SAMPLE_RATE = 22050

LEAD = ("قمة بين الرئيسين في بكين.", "ناقش الطرفان التجارة والطاقة، واتفقا على خطة لخمس سنوات.")
SECTIONS = (
    ("التجارة", ("ارتفع حجم التبادل التجاري بين البلدين إلى مستوى قياسي هذا العام، بحسب الأرقام الرسمية التي نشرتها وزارة التجارة في بكين يوم الاثنين.",
                 "وقال المتحدث إن الأرقام تعكس ثقة متبادلة.")),
    ("الطاقة", ("تبقى صادرات النفط والغاز محور العلاقة.", "وأعلن الجانبان عن خط أنابيب جديد.",
                "ولم يحدد موعد لبدء البناء.")),
    ("ردود الفعل", ("رحبت عواصم عدة بالاتفاق.", "فيما أبدت أخرى حذرها.")),
)


@dataclass(frozen=True)
class Fixture:
    speech: Speech
    article: Article
    onsets: tuple[float, ...]
    """Seconds into each chunk file where its speech starts, per chapter's heading chunk."""


def voice_audio(text: str, level_db: float, sample_rate: int = SAMPLE_RATE, salt: str = "") -> tuple[np.ndarray, int]:
    """Speech-like float32 audio for `text` peaking near `level_db` dBFS; returns (audio, onset sample)."""
    seed = int.from_bytes(hashlib.sha256(f"{text}|{level_db}|{salt}".encode()).digest()[:4], "little")
    rng = np.random.default_rng(seed)
    lead = int(rng.uniform(0.05, 0.15) * sample_rate)
    tail = int(rng.uniform(0.05, 0.15) * sample_rate)
    syllables = max(2, len(text) // 3)
    parts = [np.zeros(lead, np.float32)]
    for n in range(syllables):
        dur = int(rng.uniform(0.10, 0.22) * sample_rate)
        t = np.arange(dur) / sample_rate
        f0 = 200.0 * rng.uniform(0.9, 1.1)
        voiced = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6)) / k for k in (1, 2, 3))
        env = np.hanning(dur) * rng.uniform(0.5, 1.0)
        parts.append((voiced * env).astype(np.float32))
        if n % 3 == 2:  # a word gap inside the chunk: quiet but not trimmed
            parts.append(np.zeros(int(rng.uniform(0.03, 0.08) * sample_rate), np.float32))
    parts.append(np.zeros(tail, np.float32))
    audio = np.concatenate(parts)
    audio *= 10 ** (level_db / 20) / np.max(np.abs(audio))
    # Near-silence everywhere, ~65 dB under the peak: what a real voice leaves around speech.
    audio += rng.normal(0, 10 ** ((level_db - 70) / 20), audio.size).astype(np.float32)
    return audio.astype(np.float32), lead


def _chunk(cache: Path, chunk: Chunk, level_db: float, sample_rate: int, salt: str) -> tuple[SpokenChunk, int]:
    audio, onset = voice_audio(chunk.text, level_db, sample_rate, salt)
    key = hashlib.sha256(f"{chunk.text}|{level_db}|{sample_rate}|{salt}".encode()).hexdigest()[:20]
    path = cache / f"{key}.flac"
    if not path.exists():
        sf.write(path, audio, sample_rate, subtype="PCM_16")
    return SpokenChunk(chunk, path, audio.size, cached=False), onset


def make_fixture(
    root: Path,
    levels: tuple[float, ...] = (-6.0, -30.0, -0.5, -12.0),
    sections=SECTIONS,
    sample_rate: int = SAMPLE_RATE,
    salt: str = "",
) -> Fixture:
    """An article-shaped Speech: title + lead, then one chapter per section, its heading first.

    `levels[i]` is the peak level (dBFS) of chapter i; very different levels make a
    per-chunk loudness approach fail the whole-episode target.
    """
    cache = root / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    title = "الصين وروسيا: قمة جديدة"
    sid = iter(range(10_000))
    spoken: list[tuple[SpokenChunk, ...]] = []
    script_chapters = []
    onsets = []
    plan = [(title, "title", LEAD)] + [(h, "heading", body) for h, body in sections]
    for index, (heading, kind, sentences) in enumerate(plan):
        chunks = [Chunk(heading, Pause.HEADING, heading, next(sid), kind)]
        for n, sentence in enumerate(sentences):
            s_id = next(sid)
            pieces = sentence.split("، ") if "، " in sentence else [sentence]
            for p, piece in enumerate(pieces):
                last_piece = p == len(pieces) - 1
                pause = Pause.CLAUSE if not last_piece else (Pause.PARAGRAPH if n % 2 else Pause.SENTENCE)
                chunks.append(Chunk(piece, pause, sentence, s_id, "body"))
        chunks[-1] = Chunk(chunks[-1].text, Pause.CHAPTER, chunks[-1].sentence, chunks[-1].sentence_id, "body")
        level = levels[index % len(levels)]
        made = [_chunk(cache, c, level, sample_rate, salt) for c in chunks]
        spoken.append(tuple(m[0] for m in made))
        onsets.append(made[0][1] / sample_rate)
        script_chapters.append(ScriptChapter(heading, tuple(chunks)))
    script = Script(title, tuple(script_chapters), "test")
    speech = Speech(script, "test:tone", sample_rate, tuple(spoken), synthesised=0, cached=0)
    article = Article(
        title=title,
        chapters=(Chapter(title, LEAD), *(Chapter(h, body) for h, body in sections)),
        subtitle=None, byline="مراسل الاختبار", date="2024-05-16",
    )
    return Fixture(speech, article, tuple(onsets))


def make_long_speech(root: Path, hours: float, sample_rate: int = SAMPLE_RATE) -> Speech:
    """A long Speech (e.g. 2 h) that reuses a few distinct chunk files, for memory tests."""
    base = make_fixture(root, sample_rate=sample_rate).speech
    body = [c for ch in base.chapters[1:] for c in ch[1:]]
    heading = base.chapters[1][0]
    # Untrimmed length, less ~0.25 s of trimmed edges, plus the 0.45 s sentence pause.
    per_chunk = sum(c.samples for c in body) / len(body) / sample_rate + 0.2
    chapters = [base.chapters[0]]
    script_chapters = [base.script.chapters[0]]
    total = sum(c.samples for c in base.chapters[0]) / sample_rate
    sid = 1000
    while total < hours * 3600:
        sid += 1
        title = f"فصل {len(chapters) + 1}"
        chunks = [SpokenChunk(Chunk(heading.chunk.text, Pause.HEADING, title, sid, "heading"),
                              heading.audio_path, heading.samples, True)]
        for c in body * 2:
            sid += 1
            chunk = Chunk(c.chunk.text, Pause.SENTENCE, c.chunk.sentence, sid, "body")
            chunks.append(SpokenChunk(chunk, c.audio_path, c.samples, True))
            total += per_chunk
        last = chunks[-1]
        chunks[-1] = SpokenChunk(Chunk(last.chunk.text, Pause.CHAPTER, last.chunk.sentence, sid, "body"),
                                 last.audio_path, last.samples, True)
        chapters.append(tuple(chunks))
        script_chapters.append(ScriptChapter(title, tuple(c.chunk for c in chunks)))
    script = Script(base.script.title, tuple(script_chapters), "test")
    return Speech(script, "test:tone", sample_rate, tuple(chapters), synthesised=0, cached=sum(map(len, chapters)))


def episode_memory(root: Path, hours: float) -> dict:
    """Build a `hours`-long episode in a fresh interpreter; its figures as a dict:
    duration (s of audio), seconds (build time), rss_kb (peak of the build process),
    ffmpeg_kb (largest ffmpeg child).

    Peak RSS is read as VmHWM in the fresh interpreter: ru_maxrss survives exec on
    Linux, so it would report the parent's size for the child.
    """
    import json
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import json, re, resource, sys, time
        from pathlib import Path
        sys.path[:0] = [{str(Path(__file__).parent)!r}]
        from episode_fixtures import make_fixture, make_long_speech
        from narrator.config import Show
        from narrator.episode.assemble import make_episode
        from narrator.workspace import Workspace
        root = Path({str(root)!r})
        speech = make_long_speech(root / "speech", hours={hours!r})
        article = make_fixture(root / "speech").article
        t = time.perf_counter()
        ep = make_episode(speech, article, Show(), Workspace(root / "ws"), "long")
        hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
        print(json.dumps({{"duration": ep.duration, "seconds": time.perf_counter() - t, "rss_kb": hwm,
                          "ffmpeg_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
