"""Workspace folders and atomic writes."""

from __future__ import annotations

import os
import time

import pytest

from narrator.workspace import STALE_TMP_S, atomic_path, atomic_write_text, open_workspace


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "feed.xml"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed half-way")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"], "no temp file left behind"
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o644, "published files are readable by a web server"


def test_ensure_sweeps_only_stale_temp_files(tmp_path):
    ws = open_workspace(tmp_path).ensure()
    stale, fresh = ws.tmp_dir / ".old.mp3.tmp", ws.tmp_dir / ".new.mp3.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - STALE_TMP_S - 60
    os.utime(stale, (old, old))
    ws.ensure()
    assert not stale.exists() and fresh.exists()
    assert ws.audio_dir.is_dir() and ws.feed_dir.is_dir() and ws.cache_dir.is_dir()
