"""The local executor: today's path, every stage in this process (synthesis in --jobs workers)."""

from __future__ import annotations

from dataclasses import replace


def build(sources, workspace, show, options, progress=None, on_result=None):
    from narrator.pipeline import build as build_here

    return build_here(sources, workspace, show, replace(options, executor="local"), progress, on_result)
