"""Progress reporting: the protocol the library calls, and the terminal bar the CLI draws."""

from __future__ import annotations

import sys
import time
from typing import Protocol


class Progress(Protocol):
    """What a build reports to: chunks as they are spoken, then each episode step."""

    def __call__(self, done: int, total: int, cached: bool) -> None:
        """`done` of `total` chunks spoken; `cached` when this one came from the cache."""

    def step(self, name: str) -> None:
        """An episode step after synthesis starts ("stitch", "loudness", "encode"...)."""


class TerminalProgress:
    """A Progress drawing one line on stderr."""

    def __init__(self, label: str):
        self.label = label
        self.started = time.monotonic()
        self.cached = 0

    def __call__(self, done: int, total: int, cached: bool) -> None:
        self.cached += bool(cached)
        elapsed = time.monotonic() - self.started
        eta = elapsed / done * (total - done) if done else 0
        width = 24
        bar = "#" * int(width * done / max(total, 1))
        sys.stderr.write(
            f"\r{self.label[-30:]:30} [{bar:<{width}}] {done}/{total} "
            f"({self.cached} cached, {done - self.cached} synthesised) ETA {eta:4.0f}s"
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def step(self, name: str) -> None:
        sys.stderr.write(f"\r{self.label[-30:]:30} {name}...{' ' * 40}\r")
        sys.stderr.flush()
