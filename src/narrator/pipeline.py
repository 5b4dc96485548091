"""The whole job, top to bottom: article -> script -> speech -> episode -> catalog -> feed.

Only this module and cli.py know every stage.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import time
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from collections.abc import Set
from typing import TYPE_CHECKING, Callable

from narrator import __version__
from narrator.article import Article, read_article
from narrator.config import Show, resolve_path
from narrator.errors import ArticleError, NarratorError
from narrator.executors import BuildResult, Steps
from narrator.progress import Progress
from narrator.workspace import Workspace, workspace_lock

if TYPE_CHECKING:  # imported where used: an up-to-date build never loads the voices
    from narrator.episode.model import Episode
    from narrator.executors.remote import Job
    from narrator.speech import Speech
    from narrator.voices.base import VoiceSpec

log = logging.getLogger(__name__)

__all__ = ["STEPS", "BuildOptions", "BuildResult", "assemble", "build", "build_one", "load_source",
           "prepare_article", "publish", "remove_episode", "workspace_lock"]

MAX_ARTICLE_CHARS = 1_000_000
"""About 20 hours of speech: past this an article is refused rather than tying the machine up."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build, the same for every article of one `narrator build`."""

    voice_spec: VoiceSpec
    """The voice."""
    jobs: int = 1
    """Synthesis processes."""
    diacritise: bool | None = None
    """Diacritise before speaking; None: what the voice wants."""
    force: bool = False
    """Rebuild even when the episode is up to date (the synthesis cache is still used)."""
    stdin: bytes | None = None
    """What the source "-" reads."""
    batch_size: int = 1
    """Chunks per forward pass for a voice that batches (Coqui VITS); 1: one by one."""
    executor: str = "local"
    """Where synthesis runs: "local" (this process and its workers) or "ray" (see narrator.executors)."""
    address: str | None = None
    """The Ray cluster for executor "ray": "auto", "ray://host:10001"; None starts a local one."""
    cache: str | None = None
    """The synthesis cache: None for the workspace's folder, another folder, or s3://BUCKET/PREFIX."""


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
    return _read(source, data), _hash(data)


def _read(source: str, data: bytes | None) -> Article:
    """read_article, with a library's ValueError (YAML's date parser on `date: 2024-02-30`...)
    turned into the one-line ArticleError naming the file, not an internal error."""
    try:
        return read_article(source, data)
    except ValueError as exc:
        name = "<stdin>" if source == "-" else source
        raise ArticleError(f"{name}: cannot read: {exc}") from None


def _hash(data: bytes | None) -> str:
    return hashlib.sha256(data or b"").hexdigest()


def source_id(source: str, source_hash: str, root: Path | None = None) -> str:
    """Who an episode belongs to in the catalog: the article's path, relative to the
    workspace `root` when it lies inside it (so a workspace moved or copied elsewhere keeps
    its episodes), else absolute; for standard input, which has no name, its content (so
    two different articles piped in are two episodes, the same one piped again is one)."""
    if source == "-":
        return f"stdin:{source_hash[:16]}"
    path = Path(source).resolve()
    root = root.resolve() if root is not None else None
    return path.relative_to(root).as_posix() if root and path.is_relative_to(root) else str(path)


def build_key(source_hash: str, voice_spec, show: Show, workspace: Workspace, diacritise: bool | None) -> str:
    """Fingerprint of everything a build reads. Equal to the catalog's: nothing to redo.
    The front end's half (its rules, packages and the workspace's word files) and the voice's
    (model files, engine versions, options) come from each side's own fingerprint."""
    from narrator.fingerprint import file_digest
    from narrator.frontend import fingerprint as frontend_fingerprint
    from narrator.voices import voice_fingerprint

    parts = {
        "narrator": __version__,
        "source": source_hash,
        "frontend": frontend_fingerprint(workspace.lexicon_path, diacritise),
        "voice": voice_fingerprint(voice_spec),
        "show": asdict(show),
        "cover": file_digest(resolve_path(workspace.root, show.artwork) if show.artwork else None),
        "clips": [file_digest(resolve_path(workspace.root, c)) if c else "" for c in (show.intro, show.outro)],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _up_to_date(workspace: Workspace, owner: str, key: str):
    """The catalog record of `owner` if it was built with `key` and all its files are in place."""
    from narrator.catalog import open_catalog

    if not workspace.catalog_path.exists():
        return None
    with open_catalog(workspace) as catalog:
        record = catalog.get(owner)
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


def make_frontend_for(profile, workspace: Workspace | None, diacritise: bool | None = None):
    """The front end for a voice's text profile, with the workspace's lexicon.tsv and
    abbreviations.tsv where it has them (a missing file means the built-in lists only)."""
    from narrator.frontend import make_frontend

    return make_frontend(profile, workspace.lexicon_path if workspace else None, diacritise)


def _claim_slug(workspace: Workspace, wanted: str, owner: str, taken: Set[str] = frozenset()) -> str:
    """The slug this source already has, or `wanted` made unique (see Catalog.unique_slug),
    also against `taken`: slugs given to episodes still being built (narrator.executors.ray)."""
    from narrator.catalog import free_slug, open_catalog

    if not workspace.catalog_path.exists():
        return free_slug(wanted, taken)
    with open_catalog(workspace) as catalog:
        return catalog.unique_slug(wanted, owner, taken)


class _Publisher:
    """Writes the feed and the page for a list of episodes. Given to the catalog as
    before_commit, it runs inside the transaction with the episodes as they will be once
    committed, so a record the feed cannot render (or a feed that cannot be written) is
    never committed. Remembers the episodes the written feed names."""

    def __init__(self, workspace: Workspace, show: Show) -> None:
        self.workspace, self.show = workspace, show
        self.records: list = []
        self.feed_path: Path | None = None

    def __call__(self, records: list) -> None:
        from narrator.feed import publishable, write_feed
        from narrator.feed.page import write_page
        from narrator.feed.player import write_players

        shown = publishable(self.workspace, records)  # those whose MP3 is missing are left out
        self.feed_path = write_feed(self.workspace, self.show, records=shown)
        self.records = records  # from here on a published feed names their files
        write_page(self.workspace, self.show, shown)
        write_players(self.workspace, self.show, shown)

    def delete_unused(self, names) -> None:
        _delete_unused(self.workspace, self.records, names)


def _delete_unused(workspace: Workspace, records: list, names) -> None:
    """Delete the files in `names` that none of `records` refers to, once the feed without
    them is in place: an app reading the feed never finds an enclosure gone."""
    in_use = set().union(*(r.files() for r in records))
    for name in set(names) - in_use:
        for folder in (workspace.audio_dir, workspace.feed_dir):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()


def _commit(workspace: Workspace, show: Show, record) -> None:
    """Store the episode and publish the feed as one step (see _Publisher)."""
    commit_episodes(workspace, show, [record])


def commit_episodes(workspace: Workspace, show: Show, records: list, discard: bool = True) -> None:
    """Store episodes and publish the feed once, as one step: all of them or none (the Ray
    driver lands what finished together, so the feed is not rewritten per episode). With
    `discard`, the new files of episodes not stored are deleted (unless stored ones use them)."""
    from narrator.catalog import open_catalog

    publisher = _Publisher(workspace, show)
    with workspace_lock(workspace):
        try:
            with open_catalog(workspace) as catalog:
                stored = catalog.upsert_many(records, before_commit=publisher)
        except NarratorError:
            if discard and not publisher.records:  # no feed names the new files: leave nothing behind
                _discard(workspace, *records)
            raise
        publisher.delete_unused([name for _, obsolete in stored for name in obsolete])


def _discard(workspace: Workspace, *records) -> None:
    """Delete the files of episodes that were not stored, unless a stored episode uses them
    (a rebuild can produce the very files it already had). When the catalog cannot be
    read to tell, nothing is deleted."""
    from narrator.catalog import open_catalog

    try:
        with open_catalog(workspace) as catalog:
            stored = catalog.list()
    except NarratorError:
        return
    _delete_unused(workspace, stored, set().union(*(record.files() for record in records)))


def publish(workspace: Workspace, show: Show) -> Path:
    """Write feed.xml and index.html from the catalog (`narrator feed`)."""
    from narrator.catalog import open_catalog

    publisher = _Publisher(workspace, show)
    with workspace_lock(workspace):
        with open_catalog(workspace) as catalog:
            publisher(catalog.list())
    assert publisher.feed_path is not None  # the call above wrote it, or raised
    return publisher.feed_path


def remove_episode(workspace: Workspace, show: Show, episode: str):
    """Take an episode (slug or article path) out of the catalog and the feed, then delete its files."""
    from narrator.catalog import find_episode, open_catalog

    record = find_episode(workspace, episode)  # read-only: an unknown name changes nothing
    publisher = _Publisher(workspace, show)
    with workspace_lock(workspace):
        with open_catalog(workspace) as catalog:
            catalog.remove(record.slug, before_commit=publisher)
        publisher.delete_unused(record.files())
    return record


def build_one(source: str, workspace: Workspace, show: Show, options: BuildOptions,
              progress: Progress | None = None, voices: dict | None = None,
              source_url: str | None = None) -> BuildResult:
    """One article through every stage, or nothing at all when its episode is up to date.

    `voices` keeps the voice loaded for the first article that needed it, for the next ones.
    `source_url`: the web page the article file was extracted from (the feed's item <link>).
    """
    started = time.perf_counter()
    data, source_hash, key, done = _check(source, source, workspace, show, options, started)
    if done is not None:
        return done
    episode, speech, note = _make_episode(source, data, source_hash, key, workspace, show, options, progress,
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
        note=note,
    )


def _check(path: str, shown: str, workspace: Workspace, show: Show, options: BuildOptions, started: float):
    """(data, source hash, build key, the BuildResult of an episode already up to date or None)
    for the article file `path` (`shown`: how results name it)."""
    data = _source_bytes(path, options.stdin)
    source_hash = _hash(data)
    key = build_key(source_hash, options.voice_spec, show, workspace, options.diacritise)
    record = None if options.force else _up_to_date(workspace, source_id(path, source_hash, workspace.root), key)
    if record is None:
        return data, source_hash, key, None
    return data, source_hash, key, BuildResult(
        source=shown, slug=record.slug, mp3=workspace.audio_dir / record.mp3, duration=record.duration,
        chapters=len(record.chapters), cached=record.chunks, seconds=time.perf_counter() - started,
        up_to_date=True,
    )


def _checked_article(source: str, data: bytes | None) -> Article:
    article = _read(source, data)  # the bytes already read and hashed, not read again
    size = sum(len(p) for ch in article.chapters for p in ch.paragraphs)
    if size > MAX_ARTICLE_CHARS:
        raise ArticleError(
            f"{source}: {size:,} characters is over the limit of {MAX_ARTICLE_CHARS:,} per article; split it"
        )
    return article


def _speech(article: Article, workspace: Workspace, options: BuildOptions, progress, voices: dict):
    """Script and synthesis with the build's one loaded voice (loaded here for the first article)."""
    from narrator.cache_s3 import open_cache
    from narrator.script import make_script
    from narrator.speech import synthesise
    from narrator.voices import load_voice

    if options.voice_spec not in voices:  # loaded once per build; worker processes rebuild it from voice.spec
        voices[options.voice_spec] = load_voice(options.voice_spec)
    voice = voices[options.voice_spec]
    script = make_script(article, make_frontend_for(voice.profile, workspace, options.diacritise))
    return synthesise(script, voice, open_cache(options.cache, workspace), jobs=options.jobs,
                      progress=progress, batch_size=options.batch_size)


def _make_episode(source, data, source_hash, key, workspace, show, options: BuildOptions, progress, voices,
                  source_url=None):
    """The stages themselves. Their heavy imports (numpy, pydub, onnxruntime...) happen
    here, so an up-to-date build never pays for them."""
    from narrator.catalog import record_from_episode

    article, slug, note = prepare_article(source, data, source_hash, workspace)
    image = _episode_image(article, source, workspace, slug)
    episode, speech = assemble(article, slug, workspace, show, options, progress, voices, cover=image)
    _commit(workspace, show, record_from_episode(
        episode, article, options.voice_spec.id, source_hash, build_key=key,
        chunks=speech.synthesised + speech.cached, source_url=source_url,
        image_file=image.name if image else None,
    ))
    return episode, speech, note


def _episode_image(article: Article, source: str, workspace: Workspace, slug: str) -> Path | None:
    """The article's picture as feed/<slug>-<hash>.jpg (see feed.artwork.episode_artwork), or
    None. A picture that cannot be had is a warning: the episode keeps the show's cover."""
    if not article.image:
        return None
    from narrator.feed.artwork import ArtworkError, read_article_image

    try:
        return read_article_image(article.image, source, workspace, slug)
    except (ArtworkError, NarratorError) as exc:
        log.warning("%s: picture %s %s; the episode uses the show's cover", source, article.image[:200], exc)
        return None


def prepare_article(source: str, data: bytes | None, source_hash: str, workspace: Workspace, taken=frozenset()):
    """(article, slug, note): the article as the catalog will know it, before any synthesis.
    The driver's part; `taken`: slugs of episodes still being built elsewhere."""
    article = _checked_article(source, data)
    owner = source_id(source, source_hash, workspace.root)
    article = replace(article, source=owner)
    wanted = slug_for(article, source)
    slug = _claim_slug(workspace, wanted, owner, taken)
    note = f"named '{slug}': '{wanted}' is another article's" if slug != wanted else None
    return article, slug, note


def assemble(article: Article, slug: str, workspace: Workspace, show: Show, options: BuildOptions,
             progress: Progress | None = None, voices: dict | None = None, cover: Path | None = None):
    """(episode, speech): the article spoken and made into its finished files in `workspace`
    (for the Ray executor, a worker's scratch workspace, with the cover image given)."""
    from narrator.episode.assemble import make_episode

    speech = _speech(article, workspace, options, progress, {} if voices is None else voices)
    if cover is None and show.artwork:
        cover = resolve_path(workspace.root, show.artwork)  # as podcast.toml's check read it: `~` too
    episode = make_episode(speech, article, show, workspace, slug, cover=cover,
                           progress=progress.step if progress else None)
    return episode, speech


# --- the steps an executor runs (narrator.executors.Steps) -----------------------------------

def plan_job(source: str, workspace: Workspace, show: Show, options: BuildOptions,
             taken: Set[str] = frozenset()) -> BuildResult | tuple[Job, Article]:
    """On the driver: a BuildResult when the episode is up to date (nothing to send
    anywhere), else (Job, article): everything a worker needs, and the article as the catalog
    will know it. Raises NarratorError for an article that cannot be read."""
    from narrator.executors.remote import Job

    started = time.perf_counter()
    path, url = _fetched(source, workspace)  # a web page is fetched here, once
    data, source_hash, key, done = _check(path, source if url else path, workspace, show, options, started)
    if done is not None:
        return done
    article, slug, note = prepare_article(path, data, source_hash, workspace, taken)
    image = _episode_image(article, path, workspace, slug)
    job = Job(source=path, data=data or b"", source_hash=source_hash, build_key=key, owner=article.source,
              slug=slug, note=note, source_url=url, given=source if url else None,
              image=image.read_bytes() if image else None, image_file=image.name if image else None)
    return job, article


def assemble_job(job: Job, workspace: Workspace, show: Show, options: BuildOptions, voices: dict,
                 cover: Path | None) -> tuple[Episode, Speech]:
    """On a worker: the job's article spoken and made into its finished files in the
    (scratch) `workspace`, as assemble does on the local path."""
    article = replace(_checked_article(job.source, job.data), source=job.owner)
    return assemble(article, job.slug, workspace, show, options, None, voices, cover=cover)


def _fetched(source: str, workspace: Workspace) -> tuple[str, str | None]:
    """A URL is fetched into an article file first (named by its canonical URL, so two URLs
    of one story are one episode; a story already built from a followed feed keeps that
    item's file, so it is rebuilt in place, not made a second episode); a path is read as
    it is."""
    from narrator.web import is_url

    if not is_url(source):
        return source, None
    from narrator.web.pages import fetch_page, web_dir

    def known_slug(canonical: str, title: str) -> str | None:
        if not workspace.catalog_path.exists():
            return None
        from narrator.catalog import open_catalog

        with open_catalog(workspace) as catalog:
            record = catalog.by_story(canonical, title)
        if record is None:
            return None
        file = workspace.root / record.source
        return file.stem if file.parent.resolve() == web_dir(workspace).resolve() else None

    page = fetch_page(source, workspace, known_slug)
    return str(page.path), page.canonical_url


def build(
    sources: list[str],
    workspace: Workspace,
    show: Show,
    options: BuildOptions,
    progress: Callable[[str], Progress | None] | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build every article; one that fails is reported and the others still build.

    `progress(source)` makes the Progress of one article (or None for none). With
    options.executor "ray" the articles are built on a cluster (narrator.executors.ray).
    """
    if options.executor != "local":
        from narrator.executors import executor_for

        return executor_for(options.executor).build(sources, workspace, show, options, STEPS, progress, on_result)
    workspace.ensure()
    results = []
    voices: dict = {}
    for source in sources:
        try:
            path, url = _fetched(source, workspace)
            result = build_one(path, workspace, show, options, progress(source) if progress else None,
                               voices, source_url=url)
            if url:
                result = replace(result, source=source)
        except NarratorError as exc:
            result = BuildResult(source=source, error=str(exc))
        results.append(result)
        if on_result:
            on_result(result)
    return results


STEPS = Steps(plan=plan_job, assemble=assemble_job, commit=commit_episodes, delete_unused=_delete_unused)
"""What an executor runs of the pipeline: the same steps as the local path's."""
