"""STAGE 3: Script + voice + cache -> Speech (audio of every chunk, kept on disk)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from narrator.cache import SynthesisCache
from narrator.errors import NarratorError, VoiceError
from narrator.script import Chunk, Script
from narrator.voices.base import VoiceSpec


@dataclass(frozen=True, slots=True)
class SpokenChunk:
    chunk: Chunk
    audio_path: Path
    """FLAC file in the synthesis cache (mono, `Speech.sample_rate`)."""
    samples: int
    """Length in samples, before any trimming."""
    cached: bool
    """True when this chunk came from the cache without synthesis."""


@dataclass(frozen=True, slots=True)
class Speech:
    script: Script
    voice_id: str
    sample_rate: int
    chapters: tuple[tuple[SpokenChunk, ...], ...]
    """Parallel to script.chapters; audio stays on disk so long articles never sit in memory."""
    synthesised: int
    cached: int


Progress = Callable[[int, int, bool], None]
"""progress(done, total, was_cached), called once per chunk of the script."""

PARALLEL_PREFIXES = ("espeak:",)
"""Backends cheap to start in a worker process. Coqui loads a model of a gigabyte or more and
uses its own threads, so it always runs in this process (`jobs` is ignored for it)."""


def synthesise(
    script: Script,
    spec: VoiceSpec,
    cache: SynthesisCache,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Speech:
    """Speak every chunk of `script` with the voice `spec`, reusing the cache; audio stays on disk.

    Identical texts are synthesised once. With jobs > 1, espeak chunks are spread over
    worker processes (libespeak-ng has global state: parallelism means processes), each
    building its own voice from the picklable spec and writing straight into the cache.
    """
    from narrator.voices import voice_from_spec

    voice = voice_from_spec(spec)
    if script.profile != voice.profile.name:
        raise VoiceError(
            f"the script was rendered for text profile {script.profile!r} but {voice.id} wants {voice.profile.name!r}"
        )
    identity = voice.cache_identity()
    chunks = [(chapter.title, chunk) for chapter in script.chapters for chunk in chapter.chunks]
    keys = [cache.key(identity, chunk.text) for _, chunk in chunks]
    total = len(chunks)

    found: dict[str, tuple[Path, int]] = {}  # key -> (audio path, samples)
    missing: dict[str, tuple[str, Chunk]] = {}  # key -> first (chapter title, chunk) that needs it
    for key, (title, chunk) in zip(keys, chunks):
        if key in found or key in missing:
            continue
        entry = cache.lookup(key, voice.sample_rate)
        if entry is not None:
            found[key] = entry
        else:
            missing[key] = (title, chunk)

    # Report cached chunks first, then each synthesised one as it lands.
    done = 0
    waiting: dict[str, int] = {}
    for key in keys:
        if key in found:
            done += 1
            if progress:
                progress(done, total, True)
        else:
            waiting[key] = waiting.get(key, 0) + 1

    def landed(key: str, path: Path, samples: int) -> None:
        nonlocal done
        found[key] = (path, samples)
        for n in range(waiting.pop(key)):
            done += 1
            if progress:
                progress(done, total, n > 0)  # repeats of a text are served by the first synthesis

    work = [(key, chunk.text) for key, (_, chunk) in missing.items()]
    workers = min(max(jobs, 1), len(work))
    if workers > 1 and spec.id.startswith(PARALLEL_PREFIXES):
        context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(spec, cache.directory)) as pool:
            futures = {pool.submit(_worker_speak, key, text): key for key, text in work}
            try:
                for future in as_completed(futures):
                    key = futures[future]
                    try:
                        path, samples = future.result()
                    except Exception as exc:
                        raise _chunk_error(voice.id, *missing[key], exc) from None
                    landed(key, path, samples)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    else:
        for key, text in work:
            try:
                path, samples = _speak(voice, cache, key, text)
            except Exception as exc:
                raise _chunk_error(voice.id, *missing[key], exc) from None
            landed(key, path, samples)

    spoken = []
    it = iter(keys)
    seen: set[str] = set()
    for chapter in script.chapters:
        row = []
        for chunk in chapter.chunks:
            key = next(it)
            path, samples = found[key]
            row.append(SpokenChunk(chunk, path, samples, cached=key not in missing or key in seen))
            seen.add(key)
        spoken.append(tuple(row))
    return Speech(
        script=script,
        voice_id=voice.id,
        sample_rate=voice.sample_rate,
        chapters=tuple(spoken),
        synthesised=len(missing),
        cached=total - len(missing),
    )


def _speak(voice, cache: SynthesisCache, key: str, text: str) -> tuple[Path, int]:
    samples = voice.synthesise(text)
    if samples is None or len(samples) == 0:
        raise VoiceError("the voice produced no audio")
    samples = np.asarray(samples, dtype=np.float32)
    return cache.put(key, samples, voice.sample_rate), len(samples)


def _chunk_error(voice_id: str, title: str, chunk: Chunk, exc: Exception) -> VoiceError:
    sentence = " ".join(chunk.sentence.split())
    sentence = sentence if len(sentence) <= 60 else sentence[:57] + "..."
    reason = str(exc) if isinstance(exc, NarratorError) else f"{type(exc).__name__}: {exc}"
    reason = " ".join(reason.split())[:160]
    return VoiceError(f"{voice_id} could not speak chapter {title!r}, sentence {sentence!r}: {reason}")


# Worker-process state: one voice and cache per process, built once by the pool initializer.
_worker: dict = {}


def _worker_init(spec: VoiceSpec, cache_dir: Path) -> None:
    from narrator.voices import voice_from_spec

    _worker_hygiene()

    _worker["voice"] = voice_from_spec(spec)
    _worker["cache"] = SynthesisCache(cache_dir)


def _worker_speak(key: str, text: str) -> tuple[Path, int]:
    return _speak(_worker["voice"], _worker["cache"], key, text)


def _worker_hygiene() -> None:
    """A worker dies with the build and leaves Ctrl-C to it.

    Workers are children of multiprocessing's fork server (itself a child of the build),
    so PR_SET_PDEATHSIG (Linux) kills them when the fork server exits, which it does as
    soon as the build is gone, SIGKILL included; a watch thread covers systems without
    prctl. SIGINT reaches the whole foreground process group: the build reports it in
    one line and stops the pool, so a worker must not print its own traceback from
    inside the voice library.
    """
    import signal
    import threading

    from narrator.ffmpeg import set_parent_death_signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not set_parent_death_signal(signal.SIGKILL):
        parent = os.getppid()
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
