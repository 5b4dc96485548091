"""feed/play/<slug>.html, the embeddable player: its markup, `narrator embed`, publishing,
and the real thing in headless Chromium inside an <iframe> on another origin's page."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from PIL import Image

from audio_checks import parse_vtt
from conftest import run_narrator
from browser import launch_chromium, needs_chromium
from narrator.catalog import episodes
from narrator.config import Show
from narrator.feed.player import embed_snippet, render_player
from narrator.publish import publish_to
from narrator.workspace import Workspace

AXE = Path(__file__).resolve().parents[1] / "support" / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def built(built_sample):
    ws = Workspace(built_sample)
    [record] = episodes(ws)
    cues = parse_vtt((ws.feed_dir / record.transcript_file).read_text(encoding="utf-8"))
    return ws, record, cues


SENTENCES = "//span[@role='button'][contains(concat(' ', @class, ' '), ' s ')]"


def _doc(ws: Workspace, record):
    return lxml_html.fromstring((ws.feed_dir / "play" / f"{record.slug}.html").read_bytes())


def test_player_page_is_built_with_the_episode(built):
    ws, record, cues = built
    doc = _doc(ws, record)
    root = doc.getroottree().getroot()
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"
    assert doc.xpath("//audio/@src") == [f"../../audio/{record.mp3}"]
    assert (ws.feed_dir / "play" / ".." / ".." / "audio" / record.mp3).resolve().is_file()
    buttons = doc.xpath('//button[@class="chapter"]')
    assert [b.xpath('string(.//span[@class="name"])') for b in buttons] == [c.title for c in record.chapters]
    assert [float(b.get("data-start")) for b in buttons] == pytest.approx([c.start for c in record.chapters], abs=1e-3)
    # Every VTT cue is one sentence of the transcript, in order, with its times and text.
    sentences = doc.xpath(SENTENCES)
    assert len(sentences) == len(cues) > 10
    for s, (start, end, lines) in zip(sentences, cues, strict=True):
        assert float(s.get("data-start")) == pytest.approx(start, abs=1e-3)
        assert float(s.get("data-end")) == pytest.approx(end, abs=1e-3)
        assert s.text_content() == " ".join(lines)
    # Each sentence sits in the part of the chapter it is spoken in: one part per chapter,
    # together holding every sentence (else the loop below would check nothing).
    parts = doc.xpath('//div[@class="part"]')
    assert [int(part.get("data-chapter")) for part in parts] == list(range(len(record.chapters)))
    assert sum(len(part.xpath("." + SENTENCES)) for part in parts) == len(cues)
    for part in parts:
        n = int(part.get("data-chapter"))
        chapter = record.chapters[n]
        for s in part.xpath("." + SENTENCES):
            assert chapter.start - 1e-3 <= float(s.get("data-start")) < chapter.end
    # Self-contained: no script or style file, nothing from another host.
    assert not doc.xpath("//script/@src | //link[@rel='stylesheet']")
    refs = doc.xpath("//@src | //@href")
    assert not [r for r in refs if urlsplit(r).scheme in ("http", "https") or r.startswith("//")]
    # The show page links the player.
    page = lxml_html.fromstring((ws.feed_dir / "index.html").read_bytes())
    assert f"play/{record.slug}.html" in page.xpath("//a/@href")


def test_player_escapes_text():
    from narrator.catalog import EpisodeRecord
    from narrator.episode.model import ChapterMark

    record = EpisodeRecord(
        guid="g", slug="s", title="<script>alert(1)</script>", subtitle=None, description="d", author=None,
        article_date=None, pub_date="2024-01-01T00:00:00+00:00", updated="2024-01-01T00:00:00+00:00",
        source="x", source_hash="h", voice="espeak:ar", mp3="s-1.mp3", chapters_file="s-1.chapters.json",
        transcript_file="s-1.vtt", duration=4.0, size=1, chapters=(ChapterMark("<b>&", 0.0, 4.0),),
        content_hash="1",
    )
    text = render_player(Show(title="عرض <i>"), record, [(0.0, 1.0, "<img src=x onerror=alert(1)>")])
    doc = lxml_html.fromstring(text)
    assert not doc.xpath("//img | //b | //i") and len(doc.xpath("//script")) == 1
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&lt;b&gt;&amp;" in text


def test_embed_prints_the_iframe(built):
    ws, record, _ = built
    proc = run_narrator("embed", record.slug, "-w", ws.root, "--base-url", "https://news.example/pod", check=True)
    snippet = proc.stdout.decode().strip()
    assert snippet == embed_snippet("https://news.example/pod/", record.slug, record.title)
    frame = lxml_html.fragment_fromstring(snippet)
    assert frame.tag == "iframe" and frame.get("src") == f"https://news.example/pod/feed/play/{record.slug}.html"
    assert frame.get("title") and record.title in frame.get("title")
    bad = run_narrator("embed", "no-such-episode", "-w", ws.root)
    assert bad.returncode != 0 and b"Traceback" not in bad.stderr and b"no-such-episode" in bad.stderr


def test_publish_sends_the_players_and_deletes_them_with_their_episode(built, tmp_path):
    ws_src, record, _ = built
    ws = Workspace(tmp_path / "ws")
    shutil.copytree(ws_src.root, ws.root, ignore=shutil.ignore_patterns("cache", ".tmp", "*.lock"))
    show = Show()
    target = tmp_path / "site"
    first = publish_to(ws, show, str(target), base_url="https://cdn.example/p/")
    key = f"feed/play/{record.slug}.html"
    assert key in first.uploaded
    assert (target / key).read_bytes() == (ws.feed_dir / "play" / f"{record.slug}.html").read_bytes()
    assert first.uploaded.index(key) < first.uploaded.index("feed/index.html")
    again = publish_to(ws, show, str(target), base_url="https://cdn.example/p/")
    assert again.uploaded == () and again.deleted == ()  # the folder's copy is recognised as the same
    run_narrator("remove", record.slug, "-w", ws.root, check=True)
    assert not (ws.feed_dir / "play" / f"{record.slug}.html").exists()
    gone = publish_to(ws, show, str(target), base_url="https://cdn.example/p/")
    assert key in gone.deleted and not (target / key).exists()


# --- in the browser -----------------------------------------------------------------------

class _StaticHandler(SimpleHTTPRequestHandler):
    """A plain static file server, plus the single byte ranges every real one (nginx, S3)
    answers: media elements seek with them."""

    def log_message(self, *args):
        pass

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        data = path.read_bytes()
        first = int(match.group(1))
        last = min(int(match.group(2) or len(data) - 1), len(data) - 1)
        if first >= len(data):
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {first}-{last}/{len(data)}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        import io

        return io.BytesIO(data[first:last + 1])


@contextlib.contextmanager
def static_server(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>مقال</title></head>
<body><main><h1>مقال في صحيفة</h1><p>فقرة قبل المشغّل.</p>
{snippet}
<p>فقرة بعده.</p></main></body></html>
"""

STATE = """() => { const a = document.getElementById('audio'); const s = document.querySelector('.s.now');
  return {t: a.currentTime, paused: a.paused, rate: a.playbackRate, cue: s ? parseInt(s.dataset.cue) : -1,
          chapter: [...document.querySelectorAll('.chapter')].findIndex(b => b.getAttribute('aria-current') === 'true'),
          shown: [...document.querySelectorAll('.part')].filter(p => !p.hidden).map(p => parseInt(p.dataset.chapter))}; }"""


def _cue_at(cues, t: float) -> int:
    """The index of the VTT cue being heard at t: the last one started (as the player defines it)."""
    return max((i for i, c in enumerate(cues) if c[0] <= t + 1e-3), default=-1)


@pytest.mark.browser
@needs_chromium
def test_embedded_player_in_chromium(built, browser, tmp_path):
    ws, record, cues = built
    site, cms = tmp_path / "site", tmp_path / "cms"
    cms.mkdir()
    with static_server(site) as base, static_server(cms) as cms_base:
        publish_to(ws, Show(), str(site), base_url=base)  # the static folder, as publish leaves it
        snippet = run_narrator("embed", record.slug, "-w", ws.root, "--base-url", base, check=True).stdout.decode()
        (cms / "article.html").write_text(ARTICLE_PAGE.format(snippet=snippet), encoding="utf-8")

        page = browser.new_page(viewport={"width": 900, "height": 900})
        hosts, errors = set(), []
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(cms_base + "article.html")
        frame_el = page.wait_for_selector("iframe")
        frame = frame_el.content_frame()
        frame.wait_for_selector(".controls:not([hidden])")
        state = lambda: frame.evaluate(STATE)  # noqa: E731

        # Plays.
        frame.click("#play")
        frame.wait_for_function("() => { const a = document.getElementById('audio'); return !a.paused && a.currentTime > 0.5; }",
                                timeout=8000)
        assert frame.get_attribute("#play", "aria-label") == "إيقاف مؤقت"

        # Chapter 3: seeks there, marks it, shows its transcript.
        third = record.chapters[2]
        frame.locator(".chapter").nth(2).click()
        frame.wait_for_function(f"() => document.getElementById('audio').currentTime >= {third.start} + 0.3", timeout=8000)
        s = state()
        assert third.start <= s["t"] < third.start + 2 and not s["paused"]
        assert s["chapter"] == 2 and s["shown"] == [2]

        # The highlighted sentence follows the audio and is always the VTT's cue for the time.
        seen = set()
        for _ in range(12):
            s = state()
            assert s["cue"] == _cue_at(cues, s["t"]), (s, cues[s["cue"]][:2])
            seen.add(s["cue"])
            page.wait_for_timeout(400)
        assert len(seen) >= 2, seen  # it changed as time advanced
        assert cues[min(seen)][0] >= third.start - 1e-3

        # Clicking a sentence seeks to its cue's start.
        frame.click("#play")  # pause, so the time read back is the seek's, not played on
        frame.wait_for_function("() => document.getElementById('audio').paused")
        target = frame.locator('.part:not([hidden]) .s').nth(3)
        number = int(target.get_attribute("data-cue"))
        target.click()
        frame.wait_for_function(f"() => Math.abs(document.getElementById('audio').currentTime - {cues[number][0]}) < 0.02",
                                timeout=5000)
        assert state()["cue"] == number

        # Keyboard: the right arrow skips 15 s forward, space plays.
        frame.locator("h1").click()
        before = state()["t"]
        page.keyboard.press("ArrowRight")
        assert state()["t"] == pytest.approx(before + 15, abs=0.05)
        page.keyboard.press("Space")
        frame.wait_for_function("() => !document.getElementById('audio').paused", timeout=5000)

        # Speed: the control sets playbackRate, and media time runs that much faster.
        frame.select_option("#speed", "1.5")
        assert state()["rate"] == 1.5
        t0, w0 = state()["t"], frame.evaluate("performance.now()")
        page.wait_for_timeout(1500)
        t1, w1 = state()["t"], frame.evaluate("performance.now()")
        assert (t1 - t0) / ((w1 - w0) / 1000) == pytest.approx(1.5, abs=0.25)

        # Accessibility: axe-core (vendored) finds nothing serious in the player.
        frame.add_script_tag(path=str(AXE))
        result = frame.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], json.dumps(serious)

        # A phone's width: nothing wider than the screen; a screenshot for the artefacts.
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        shot = tmp_path / "player-phone.png"
        frame_el.screenshot(path=str(shot))
        with Image.open(shot) as image:
            assert image.width <= 390 and image.height > 300
        print(f"phone-width screenshot: {shot}")
        page.close()
    assert errors == []
    assert hosts <= {urlsplit(base).netloc, urlsplit(cms_base).netloc}, hosts
