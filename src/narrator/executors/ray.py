"""The Ray executor: an archive fanned out over a Ray cluster, one task per article.

    narrator build --executor ray [--address auto | ray://head:10001] [--cache s3://B/P] ARTICLES...

The driver (this process) decides first which articles are up to date, reading only its
workspace: when all are, Ray is never started or joined. Each article that needs work becomes
one task, which speaks it and assembles its finished files (MP3, chapters JSON, WebVTT) in a
scratch folder of the worker's own (narrator.executors.remote); the driver takes the files
back (checked by SHA-256), writes the catalog record and the feed, as the local path does,
so both give the same episodes byte for byte.

Nothing needs a shared folder when the synthesis cache is a bucket (`--cache s3://...`):
chunks and finished files go through it. With the default folder cache, every worker must
reach the workspace's cache folder at the same path (one machine, or a shared mount), and
the finished files come back inside the task results.

An archive of any size: at most `window` tasks are in flight (by default twice the cluster's
CPUs, or GPUs with --device cuda, followed as the cluster grows); the next article is read and
submitted as one finishes, and whatever finished together is landed together (one feed write).
A task asks for 1 CPU (1 GPU with --device cuda) and a memory hint that grows with the
article's length, so a node is not handed more long articles than it can hold.

Failures: a worker that dies mid-task (killed, out of memory, node lost) is retried up to
MAX_RETRIES times; what it cached or staged stays (objects are written once, by content,
so a retry writes nothing twice); an article that cannot be spoken is reported in its
result and the others finish. Needs the optional `ray` extra, and narrator installed on
every node (a local instance started here is given this process's import path).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from narrator.errors import ExecutorError, NarratorError
from narrator.executors import BuildResult, Steps

MAX_RETRIES = 3
"""Tries after the first when a worker dies mid-task (Ray's max_retries)."""
INSTALL_HINT = "--executor ray needs the ray extra: pip install 'narrator[ray]'"
WINDOW_PER_SLOT = 2
"""Tasks in flight per CPU (GPU): one running, one queued behind it, so no slot waits on the driver."""
MEMORY_BASE = 512 * 2**20
"""Memory hint per task: a worker with its voice, ffmpeg and the stitched episode."""
MEMORY_PER_CHAR = 256
"""... plus this per character of the article (its script, cues and chapter list grow with it)."""
LAND_BATCH = 512
"""Finished articles committed together at most: one catalog transaction and one feed write
for all. A feed write costs time in proportion to the catalog (about 0.15 s per 1,000
episodes, bench/CLUSTER.md): written per article, it would cap one driver at a few hundred
articles an hour once the catalog holds 100k. Batches form by themselves: whatever finished
while the driver was landing the last batch is the next one."""

_voices: dict = {}  # per worker process: a voice loaded by one task serves the next


def require_ray() -> None:
    """ExecutorError (one line) unless ray can be imported; imports nothing (ray takes seconds)."""
    from importlib.util import find_spec

    try:
        found = find_spec("ray") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ExecutorError(INSTALL_HINT)


def _import_ray():
    try:
        import ray
    except ImportError:
        raise ExecutorError(INSTALL_HINT) from None
    return ray


def build_task(job, inputs, show, options, assemble):
    """Runs in a Ray worker: narrator.executors.remote.run_job, with this process's voices."""
    from narrator.executors.remote import run_job

    return run_job(job, inputs, show, options, assemble, voices=_voices)


def _connect(ray, address: str | None) -> bool:
    """Join the cluster at `address` (None: start a local instance). True when started here."""
    if ray.is_initialized():
        return False
    import narrator

    env = {k: os.environ[k] for k in ("AWS_ENDPOINT_URL",) if os.environ.get(k)}  # never credentials
    if address is None:  # a local instance: its workers import narrator from where this process does
        here = str(Path(narrator.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    if env:
        kwargs["runtime_env"] = {"env_vars": env}
    try:
        ray.init(address=address, **kwargs)
    except Exception as exc:  # ConnectionError, ValueError...: the user needs the gist on one line
        where = address or "a local Ray instance"
        raise ExecutorError(f"cannot start or reach {where}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None
    return True


def _task_error(ray, source: str, exc: Exception) -> str:
    cause = getattr(exc, "cause", None)
    if isinstance(cause, NarratorError):
        return str(cause)
    if isinstance(exc, (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError)):
        return f"{source}: the Ray worker building it died {MAX_RETRIES + 1} times; run the build again to resume"
    if isinstance(exc, ray.exceptions.OutOfMemoryError):
        return f"{source}: the Ray worker building it ran out of memory {MAX_RETRIES + 1} times"
    reason = cause if cause is not None else exc
    return f"{source}: {type(reason).__name__}: {' '.join(str(reason).split())[:200]}"


def memory_hint(job) -> int:
    """Bytes of memory a task asks Ray for (a scheduling hint, not a limit)."""
    return MEMORY_BASE + MEMORY_PER_CHAR * len(job.data)


WINDOW_REFRESH_S = 10.0
"""How often the default window follows the cluster's size (an autoscaler adds nodes as it
sees tasks waiting, so the window must grow with them)."""


def default_window(ray, gpu: bool) -> int:
    resources = ray.cluster_resources()
    slots = resources.get("GPU" if gpu else "CPU", 1)
    return max(2, int(WINDOW_PER_SLOT * slots))


def build(sources, workspace, show, options, steps: Steps, progress=None, on_result=None,
          window: int | None = None, on_task=None):
    """narrator.pipeline.build's contract on a Ray cluster, with the pipeline's `steps`
    (narrator.pipeline.STEPS). `window`: tasks in flight at most (default: default_window);
    `on_task(assembled)`: each task's own account (bench, tests)."""
    from narrator.executors.remote import Inputs, receive, worker_options

    require_ray()  # before anything is touched: without ray, nothing changes
    workspace.ensure()
    bar = progress(f"{len(sources)} articles") if progress else None
    finished = 0

    def report(n: int, result: BuildResult) -> None:
        nonlocal finished
        results[n] = result
        finished += 1
        if bar:
            bar(finished, len(sources), result.up_to_date)
        if on_result:
            on_result(result)

    results: dict[int, BuildResult] = {}
    pending: dict = {}  # ref -> (n, job, article)
    taken: set[str] = set()  # slugs of episodes in flight
    inputs = Inputs.of(workspace, show)
    on_worker = worker_options(options, workspace)
    # ray (untyped) and the remote function, once the first article with work to do joins a cluster
    ray: Any = None
    remote: Any = None
    started, inputs_ref = False, None
    slots = window if window is not None else 0  # tasks in flight at most
    fixed, refresh_at, gpu = window is not None, 0.0, options.voice_spec.option("device") == "cuda"

    def finish_some() -> None:
        """Wait for a task, take every other one finished by then too, and land them together."""
        ready, _ = ray.wait(list(pending), num_returns=1)
        rest = [ref for ref in pending if ref not in ready]
        if rest:
            ready += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
        received = []  # (n, record, result)
        for ref in ready[:LAND_BATCH]:
            n, job, article = pending.pop(ref)
            taken.discard(job.slug)
            source = job.given or job.source
            try:
                assembled = ray.get(ref)
            except Exception as exc:  # a task's failure as Ray hands it back (its own class, with .cause)
                report(n, BuildResult(source=source, error=_task_error(ray, source, exc)))
                continue
            if on_task:
                on_task(assembled)
            try:
                received.append((n, *receive(job, article, assembled, workspace, options, steps)))
            except NarratorError as exc:
                report(n, BuildResult(source=source, error=str(exc)))
        if not received:
            return
        try:
            steps.commit(workspace, show, [record for _, record, _ in received], False)
        except NarratorError:
            for n, record, result in received:  # one by one, so one episode's trouble stays its own
                try:
                    steps.commit(workspace, show, [record], True)
                except NarratorError as exc:
                    result = BuildResult(source=result.source, error=str(exc))
                report(n, result)
            return
        for n, _, result in received:
            report(n, result)

    try:
        for n, source in enumerate(sources):
            try:
                planned = steps.plan(source, workspace, show, options, taken)
            except NarratorError as exc:
                report(n, BuildResult(source=source, error=str(exc)))
                continue
            if isinstance(planned, BuildResult):
                report(n, planned)
                continue
            job, article = planned
            if inputs.error:
                report(n, BuildResult(source=source, error=inputs.error))
                continue
            if ray is None:  # the first article with work to do: only now is there a cluster to find
                ray = _import_ray()
                started = _connect(ray, options.address)
                remote = ray.remote(max_retries=MAX_RETRIES, retry_exceptions=False, num_cpus=1,
                                    num_gpus=1 if gpu else 0)(build_task)
                inputs_ref = ray.put(inputs)  # once, not in every task's arguments
            if not fixed and time.monotonic() >= refresh_at:
                slots, refresh_at = default_window(ray, gpu), time.monotonic() + WINDOW_REFRESH_S
            while len(pending) >= slots:
                finish_some()
            taken.add(job.slug)
            ref = remote.options(memory=memory_hint(job)).remote(job, inputs_ref, show, on_worker, steps.assemble)
            pending[ref] = (n, job, article)
        while pending:
            finish_some()
    except BaseException:
        for ref in pending:  # Ctrl-C: nothing new starts; what is cached or staged stays
            ray.cancel(ref)
        raise
    finally:
        if started:
            ray.shutdown()
    return [results[n] for n in sorted(results)]
