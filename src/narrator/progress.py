"""Terminal progress for synthesis: chunks done, cached vs synthesised, ETA."""

from __future__ import annotations

import sys
import time


class TerminalProgress:
    """Callable progress(done, total, cached) drawing one line on stderr."""

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
        """An episode step after synthesis (stitch, loudness, encode...): one line each."""
        sys.stderr.write(f"\r{self.label[-30:]:30} {name}...{' ' * 40}\r")
        sys.stderr.flush()
