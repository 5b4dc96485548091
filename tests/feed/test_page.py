"""feed/index.html: its markup, and real chapter playback in headless Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from browser import launch_chromium, needs_chromium
from narrator.feed.page import fragment, render_page
from serve_fixtures import build_workspace, running



@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return build_workspace(tmp_path_factory.mktemp("page"))


def test_page_markup(fx):
    doc = lxml_html.fromstring(render_page(fx.show, fx.records))
    root = doc.getroottree().getroot()
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    assert doc.xpath("//meta[@charset]/@charset") == ["utf-8"]
    alt = doc.xpath('//link[@rel="alternate"]')
    assert alt and alt[0].get("type") == "application/rss+xml" and alt[0].get("href") == "feed.xml"
    for rec, article in zip(fx.records, doc.xpath('//article[@class="episode"]'), strict=True):
        audio = article.xpath(".//audio")[0]
        assert audio.get("src") == f"../audio/{rec.mp3}" and audio.get("preload") == "metadata"
        buttons = article.xpath('.//button[@class="chapter"]')
        assert [b.text_content().split(" ", 1)[1] for b in buttons] == [m.title for m in rec.chapters]
        assert [float(b.get("data-start")) for b in buttons] == [m.start for m in rec.chapters]
        shares = article.xpath('.//a[@class="share"]/@href')
        assert shares == [fragment(rec.slug, m) for m in rec.chapters]
        # Titles with < and & are text, not markup.
        assert article.xpath(".//h2")[0].text_content() == rec.title
    assert not doc.xpath("//b")
    # Offline: nothing refers to another host.
    refs = doc.xpath("//@src | //@href")
    assert refs and not [r for r in refs if urlsplit(r).scheme or r.startswith("//")]


def test_page_escapes_show_text(fx):
    text = render_page(fx.show, fx.records)
    assert "&lt;تجريبية&gt; &amp; نغمات" in text
    assert "<تجريبية>" not in text


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


STATE = "() => { const a = document.querySelectorAll('audio')[%d]; return [a.currentTime, a.paused, a.ended]; }"


@pytest.mark.browser
@needs_chromium
def test_chapter_click_plays_and_stops_at_its_end(fx, browser):
    rec = fx.records[0]
    third = rec.chapters[2]
    with running(fx) as (host, port):
        page = browser.new_page()
        hosts = set()
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.goto(f"http://{host}:{port}/feed/index.html")
        page.locator(f'article[data-slug="{rec.slug}"] button.chapter').nth(2).click()
        page.wait_for_function(
            "([s]) => { const a = document.querySelectorAll('audio')[0]; return !a.paused && a.currentTime > s; }",
            arg=[third.start], timeout=5000,
        )
        t, paused, _ = page.evaluate(STATE % 0)
        assert abs(t - third.start) < 0.5, t
        page.wait_for_function(
            "() => document.querySelectorAll('audio')[0].paused", timeout=(third.end - third.start + 3) * 1000,
        )
        t, paused, ended = page.evaluate(STATE % 0)
        assert third.end < rec.duration - 1  # the stop is the page's, not the file's end
        assert paused and not ended and abs(t - third.end) < 0.5, (t, third.end)
        page.close()
    assert hosts == {f"{host}:{port}"}, hosts  # nothing fetched from anywhere else


@pytest.mark.browser
@needs_chromium
def test_shared_chapter_link_seeks_there(fx, browser):
    rec = fx.records[1]
    second = rec.chapters[1]
    with running(fx) as (host, port):
        page = browser.new_page()
        page.goto(f"http://{host}:{port}/feed/index.html{fragment(rec.slug, second)}")
        page.wait_for_function(
            "([s]) => document.querySelectorAll('audio')[1].currentTime >= s - 0.01",
            arg=[second.start], timeout=5000,
        )
        t, _, _ = page.evaluate(STATE % 1)
        assert second.start - 0.01 <= t < second.start + 0.5, t
        # The other episode did not move.
        assert page.evaluate(STATE % 0)[0] == 0
        # It plays (autoplay allowed here) and stops at the chapter's end.
        page.wait_for_function(
            "() => { const a = document.querySelectorAll('audio')[1]; return a.paused && a.currentTime > 0; }",
            timeout=(second.end - second.start + 3) * 1000,
        )
        t, _, ended = page.evaluate(STATE % 1)
        assert not ended and abs(t - second.end) < 0.5, (t, second.end)
        page.close()
