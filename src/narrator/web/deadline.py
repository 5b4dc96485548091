"""One HTTP GET held to one deadline: connect, every redirect, headers and body together.

httpx's timeouts bound each network step, so a server that answers one byte at a time never
trips them and can hold a client for as long as it likes. Here each redirect hop's timeouts
are cut to the time left, and a timer shuts the connection's socket down when the deadline
passes, which wakes a read blocked on it wherever it is (status line, headers, body). The
sockets come from httpcore's documented `trace` extension. A DNS lookup is not covered: the
resolver cannot be interrupted.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


class Expired(Exception):
    """The deadline passed; raised in place of whatever error the cut connection caused."""


class Deadline:
    """A wall-clock limit, started when made; shared by every request made under it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._armed = False
        self._lock = threading.Lock()

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        """Raise Expired once the time is up (for work between reads: decompression)."""
        if self.expired or self.left() <= 0:
            self.expired = True
            raise Expired

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace hook: remember each new connection's socket (plain, then TLS)."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            if sock is None:
                return
            self._sockets.append(sock)
            if self.expired and self._armed:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if not self._armed:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    @contextmanager
    def _armed_timer(self) -> Iterator[None]:
        with self._lock:
            self._armed = True
        timer = threading.Timer(max(self.left(), 0.0), self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            # Disarmed before the connection is closed: the timer never touches a closed socket.
            with self._lock:
                self._armed = False
                self._sockets.clear()
            timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        # The base method, so a TLS socket is cut at the TCP level (its own shutdown() would
        # first tear down the SSL object under the reading thread).
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed (a plain socket handed to TLS is detached): nothing to wake


@contextmanager
def get(client: httpx.Client, url: str, deadline: Deadline, *, timeout: float, max_redirects: int) -> Iterator[httpx.Response]:
    """GET `url` through `client`, following up to `max_redirects` redirects, all within
    `deadline`; yields the final response with its body still to stream. Past the deadline,
    whatever the read was doing ends in Expired; too many redirects in httpx.TooManyRedirects."""
    response = None
    cut = False  # this hop's timeouts are the time left, not `timeout`: timing out is the deadline
    try:
        with deadline._armed_timer():
            try:
                request = client.build_request("GET", url, extensions={"trace": deadline.trace})
                for _ in range(max_redirects + 1):
                    deadline.check()
                    # Each hop's steps get the time left at most, so a slow connect cannot overrun.
                    step = max(min(timeout, deadline.left()), 0.001)
                    cut = step < timeout
                    request.extensions = {**request.extensions, "timeout": httpx.Timeout(step).as_dict()}
                    response = client.send(request, stream=True, follow_redirects=False)
                    if response.next_request is None:
                        break
                    request = response.next_request
                    response.close()
                else:
                    raise httpx.TooManyRedirects(f"more than {max_redirects} redirects", request=request)
                yield response
            except (httpx.HTTPError, OSError) as exc:
                if deadline.expired or (cut and isinstance(exc, httpx.TimeoutException)):
                    raise Expired from None
                raise
    finally:
        if response is not None:
            response.close()  # after the timer is disarmed (see _armed_timer)
