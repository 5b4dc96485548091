"""STAGE 3: Script + voice + cache -> Speech (audio of every chunk, kept on disk)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from narrator.cache import ChunkCache
from narrator.errors import NarratorError, VoiceError
from narrator.script import Chunk, Script
from narrator.voices.base import Voice, VoiceSpec


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

WORKER_START_S = 20.0
"""How long the build waits, SIGINT held, for its workers to be started (normally < 1 s)."""


def synthesise(
    script: Script,
    voice: Voice | VoiceSpec,
    cache: ChunkCache,
    jobs: int = 1,
    progress: Progress | None = None,
    batch_size: int = 1,
) -> Speech:
    """Speak every chunk of `script` with `voice` (loaded, or a spec to load), reusing the cache.

    Audio stays on disk. Identical texts are synthesised once. With jobs > 1 and a voice
    whose backend allows it (espeak, piper: see the registry), chunks are spread over worker
    processes, each building its own voice from the picklable `voice.spec` and writing
    straight into the cache. With batch_size > 1 and a voice that batches (single-speaker
    Coqui VITS), the uncached chunks go to the model in groups of similar length, one
    forward pass each; every chunk still lands in the cache under its own key.
    """
    import narrator.voices

    if isinstance(voice, VoiceSpec):
        voice = narrator.voices.voice_from_spec(voice)
    spec = getattr(voice, "spec", None)  # without one, a voice cannot be rebuilt in a worker
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
    for key, (title, chunk) in zip(keys, chunks, strict=True):
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
    if workers > 1 and spec is not None and narrator.voices.runs_in_processes(spec):
        pool, futures, interrupted = _start_pool(workers, spec, cache, work)
        with pool:
            try:
                if interrupted:
                    raise KeyboardInterrupt
                for future in as_completed(futures):
                    key = futures[future]
                    try:
                        path, samples = future.result()
                    except Exception as exc:
                        raise _chunk_error(voice.id, *missing[key], exc) from None
                    landed(key, path, samples)
            except BaseException:
                # The executor cancels what has not started; running chunks finish (seconds).
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    elif batch_size > 1 and getattr(voice, "batches", False) and len(work) > 1:
        from narrator.batching import buckets

        for bucket in buckets([len(text) for _, text in work], batch_size):
            for key, path, samples in _speak_batch(voice, cache, [work[i] for i in bucket], missing):
                landed(key, path, samples)
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


def _speak(voice, cache: ChunkCache, key: str, text: str) -> tuple[Path, int]:
    samples = voice.synthesise(text)
    if samples is None or len(samples) == 0:
        raise VoiceError("the voice produced no audio")
    samples = np.asarray(samples, dtype=np.float32)
    return cache.put(key, samples, voice.sample_rate), len(samples)


def _speak_batch(voice, cache: ChunkCache, items: list[tuple[str, str]],
                 missing: dict[str, tuple[str, Chunk]]) -> list[tuple[str, Path, int]]:
    """(key, path, samples) for each item, synthesised in one batch. When the batch fails,
    its chunks are spoken one by one so the error names the chunk that cannot be spoken."""
    try:
        audio = voice.synthesise_batch([text for _, text in items])
        if len(audio) != len(items) or any(a is None or len(a) == 0 for a in audio):
            raise VoiceError("the voice produced no audio")
    except Exception:
        audio = None
    out = []
    for n, (key, text) in enumerate(items):
        if audio is None:
            try:
                path, samples = _speak(voice, cache, key, text)
            except Exception as exc:
                raise _chunk_error(voice.id, *missing[key], exc) from None
        else:
            wave = np.asarray(audio[n], dtype=np.float32)
            path, samples = cache.put(key, wave, voice.sample_rate), len(wave)
        out.append((key, path, samples))
    return out


def _chunk_error(voice_id: str, title: str, chunk: Chunk, exc: Exception) -> VoiceError:
    sentence = " ".join(chunk.sentence.split())
    sentence = sentence if len(sentence) <= 60 else sentence[:57] + "..."
    reason = str(exc) if isinstance(exc, NarratorError) else f"{type(exc).__name__}: {exc}"
    reason = " ".join(reason.split())[:160]
    return VoiceError(f"{voice_id} could not speak chapter {title!r}, sentence {sentence!r}: {reason}")


# Worker-process state: one voice and cache per process, built once by the pool initializer.
_worker: dict = {}


def _worker_init(spec: VoiceSpec, cache: ChunkCache, started) -> None:
    from narrator.voices import voice_from_spec

    _worker_hygiene()
    started.release()

    _worker["voice"] = voice_from_spec(spec)
    _worker["cache"] = cache  # a folder's or a bucket's (narrator.cache_s3): picklable either way


def _worker_speak(key: str, text: str) -> tuple[Path, int]:
    return _speak(_worker["voice"], _worker["cache"], key, text)


def _start_pool(workers: int, spec: VoiceSpec, cache: ChunkCache, work: list[tuple[str, str]]):
    """(pool, {future: key}, interrupted) with every worker started and ignoring SIGINT.

    A Ctrl-C while workers start would kill one mid-start (a traceback, a broken pool), so
    until each has run its initializer SIGINT is deferred here (`interrupted` notes it) and
    blocked, so that the fork server, hence every worker, inherits it blocked.
    """
    from multiprocessing import forkserver, resource_tracker

    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    # Started before the block: starting it unblocks SIGINT in this thread (CPython 3.11).
    resource_tracker.ensure_running()
    with _sigint_deferred() as interrupted:
        if context.get_start_method() == "forkserver":
            forkserver.ensure_running()
        started = context.Semaphore(0)
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                   initargs=(spec, cache, started))
        futures = {pool.submit(_worker_speak, key, text): key for key, text in work}
        deadline = time.monotonic() + WORKER_START_S
        for _ in range(workers):
            if not started.acquire(timeout=max(0.0, deadline - time.monotonic())):
                break  # a worker that failed to start: its futures report it
    return pool, futures, interrupted


@contextlib.contextmanager
def _sigint_deferred():
    """SIGINT noted (the yielded list gets an entry) instead of raised, and blocked in this
    thread, for the duration; an ignored SIGINT stays ignored."""
    interrupted: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else lambda *_: interrupted.append(True))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield interrupted
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGINT, previous)


def _worker_hygiene() -> None:
    """A worker dies with the build and leaves Ctrl-C to it.

    Workers are children of multiprocessing's fork server, not of the build, and each
    holds the fork server's keep-alive pipe, so neither notices a SIGKILLed build on its
    own: they would wait for work forever. multiprocessing gives every child a sentinel
    of the process that started it (the build), readable once that process is gone; a
    watch thread exits the worker then. SIGINT reaches the whole foreground process
    group: the build reports it in one line and stops the pool, so a worker must not
    print its own traceback from inside the voice library.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True, name="exit-with-build").start()


def _exit_with(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(1)
