"""What every Ray worker of the executor tests runs first (Ray's worker_process_setup_hook):
the crash-once voice (crash_voice), and a guard that makes the worker unable to touch the
folder named by NARRATOR_TEST_FORBID, where the tests keep the drivers' workspaces.

The guard is a Python audit hook: opening, listing, creating, renaming or removing anything
under that folder, or starting a program that names it, raises PermissionError and is
noted in $TMPDIR/forbidden.log. A build whose worker needs the driver's folder then fails.
"""

from __future__ import annotations

import os
import sys

import crash_voice

_EVENTS = {"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink",
           "shutil.copyfile", "shutil.rmtree"}


def setup() -> None:
    crash_voice.register_backend()
    root = os.environ.get("NARRATOR_TEST_FORBID")
    if root:
        _guard(os.path.abspath(root), os.path.join(os.environ.get("TMPDIR", "/tmp"), "forbidden.log"))


def _guard(root: str, log_path: str) -> None:
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    prefix = root.rstrip("/") + "/"

    def inside(value) -> bool:
        if isinstance(value, (bytes, os.PathLike)):
            value = os.fsdecode(value)
        return isinstance(value, str) and (os.path.abspath(value) + "/").startswith(prefix)

    def hook(event: str, args: tuple) -> None:
        if event in _EVENTS:
            named = args[:2] if event in ("os.rename", "shutil.copyfile", "os.symlink") else args[:1]
        elif event == "subprocess.Popen":
            named = [a for a in (args[1] or []) if isinstance(a, (str, bytes, os.PathLike))]
        else:
            return
        for value in named:
            if inside(value):
                os.write(log, f"{os.getpid()} {event} {os.fsdecode(value)}\n".encode())
                raise PermissionError(f"a worker may not touch the driver's folder: {event} {value}")

    sys.addaudithook(hook)
