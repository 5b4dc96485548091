"""feed/index.html: a static, offline episode page with per-chapter playback.

Each episode gets an HTML5 <audio> player and its chapter list. Clicking a chapter
plays exactly that chapter and stops at its end; each chapter also has a shareable
link, ``#<slug>&t=<start>,<end>`` (the media-fragment ``t=`` syntax after the
episode's id), that seeks the episode there when the page is opened with it.

The page is built with plain string templates and html.escape rather than a
template engine: it is one small page, and no engine is among our dependencies.
Nothing on it loads from anywhere but the page's own folder, so it works offline.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

from narrator.config import Show
from narrator.durations import clock, short_seconds
from narrator.feed.player import player_path
from narrator.workspace import Workspace, atomic_write_text

if TYPE_CHECKING:
    from narrator.catalog import EpisodeRecord
    from narrator.episode.model import ChapterMark

PAGE_NAME = "index.html"
FEED_NAME = "feed.xml"


def fragment(slug: str, mark: ChapterMark) -> str:
    """The shareable fragment of one chapter, e.g. "#my-article&t=12.345,40.2"."""
    return f"#{quote(slug, safe='')}&t={short_seconds(mark.start)},{short_seconds(mark.end)}"


def _day(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value or "")[:10]


def _chapter(slug: str, number: int, mark: ChapterMark) -> str:
    link = escape(fragment(slug, mark))
    return (
        f'<li><button type="button" class="chapter" data-start="{short_seconds(mark.start)}" '
        f'data-end="{short_seconds(mark.end)}">'
        f'<span class="n">{number}</span> {escape(mark.title)}</button> '
        f'<span class="t" dir="ltr">{clock(mark.start)}</span> '
        f'<a class="share" href="{link}" title="رابط هذا الفصل">رابط</a></li>'
    )


def _episode(record: EpisodeRecord) -> str:
    slug = record.slug
    chapters = "\n".join(_chapter(slug, i, m) for i, m in enumerate(record.chapters, 1))
    meta = " · ".join(p for p in (_day(record.pub_date), clock(record.duration or 0)) if p)
    extras = [f'<a href="{escape(quote(player_path(slug)))}">المشغّل القابل للتضمين</a>']
    if record.transcript_file:
        extras.append(f'<a href="{escape(quote(record.transcript_file))}">النص (VTT)</a>')
    if record.chapters_file:
        extras.append(f'<a href="{escape(quote(record.chapters_file))}">الفصول (JSON)</a>')
    extras.append(f'<a href="../audio/{escape(quote(record.mp3))}" download>تنزيل MP3</a>')
    subtitle = f'<p class="sub">{escape(record.subtitle)}</p>' if record.subtitle else ""
    description = (
        f'<p class="desc">{escape(record.description)}</p>'
        if record.description and record.description != record.subtitle
        else ""
    )
    return f"""<article class="episode" id="{escape(slug)}" data-slug="{escape(slug)}">
<h2>{escape(record.title)}</h2>
{subtitle}
<p class="meta" dir="ltr">{escape(meta)}</p>
{description}
<audio controls preload="metadata" src="../audio/{escape(quote(record.mp3))}"></audio>
<ol class="chapters">
{chapters}
</ol>
<p class="links">{" · ".join(extras)}</p>
</article>"""


_STYLE = """
body{font-family:system-ui,"Noto Naskh Arabic","Noto Sans Arabic",sans-serif;max-width:46rem;
margin:0 auto;padding:1rem;line-height:1.6;color:#222;background:#fafafa}
header{border-bottom:1px solid #ccc;margin-bottom:1rem}
.episode{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:1rem;margin:1rem 0}
.episode:target{border-color:#36c}
audio{width:100%}
.chapters{list-style:none;padding:0}
.chapters li{display:flex;gap:.5rem;align-items:baseline;padding:.15rem 0}
.chapter{flex:1;text-align:start;font:inherit;background:none;border:0;padding:0;cursor:pointer;color:#036}
.chapter[aria-current="true"]{font-weight:bold}
.n{display:inline-block;min-width:1.5em;color:#666}
.t,.meta,.share{color:#666;font-size:.9em}
"""

# Kept as one small inline script so the page has no external resources. The stop at a
# chapter's end uses both `timeupdate` (fires only every ~250 ms) and a setTimeout armed for
# the remaining time (precise to a few ms), whichever comes first.
_SCRIPT = r"""
(function () {
  "use strict";
  var active = null, stopAt = null, chapterStart = null, timer = null, EPS = 0.02;

  function clearTimer() { if (timer !== null) { clearTimeout(timer); timer = null; } }
  function arm() {
    clearTimer();
    if (!active || stopAt === null || active.paused) return;
    var ms = (stopAt - active.currentTime) * 1000 / (active.playbackRate || 1);
    timer = setTimeout(check, Math.max(0, ms));
  }
  function check() {
    if (!active || stopAt === null) return;
    if (active.currentTime >= stopAt - EPS) {
      stopAt = null; clearTimer(); active.pause(); mark(null);
    } else if (!active.paused) { arm(); }
  }
  function mark(button) {
    document.querySelectorAll('.chapter[aria-current="true"]').forEach(function (b) {
      b.removeAttribute("aria-current");
    });
    if (button) button.setAttribute("aria-current", "true");
  }
  function watch(audio) {
    audio.addEventListener("timeupdate", check);
    audio.addEventListener("play", arm);
    audio.addEventListener("pause", clearTimer);
    audio.addEventListener("seeked", function () {
      // A seek by hand out of the chapter cancels the pending stop.
      if (audio === active && stopAt !== null &&
          (audio.currentTime < chapterStart - 0.5 || audio.currentTime > stopAt + EPS)) {
        stopAt = null; clearTimer(); mark(null);
      } else { arm(); }
    });
  }
  function seek(audio, t) {
    if (audio.readyState >= 1) { audio.currentTime = t; return; }
    audio.currentTime = t;  // sets the default start position before metadata is known
    audio.addEventListener("loadedmetadata", function () {
      if (Math.abs(audio.currentTime - t) > 0.05) audio.currentTime = t;
    }, { once: true });
  }
  function playChapter(audio, start, end, button, autoplay) {
    document.querySelectorAll("audio").forEach(function (a) { if (a !== audio) a.pause(); });
    clearTimer();
    active = audio; chapterStart = start; stopAt = end;
    mark(button);
    seek(audio, start);
    if (!autoplay) return;
    var p = audio.play();
    // Autoplay refused (a shared link opened without a click): stay seeked; the stop
    // still applies once the listener presses play.
    if (p && p.catch) p.catch(function () {});
  }
  function episodeOf(el) { return el.closest(".episode"); }

  document.querySelectorAll(".episode audio").forEach(watch);
  document.querySelectorAll(".chapter").forEach(function (button) {
    button.addEventListener("click", function () {
      var ep = episodeOf(button);
      playChapter(ep.querySelector("audio"), parseFloat(button.dataset.start),
                  parseFloat(button.dataset.end), button, true);
    });
  });

  // "#<slug>&t=<start>,<end>" (or "#<slug>&t=<start>"): seek that episode there.
  function fromHash() {
    var parts = location.hash.replace(/^#/, "").split("&");
    if (!parts[0]) return;
    var slug; try { slug = decodeURIComponent(parts[0]); } catch (e) { return; }
    var ep = null;
    document.querySelectorAll(".episode").forEach(function (e) {
      if (e.dataset.slug === slug) ep = e;
    });
    if (!ep) return;
    var t = null;
    parts.slice(1).forEach(function (p) { if (p.indexOf("t=") === 0) t = p.slice(2).split(","); });
    if (!t) { ep.scrollIntoView(); return; }
    var start = parseFloat(t[0]) || 0, end = t.length > 1 ? parseFloat(t[1]) : NaN;
    var button = null;
    ep.querySelectorAll(".chapter").forEach(function (b) {
      if (Math.abs(parseFloat(b.dataset.start) - start) < 0.01) button = b;
    });
    ep.scrollIntoView();
    playChapter(ep.querySelector("audio"), start, isNaN(end) ? null : end, button, true);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""


def render_page(show: Show, records: Iterable[EpisodeRecord]) -> str:
    """The whole page, in the order the records are given."""
    episodes = "\n".join(_episode(r) for r in records) or '<p class="empty">لا حلقات بعد.</p>'
    title = escape(show.title)
    description = f"<p>{escape(show.description)}</p>" if show.description else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(show.language or 'ar')}" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="alternate" type="application/rss+xml" title="{title}" href="{FEED_NAME}">
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
{description}
<p><a href="{FEED_NAME}" type="application/rss+xml">اشترك في البودكاست (RSS)</a></p>
</header>
<main>
{episodes}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def write_page(workspace: Workspace, show: Show, records: Iterable[EpisodeRecord]) -> Path:
    """Write feed/index.html atomically (temp file in the workspace's tmp dir)."""
    target = workspace.feed_dir / PAGE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, render_page(show, records), tmp_dir=workspace.tmp_dir)
    return target
