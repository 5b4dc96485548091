"""One connection's requests (routing, validators, ranges, streaming) and the threaded server."""

from __future__ import annotations

import email.utils
import hashlib
import io
import logging
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from narrator.serve.feed_cache import FeedCache
from narrator.serve.protocol import FEED_PATH, PAGE_PATH, content_type, parse_range
from narrator.workspace import Workspace

log = logging.getLogger(__package__)

BLOCK: Final = 64 * 1024
"""Bytes per write when streaming a file: MP3s are never read whole into memory."""
MAX_CONNECTIONS: Final = 128
"""Connections served at once (one thread each); more are answered 503 at once and closed,
so idle or slow clients cannot use up threads and file descriptors."""
SOCKET_TIMEOUT_S: Final = 30.0
"""A connection that sends or reads nothing for this long is closed (idle keep-alive, slow clients)."""
LISTEN_BACKLOG: Final = 128
"""Connections the kernel queues while every thread is busy (the standard library's default is 5)."""
HEAD_DEADLINE_S: Final = 10.0
"""A request's line and headers must all arrive within this long of its first byte. The socket
timeout alone restarts with every byte, so a client sending one every few seconds (slowloris)
would hold its thread for as long as it liked."""
MAX_PER_ADDRESS: Final = 32
"""Connections one client address may hold at once; more are answered 503 at once, so one
host cannot take every one of MAX_CONNECTIONS from the others."""
# Encoded separators and dots are refused outright rather than decoded: no legitimate
# file name narrator writes contains them, and decoding them is how traversal sneaks in.
_BAD_RAW = re.compile(r"%(2f|5c|2e|00)|\\|\x00", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Resource:
    """What one GET/HEAD answers with: a file on disk or bytes rendered for this request."""

    name: str
    size: int
    etag: str
    mtime: float
    path: Path | None = None
    data: bytes | None = None


class _HeadReader(io.RawIOBase):
    """The connection's reading side, with a deadline for each request's head.

    Armed before each request; the clock starts at the request's first byte, and every
    recv waits only for what is left of it, so a dribbling client is cut at the deadline
    (TimeoutError, which the handler answers by closing the connection)."""

    def __init__(self, sock: socket.socket, idle: float) -> None:
        self.sock, self.idle = sock, idle
        self.limit: float | None = None
        self.deadline: float | None = None

    def arm(self, limit: float) -> None:
        self.limit, self.deadline = limit, None

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("request head not received in time")
            self.sock.settimeout(min(self.idle, left))
        try:
            n = self.sock.recv_into(buf)
        finally:
            if self.deadline is not None:
                self.sock.settimeout(self.idle)
        if n and self.limit is not None and self.deadline is None:
            self.deadline = time.monotonic() + self.limit
        return n


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: apps and browsers issue many range requests
    server_version = "narrator"
    server: "NarratorServer"

    @property
    def timeout(self) -> float:  # type: ignore[override]  # socketserver sets it on the socket: idle connections end
        return self.server.socket_timeout

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the plain socket file: replaced by one that keeps the head deadline
        self._reader = _HeadReader(self.connection, self.server.socket_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        self._reader.arm(self.server.head_deadline)
        super().handle_one_request()

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
        if span is None or isinstance(span, str):
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
        assert res.path is not None  # a resource is its bytes or its file
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
                 max_connections: int = MAX_CONNECTIONS, socket_timeout: float = SOCKET_TIMEOUT_S,
                 max_per_address: int = MAX_PER_ADDRESS, head_deadline: float = HEAD_DEADLINE_S):
        self.workspace = workspace
        self.feed_cache = feed_cache
        self.socket_timeout = socket_timeout
        self.head_deadline = head_deadline
        self.max_connections = max_connections
        self.max_per_address = max_per_address
        self._slots = threading.BoundedSemaphore(max_connections)
        self._per_address: dict[str, int] = {}
        self._per_address_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def own_host(self) -> str:
        """host:port of the listening socket, as a URL writes it (IPv6 in brackets)."""
        host, port = str(self.server_address[0]), self.server_address[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def process_request(self, request, client_address) -> None:
        host = client_address[0]
        if not self._take_address(host):
            log.warning("%s holds %d connections; refusing another", host, self.max_per_address)
            return self._refuse(request)
        if not self._slots.acquire(blocking=False):
            self._release_address(host)
            log.warning("%d connections open; refusing %s", self.max_connections, host)
            return self._refuse(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            self._release_address(host)
            raise

    def _refuse(self, request) -> None:
        try:
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
                            b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass
        self.shutdown_request(request)

    def _take_address(self, host: str) -> bool:
        with self._per_address_lock:
            held = self._per_address.get(host, 0)
            if held >= self.max_per_address:
                return False
            self._per_address[host] = held + 1
            return True

    def _release_address(self, host: str) -> None:
        with self._per_address_lock:
            held = self._per_address.pop(host, 1) - 1
            if held > 0:
                self._per_address[host] = held

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()
            self._release_address(client_address[0])

    def handle_error(self, request, client_address) -> None:
        """One line per failed connection, never a traceback: resets and timeouts are
        what clients do (an app stops a download, a phone leaves the Wi-Fi)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.info("connection from %s ended: %s", client_address[0], exc.__class__.__name__)
        else:
            log.warning("connection from %s failed: %s: %s", client_address[0], exc.__class__.__name__, exc)
