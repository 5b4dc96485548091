"""narrator.serve under hostile or careless clients: real sockets on loopback, bounded loops."""

from __future__ import annotations

import contextlib
import http.client
import logging
import shutil
import socket
import struct
import subprocess
import threading
import time
from typing import Iterator

import pytest
from lxml import etree

from narrator.feed import DEFAULT_BASE_URL, feed_url
from narrator.feed.podcast_ns import podcast_guid
from narrator.serve import FEED_CACHE_HOSTS, LISTEN_BACKLOG, make_server
from serve_fixtures import build_workspace

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return build_workspace(tmp_path_factory.mktemp("limits"))


@contextlib.contextmanager
def serving(fx, host="127.0.0.1", **kwargs) -> Iterator:
    server = make_server(fx.workspace, fx.show, host, 0, records=lambda: fx.records, **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def get(server, path, headers=None, host=None):
    conn = http.client.HTTPConnection(host or server.server_address[0], server.server_address[1], timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=bool(headers and "Host" in headers), skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_feed_cache_is_bounded_and_guid_ignores_the_host(fx):
    with serving(fx) as server:
        guids = set()
        for i in range(3 * FEED_CACHE_HOSTS):
            status, body = get(server, "/feed/feed.xml", headers={"Host": f"host{i}.example:8000"})
            assert status == 200
            guids.add(etree.fromstring(body).findtext("channel/podcast:guid", namespaces=NS))
            assert len(server.feed_cache.hosts()) <= FEED_CACHE_HOSTS
        assert server.feed_cache.hosts()[-1] == f"host{3 * FEED_CACHE_HOSTS - 1}.example:8000"
    # One show, one guid: the one the written feed.xml carries, whatever Host a client sends.
    assert guids == {podcast_guid(feed_url(DEFAULT_BASE_URL))}


@pytest.mark.parametrize("spec,status", [
    ("bytes=" + "9" * 5000 + "-", 416),
    ("bytes=-" + "9" * 5000, 206),           # the last "more than all" bytes: the whole file
    ("bytes=0-" + "9" * 5000, 206),
])
def test_absurd_ranges(fx, spec, status):
    rec = fx.records[0]
    with serving(fx) as server:
        got, body = get(server, f"/audio/{rec.mp3}", headers={"Range": spec})
    assert got == status
    if status == 206:
        assert body == (fx.workspace.audio_dir / rec.mp3).read_bytes()


def test_idle_connections_time_out(fx):
    with serving(fx, socket_timeout=0.5) as server:
        with socket.create_connection(server.server_address[:2], timeout=5) as idle:
            started = time.monotonic()
            assert idle.recv(1) == b"", "the server closes a connection that sends nothing"
            assert time.monotonic() - started < 4


def test_connection_cap_answers_503_then_recovers(fx):
    with serving(fx, max_connections=3, socket_timeout=10) as server:
        address = server.server_address[:2]
        idle = [socket.create_connection(address, timeout=5) for _ in range(3)]
        try:
            refused = None
            for _ in range(50):  # the idle ones are accepted within moments; bounded wait
                with socket.create_connection(address, timeout=5) as extra:
                    extra.sendall(b"GET /feed/feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
                    answer = extra.recv(200)
                if answer.startswith(b"HTTP/1.1 503"):
                    refused = answer
                    break
                time.sleep(0.05)
            assert refused is not None, "a fourth connection is refused while three are held"
        finally:
            for s in idle:
                s.close()
        for _ in range(50):
            try:
                if get(server, "/feed/feed.xml")[0] == 200:
                    break
            except (ConnectionError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        else:
            pytest.fail("the server did not recover once the idle connections went")


def test_listen_backlog_is_raised(fx):
    if not shutil.which("ss"):
        pytest.skip("ss not installed")
    with serving(fx) as server:
        port = server.server_address[1]
        out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
    # For a listening socket ss shows the backlog as Send-Q (the third column).
    [line] = out.strip().splitlines()
    assert int(line.split()[2]) >= LISTEN_BACKLOG >= 128


def test_reset_connection_is_one_log_line_not_a_traceback(fx, caplog, capfd):
    with caplog.at_level(logging.INFO, logger="narrator.serve"), serving(fx) as server:
        s = socket.create_connection(server.server_address[:2], timeout=5)
        s.sendall(b"GET /feed/feed.xml HTTP/1.1\r\nHost: x\r\n")  # headers not finished
        time.sleep(0.2)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()  # linger 0: the client resets the connection
        for _ in range(50):
            if any("ended" in r.getMessage() for r in caplog.records):
                break
            time.sleep(0.05)
        assert get(server, "/feed/feed.xml")[0] == 200  # and keeps serving
    lines = [r.getMessage() for r in caplog.records if r.name == "narrator.serve"]
    assert sum("ConnectionResetError" in m for m in lines) == 1, lines
    assert "Traceback" not in capfd.readouterr().err


def test_ipv6_loopback(fx):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with serving(fx, host="::1") as server:
        status, body = get(server, "/feed/feed.xml", host="::1")
        port = server.server_address[1]
        urls = etree.fromstring(body).xpath("//item/enclosure/@url")
        assert status == 200 and urls and all(u.startswith(f"http://[::1]:{port}/audio/") for u in urls)
        status, data = get(server, urls[0].split(f":{port}", 1)[1], host="::1")
        assert status == 200 and data == (fx.workspace.audio_dir / fx.records[0].mp3).read_bytes()


def test_poisoned_record_is_served_cleaned(fx, caplog):
    """A record an older narrator stored with a form feed in its title still gets a feed."""
    from dataclasses import replace

    poisoned = [replace(fx.records[0], title="حلقة\fمسمومة", description="وصف\x01")] + fx.records[1:]
    server = make_server(fx.workspace, fx.show, "127.0.0.1", 0, records=lambda: poisoned)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, body = get(server, "/feed/feed.xml")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert status == 200
    titles = etree.fromstring(body).xpath("//item/title/text()")
    assert titles[0] == "حلقةمسمومة" and len(titles) == len(fx.records)
    assert fx.records[0].slug in caplog.text


# --- slow clients (issue 18): a deadline on each request's head, a cap per address --------------

def dribble(sock: socket.socket, seconds: float, step: float = 0.1) -> float | None:
    """Send a request head one byte every `step` s, never finishing it, for at most `seconds`;
    the time after which the server closed the connection, or None if it never did."""
    head = b"GET /feed/feed.xml HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 1000
    started = time.monotonic()
    for byte in head:
        if time.monotonic() - started > seconds:
            return None
        try:
            sock.sendall(bytes([byte]))
            sock.settimeout(step)
            if sock.recv(1) == b"":  # closed by the server
                return time.monotonic() - started
        except socket.timeout:
            continue
        except OSError:  # reset: closed by the server too
            return time.monotonic() - started
    return None


def test_a_client_dribbling_its_headers_is_cut_at_the_deadline(fx):
    # The socket timeout (5 s) restarts with every byte; only the head deadline (1 s) ends it.
    with serving(fx, socket_timeout=5, head_deadline=1.0) as server:
        with socket.create_connection(server.server_address[:2], timeout=5) as slow:
            cut = dribble(slow, seconds=4)
        assert cut is not None and 0.9 <= cut < 3, cut
        assert get(server, "/feed/feed.xml")[0] == 200  # a client that sends its head at once is served


def test_a_slow_request_that_completes_in_time_is_served(fx):
    with serving(fx, socket_timeout=5, head_deadline=3.0) as server:
        with socket.create_connection(server.server_address[:2], timeout=5) as conn:
            for part in (b"GET /feed/feed.xml HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"):
                conn.sendall(part)
                time.sleep(0.3)
            assert conn.recv(12) == b"HTTP/1.1 200"


def test_one_address_cannot_hold_every_connection(fx):
    """Slow clients from one address take at most max_per_address threads: a client from
    another address is served at once, and the address's next connection is refused."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))  # all of 127/8 is loopback on Linux; not on every system
    except OSError:
        pytest.skip("no second loopback address here")
    with serving(fx, max_connections=8, max_per_address=4, socket_timeout=10, head_deadline=10) as server:
        address = server.server_address[:2]
        slow = [socket.create_connection(address, timeout=5) for _ in range(8)]
        try:
            for s in slow:
                s.sendall(b"GET /feed/feed.xml HTTP/1.1\r\n")  # and then nothing more
            refused = 0
            for s in slow:
                s.settimeout(0.5)
                try:
                    refused += s.recv(200).startswith(b"HTTP/1.1 503")
                except socket.timeout:
                    pass
            assert refused == 4, "the fifth to eighth connections from 127.0.0.1 are refused at once"
            conn = http.client.HTTPConnection(*address, timeout=5, source_address=("127.0.0.2", 0))
            try:
                started = time.monotonic()
                conn.request("GET", "/feed/feed.xml")
                resp = conn.getresponse()
                assert resp.status == 200 and etree.fromstring(resp.read()).findtext("channel/title")
                assert time.monotonic() - started < 2
            finally:
                conn.close()
        finally:
            for s in slow:
                s.close()
