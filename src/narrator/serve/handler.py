"""One connection's requests (routing, validators, ranges, streaming) and the threaded server."""

from __future__ import annotations

import email.utils
import hashlib
import logging
import re
import socket
import sys
import threading
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
