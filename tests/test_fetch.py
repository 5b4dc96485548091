"""`narrator build URL`: real HTTP against a local news site; extraction checked against the
pages' own data (chapters, sentences, clutter), bad answers as one line each."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_narrator
from narrator.article import read_article
from narrator.web import WebError
from narrator.web.fetch import fetch
from narrator.web.pages import fetch_page
from narrator.workspace import open_workspace
from web_fixtures import CLUTTER, DATES, LIBRARY, NILE, news_site


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
