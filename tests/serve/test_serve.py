"""narrator.serve against a real HTTP client on a real loopback socket."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import threading
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from lxml import etree

from narrator.serve import feed_urls, lan_addresses, parse_range
from serve_fixtures import build_workspace, running


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return build_workspace(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(fx):
    with running(fx) as address:
        yield address


def request(address, path, method="GET", headers=None):
    """(status, headers dict with lower-case names, body) of one request on a fresh connection."""
    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        # skip_host: some tests send their own Host header.
        conn.putrequest(method, path, skip_host=bool(headers and "Host" in headers),
                        skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def mp3_of(fx, i=0):
    rec = fx.records[i]
    return f"/audio/{rec.mp3}", (fx.workspace.audio_dir / rec.mp3).read_bytes()


def test_head_matches_get_without_body(fx, server):
    path, data = mp3_of(fx)
    status, h, body = request(server, path, "HEAD")
    assert status == 200 and body == b""
    assert int(h["content-length"]) == len(data)
    assert h["accept-ranges"] == "bytes"
    assert h["content-type"] == "audio/mpeg"
    assert h["etag"] and h["last-modified"]


def test_whole_enclosure_is_byte_identical(fx, server):
    path, data = mp3_of(fx)
    status, h, body = request(server, path)
    assert status == 200
    assert hashlib.sha256(body).digest() == hashlib.sha256(data).digest()


@pytest.mark.parametrize(
    "spec, first, last",
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-500", -500, None), ("bytes=50-10000000", 50, None)],
)
def test_single_ranges(fx, server, spec, first, last):
    path, data = mp3_of(fx)
    size = len(data)
    lo = first if first >= 0 else size + first
    hi = (last if last is not None else size - 1)
    status, h, body = request(server, path, headers={"Range": spec})
    assert status == 206
    assert h["content-range"] == f"bytes {lo}-{hi}/{size}"
    assert body == data[lo:hi + 1]
    assert int(h["content-length"]) == len(body)


@pytest.mark.parametrize("spec", ["bytes=999999999-", "bytes=-0"])
def test_unsatisfiable_range_is_416(fx, server, spec):
    path, data = mp3_of(fx)
    status, h, body = request(server, path, headers={"Range": spec})
    assert status == 416
    assert h["content-range"] == f"bytes */{len(data)}"


def test_multi_range_gets_whole_file(fx, server):
    path, data = mp3_of(fx)
    status, h, body = request(server, path, headers={"Range": "bytes=0-9,20-29"})
    assert status == 200 and body == data


def test_etag_validators(fx, server):
    path, data = mp3_of(fx)
    _, h, _ = request(server, path, "HEAD")
    status, _, body = request(server, path, headers={"If-None-Match": h["etag"]})
    assert status == 304 and body == b""
    status, _, body = request(server, path, headers={"Range": "bytes=0-9", "If-Range": h["etag"]})
    assert status == 206 and body == data[:10]
    # A stale copy: the range is ignored and the whole current file comes back.
    status, _, body = request(server, path, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert status == 200 and body == data


@pytest.mark.parametrize(
    "name, kind",
    [
        ("index.html", "text/html; charset=utf-8"),
        ("feed.xml", "application/rss+xml; charset=utf-8"),
        ("qimma-0abc.vtt", "text/vtt; charset=utf-8"),
        ("qimma-0abc.chapters.json", "application/json+chapters"),
        ("cover.png", "image/png"),
    ],
)
def test_types_and_cors(server, name, kind):
    status, h, body = request(server, f"/feed/{name}")
    assert status == 200, name
    assert h["content-type"] == kind
    assert h["access-control-allow-origin"] == "*"


def test_chapters_json_served_intact(fx, server):
    rec = fx.records[0]
    _, _, body = request(server, f"/feed/{rec.chapters_file}")
    assert [c["title"] for c in json.loads(body)["chapters"]] == [m.title for m in rec.chapters]


def test_root_redirects_to_page(server):
    status, h, _ = request(server, "/")
    assert status in (301, 302) and h["location"] == "/feed/index.html"


TRAVERSALS = [
    "/../secret.txt",
    "/audio/../../secret.txt",
    "/audio/../../../../etc/passwd",
    "/feed/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/feed/%2e%2e/%2e%2e/secret.txt",
    "/feed/%252e%252e%252fsecret.txt",
    "/audio/..%2f..%2fsecret.txt",
    "/audio/..%5c..%5csecret.txt",
    "/audio/..\\..\\secret.txt",
    "/audio/%00.mp3",
    "//etc/passwd",
    "/etc/passwd",
    "/audio//etc/passwd",
    "/audio/%2fetc%2fpasswd",
    "/.narrator/catalog.sqlite",
    "/feed/../.narrator/tmp",
    "/audio/leak.mp3",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_refused(fx, server, path):
    leak = fx.workspace.audio_dir / "leak.mp3"
    if not leak.is_symlink():
        os.symlink(fx.outside, leak)  # a symlink in audio/ pointing out of the workspace
    status, _, body = request(server, path)
    assert status in (403, 404), path
    assert b"TOP-SECRET" not in body and b"root:" not in body


def test_absolute_uri_is_not_a_way_out(fx, server):
    status, _, body = request(server, f"http://127.0.0.1{fx.outside}")
    assert status in (403, 404) and b"TOP-SECRET" not in body


def test_feed_enclosures_use_the_clients_host(fx, server):
    """base_url empty: the feed names the address the app used (a header only, loopback socket)."""
    status, h, body = request(server, "/feed/feed.xml", headers={"Host": "192.0.2.5:8000"})
    assert status == 200 and h["content-type"] == "application/rss+xml; charset=utf-8"
    urls = etree.fromstring(body).xpath("//item/enclosure/@url")
    assert sorted(urls) == sorted(f"http://192.0.2.5:8000/audio/{r.mp3}" for r in fx.records)
    # Another host, another rendering.
    _, _, body2 = request(server, "/feed/feed.xml", headers={"Host": "localhost:9"})
    assert all(u.startswith("http://localhost:9/audio/") for u in etree.fromstring(body2).xpath("//item/enclosure/@url"))


def test_feed_enclosures_are_reachable(fx, server):
    """Every enclosure URL in the served feed downloads the file byte for byte, at its length."""
    _, _, body = request(server, "/feed/feed.xml")
    for enc in etree.fromstring(body).xpath("//item/enclosure"):
        parts = urlsplit(enc.get("url"))
        assert (parts.hostname, parts.port) == server
        status, _, data = request(server, parts.path)
        assert status == 200 and len(data) == int(enc.get("length"))


def test_base_url_set_serves_feed_as_written(fx):
    show = replace(fx.show, base_url="https://static.example/")
    with running(fx, show) as address:
        _, _, body = request(address, "/feed/feed.xml", headers={"Host": "192.0.2.5:8000"})
    assert body == (fx.workspace.feed_dir / "feed.xml").read_bytes()


def test_fifty_concurrent_range_downloads(fx, server):
    path, data = mp3_of(fx, 1)
    size = len(data)
    results: dict[int, tuple] = {}

    def fetch(i):
        lo = (i * 1543) % (size - 2000)
        hi = lo + 1000 + i * 7
        status, h, body = request(server, path, headers={"Range": f"bytes={lo}-{hi}"})
        results[i] = (status, body == data[lo:hi + 1])

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 50
    assert all(r == (206, True) for r in results.values()), results


def test_parse_range_edges():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    assert parse_range("bytes=5-2", 10) is None  # invalid: ignored, whole file
    assert parse_range("items=0-1", 10) is None
    assert parse_range("bytes=10-", 10) == "unsatisfiable"
    assert parse_range("bytes=0-", 0) == "unsatisfiable"


def test_feed_urls_for_lan_use_no_network():
    # The LAN list comes from the resolver only; whatever it finds is a real IPv4 address.
    for addr in lan_addresses():
        socket.inet_aton(addr)
        assert not addr.startswith("127.")
    assert feed_urls("127.0.0.1", 8123) == ["http://127.0.0.1:8123/feed/feed.xml"]
    assert all(u.endswith(":8000/feed/feed.xml") for u in feed_urls("0.0.0.0", 8000))


def test_cli_serve_prints_feed_url_serves_catalog_and_stops_on_ctrl_c(tmp_path):
    """`narrator serve` as a user runs it: the printed URL works, the feed comes from the
    real catalog with that address in its enclosures, and Ctrl-C ends it with status 0."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from narrator.catalog import Catalog

    fx = build_workspace(tmp_path)
    with Catalog(fx.workspace.catalog_path) as catalog:
        for rec in fx.records:
            catalog.upsert(rec)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "narrator", "serve", "-w", str(fx.workspace.root), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        # A shell's background jobs ignore SIGINT; give the server the default Ctrl-C handling.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("feed: http://127.0.0.1:"), line or proc.stderr.read()
        url = urlsplit(line.split(" ", 1)[1])
        status, _, body = request((url.hostname, url.port), url.path)
        assert status == 200
        urls = etree.fromstring(body).xpath("//item/enclosure/@url")
        assert sorted(urls) == sorted(f"http://127.0.0.1:{url.port}/audio/{r.mp3}" for r in fx.records)
        # The cached feed follows the catalog: an episode removed is gone on the next fetch.
        with Catalog(fx.workspace.catalog_path) as catalog:
            catalog.remove(fx.records[0].slug)
        _, _, body = request((url.hostname, url.port), url.path)
        assert etree.fromstring(body).xpath("//item/enclosure/@url") == [
            f"http://127.0.0.1:{url.port}/audio/{fx.records[1].mp3}"]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "Traceback" not in err, err
