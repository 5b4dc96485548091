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

import email.utils
import hashlib
import logging
import re
import socket
import struct
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import unquote, urlsplit

from narrator.config import Show
from narrator.errors import FeedError, NarratorError
from narrator.workspace import Workspace

log = logging.getLogger(__name__)

FEED_PATH = "/feed/feed.xml"
PAGE_PATH = "/feed/index.html"
BLOCK = 64 * 1024
"""Bytes per write when streaming a file: MP3s are never read whole into memory."""
MAX_CONNECTIONS = 128
"""Connections served at once (one thread each); more are answered 503 at once and closed,
so idle or slow clients cannot use up threads and file descriptors."""
SOCKET_TIMEOUT_S = 30.0
"""A connection that sends or reads nothing for this long is closed (idle keep-alive, slow clients)."""
LISTEN_BACKLOG = 128
"""Connections the kernel queues while every thread is busy (the standard library's default is 5)."""
FEED_CACHE_HOSTS = 8
"""Rendered feeds kept, one per Host header: a handful of real names (localhost, the LAN IP,
a host name), never one per header a client makes up."""
_MAX_DIGITS = 18
"""A byte position with more digits is past the end of any file (and int() of 5,000 digits is an error)."""

_TYPES = (
    (".chapters.json", "application/json+chapters"),
    (".mp3", "audio/mpeg"),
    (".xml", "application/rss+xml; charset=utf-8"),
    (".vtt", "text/vtt; charset=utf-8"),
    (".srt", "application/x-subrip; charset=utf-8"),
    (".json", "application/json"),
    (".html", "text/html; charset=utf-8"),
    (".png", "image/png"),
    (".jpg", "image/jpeg"),
    (".jpeg", "image/jpeg"),
    (".css", "text/css; charset=utf-8"),
    (".js", "text/javascript; charset=utf-8"),
    (".txt", "text/plain; charset=utf-8"),
)
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BEYOND = 10 ** _MAX_DIGITS
# Encoded separators and dots are refused outright rather than decoded: no legitimate
# file name narrator writes contains them, and decoding them is how traversal sneaks in.
_BAD_RAW = re.compile(r"%(2f|5c|2e|00)|\\|\x00", re.IGNORECASE)


def content_type(name: str) -> str:
    lower = name.lower()
    for suffix, kind in _TYPES:
        if lower.endswith(suffix):
            return kind
    return "application/octet-stream"


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """One "Range:" header -> (first, last) inclusive, None (send all) or "unsatisfiable".

    Multiple ranges and malformed headers are answered with the whole file (RFC 9110
    lets a server ignore Range), which every podcast app accepts.
    """
    if not header:
        return None
    m = _RANGE.match(header.strip().replace(" ", ""))
    if not m or (not m.group(1) and not m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if not first:  # suffix: the last N bytes
        n = _number(last)
        if n == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - n), size - 1
    start = _number(first)
    if start >= size:
        return "unsatisfiable"
    end = _number(last) if last else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)


def _number(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else _BEYOND


@dataclass(frozen=True, slots=True)
class _Resource:
    """What one GET/HEAD answers with: a file on disk or bytes rendered for this request."""

    name: str
    size: int
    etag: str
    mtime: float
    path: Path | None = None
    data: bytes | None = None


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
        stamps = []
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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: apps and browsers issue many range requests
    server_version = "narrator"
    server: "NarratorServer"

    @property
    def timeout(self) -> float:  # socketserver sets it on the socket: idle connections end
        return self.server.socket_timeout

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    # --- routing -------------------------------------------------------------------

    def _answer(self, body: bool) -> None:
        try:
            target = self._route()
            if isinstance(target, HTTPStatus):
                return self._status(target, body)
            if target.startswith("redirect:"):
                return self._redirect(target[len("redirect:"):])
            resource = self._resource(target)
            if resource is None:
                return self._status(HTTPStatus.NOT_FOUND, body)
            self._send(resource, body)
        except (ConnectionError, TimeoutError):
            log.debug("client %s went away", self.address_string())
            self.close_connection = True
        except Exception as exc:  # an answer, never a dead connection or a traceback
            log.warning("serving %s failed: %s", self.path, exc)
            self._status(HTTPStatus.INTERNAL_SERVER_ERROR, body)

    def _route(self) -> str | HTTPStatus:
        """Request path -> "feed/<name>" / "audio/<name>", a redirect, or a refusal."""
        raw = urlsplit(self.path).path
        if _BAD_RAW.search(raw):
            return HTTPStatus.FORBIDDEN
        try:
            path = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return HTTPStatus.NOT_FOUND
        if path in ("", "/", "/feed", "/feed/"):
            return "redirect:" + PAGE_PATH
        parts = path.split("/")
        if parts[0] != "" or len(parts) < 3 or parts[1] not in ("feed", "audio"):
            return HTTPStatus.NOT_FOUND
        rest = parts[2:]
        if any(p in ("", ".", "..") or p.startswith(".") or "\x00" in p or "\\" in p for p in rest):
            return HTTPStatus.FORBIDDEN
        return "/".join(parts[1:])

    def _resource(self, rel: str) -> _Resource | None:
        ws = self.server.workspace
        if "/" + rel == FEED_PATH and self.server.feed_cache and self.server.feed_cache.usable():
            host = self.headers.get("Host") or self.server.own_host()
            if len(host) > 255 or not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
                host = self.server.own_host()
            data = self.server.feed_cache.feed(host)
            etag = '"f-' + hashlib.sha256(data).hexdigest()[:20] + '"'
            mtime = ws.catalog_path.stat().st_mtime if ws.catalog_path.exists() else 0.0
            return _Resource(name="feed.xml", size=len(data), etag=etag, mtime=mtime, data=data)
        base = (ws.audio_dir if rel.startswith("audio/") else ws.feed_dir).resolve()
        candidate = base / rel.split("/", 1)[1]
        try:
            real = candidate.resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError, RuntimeError, OSError):
            return None
        # A symlink may point anywhere; only what resolves inside the served folder goes out.
        if not real.is_relative_to(base) or not real.is_file():
            return None
        st = real.stat()
        etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}"'
        return _Resource(name=real.name, size=st.st_size, etag=etag, mtime=st.st_mtime, path=real)

    # --- answers -------------------------------------------------------------------

    def _status(self, status: HTTPStatus, body: bool) -> None:
        text = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_modified(self, res: _Resource) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or res.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                when = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return int(res.mtime) <= when
        return False

    def _range_applies(self, res: _Resource) -> bool:
        """If-Range: honour Range only when the client's copy is still this one."""
        cond = self.headers.get("If-Range")
        if not cond:
            return True
        cond = cond.strip()
        if cond.startswith('"') or cond.startswith("W/"):
            return cond == res.etag  # strong comparison only (RFC 9110 13.1.5)
        return cond == email.utils.formatdate(res.mtime, usegmt=True)

    def _common_headers(self, res: _Resource) -> None:
        self.send_header("Content-Type", content_type(res.name))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", res.etag)
        self.send_header("Last-Modified", email.utils.formatdate(res.mtime, usegmt=True))
        # Chapters and transcripts are fetched by web players on other origins; nothing
        # served here is private, so every answer may be read cross-origin.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Content-Range, Content-Length, ETag")

    def _send(self, res: _Resource, body: bool) -> None:
        if self._not_modified(res):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", res.etag)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            return
        span = parse_range(self.headers.get("Range"), res.size) if self._range_applies(res) else None
        if span == "unsatisfiable":
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{res.size}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if span is None:
            first, last = 0, res.size - 1
            self.send_response(HTTPStatus.OK)
        else:
            first, last = span
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {first}-{last}/{res.size}")
        length = max(0, last - first + 1)
        self._common_headers(res)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if body and length:
            self._copy(res, first, length)

    def _copy(self, res: _Resource, first: int, length: int) -> None:
        if res.data is not None:
            self.wfile.write(res.data[first:first + length])
            return
        with open(res.path, "rb") as fh:
            fh.seek(first)
            while length > 0:
                block = fh.read(min(BLOCK, length))
                if not block:  # the file shrank under us; the client sees a short body
                    break
                self.wfile.write(block)
                length -= len(block)


class NarratorServer(ThreadingHTTPServer):
    daemon_threads = True  # a hung client never blocks shutdown
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address, workspace: Workspace, feed_cache: FeedCache | None,
                 max_connections: int = MAX_CONNECTIONS, socket_timeout: float = SOCKET_TIMEOUT_S):
        self.workspace = workspace
        self.feed_cache = feed_cache
        self.socket_timeout = socket_timeout
        self.max_connections = max_connections
        self._slots = threading.BoundedSemaphore(max_connections)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def own_host(self) -> str:
        """host:port of the listening socket, as a URL writes it (IPv6 in brackets)."""
        host, port = self.server_address[0], self.server_address[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            log.warning("%d connections open; refusing %s", self.max_connections, client_address[0])
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
                                b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        """One line per failed connection, never a traceback: resets and timeouts are
        what clients do (an app stops a download, a phone leaves the Wi-Fi)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.info("connection from %s ended: %s", client_address[0], exc.__class__.__name__)
        else:
            log.warning("connection from %s failed: %s: %s", client_address[0], exc.__class__.__name__, exc)


def make_server(
    workspace: Workspace,
    show: Show,
    host: str = "127.0.0.1",
    port: int = 8000,
    records: Callable[[], Sequence] | None = None,
    max_connections: int = MAX_CONNECTIONS,
    socket_timeout: float = SOCKET_TIMEOUT_S,
) -> NarratorServer:
    """A bound, not yet running server (port 0 picks a free port: see server_address).

    `records` returns the episodes for the per-request feed (default: the workspace's
    catalog); it is used only when show.base_url is empty, else feed.xml is served as written.
    """
    cache = None if show.base_url else FeedCache(workspace, show, records)
    try:
        return NarratorServer((host, port), workspace, cache, max_connections, socket_timeout)
    except (OSError, OverflowError) as exc:
        raise FeedError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


_SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _interface_addresses() -> list[str]:
    """IPv4 address of each network interface (Linux), read by ioctl: no packet is sent."""
    try:
        import fcntl
    except ImportError:  # not a Unix: the resolver's answer must do
        return []
    found = []
    # The socket is only a handle for the ioctl; it is never bound, connected or written to.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:  # interface without an IPv4 address
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, from local lookups only.

    No socket is connected anywhere (the usual UDP "connect to 8.8.8.8" trick is avoided):
    serving must never send traffic off this machine. The hostname often resolves only to
    127.0.x.1, so the interfaces' own addresses are asked too.
    """
    candidates: list[str] = []
    try:
        candidates += [i[4][0] for i in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    try:
        candidates += _interface_addresses()
    except OSError:
        pass
    found: list[str] = []
    for addr in candidates:
        if not addr.startswith("127.") and addr != "0.0.0.0" and addr not in found:
            found.append(addr)
    return found


def feed_urls(host: str, port: int) -> list[str]:
    """The feed URLs to paste into a podcast app for a server bound to host:port."""
    if host in ("0.0.0.0", "", "::"):
        hosts = lan_addresses() or ["127.0.0.1"]
    else:
        hosts = [f"[{host}]" if ":" in host else host]
    return [f"http://{h}:{port}{FEED_PATH}" for h in hosts]


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
