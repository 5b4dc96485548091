"""A workspace made read-only for the command, as on a read-only share: a real read-only
bind mount as root (who ignores permissions), the write bits taken away otherwise."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def tree(root: Path) -> dict:
    """Every path under root with its size and mtime: what a read-only command must not change."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@contextlib.contextmanager
def read_only(ws: Path) -> Iterator[Callable[..., list[str]]]:
    """Make `ws` read-only for narrator, as on a read-only share; yields argv(*args) -> the command.

    As root, permissions do not stop writes, so the command runs in a private mount namespace
    with `ws` bind-mounted read-only (skipped where that is not allowed); otherwise every file
    and folder under `ws` loses its write bits for the duration.
    """
    def argv(*args) -> list[str]:
        cmd = [sys.executable, "-m", "narrator", *map(str, args)]
        if os.geteuid() != 0:
            return cmd
        q = shlex.quote(str(ws))
        return ["unshare", "-m", "sh", "-c",
                f"mount --bind {q} {q} && mount -o remount,bind,ro {q} || exit 99; exec {shlex.join(cmd)}"]

    if os.geteuid() == 0:
        probe = subprocess.run(argv("--version"), capture_output=True) if shutil.which("unshare") else None
        if probe is None or probe.returncode != 0:
            pytest.skip("no read-only mount here (unshare -m not allowed)")
        yield argv
        return
    paths = [ws, *ws.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(modes[p] & ~0o222)
    try:
        yield argv
    finally:
        for p in reversed(paths):
            p.chmod(modes[p])
