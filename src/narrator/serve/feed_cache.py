"""The feed rendered per client-visible host, re-rendered when the catalog changes."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Final, Sequence

from narrator.config import Show
from narrator.errors import NarratorError
from narrator.workspace import Workspace

log = logging.getLogger(__package__)

FEED_CACHE_HOSTS: Final = 8
"""Rendered feeds kept, one per Host header: a handful of real names (localhost, the LAN IP,
a host name), never one per header a client makes up."""


class FeedCache:
    """The feed rendered per client-visible host, re-rendered when the catalog changes.

    Used only when show.base_url is empty: enclosure URLs must name the address the
    app itself used (e.g. the LAN IP a phone typed), which only the request knows.
    """

    def __init__(self, workspace: Workspace, show: Show, records: Callable[[], Sequence] | None = None):
        self._workspace = workspace
        self._show = show
        self._from_catalog = records is None
        self._records = records or self._catalog_records
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()

    def _catalog_records(self) -> Sequence:
        # Imported late: only serving a feed needs them. Read-only: serving never writes.
        from narrator.catalog import open_catalog
        from narrator.feed import publishable

        with open_catalog(self._workspace, readonly=True) as catalog:
            return publishable(self._workspace, catalog.list())

    def usable(self) -> bool:
        """False in a workspace with no catalog yet: then feed.xml on disk (if any) is served."""
        return not self._from_catalog or self._workspace.catalog_path.is_file()

    def _version(self) -> tuple:
        # SQLite may hold recent commits in its -wal file; both stamps decide freshness.
        stamps: list[tuple[int, int] | None] = []
        for p in (self._workspace.catalog_path, Path(f"{self._workspace.catalog_path}-wal")):
            try:
                st = p.stat()
                stamps.append((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                stamps.append(None)
        return tuple(stamps)

    def _artwork_name(self) -> str:
        from narrator.feed.artwork import ensure_artwork

        try:
            return ensure_artwork(self._workspace, self._show).name
        except (NarratorError, OSError) as exc:  # a bad cover (or a read-only feed/) must not stop the episodes
            log.warning("feed served without artwork: %s", exc)
            return ""

    def feed(self, host: str) -> bytes:
        key = (host, self._version())
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        from narrator.feed import DEFAULT_BASE_URL, render_feed

        # podcast:guid names the show, not the address this client typed: every client
        # gets the guid of the written feed.xml, whatever its Host header says.
        data = render_feed(self._show, list(self._records()), f"http://{host}/", self._artwork_name(),
                           guid_base=self._show.base_url or DEFAULT_BASE_URL)
        with self._lock:
            # Old catalog versions are never asked for again; of the current one, keep the
            # hosts asked for most recently, so made-up Host headers cannot fill memory.
            for old in [k for k in self._cache if k[1] != key[1]]:
                del self._cache[old]
            self._cache[key] = data
            while len(self._cache) > FEED_CACHE_HOSTS:
                self._cache.popitem(last=False)
        return data

    def hosts(self) -> list[str]:
        """The hosts whose feed is held now, least recently asked first."""
        with self._lock:
            return [k[0] for k in self._cache]
