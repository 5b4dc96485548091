"""The workspace's state under hostile conditions, through the real command on short real builds:
slug collisions, characters a feed cannot carry, an emptied catalog, a lost MP3, a read-only
workspace, and one error format."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from conftest import ROOT, run_narrator
from read_only import read_only, tree

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}


def article(path: Path, title: str, sentence: str = "هذه جملة قصيرة.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{sentence}\n", "utf-8")
    return path


def build(ws: Path, *sources, input=None, check=True):
    return run_narrator("build", *sources, "-w", ws, "--jobs", "1", input=input, check=check, timeout=120)


def feed_items(ws: Path) -> list:
    root = etree.parse(str(ws / "feed" / "feed.xml")).getroot()
    return root.xpath("//item")


def catalog_rows(ws: Path) -> list[tuple]:
    with sqlite3.connect(ws / ".narrator" / "catalog.sqlite") as db:
        return db.execute("SELECT slug, guid, source, title, mp3 FROM episodes ORDER BY slug").fetchall()


# --- slugs: one per source -------------------------------------------------------------

PAIRS = (("a/news.txt", "b/news.txt"), ("My Article!.md", "my article.txt"), ("site1/index.html", "site2/index.html"))
"""Two sources whose names make one slug: same stem in two folders, the same words spelled apart."""


def _write(path: Path, title: str, sentence: str) -> Path:
    if path.suffix == ".html":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body><article><h1>{title}</h1><p>{sentence}</p></article></body></html>", "utf-8")
        return path
    return article(path, f"# {title}" if path.suffix == ".md" else title, sentence)


def test_same_slug_from_two_sources_keeps_both_episodes(tmp_path):
    ws = tmp_path / "ws"
    firsts = [_write(tmp_path / a, f"الخبر الأول {n}", "هذه جملة قصيرة.") for n, (a, _) in enumerate(PAIRS)]
    seconds = [_write(tmp_path / b, f"الخبر الثاني {n}", "جملة أخرى مختلفة.") for n, (_, b) in enumerate(PAIRS)]
    build(ws, *firsts)
    out = build(ws, *seconds).stdout.decode().splitlines()
    by_source = {src: (slug, guid, mp3) for slug, guid, src, _, mp3 in catalog_rows(ws)}
    assert len(by_source) == 6
    for first, second, line in zip(firsts, seconds, out):
        slug1, guid1, mp3_1 = by_source[str(first.resolve())]
        slug2, guid2, mp3_2 = by_source[str(second.resolve())]
        assert slug2 == f"{slug1}-2" and guid1 != guid2
        assert (ws / "audio" / mp3_1).is_file() and (ws / "audio" / mp3_2).is_file()
        assert f"'{slug2}'" in line and f"'{slug1}' is another article's" in line, line
    assert sorted(i.findtext("guid") for i in feed_items(ws)) == sorted(g for _, g, _ in by_source.values())
    # Each source keeps its own slug and GUID when rebuilt changed, in either order.
    _write(seconds[0], "الخبر الثاني 0", "جملة ثالثة.")
    build(ws, seconds[0], firsts[0])
    assert {src: (slug, guid) for slug, guid, src, _, _ in catalog_rows(ws)} == {
        src: (slug, guid) for src, (slug, guid, _) in by_source.items()}


def test_two_stdin_articles_with_one_title_are_two_episodes(tmp_path):
    ws = tmp_path / "ws"
    build(ws, "-", input="عنوان واحد\n\nالمقال الأول هنا.\n".encode())
    build(ws, "-", input="عنوان واحد\n\nالمقال الثاني هنا.\n".encode())
    rows = catalog_rows(ws)
    assert len(rows) == 2 and rows[0][1] != rows[1][1]
    again = build(ws, "-", input="عنوان واحد\n\nالمقال الأول هنا.\n".encode())
    assert b"up to date" in again.stdout and len(catalog_rows(ws)) == 2


# --- characters a feed cannot carry ------------------------------------------------------

def test_title_with_form_feed_never_poisons_the_catalog(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "ff.txt", "عنوان\f فيه\ufffe رموز"))
    [(_, _, _, title, _)] = catalog_rows(ws)
    assert "\f" not in title and "\ufffe" not in title and "فيه" in title
    build(ws, article(tmp_path / "next.txt", "مقال تال"))  # the next build still publishes
    assert len(feed_items(ws)) == 2


def test_poisoned_catalog_from_an_older_version_does_not_block_the_feed(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"), article(tmp_path / "second.txt", "مقال ثان"))
    with sqlite3.connect(ws / ".narrator" / "catalog.sqlite") as db:
        db.execute("UPDATE episodes SET title = 'عنوان\fمسموم', description = 'x\x01y' WHERE slug = 'first'")
    proc = run_narrator("feed", "-w", ws)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "warning:" in proc.stderr.decode() and "'first'" in proc.stderr.decode()
    titles = sorted(i.findtext("title") for i in feed_items(ws))
    assert titles == ["عنوانمسموم", "مقال ثان"]
    build(ws, article(tmp_path / "third.txt", "مقال ثالث"))
    assert len(feed_items(ws)) == 3


def test_feed_that_cannot_be_written_commits_nothing(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"))
    before = catalog_rows(ws)
    feed = ws / "feed" / "feed.xml"
    feed.unlink()
    feed.mkdir()  # the feed cannot be replaced: the episode must not be stored either
    audio_before = sorted(p.name for p in (ws / "audio").iterdir())
    proc = build(ws, article(tmp_path / "second.txt", "مقال ثان"), check=False)
    assert proc.returncode != 0
    assert catalog_rows(ws) == before
    assert sorted(p.name for p in (ws / "audio").iterdir()) == audio_before, "no orphan MP3 left behind"
    feed.rmdir()
    build(ws, tmp_path / "second.txt")
    assert len(catalog_rows(ws)) == 2 and len(feed_items(ws)) == 2


def test_description_is_escaped_text_not_markup(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "x.txt", "عنوان", "انظر <img src=x onerror=alert(1)> هنا."))
    parsed = feedparser.parse(str(ws / "feed" / "feed.xml"))
    assert "<img" not in parsed.entries[0].summary  # what an app renders as HTML
    assert "&lt;img src=x onerror=alert(1)&gt;" in parsed.entries[0].summary


# --- an emptied catalog, a lost MP3 -------------------------------------------------------

def test_zero_byte_catalog_with_episodes_on_disk_is_refused(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"))
    feed_before = (ws / "feed" / "feed.xml").read_bytes()
    (ws / ".narrator" / "catalog.sqlite").write_bytes(b"")
    for args in (("feed",), ("build", article(tmp_path / "second.txt", "مقال ثان"), "--jobs", "1"), ("list",)):
        proc = run_narrator(*args, "-w", ws)
        err = proc.stderr.decode().strip()
        assert proc.returncode != 0 and "0 bytes" in err and "\n" not in err, (args, err)
    assert (ws / "feed" / "feed.xml").read_bytes() == feed_before


def test_missing_mp3_does_not_block_the_other_episodes(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"), article(tmp_path / "second.txt", "مقال ثان"))
    lost = next((ws / "audio").glob("first-*.mp3"))
    lost.unlink()
    proc = run_narrator("feed", "-w", ws)
    assert proc.returncode == 0 and lost.name in proc.stderr.decode()
    assert [i.findtext("title") for i in feed_items(ws)] == ["مقال ثان"]
    build(ws, article(tmp_path / "third.txt", "مقال ثالث"))
    assert sorted(i.findtext("title") for i in feed_items(ws)) == ["مقال ثالث", "مقال ثان"]
    assert run_narrator("check", "-w", ws).returncode == 0


# --- read-only workspaces; no workspace at all; one error format ------------------------------

def _run(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")), timeout=120)


def test_list_and_play_work_in_a_read_only_workspace(tmp_path):
    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"))
    before = tree(ws)
    out = tmp_path / "chapter.mp3"
    with read_only(ws) as argv:
        listed = _run(argv("list", "-w", ws))
        played = _run(argv("play", "first", "-c", "1", "-o", out, "-w", ws))
    assert listed.returncode == 0, listed.stderr.decode()
    assert listed.stdout.decode().startswith("first\tمقال أول\t")
    assert played.returncode == 0, played.stderr.decode()
    assert out.stat().st_size > 0 and tree(ws) == before


def test_list_and_remove_without_a_workspace_create_nothing(tmp_path):
    assert run_narrator("list", "-w", tmp_path).stdout.decode().strip() == "no episodes yet"
    proc = run_narrator("remove", "nothing", "-w", tmp_path)
    assert proc.returncode != 0 and "no episodes yet" in proc.stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_per_article_failures_use_the_error_format(tmp_path):
    ws = tmp_path / "ws"
    proc = build(ws, tmp_path / "missing.txt", article(tmp_path / "first.txt", "مقال"), check=False)
    assert proc.returncode == 1
    [line] = proc.stderr.decode().strip().splitlines()
    assert line.startswith("Error: ") and "missing.txt" in line


def test_list_and_page_show_one_duration(tmp_path):
    """7:37.6 is 7:37 in `list` and on the page alike (one formatter, cutting like players)."""
    from dataclasses import replace

    from narrator.catalog import Catalog
    from serve_fixtures import build_workspace

    fx = build_workspace(tmp_path, slugs=("long-one",))
    with Catalog(fx.workspace.catalog_path) as catalog:
        catalog.upsert(replace(fx.records[0], duration=457.6))
    root = fx.workspace.root
    listed = run_narrator("list", "-w", root, check=True).stdout.decode()
    assert listed.split("\t")[3] == "7:37", listed
    run_narrator("feed", "-w", root, check=True)
    page = (root / "feed" / "index.html").read_text("utf-8")
    assert "7:37" in page and "7:38" not in page


def test_serve_works_in_a_read_only_workspace(tmp_path):
    import signal
    from urllib.parse import urlsplit
    from urllib.request import urlopen

    ws = tmp_path / "ws"
    build(ws, article(tmp_path / "first.txt", "مقال أول"))
    (ws / "feed" / "default-cover.png").unlink()  # serving must not need to write it
    before = tree(ws)
    with read_only(ws) as argv:
        proc = subprocess.Popen(argv("serve", "-w", ws, "--port", "0"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
                                text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            line = proc.stdout.readline().strip()
            assert line.startswith("feed: http://127.0.0.1:"), line or proc.stderr.read()
            url = line.split(" ", 1)[1]
            with urlopen(url, timeout=30) as resp:
                feed = etree.fromstring(resp.read())
            [enclosure] = feed.xpath("//item/enclosure/@url")
            port = urlsplit(url).port
            assert enclosure.startswith(f"http://127.0.0.1:{port}/audio/first-")
            with urlopen(enclosure, timeout=30) as resp:
                assert resp.status == 200 and len(resp.read()) > 0
        finally:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert tree(ws) == before


def test_full_disk_is_named_and_leaves_the_catalog_as_it_was(tmp_path):
    """On a full filesystem (a 2 MB tmpfs in a private mount namespace, so root only), removing an
    episode says so in one line, never a masking "cannot rollback", and changes nothing."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare for a private tmpfs")
    ws = tmp_path / "ws"
    ws.mkdir()
    source = article(tmp_path / "first.txt", "مقال أول")
    narrator = shlex.join([sys.executable, "-m", "narrator"])
    q = shlex.quote(str(ws))
    script = (f"mount -t tmpfs -o size=2m tmpfs {q} || exit 99; "
              f"{narrator} build {shlex.quote(str(source))} -w {q} -j 1 >/dev/null || exit 98; "
              f"dd if=/dev/zero of={q}/filler bs=4k 2>/dev/null; "
              f"{narrator} remove first -w {q}; echo \"rc=$?\" >&2; rm {q}/filler; {narrator} list -w {q}")
    proc = _run(["unshare", "-m", "sh", "-c", script])
    if proc.returncode == 99:
        pytest.skip("cannot mount a tmpfs here")
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 0 and len(err) == 2 and err[1] != "rc=0", err
    assert err[0].startswith("Error: ") and "No space left on device" in err[0] and "rollback" not in err[0], err
    assert proc.stdout.decode().startswith("first\tمقال أول\t")
