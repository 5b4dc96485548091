"""Where a build's synthesis runs: `narrator build --executor local|ray`.

An executor has one function, `build(sources, workspace, show, options, progress, on_result)
-> list[BuildResult]`, with the contract of narrator.pipeline.build: one bad article is
reported in its result and the others still build. Whatever runs where, every chunk lands
in the workspace's content-addressed synthesis cache, and the episodes, the catalog and the
feed are made by the driver (this process) from it.
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
