"""Where a build's synthesis runs: `narrator build --executor local|ray`.

"local" is narrator.pipeline.build itself (this process and its --jobs workers). Any other
executor is a module with one function, `build(sources, workspace, show, options, steps,
progress, on_result) -> list[BuildResult]`, with the contract of narrator.pipeline.build: one
bad article is reported in its result and the others still build. Whatever runs where, every
chunk lands in the content-addressed synthesis cache (the workspace's folder, or a bucket:
--cache), the episodes are the same files byte for byte, and the catalog and the feed are
written by the driver (this process) alone.

Executors sit below the pipeline and import nothing of it: it hands them its own steps
(Steps), so an executor plans, assembles and commits episodes exactly as the local path does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrator.errors import ConfigError

if TYPE_CHECKING:
    from narrator.article import Article
    from narrator.catalog import EpisodeRecord
    from narrator.config import Show
    from narrator.episode.model import Episode
    from narrator.executors.remote import Job
    from narrator.pipeline import BuildOptions
    from narrator.speech import Speech
    from narrator.workspace import Workspace

EXECUTORS = {
    "ray": "narrator.executors.ray",  # a Ray cluster; the optional `ray` extra
}
"""Executors other than "local" (which is narrator.pipeline.build itself)."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What became of one source of a build, whichever executor built it."""

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
    note: str | None = None
    """Something the user should know about this episode, e.g. why its slug is not the usual one."""


Assemble = Callable[["Job", "Workspace", "Show", "BuildOptions", dict[Any, Any], "Path | None"],
                    "tuple[Episode, Speech]"]
"""On a worker: (job, scratch workspace, show, options, loaded voices, cover) -> the episode's
finished files made there, and the speech's account (Steps.assemble)."""


@dataclass(frozen=True, slots=True)
class Steps:
    """The pipeline's own steps, handed to an executor by narrator.pipeline.build."""

    plan: Callable[[str, Workspace, Show, BuildOptions, Set[str]], BuildResult | tuple[Job, Article]]
    """On the driver: (source, workspace, show, options, slugs in flight) -> a BuildResult when
    the episode is up to date, else the Job a worker needs and the article as the catalog will
    know it. Raises NarratorError for an article that cannot be read."""
    assemble: Assemble
    """On a worker (see Assemble). A module-level function: it travels to the worker by name."""
    commit: Callable[[Workspace, Show, list[EpisodeRecord], bool], None]
    """On the driver: (workspace, show, records, discard) store episodes and publish the feed
    as one step, all or none; with discard, the new files of episodes not stored are deleted."""
    delete_unused: Callable[[Workspace, list[EpisodeRecord], Iterable[str]], None]
    """(workspace, stored records, file names): delete the files none of the records uses."""


def executor_for(name: str):
    """The module that runs builds for executor `name` (ConfigError, one line, if unknown)."""
    if name not in EXECUTORS:
        raise ConfigError(f"unknown executor {name!r}; choose one of local, {', '.join(EXECUTORS)}")
    return import_module(EXECUTORS[name])


def summary_line(results: list[BuildResult]) -> str:
    """One line for a build of many articles: how many built, up to date, failed and why."""
    built = sum(1 for r in results if r.error is None and not r.up_to_date)
    current = sum(1 for r in results if r.up_to_date)
    failed = [r.error for r in results if r.error]
    line = f"{built} built, {current} up to date, {len(failed)} failed"
    if failed:
        reasons = "; ".join(" ".join(error.split())[:120] for error in failed[:3])
        more = f"; and {len(failed) - 3} more" if len(failed) > 3 else ""
        line += f": {reasons}{more}"
    return line
