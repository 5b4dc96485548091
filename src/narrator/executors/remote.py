"""One article built away from its workspace: what the driver sends, what a worker makes,
and how the driver takes it back.

    steps.plan    (driver)  -> up to date (a BuildResult), or a Job: the article's bytes,
                               its build key, owner and slug, everything the worker needs
    run_job(job)  (worker)  -> Assembled: speech and the finished files (MP3, chapters JSON,
                               WebVTT) made in a scratch workspace of the worker's own, then
                               staged (on the bucket, or carried back in the result)
    receive(job)  (driver)  -> the files into audio/ and feed/ (checked by SHA-256) and the
                               catalog record, which the driver commits with the feed
                               (steps.commit), as the local path does

A worker reads nothing of the workspace: the lexicon, abbreviations, grammar/ and wordlists/
tables, cover, intro and outro travel in Inputs, an article's own picture (fetched and converted by the
driver) in its Job, and the synthesis cache is a bucket (`--cache s3://...`) or a folder every
node mounts at the same path. Planning and assembly are the pipeline's own steps (Steps, handed
down by narrator.pipeline.build), so both paths make the same files byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import ConfigError, NarratorError
from narrator.executors import Assemble, BuildResult, Steps

if TYPE_CHECKING:
    from narrator.episode.model import Episode


@dataclass(frozen=True, slots=True)
class Inputs:
    """The workspace files an episode reads besides its article, read once by the driver."""

    lexicon: bytes | None = None
    abbreviations: bytes | None = None
    cover: bytes | None = None
    cover_name: str = "cover"
    clips: tuple[tuple[str, bytes], ...] = ()
    """The show's intro and outro ("intro.ogg", bytes), as podcast.toml names them."""
    tables: tuple[tuple[str, bytes], ...] = ()
    """The front end's folders of tables beside the lexicon (grammar/*.tsv, wordlists/**/*.tsv),
    each by its path relative to the lexicon's folder: all of them make the text spoken."""
    error: str | None = None
    """Why the cover cannot be read: every article fails with it, as on the local path."""

    @classmethod
    def of(cls, workspace, show) -> "Inputs":
        def read(path: Path | None) -> bytes | None:
            with contextlib.suppress(OSError):
                return path.read_bytes() if path and path.is_file() else None
            return None

        from narrator.config import resolve_path

        cover, error, clips = None, None, []
        if show.artwork:
            path = resolve_path(workspace.root, show.artwork)
            try:
                cover = path.read_bytes()
            except OSError as exc:
                error = f"cover image {path}: {exc.strerror or exc}"
        for role in ("intro", "outro"):
            if getattr(show, role):
                path = resolve_path(workspace.root, getattr(show, role))
                try:
                    clips.append((role + path.suffix, path.read_bytes()))
                except OSError as exc:
                    error = error or f"{role} {path}: {exc.strerror or exc}"
        base = workspace.lexicon_path.parent  # what frontend.make_frontend reads beside lexicon.tsv
        found = [*sorted((base / "grammar").glob("*.tsv")), *sorted((base / "wordlists").rglob("*.tsv"))]
        tables = tuple((p.relative_to(base).as_posix(), p.read_bytes()) for p in found)
        abbreviations = workspace.lexicon_path.with_name("abbreviations.tsv")  # as write() puts it back
        return cls(read(workspace.lexicon_path), read(abbreviations), cover,
                   "cover" + Path(str(show.artwork or "")).suffix, tuple(clips), tables, error)

    def show_for(self, show, workspace):
        """`show` with its intro and outro at their copies in the worker's scratch workspace."""
        named = {name.split(".")[0]: name for name, _ in self.clips}
        return replace(show, **{role: str(workspace.root / named[role]) for role in named})

    def write(self, workspace) -> Path | None:
        """Into a worker's scratch workspace; the cover's path there, if any."""
        if self.lexicon is not None:
            workspace.lexicon_path.write_bytes(self.lexicon)
        if self.abbreviations is not None:
            workspace.lexicon_path.with_name("abbreviations.tsv").write_bytes(self.abbreviations)
        for name, data in self.clips:
            (workspace.root / name).write_bytes(data)
        for name, data in self.tables:
            path = workspace.lexicon_path.parent / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if self.cover is None:
            return None
        cover = workspace.root / self.cover_name
        cover.write_bytes(self.cover)
        return cover


@dataclass(frozen=True, slots=True)
class Job:
    """One article for a worker; `source` names it in messages and picks its reader."""

    source: str
    data: bytes
    source_hash: str
    build_key: str
    owner: str
    """Who the episode belongs to in the catalog (its source id, on the driver)."""
    slug: str
    note: str | None = None
    source_url: str | None = None
    given: str | None = None
    """The source as the user gave it (a URL), when `source` is the file fetched from it."""
    image: bytes | None = None
    """The article's own picture, converted by the driver (feed/`image_file`): its cover."""
    image_file: str | None = None


@dataclass(frozen=True, slots=True)
class StagedFile:
    name: str
    """File name in audio/ (the MP3) or feed/ (chapters JSON, WebVTT)."""
    folder: str
    sha256: str
    staged: str | None = None
    """Its name on the bucket's staging area; None when `data` carries it."""
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Assembled:
    episode: Episode
    """Its paths still the worker's."""
    files: tuple[StagedFile, ...]
    synthesised: int
    cached: int
    seconds: float
    node: str = ""
    """host:pid of the worker that made it (bench and tests)."""
    span: tuple[float, float] = (0.0, 0.0)
    """Wall-clock (time.time) start and end of the task on its worker."""


def worker_options(options, workspace):
    """The options a worker builds with: one process (the cluster is the parallelism), and
    the cache named so another machine finds it (the workspace's folder by its path)."""
    cache = options.cache or str(workspace.cache_dir)
    if not cache.startswith("s3://"):
        cache = str(Path(cache).expanduser().resolve())  # a worker's working folder is not ours
    return replace(options, executor="local", jobs=1, stdin=None, cache=cache)


def staging_for(cache: str | None):
    """Where finished files travel: the cache's bucket, or (None) inside the task's result."""
    if cache and cache.startswith("s3://"):
        from narrator.cache_s3 import S3Staging

        return S3Staging(cache)
    return None


def run_job(job: Job, inputs: Inputs, show, options, assemble: Assemble, voices: dict | None = None) -> Assembled:
    """On a worker: speak and assemble the article in a scratch workspace of its own (under
    TMPDIR, gone afterwards) with `assemble` (Steps.assemble) and stage the finished files."""
    from narrator.workspace import Workspace

    started, began = time.perf_counter(), time.time()
    if inputs.error:
        raise ConfigError(inputs.error)
    staging = staging_for(options.cache)
    with tempfile.TemporaryDirectory(prefix=f"narrator-task-{os.getpid()}-") as tmp:
        workspace = Workspace(Path(tmp))
        cover = inputs.write(workspace)
        if job.image is not None:
            cover = workspace.root / (job.image_file or "picture.jpg")
            cover.write_bytes(job.image)
        episode, speech = assemble(job, workspace, inputs.show_for(show, workspace), options,
                                   {} if voices is None else voices, cover)
        files = []
        for folder, path in (("audio", episode.mp3_path), ("feed", episode.chapters_path),
                             ("feed", episode.transcript_path)):
            path = Path(path)
            if staging is not None:
                name, digest = staging.upload(path)
                files.append(StagedFile(path.name, folder, digest, staged=name))
            else:
                data = path.read_bytes()
                files.append(StagedFile(path.name, folder, hashlib.sha256(data).hexdigest(), data=data))
    return Assembled(episode, tuple(files), speech.synthesised, speech.cached, time.perf_counter() - started,
                     f"{os.uname().nodename}:{os.getpid()}", (began, time.time()))


def receive(job: Job, article, assembled: Assembled, workspace, options, steps: Steps):
    """On the driver: the worker's files into the workspace; (catalog record, BuildResult)
    for the driver to commit. Files of a result that cannot be received are removed."""
    from narrator.catalog import open_catalog, record_from_episode
    from narrator.workspace import atomic_write_bytes

    staging = staging_for(options.cache)
    targets = {}
    try:
        for f in assembled.files:
            if Path(f.name).name != f.name or f.folder not in ("audio", "feed"):
                raise NarratorError(f"{job.source}: a worker returned a bad file name {f.name!r}")
            target = (workspace.audio_dir if f.folder == "audio" else workspace.feed_dir) / f.name
            targets[f.name] = target
            if f.staged is not None:
                if staging is None:
                    raise NarratorError(f"{job.source}: a worker staged {f.name} but no bucket is configured")
                staging.download(f.staged, f.sha256, target, workspace.tmp_dir)
            else:
                if f.data is None or hashlib.sha256(f.data).hexdigest() != f.sha256:
                    raise NarratorError(f"{job.source}: {f.name} was damaged on its way from the worker")
                try:
                    atomic_write_bytes(target, f.data, workspace.tmp_dir)
                except OSError as exc:  # a full disk: this article's failure, in one line
                    raise NarratorError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(NarratorError):  # what no stored episode uses goes again
            with open_catalog(workspace) as catalog:
                steps.delete_unused(workspace, catalog.list(), targets)
        raise
    episode = assembled.episode
    episode = replace(episode, mp3_path=targets[Path(episode.mp3_path).name],
                      chapters_path=targets[Path(episode.chapters_path).name],
                      transcript_path=targets[Path(episode.transcript_path).name])
    record = record_from_episode(
        episode, article, options.voice_spec.id, job.source_hash, build_key=job.build_key,
        chunks=assembled.synthesised + assembled.cached, source_url=job.source_url,
        image_file=job.image_file,
    )
    return record, BuildResult(
        source=job.given or job.source, slug=episode.slug, mp3=episode.mp3_path, duration=episode.duration,
        chapters=len(episode.chapters), synthesised=assembled.synthesised, cached=assembled.cached,
        seconds=assembled.seconds, note=job.note,
    )
