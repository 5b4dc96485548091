"""`narrator serve`: serve a workspace's feed/ and audio/ to podcast apps over HTTP.

Built on the standard library's ThreadingHTTPServer rather than a web framework: the
job is a handful of static files plus one rendered feed, and what apps need beyond
that (HEAD, single byte ranges, validators, CORS) is ~150 lines here, while a
framework would add a dependency and still need its range handling checked. One
thread per connection lets many apps and range requests run at once.

Only files under feed/ and audio/ are ever served; every path is checked before
and after resolving symlinks.
"""

from __future__ import annotations

from typing import Callable, Sequence

from narrator.config import Show
from narrator.errors import FeedError
from narrator.serve.addresses import feed_urls, lan_addresses
from narrator.serve.feed_cache import FEED_CACHE_HOSTS, FeedCache
from narrator.serve.handler import (
    HEAD_DEADLINE_S, LISTEN_BACKLOG, MAX_CONNECTIONS, MAX_PER_ADDRESS, SOCKET_TIMEOUT_S, NarratorServer,
)
from narrator.serve.protocol import FEED_PATH, PAGE_PATH, content_type, parse_range
from narrator.workspace import Workspace

__all__ = [
    "FEED_CACHE_HOSTS", "FEED_PATH", "HEAD_DEADLINE_S", "LISTEN_BACKLOG", "MAX_CONNECTIONS", "MAX_PER_ADDRESS",
    "PAGE_PATH", "SOCKET_TIMEOUT_S",
    "FeedCache", "NarratorServer", "content_type", "feed_urls", "lan_addresses", "make_server", "parse_range",
    "serve",
]


def make_server(
    workspace: Workspace,
    show: Show,
    host: str = "127.0.0.1",
    port: int = 8000,
    records: Callable[[], Sequence] | None = None,
    max_connections: int = MAX_CONNECTIONS,
    socket_timeout: float = SOCKET_TIMEOUT_S,
    max_per_address: int = MAX_PER_ADDRESS,
    head_deadline: float = HEAD_DEADLINE_S,
) -> NarratorServer:
    """A bound, not yet running server (port 0 picks a free port: see server_address).

    `records` returns the episodes for the per-request feed (default: the workspace's
    catalog); it is used only when show.base_url is empty, else feed.xml is served as written.
    """
    cache = None if show.base_url else FeedCache(workspace, show, records)
    try:
        return NarratorServer((host, port), workspace, cache, max_connections, socket_timeout, max_per_address,
                              head_deadline)
    except (OSError, OverflowError) as exc:
        raise FeedError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None


def serve(
    workspace: Workspace,
    show: Show,
    host: str = "127.0.0.1",
    port: int = 8000,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C stops it cleanly); `ready` gets each line to show."""
    if not workspace.feed_dir.is_dir() and not workspace.audio_dir.is_dir():
        raise FeedError(f"{workspace.root} has no feed/ or audio/ folder: build an episode first")
    server = make_server(workspace, show, host, port)
    bound_port = server.server_address[1]
    if ready:
        for url in feed_urls(host, bound_port):
            ready(f"feed: {url}")
        page = feed_urls(host, bound_port)[0].replace(FEED_PATH, PAGE_PATH)
        ready(f"page: {page}")
        if show.base_url:
            ready(f"note: feed.xml is served as written; its enclosures point to {show.base_url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
