"""The Ray executor: an archive's synthesis fanned out over a Ray cluster.

    narrator build --executor ray [--address auto | ray://head:10001] ARTICLES...

One Ray task per article speaks all of its chunks into the workspace's content-addressed
synthesis cache (`.narrator/cache`), which every worker must reach as the same folder (one
machine, or a shared file system mounted at the same path). Each worker process keeps the
voices it loaded for the next task, so a GPU worker loads its model once. The driver (this
process) fetches web pages, waits for the tasks in the order they finish, and makes each
episode, the catalog record and the feed itself from the cache, as the local path does, so
both give the same episodes.

Failures: a worker that dies mid-task (killed, out of memory, node lost) is retried up to
MAX_RETRIES times and loses nothing already cached; an article that cannot be spoken (a
NarratorError in the task) is reported in its result and the others finish; a re-run finds
every finished chunk in the cache and every finished episode up to date.

Needs the optional `ray` extra, and narrator installed on every node (a local instance
started here is given this process's import path).
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

from narrator.errors import ExecutorError, NarratorError

MAX_RETRIES = 3
"""Tries after the first when a worker dies mid-task (Ray's max_retries)."""
INSTALL_HINT = "--executor ray needs the ray extra: pip install 'narrator[ray]'"

_voices: dict = {}  # per worker process: a voice loaded by one task serves the next


def require_ray():
    try:
        import ray
    except ImportError:
        raise ExecutorError(INSTALL_HINT) from None
    return ray


def speak_task(source: str, root: str, show, options):
    """Runs in a Ray worker: the article's chunks into the shared cache (narrator.pipeline.speak_one)."""
    from narrator.pipeline import speak_one
    from narrator.workspace import open_workspace

    return speak_one(source, open_workspace(root), show, options, voices=_voices)


def _connect(ray, address: str | None) -> bool:
    """Join the cluster at `address` (None: start a local instance). True when started here."""
    if ray.is_initialized():
        return False
    import narrator

    kwargs = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    if address is None:  # a local instance: its workers import narrator from where this process does
        here = str(Path(narrator.__file__).resolve().parents[1])
        path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
        kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": path}}
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
        return f"{source}: the Ray worker speaking it died {MAX_RETRIES + 1} times; run the build again to resume"
    reason = cause if cause is not None else exc
    return f"{source}: {type(reason).__name__}: {' '.join(str(reason).split())[:200]}"


def build(sources, workspace, show, options, progress=None, on_result=None):
    from narrator.pipeline import BuildResult, _fetched, build_one

    ray = require_ray()  # before anything is touched: without ray, nothing changes
    workspace.ensure()
    started = _connect(ray, options.address)
    local = replace(options, executor="local")
    gpu = 1 if options.voice_spec.option("device") == "cuda" else 0
    remote = ray.remote(speak_task).options(
        max_retries=MAX_RETRIES, retry_exceptions=False, num_cpus=1, num_gpus=gpu,
    )
    results: dict[int, BuildResult] = {}
    pending: dict = {}
    voices: dict = {}  # the driver's voice: for the cache keys and the text profile
    try:
        for n, source in enumerate(sources):
            try:
                path, url = _fetched(source, workspace)  # web pages are fetched here, once
            except NarratorError as exc:
                results[n] = _report(BuildResult(source=source, error=str(exc)), on_result)
                continue
            # jobs=1: Ray is the parallelism; a task's own process pool would oversubscribe its CPU.
            pending[remote.remote(path, str(workspace.root), show, replace(local, jobs=1))] = (n, source, path, url)
        while pending:
            [ref], _ = ray.wait(list(pending), num_returns=1)
            n, source, path, url = pending.pop(ref)
            try:
                spoken = ray.get(ref)
            except Exception as exc:  # a task's failure as Ray hands it back (its own class, with .cause)
                results[n] = _report(BuildResult(source=source, error=_task_error(ray, source, exc)), on_result)
                continue
            try:  # every chunk is in the cache now: the driver assembles and publishes
                result = build_one(path, workspace, show, local, progress(source) if progress else None,
                                   voices, source_url=url)
                if not result.up_to_date:  # the worker synthesised; the driver found it all cached
                    result = replace(result, synthesised=spoken.synthesised, cached=spoken.cached)
                if url:
                    result = replace(result, source=source)
            except NarratorError as exc:
                result = BuildResult(source=source, error=str(exc))
            results[n] = _report(result, on_result)
    except BaseException:
        for ref in pending:  # Ctrl-C: nothing new starts; what is cached stays
            ray.cancel(ref)
        raise
    finally:
        if started:
            ray.shutdown()
    return [results[n] for n in sorted(results)]


def _report(result, on_result):
    if on_result:
        on_result(result)
    return result
