"""`narrator build URL`: real HTTP against a local news site; extraction checked against the
pages' own data (chapters, sentences, clutter), bad answers as one line each."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

import narrator
from conftest import run_narrator
from narrator.article import read_article
from narrator.web import WebError
from narrator.web.fetch import feed_source, fetch
from narrator.follow import follow, parse_feed
from narrator.web.pages import fetch_page, page_article
from narrator.workspace import open_workspace
from web_fixtures import CLUTTER, DATES, LIBRARY, NILE, FeedItem, article_html, deflate_bomb, news_site, rss


@pytest.fixture(scope="module")
def site():
    s = news_site()
    yield s
    s.close()


def spoken(article) -> str:
    return " ".join([c.title for c in article.chapters] + [p for c in article.chapters for p in c.paragraphs])


PAGES = [(NILE, NILE.path), (DATES, DATES.path), (LIBRARY, LIBRARY.path), (NILE, "/old/nile"), (LIBRARY, "/old/library")]


@pytest.mark.parametrize("page,path", PAGES, ids=["utf8", "cp1256-header", "cp1256-meta", "div-soup", "div-soup-short"])
def test_extraction_keeps_the_story_and_drops_the_furniture(site, tmp_path, page, path):
    saved = fetch_page(site.url(path), open_workspace(tmp_path).ensure())
    article = read_article(str(saved.path))
    assert article.title == page.title
    assert [c.title for c in article.chapters] == page.chapters
    text = spoken(article)
    assert [s for s in page.sentences if s not in text] == []
    assert [c for c in CLUTTER if c in text] == []
    if path == page.path:  # the semantic pages say who wrote them and when
        assert article.byline == page.author and article.date == page.date


def test_two_urls_of_one_story_are_one_file(site, tmp_path):
    ws = open_workspace(tmp_path).ensure()
    direct = fetch_page(site.url(NILE.path), ws)
    via = fetch_page(site.url("/short/nile?utm_source=x"), ws)  # a redirect, then a tracking query
    assert via.canonical_url == direct.canonical_url == site.url(NILE.path)
    assert via.path == direct.path


BAD = [
    ("/gone", "HTTP 410 Gone"),
    ("/missing", "HTTP 404 Not Found"),
    ("/loop", "too many redirects"),
    ("/huge", "over the limit"),
    ("/image.png", "not a web page (image/png)"),
    ("/app", "no article found"),
    ("/premium", "no article found"),
    ("/broken", "broke off"),
]


@pytest.mark.parametrize("path,message", BAD, ids=[p for p, _ in BAD])
def test_bad_pages_fail_with_one_line(site, tmp_path, path, message):
    with pytest.raises(WebError) as info:
        fetch_page(site.url(path), open_workspace(tmp_path).ensure())
    text = str(info.value)
    assert message in text and site.url(path) in text and "\n" not in text


def test_a_stalled_server_times_out(site):
    started = time.monotonic()
    with pytest.raises(WebError, match="timed out after 0.5 s"):
        fetch(site.url("/slow"), timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_tls_failure_is_named(site):
    with pytest.raises(WebError, match="TLS error"):
        fetch(site.url(NILE.path).replace("http://", "https://"))


def test_a_gigantic_page_is_not_read_to_the_end(site):
    before = len(site.log)
    with pytest.raises(WebError, match="over the limit of 1,000,000 bytes"):
        fetch(site.url("/huge"), max_bytes=1_000_000)
    # The server streams 40 MB; the client hung up long before it could send them. (The
    # server logs the request when its write fails, a moment after the client left.)
    deadline = time.monotonic() + 5
    while not (sent := [s for p, _, s in site.log[before:] if p == "/huge"]) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sent and sent[0] < 40_000_000


def test_build_url_records_the_page_and_dedupes(site, tmp_path):
    ws = tmp_path / "ws"
    first = run_narrator("build", site.url(NILE.path), "-w", ws, "-j", "2")
    assert first.returncode == 0, first.stderr.decode()
    feed = etree.parse(str(ws / "feed" / "feed.xml"))
    assert feed.xpath("//item/link/text()") == [site.url(NILE.path)]
    guid = feed.xpath("//item/guid/text()")
    before = (ws / "feed" / "feed.xml").read_bytes()

    again = run_narrator("build", site.url("/short/nile?utm_source=x"), site.url("/gone"), "-w", ws)
    out, err = again.stdout.decode(), again.stderr.decode()
    assert "(up to date)" in out
    assert err.strip().splitlines() == [f"Error: {site.url('/gone')}: HTTP 410 Gone"]
    assert again.returncode == 1  # one of two failed
    assert len(list((ws / "audio").glob("*.mp3"))) == 1
    assert (ws / "feed" / "feed.xml").read_bytes() == before
    assert etree.parse(str(ws / "feed" / "feed.xml")).xpath("//item/guid/text()") == guid


def test_build_of_only_bad_urls_exits_2_and_changes_nothing(site, tmp_path):
    ws = tmp_path / "ws"
    proc = run_narrator("build", site.url("/app"), "http://127.0.0.1:1/x", "-w", ws)
    lines = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 2 and "no article found" in lines[0] and "cannot connect" in lines[1]
    assert not list(Path(ws, "audio").glob("*.mp3"))


def test_script_previews_a_url(site):
    proc = run_narrator("script", site.url("/old/nile"), "--stage", "clean")
    assert proc.returncode == 0, proc.stderr.decode()
    headings = [line[3:] for line in proc.stdout.decode().splitlines() if line.startswith("## ")]
    assert headings == NILE.chapters
    assert not [c for c in CLUTTER if c in proc.stdout.decode()]


# --- decompression: the cap holds while inflating (issue 18) ---------------------------------

BOMB = 100 << 20
"""Decoded size of the test bombs: about 100 KB of gzip on the wire, a few hundred bytes stacked."""


@pytest.fixture(scope="module")
def bombs(site):
    gz = deflate_bomb(BOMB)
    site.add("/bomb/gzip", body=gz, headers={"Content-Encoding": "gzip"})
    site.add("/bomb/gzip-gzip", body=gzip.compress(gz), headers={"Content-Encoding": "gzip, gzip"})
    site.add("/bomb/deflate", body=deflate_bomb(BOMB, "zlib"), headers={"Content-Encoding": "deflate"})
    return site


# In its own process, so its peak memory is the fetch's alone (ru_maxrss never goes down).
PEAK = """
import resource, sys
from narrator.web import WebError
from narrator.web.fetch import fetch
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    fetch(sys.argv[1], max_bytes=1_000_000)
    print("fetched")
except WebError as exc:
    print(exc)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def fetch_in_a_process(url: str) -> tuple[str, int]:
    """(the one-line outcome, peak memory growth in MB) of fetch(url, max_bytes=1 MB)."""
    env = dict(os.environ, PYTHONPATH=str(Path(narrator.__file__).parents[1]))  # the narrator under test
    proc = subprocess.run([sys.executable, "-c", PEAK, url], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    message, grown = proc.stdout.strip().splitlines()
    return message, int(grown)


@pytest.mark.parametrize("path", ["/bomb/gzip", "/bomb/gzip-gzip", "/bomb/deflate"])
def test_a_decompression_bomb_stops_at_the_cap_in_bounded_memory(bombs, path):
    message, grown = fetch_in_a_process(bombs.url(path))
    assert grown < 25, f"peak memory grew {grown} MB for a 1 MB cap"  # 100 MB of zeros, never held
    assert message.startswith(bombs.url(path)) and "over the limit of 1,000,000 bytes" in message


def test_a_bomb_among_urls_is_one_error_line_and_the_rest_build(bombs, tmp_path):
    ws = tmp_path / "ws"
    proc = run_narrator("build", bombs.url("/bomb/gzip-gzip"), bombs.url(NILE.path), "-w", ws, "-j", "2")
    lines = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr.decode()
    assert lines[0].startswith(f"Error: {bombs.url('/bomb/gzip-gzip')}: ") and "over the limit of 10,000,000 bytes once decompressed" in lines[0]
    assert etree.parse(str(ws / "feed" / "feed.xml")).xpath("//item/link/text()") == [bombs.url(NILE.path)]


ENCODED = [
    ("gzip", lambda b: gzip.compress(b)),
    ("x-gzip", lambda b: gzip.compress(b)),
    ("deflate", lambda b: zlib.compress(b)),  # zlib-wrapped, as the RFC says
    ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
    ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
    ("gzip", lambda b: gzip.compress(b[:5000]) + gzip.compress(b[5000:])),  # two gzip members
    ("identity, gzip", lambda b: gzip.compress(b)),
]


@pytest.mark.parametrize("coding,encode", ENCODED, ids=["gzip", "x-gzip", "deflate", "raw-deflate", "gzip-gzip", "members", "identity"])
def test_encoded_pages_decode_whole(site, coding, encode):
    page = article_html(NILE).encode() * 20  # past one 64 KB block once inflated
    path = f"/enc/{coding.replace(', ', '-')}/{len(encode(page))}"
    site.add(path, body=encode(page), headers={"Content-Encoding": coding})
    assert fetch(site.url(path)).body == page


@pytest.mark.parametrize("coding,message", [
    ("br", "unsupported Content-Encoding 'br'"),
    ("gzip, gzip, gzip", "stacks 3 compressions; refused"),
    ("gzip", "corrupt gzip data"),
])
def test_encodings_narrator_does_not_unwind_are_one_line(site, coding, message):
    body = gzip.compress(gzip.compress(gzip.compress(b"<p>x</p>")))
    path = f"/odd/{coding.replace(', ', '-')}"
    site.add(path, body=body if coding != "gzip" else b"not gzip at all", headers={"Content-Encoding": coding})
    with pytest.raises(WebError) as info:
        fetch(site.url(path))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_narrator_asks_only_for_what_it_decodes(site):
    site.add("/echo", body=b"<p>x</p>")
    fetch(site.url("/echo"))
    assert [h.get("Accept-Encoding") for p, h in site.headers if p == "/echo"] == ["gzip, deflate"]


# --- one deadline per fetch -------------------------------------------------------------------

def test_headers_sent_a_byte_at_a_time_end_at_the_deadline(site):
    site.add("/trickle", body=article_html(NILE).encode(), trickle=0.02)  # headers alone: ~2 s
    started = time.monotonic()
    with pytest.raises(WebError) as info:
        fetch(site.url("/trickle"), timeout=0.5, deadline=1.0)
    held = time.monotonic() - started
    assert str(info.value) == f"{site.url('/trickle')}: no complete answer within 1 s; given up"
    assert 0.9 < held < 2.0


def test_the_deadline_covers_every_redirect_hop(site):
    for hop in range(6):  # each hop answers within the 0.5 s step timeout; all together do not
        site.add(f"/hop/{hop}", status=302, headers={"Location": f"/hop/{hop + 1}"}, body=b"", delay=0.25)
    site.html("/hop/6", article_html(NILE))
    assert fetch(site.url("/hop/0"), timeout=0.5).url == site.url("/hop/6")  # fine under the default
    started = time.monotonic()
    with pytest.raises(WebError, match="no complete answer within 1 s"):
        fetch(site.url("/hop/0"), timeout=0.5, deadline=1.0)
    assert time.monotonic() - started < 2.0


def test_a_body_sent_a_byte_at_a_time_ends_at_the_deadline(site):
    site.add("/trickle-body", body=b"x" * 5000, trickle=0.001)  # ~5 s for 5 KB (head included)
    started = time.monotonic()
    with pytest.raises(WebError, match="no complete answer within 0.5 s"):
        fetch(site.url("/trickle-body"), timeout=0.4, deadline=0.5)
    assert time.monotonic() - started < 1.5


# --- charsets: WHATWG labels, valid UTF-8 first, the header's charset for feeds -----------------

FEED_1256 = rss([FeedItem("dates-1", DATES, "/news/2026/dates-harvest", datetime(2026, 11, 20, tzinfo=timezone.utc),
                          full_text=True)]).split("\n", 1)[1]  # no XML declaration: only the header names the charset


@pytest.mark.parametrize("media", ["application/rss+xml", "text/xml", "application/xml"])
def test_a_windows_1256_feed_named_only_in_the_header_reads_right(site, tmp_path, media):
    assert not FEED_1256.startswith("<?xml")
    path = f"/feeds/1256/{media.replace('/', '-')}"
    site.add(path, body=FEED_1256.encode("cp1256"), content_type=f"{media}; charset=windows-1256")
    sub, count = follow(open_workspace(tmp_path).ensure(), site.url(path))
    assert (sub.title, count) == ("أخبار الوادي", 1)
    title, items = parse_feed(*feed_source(fetch(site.url(path))))
    assert [i.title for i in items] == [DATES.title] and DATES.sections[0][1][0] in items[0].content


def test_a_feed_declaration_is_used_when_the_header_names_no_charset(site):
    xml = '<?xml version="1.0" encoding="windows-1256"?>\n' + FEED_1256
    site.add("/feeds/1256-declared", body=xml.encode("cp1256"), content_type="application/rss+xml")
    title, items = parse_feed(*feed_source(fetch(site.url("/feeds/1256-declared"))))
    assert title == "أخبار الوادي" and [i.title for i in items] == [DATES.title]


PAGE_CHARSETS = [
    # (header charset, how the body is encoded): a Python codec that is no WHATWG label is
    # ignored; a page that is valid UTF-8 reads as UTF-8 whatever its label; WHATWG labels
    # Python does not know (x-cp1256) still work.
    ("unicode_escape", "utf-8"),
    ("rot13", "utf-8"),
    ("windows-1256", "utf-8"),
    ("iso-8859-1", "utf-8"),
    ("x-cp1256", "cp1256"),
    (" Windows-1256 ", "cp1256"),
    ("utf-8", "cp1256"),
]


@pytest.mark.parametrize("label,encoding", PAGE_CHARSETS, ids=[f"{l.strip()}-{e}" for l, e in PAGE_CHARSETS])
def test_page_charsets_follow_the_encoding_standard(site, label, encoding):
    path = f"/charset/{label.strip()}/{encoding}"
    site.add(path, body=article_html(NILE, charset_meta=None).encode(encoding), content_type=f'text/html; charset="{label}"')
    extracted, _ = page_article(site.url(path))
    assert extracted.title == NILE.title
