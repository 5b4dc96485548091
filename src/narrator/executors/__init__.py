"""Where a build's synthesis runs: `narrator build --executor local|ray`.

An executor has one function, `build(sources, workspace, show, options, progress, on_result)
-> list[BuildResult]`, with the contract of narrator.pipeline.build: one bad article is
reported in its result and the others still build. Whatever runs where, every chunk lands
in the content-addressed synthesis cache (the workspace's folder, or a bucket: --cache), the
episodes are the same files byte for byte, and the catalog and the feed are written by the
driver (this process) alone.
"""

from __future__ import annotations

from importlib import import_module

from narrator.errors import ConfigError

EXECUTORS = {
    "local": "narrator.executors.local",  # this process (and its --jobs workers): the default
    "ray": "narrator.executors.ray",  # a Ray cluster; the optional `ray` extra
}


def executor_for(name: str):
    """The module that runs builds for executor `name` (ConfigError, one line, if unknown)."""
    if name not in EXECUTORS:
        raise ConfigError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
    return import_module(EXECUTORS[name])


def summary_line(results) -> str:
    """One line for a build of many articles: how many built, up to date, failed and why."""
    built = sum(1 for r in results if r.error is None and not r.up_to_date)
    current = sum(1 for r in results if r.up_to_date)
    failed = [r for r in results if r.error]
    line = f"{built} built, {current} up to date, {len(failed)} failed"
    if failed:
        reasons = "; ".join(" ".join(r.error.split())[:120] for r in failed[:3])
        more = f"; and {len(failed) - 3} more" if len(failed) > 3 else ""
        line += f": {reasons}{more}"
    return line
