"""Issue 13 measurements -> bench/WEB.md (about a minute on 2 cores; run once).

    PYTHONPATH=src .venv/bin/python bench/web.py [--out bench/WEB.md]

1. Extraction quality on the test site's pages (tests/web_fixtures.py): for trafilatura (what
   narrator uses), readability-lxml (compared; optional here) and narrator's own HTML reader on
   the raw page, the chapters recovered, sentences recovered and clutter phrases that would be
   spoken. Expected values are the pages' own data, written by hand.
2. `narrator update` with nothing new (two followed feeds, everything built): wall time of the
   command as cron runs it, downloads and chunks synthesised.
3. Bytes uploaded by `narrator publish` after one of three episodes changed, against the bytes
   of the whole podcast.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_fixtures import CLUTTER, DATES, LIBRARY, NILE, FeedItem, article_html, atom, div_soup_html, news_site, rss  # noqa: E402

from narrator.article.html import read_html  # noqa: E402
from narrator.errors import NarratorError  # noqa: E402
from narrator.web.extract import extract  # noqa: E402


def narrator(*args: object) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "narrator", *map(str, args)], capture_output=True, text=True, env=env, check=True)


def _score(article, page) -> tuple[str, str, str]:
    if article is None:
        return "nothing found", f"0/{len(page.sentences)}", "-"
    text = " ".join([c.title for c in article.chapters] + [p for c in article.chapters for p in c.paragraphs])
    headings = [c.title for c in article.chapters][1:]
    wanted = [h for h, _ in page.sections]
    got = sum(h in headings for h in wanted)
    extra = len(headings) - got
    chapters = f"{got}/{len(wanted)}" + (f" (+{extra} extra)" if extra else "")
    sentences = f"{sum(s in text for s in page.sentences)}/{len(page.sentences)}"
    clutter = [c for c in CLUTTER if c in text]
    return chapters, sentences, (", ".join(clutter) if clutter else "none")


def extraction() -> list[str]:
    try:
        from readability import Document
    except ImportError:
        Document = None
    pages = [("news layout, UTF-8", NILE, article_html(NILE)), ("news layout, short", LIBRARY, article_html(LIBRARY)),
             ("news layout, 2 sections", DATES, article_html(DATES)),
             ("old CMS div soup", NILE, div_soup_html(NILE)), ("old CMS div soup, short", LIBRARY, div_soup_html(LIBRARY))]

    def via(method, html):
        try:
            if method == "trafilatura (narrator)":
                return read_html(extract(html, "http://news.test/").html, name="x", source="x")
            if method == "readability-lxml":
                return read_html(Document(html).summary(), name="x", source="x")
            return read_html(html, name="x", source="x")
        except NarratorError:
            return None

    methods = ["trafilatura (narrator)"] + (["readability-lxml"] if Document else []) + ["narrator's HTML reader, raw page"]
    rows = ["| page | method | chapters | sentences | clutter spoken |", "|---|---|---|---|---|"]
    totals = {m: [0, 0] for m in methods}
    for label, page, html in pages:
        for method in methods:
            chapters, sentences, clutter = _score(via(method, html), page)
            rows.append(f"| {label} | {method} | {chapters} | {sentences} | {clutter} |")
            totals[method][0] += clutter == "none"
            totals[method][1] += chapters.startswith(f"{len(page.sections)}/") and "extra" not in chapters and sentences.split("/")[0] == sentences.split("/")[1]
    rows += ["", "| method | pages with no clutter | pages with every chapter and sentence |", "|---|---|---|"]
    rows += [f"| {m} | {c}/{len(pages)} | {k}/{len(pages)} |" for m, (c, k) in totals.items()]
    return rows


def day(n: int) -> datetime:
    return datetime(2026, 11, n, 8, tzinfo=timezone.utc)


def update_noop(runs: int = 3) -> list[str]:
    site = news_site()
    try:
        site.add("/feed.rss", body=rss([FeedItem("n", NILE, NILE.path, day(20)), FeedItem("d", DATES, DATES.path, day(21), full_text=True)]).encode(),
                 content_type="application/rss+xml", conditional=True)
        site.add("/culture/feed.atom", body=atom([FeedItem("l", LIBRARY, "old-library", day(22), full_text=True)]).encode(),
                 content_type="application/atom+xml", conditional=True)
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp)
            narrator("follow", site.url("/feed.rss"), "-w", ws)
            narrator("follow", site.url("/culture/feed.atom"), "-w", ws)
            started = time.perf_counter()
            first = narrator("update", "-w", ws).stdout.strip()
            first_s = time.perf_counter() - started
            times, lines = [], []
            for _ in range(runs):
                before = len(site.log)
                started = time.perf_counter()
                lines.append(narrator("update", "-w", ws).stdout.strip())
                times.append(time.perf_counter() - started)
                requests = site.log[before:]
            statuses = ", ".join(f"{p} {s}" for p, s, _ in requests)
    finally:
        site.close()
    return [
        "| run | wall time | summary line |", "|---|---|---|",
        f"| first (3 items built) | {first_s:.2f} s | `{first}` |",
        f"| nothing new, median of {runs} | {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}) | `{lines[-1]}` |",
        "", f"Requests of the last no-op run: {statuses} (no bodies).",
    ]


def upload_bytes() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        ws, target = Path(tmp) / "ws", Path(tmp) / "site"
        ws.mkdir()
        for page in (NILE, DATES, LIBRARY):
            (ws / f"{page.path.rsplit('/', 1)[1]}.html").write_text(article_html(page), encoding="utf-8")
        narrator("build", *sorted(ws.glob("*.html")), "-w", ws, "-q")
        first = narrator("publish", "--to", target, "--base-url", "https://pod.example/", "-w", ws).stdout.strip()
        again = narrator("publish", "--to", target, "--base-url", "https://pod.example/", "-w", ws).stdout.strip()
        page = ws / "dates-harvest.html"
        page.write_text(page.read_text(encoding="utf-8").replace("<p>وتبحث الشركات عن أسواق جديدة.</p>", ""), encoding="utf-8")
        narrator("build", page, "-w", ws, "-q")
        change = narrator("publish", "--to", target, "--base-url", "https://pod.example/", "-w", ws).stdout.strip()
        total = sum(p.stat().st_size for p in target.rglob("*") if p.is_file() and ".tmp" not in p.parts)
    sent = int(re.search(r"\(([\d,]+) bytes\)", change).group(1).replace(",", ""))
    return [
        "| publish | result |", "|---|---|",
        f"| first (3 episodes) | `{first.split(': ', 1)[1].split(';')[0]}` |",
        f"| again, nothing changed | `{again.split(': ', 1)[1].split(';')[0]}` |",
        f"| one episode rebuilt | `{change.split(': ', 1)[1].split(';')[0]}` |",
        "", f"One-episode change: {sent:,} bytes sent of {total:,} published ({100 * sent / total:.0f} %): "
        "the new MP3, its chapters and transcript, feed.xml and index.html.",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "bench" / "WEB.md"))
    out = Path(ap.parse_args().out)
    load = os.getloadavg()[0]
    sections = [
        "# From the web: measurements (issue 13)", "",
        f"Generated by `bench/web.py` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load average {load:.1f} (the machine is shared; wall times carry that load). Voice: espeak:ar.", "",
        "## Extraction quality", "",
        "Pages of the local test site (`tests/web_fixtures.py`): each story wrapped in a menu, banner and",
        "in-story ads, a share bar, an in-story \"read also\" box, reader comments, related links, a",
        "newsletter box and a footer. Chapters = the page's <h2> headings recovered; clutter = the",
        "furniture phrases that would be spoken.", "",
        *extraction(), "",
        "## `narrator update` with nothing new", "",
        "Two followed feeds (RSS, Atom), three items built; then `narrator update` again, as cron runs it",
        "(a new process each time: interpreter start-up and imports included).", "",
        *update_noop(), "",
        "## Upload for a one-episode change", "",
        "`narrator publish --to DIR` after three builds; then one article loses a paragraph and is rebuilt.", "",
        *upload_bytes(), "",
    ]
    out.write_text("\n".join(sections), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
