"""The whole job, top to bottom: article -> script -> speech -> episode -> catalog -> feed.

Only this module and cli.py know every stage.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import re
import time
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from narrator import __version__
from narrator.article import Article, read_article
from narrator.config import Show
from narrator.errors import ArticleError, NarratorError
from narrator.workspace import Workspace

log = logging.getLogger(__name__)

Progress = Callable[[int, int, bool], None]

MAX_ARTICLE_CHARS = 1_000_000
"""About 20 hours of speech: past this an article is refused rather than tying the machine up."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    source: str
    slug: str | None = None
    mp3: Path | None = None
    duration: float = 0.0
    chapters: int = 0
    synthesised: int = 0
    cached: int = 0
    seconds: float = 0.0
    error: str | None = None
    up_to_date: bool = False
    """Nothing the episode depends on changed since its last build, so nothing was redone."""


def _source_bytes(source: str, stdin: bytes | None) -> bytes | None:
    if source == "-":
        return stdin
    with contextlib.suppress(OSError):
        return Path(source).read_bytes()
    return None  # the reader reports why, in one line


def load_source(source: str, stdin: bytes | None = None) -> tuple[Article, str]:
    """Read an article and the hash of its bytes (the source identity in the catalog).
    A URL is fetched and its story extracted (`narrator script URL`)."""
    from narrator.web import is_url

    if is_url(source):
        from narrator.article.html import read_html
        from narrator.web.pages import page_article

        html = page_article(source)[0].html  # HTML whatever the URL ends in (.md, .txt...)
        return read_html(html, name=source, source=source), _hash(html.encode("utf-8"))
    data = _source_bytes(source, stdin)
    return read_article(source, data), _hash(data)


def _hash(data: bytes | None) -> str:
    return hashlib.sha256(data or b"").hexdigest()


def build_key(source_hash: str, voice_spec, show: Show, workspace: Workspace, diacritise: bool | None) -> str:
    """Fingerprint of everything a build reads. Equal to the catalog's: nothing to redo."""
    from importlib.metadata import PackageNotFoundError, version

    from narrator.voices import voice_fingerprint

    def digest(path: Path | None) -> str:
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() if path else ""
        except OSError:
            return "missing"

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    parts = {
        "narrator": __version__,
        "packages": [package(n) for n in ("espeakng-loader", "text2tashkeel")],
        "source": source_hash,
        "voice": voice_fingerprint(voice_spec),  # the backend's: model files, engine versions, options
        "show": asdict(show),
        "diacritise": diacritise,
        "lexicon": digest(workspace.lexicon_path if workspace.lexicon_path.exists() else None),
        "abbreviations": digest(_abbreviations_file(workspace)),
        "cover": digest(workspace.root / show.artwork if show.artwork else None),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _up_to_date(workspace: Workspace, source: str, key: str):
    """The catalog record of `source` if it was built with `key` and all its files are in place."""
    from narrator.catalog import Catalog

    if source == "-" or not workspace.catalog_path.exists():
        return None
    with Catalog(workspace.catalog_path) as catalog:
        record = catalog.get(str(Path(source).resolve()))
    if record is None or record.build_key != key:
        return None
    files = [workspace.audio_dir / record.mp3, workspace.feed_dir / record.chapters_file,
             workspace.feed_dir / record.transcript_file, workspace.feed_dir / "feed.xml"]
    return record if all(f.exists() for f in files) else None


def slug_for(article: Article, source: str) -> str:
    """URL-safe, stable name: the file stem in ASCII, else a short hash of it."""
    stem = Path(source).stem if source != "-" else ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:60]
    if len(slug) >= 3:
        return slug
    basis = stem or article.title
    return "article-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:10]


def _abbreviations_file(workspace: Workspace) -> Path | None:
    path = workspace.lexicon_path.with_name("abbreviations.tsv")
    return path if path.exists() else None


def make_frontend_for(profile, workspace: Workspace | None, diacritise: bool | None = None):
    """The front end for a voice's text profile, with the workspace's lexicon.tsv and
    abbreviations.tsv where it has them (a missing file means the built-in lists only)."""
    from narrator.frontend import make_frontend

    return make_frontend(profile, workspace.lexicon_path if workspace else None, diacritise)


@contextlib.contextmanager
def workspace_lock(workspace: Workspace) -> Iterator[None]:
    """Serialise catalog update + feed write across processes, so concurrent builds
    never publish a feed that misses the other's episode."""
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    with open(workspace.state_dir / "publish.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def publish(workspace: Workspace, show: Show, obsolete: list[str] = ()) -> Path:
    """Write feed.xml and index.html from the catalog, then delete files nothing refers to.

    Deleting only after the new feed is in place means an app reading the feed
    never finds an enclosure that is gone. Call with the workspace lock held.
    """
    from narrator.catalog import Catalog
    from narrator.feed import write_feed
    from narrator.feed.page import write_page

    with Catalog(workspace.catalog_path) as catalog:
        records = catalog.list()
    feed_path = write_feed(workspace, show, records=records)
    write_page(workspace, show, records)
    in_use = set().union(*(r.files() for r in records))
    for name in obsolete:
        if name in in_use:
            continue
        for folder in (workspace.audio_dir, workspace.feed_dir):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
    return feed_path


def build_one(
    source: str,
    workspace: Workspace,
    show: Show,
    voice_spec,
    jobs: int = 1,
    progress: Progress | None = None,
    stdin: bytes | None = None,
    diacritise: bool | None = None,
    force: bool = False,
    voices: dict | None = None,
    source_url: str | None = None,
) -> BuildResult:
    """One article through every stage, or nothing at all when its episode is up to date.

    `voices` keeps the voice loaded for the first article that needed it, for the next ones.
    `source_url`: the web page the article file was extracted from (the feed's item <link>).
    """
    started = time.perf_counter()
    data = _source_bytes(source, stdin)
    source_hash = _hash(data)
    key = build_key(source_hash, voice_spec, show, workspace, diacritise)
    record = None if force else _up_to_date(workspace, source, key)
    if record is not None:
        return BuildResult(
            source=source, slug=record.slug, mp3=workspace.audio_dir / record.mp3, duration=record.duration,
            chapters=len(record.chapters), cached=record.chunks, seconds=time.perf_counter() - started,
            up_to_date=True,
        )
    episode, speech = _make_episode(source, data, source_hash, key, workspace, show, voice_spec, jobs, progress, diacritise,
                                    {} if voices is None else voices, source_url)
    return BuildResult(
        source=source,
        slug=episode.slug,
        mp3=episode.mp3_path,
        duration=episode.duration,
        chapters=len(episode.chapters),
        synthesised=speech.synthesised,
        cached=speech.cached,
        seconds=time.perf_counter() - started,
    )


def _make_episode(source, data, source_hash, key, workspace, show, voice_spec, jobs, progress, diacritise, voices,
                  source_url=None):
    """The stages themselves. Their heavy imports (numpy, pydub, onnxruntime...) happen
    here, so an up-to-date build never pays for them."""
    from narrator.cache import SynthesisCache
    from narrator.catalog import Catalog, record_from_episode
    from narrator.episode.assemble import make_episode
    from narrator.script import make_script
    from narrator.speech import synthesise
    from narrator.voices import load_voice

    article = read_article(source, data)  # the bytes already read and hashed, not read again
    size = sum(len(p) for ch in article.chapters for p in ch.paragraphs)
    if size > MAX_ARTICLE_CHARS:
        raise ArticleError(
            f"{source}: {size:,} characters is over the limit of {MAX_ARTICLE_CHARS:,} per article; split it"
        )
    if source != "-":
        article = replace(article, source=str(Path(source).resolve()))
    slug = slug_for(article, source)
    if voice_spec not in voices:  # loaded once per build; worker processes rebuild it from voice.spec
        voices[voice_spec] = load_voice(voice_spec)
    voice = voices[voice_spec]
    script = make_script(article, make_frontend_for(voice.profile, workspace, diacritise))
    speech = synthesise(script, voice, SynthesisCache(workspace.cache_dir), jobs=jobs, progress=progress)
    cover = (workspace.root / show.artwork) if show.artwork else None
    episode = make_episode(speech, article, show, workspace, slug, cover=cover, progress=getattr(progress, "step", None))
    with workspace_lock(workspace):
        with Catalog(workspace.catalog_path) as catalog:
            _, obsolete = catalog.upsert(record_from_episode(
                episode, article, voice_spec.id, source_hash, build_key=key,
                chunks=speech.synthesised + speech.cached, source_url=source_url,
            ))
        publish(workspace, show, obsolete)
    return episode, speech


def _fetched(source: str, workspace: Workspace) -> tuple[str, str | None]:
    """A URL is fetched into an article file first (named by its canonical URL, so two URLs
    of one story are one episode); a path is read as it is."""
    from narrator.web import is_url

    if not is_url(source):
        return source, None
    from narrator.web.pages import fetch_page

    page = fetch_page(source, workspace)
    return str(page.path), page.canonical_url


def build(
    sources: list[str],
    workspace: Workspace,
    show: Show,
    voice_spec,
    jobs: int = 1,
    progress: Callable[[str], Progress | None] | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    stdin: bytes | None = None,
    diacritise: bool | None = None,
    force: bool = False,
) -> list[BuildResult]:
    """Build every article; one that fails is reported and the others still build."""
    workspace.ensure()
    results = []
    voices: dict = {}
    for source in sources:
        try:
            path, url = _fetched(source, workspace)
            result = build_one(
                path, workspace, show, voice_spec, jobs,
                progress(source) if progress else None, stdin, diacritise, force, voices, source_url=url,
            )
            if url:
                result = replace(result, source=source)
        except NarratorError as exc:
            result = BuildResult(source=source, error=str(exc))
        results.append(result)
        if on_result:
            on_result(result)
    return results
