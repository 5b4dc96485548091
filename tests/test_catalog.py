"""The SQLite episode catalog: real SQLite files, real concurrent processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from narrator.article.model import Article, Chapter
from narrator.catalog import EPISODE_NAMESPACE, MIGRATIONS, Catalog, EpisodeRecord, record_from_episode
from narrator.episode.model import ChapterMark, Episode
from narrator.errors import CatalogError

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


def episode(slug: str, content_hash: str = "h1") -> Episode:
    stem = f"{slug}-{content_hash}"
    return Episode(
        slug=slug, title=f"عنوان {slug}", mp3_path=Path(f"/ws/audio/{stem}.mp3"),
        chapters_path=Path(f"/ws/feed/{stem}.chapters.json"), transcript_path=Path(f"/ws/feed/{stem}.vtt"),
        duration=61.5, size=123456,
        chapters=(ChapterMark("المقدمة", 0.0, 20.0), ChapterMark("الخاتمة", 20.0, 61.5)),
        cues=(), content_hash=content_hash, loudness=-16.0, true_peak=-1.2,
    )


def article(slug: str, subtitle: str | None = None) -> Article:
    return Article(
        title=f"عنوان {slug}", subtitle=subtitle, byline="فلان", date="2024-04-30",
        chapters=(Chapter(f"عنوان {slug}", ("", "الفقرة الأولى.", "الثانية.")), Chapter("الخاتمة", ("نهاية.",))),
        source=f"/articles/{slug}.md",
    )


def record(slug: str, content_hash: str = "h1", now: datetime = T0, subtitle: str | None = None) -> EpisodeRecord:
    return record_from_episode(episode(slug, content_hash), article(slug, subtitle), "espeak:ar", "src-hash", now=now)


@pytest.fixture
def catalog(tmp_path):
    with Catalog(tmp_path / ".narrator" / "catalog.sqlite") as cat:
        yield cat


def test_record_from_episode_fields():
    rec = record("xi-putin")
    assert rec.guid == str(uuid.uuid5(EPISODE_NAMESPACE, "xi-putin"))
    assert rec.guid == record("xi-putin", content_hash="other", now=T0 + timedelta(days=3)).guid
    assert rec.guid != record("another").guid
    assert (rec.mp3, rec.chapters_file, rec.transcript_file) == (
        "xi-putin-h1.mp3", "xi-putin-h1.chapters.json", "xi-putin-h1.vtt")
    assert rec.description == "الفقرة الأولى."  # first non-empty paragraph
    assert record("x", subtitle="عنوان فرعي").description == "عنوان فرعي"
    assert rec.pub_date == rec.updated == "2024-05-01T08:00:00+00:00"
    assert (rec.author, rec.article_date, rec.source, rec.voice) == ("فلان", "2024-04-30", "/articles/xi-putin.md", "espeak:ar")
    assert rec.chapters == episode("xi-putin").chapters


def test_open_creates_wal_catalog_and_records_migrations(tmp_path):
    path = tmp_path / ".narrator" / "catalog.sqlite"
    with Catalog(path) as cat:
        assert cat.migrations() == [name for name, _ in MIGRATIONS]
    with Catalog(path) as cat:  # reopening applies nothing twice
        assert cat.migrations() == [name for name, _ in MIGRATIONS]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    raw.close()


def test_opening_an_up_to_date_catalog_waits_for_no_writer(tmp_path, monkeypatch):
    """A build (or follow.py's `database`) opening the catalog while another process writes
    reads the schema's state; it takes no write lock when nothing is to migrate."""
    monkeypatch.setattr("narrator.catalog.BUSY_TIMEOUT_S", 0.5)  # a wait would fail fast
    path = tmp_path / ".narrator" / "catalog.sqlite"
    Catalog(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process's write, in progress
    try:
        with Catalog(path) as cat:
            assert cat.migrations() == [name for name, _ in MIGRATIONS]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_upsert_roundtrip_and_get(catalog):
    stored, old = catalog.upsert(record("xi-putin"))
    assert old == []
    assert catalog.get("xi-putin") == stored == record("xi-putin")
    assert catalog.get("/articles/xi-putin.md") == stored  # by source path
    assert catalog.get("nothing") is None


def test_rebuild_keeps_guid_and_pub_date_and_returns_old_files(catalog):
    first, _ = catalog.upsert(record("xi-putin", "h1", now=T0))
    later = T0 + timedelta(days=2)
    # Even if a caller computed another guid, the stored one wins.
    rebuilt = replace(record("xi-putin", "h2", now=later), guid=str(uuid.uuid4()))
    stored, old = catalog.upsert(rebuilt)
    assert stored.guid == first.guid
    assert stored.pub_date == first.pub_date == "2024-05-01T08:00:00+00:00"
    assert stored.updated == later.isoformat(timespec="seconds")
    assert stored.mp3 == "xi-putin-h2.mp3"
    assert old == ["xi-putin-h1.chapters.json", "xi-putin-h1.mp3", "xi-putin-h1.vtt"]
    assert catalog.get("xi-putin") == stored
    # Same files again: nothing to delete.
    assert catalog.upsert(record("xi-putin", "h2", now=later + timedelta(hours=1)))[1] == []


def test_list_newest_first_and_remove(catalog):
    for day, slug in enumerate(["a", "b", "c"]):
        catalog.upsert(record(slug, now=T0 + timedelta(days=day)))
    catalog.upsert(record("a", "h9", now=T0 + timedelta(days=9)))  # rebuild does not move it up
    assert [r.slug for r in catalog.list()] == ["c", "b", "a"]
    removed = catalog.remove("b")
    assert removed.slug == "b" and removed.mp3 == "b-h1.mp3"
    assert [r.slug for r in catalog.list()] == ["c", "a"]
    assert catalog.get("b") is None
    with pytest.raises(CatalogError, match="no episode 'b'"):
        catalog.remove("b")


def _writer(path: str, prefix: str, count: int, barrier) -> None:
    barrier.wait()  # both processes open (and migrate) a fresh catalog at the same moment
    with Catalog(Path(path)) as cat:
        for i in range(count):
            cat.upsert(record(f"{prefix}-{i}", now=T0 + timedelta(minutes=i)))
            cat.upsert(record("shared", f"{prefix}{i}", now=T0))


def test_concurrent_upserts_from_two_processes_all_land(tmp_path):
    path = tmp_path / ".narrator" / "catalog.sqlite"
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(str(path), p, 25, barrier)) for p in ("left", "right")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with Catalog(path) as cat:
        slugs = {r.slug for r in cat.list()}
        assert slugs == {f"{p}-{i}" for p in ("left", "right") for i in range(25)} | {"shared"}
        assert cat.get("shared").guid == record("shared").guid
        assert cat.migrations() == [name for name, _ in MIGRATIONS]


def test_unreadable_catalog_is_one_line_catalog_error(tmp_path):
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogError) as info:
        Catalog(bad)
    assert str(bad) in str(info.value) and "\n" not in str(info.value)


def from_source(slug: str, source: str, content_hash: str = "h1") -> EpisodeRecord:
    return replace(record(slug, content_hash), source=source)


def test_a_slug_belongs_to_one_source(catalog):
    assert catalog.unique_slug("news", "/a/news.txt") == "news"
    catalog.upsert(from_source("news", "/a/news.txt"))
    assert catalog.unique_slug("news", "/a/news.txt") == "news"  # its own: kept
    assert catalog.unique_slug("news", "/b/news.txt") == "news-2"
    catalog.upsert(from_source("news-2", "/b/news.txt"))
    catalog.upsert(from_source("newsroom", "/c/newsroom.txt"))  # a prefix is not a collision
    assert catalog.unique_slug("news", "/d/news.txt") == "news-3"
    assert catalog.unique_slug("news", "/b/news.txt") == "news-2"
    # Slugs of episodes still being built (the Ray driver's) are taken too; a source's own is kept.
    assert catalog.unique_slug("news", "/d/news.txt", {"news-3", "news-5"}) == "news-4"
    assert catalog.unique_slug("news", "/b/news.txt", {"news-2"}) == "news-2"
    # Another source's slug is never overwritten (two builds racing for one name).
    with pytest.raises(CatalogError, match="belongs to /a/news.txt"):
        catalog.upsert(from_source("news", "/e/news.txt", "h2"))
    assert catalog.get("news").source == "/a/news.txt" and catalog.get("news").mp3 == "news-h1.mp3"


def test_nothing_is_committed_when_publishing_fails(catalog):
    catalog.upsert(record("kept"))
    seen = []

    def fail(records):
        seen.append(sorted(r.slug for r in records))
        raise ValueError("the feed cannot be rendered")

    with pytest.raises(ValueError):
        catalog.upsert(record("new"), before_commit=fail)
    with pytest.raises(ValueError):
        catalog.remove("kept", before_commit=fail)
    assert seen == [["kept", "new"], []], "before_commit sees the episodes as they would be"
    assert [r.slug for r in catalog.list()] == ["kept"]


def test_record_never_holds_characters_a_feed_cannot_carry():
    art = replace(article("x"), subtitle="عنوان\f فرعي\ufffe", byline="كاتب\x01")
    ep = replace(episode("x"), title="عنوان\x0bالحلقة",
                 chapters=(ChapterMark("فصل\x1f أول", 0.0, 20.0), ChapterMark("الخاتمة", 20.0, 61.5)))
    rec = record_from_episode(ep, art, "espeak:ar", "h", now=T0)
    assert (rec.title, rec.subtitle, rec.description, rec.author) == ("عنوانالحلقة", "عنوان فرعي", "عنوان فرعي", "كاتب")
    assert [c.title for c in rec.chapters] == ["فصل أول", "الخاتمة"]


def test_read_only_catalog_reads_and_never_writes(tmp_path):
    path = tmp_path / ".narrator" / "catalog.sqlite"
    with pytest.raises(CatalogError, match="no episodes yet"):
        Catalog(path, readonly=True)
    assert not path.parent.exists(), "opening read-only creates nothing"
    with Catalog(path) as cat:
        cat.upsert(record("one"))
    with Catalog(path, readonly=True) as cat:
        assert [r.slug for r in cat.list()] == ["one"]
        with pytest.raises(CatalogError):
            cat.upsert(record("two"))
    with Catalog(path) as cat:
        assert [r.slug for r in cat.list()] == ["one"]


def test_zero_byte_catalog_is_refused_only_when_episodes_exist(tmp_path):
    from narrator.catalog import open_catalog
    from narrator.workspace import Workspace

    ws = Workspace(tmp_path).ensure()
    ws.catalog_path.write_bytes(b"")
    with open_catalog(ws) as cat:  # nothing was ever published: a new catalog
        assert cat.list() == []
    ws.catalog_path.write_bytes(b"")
    (ws.audio_dir / "old-episode-abc.mp3").write_bytes(b"\xff\xfb" * 100)
    with pytest.raises(CatalogError, match="0 bytes.*1 episode"):
        open_catalog(ws)
    assert ws.catalog_path.stat().st_size == 0


def test_reading_an_older_catalog_upgrades_it_once(tmp_path):
    from narrator.catalog import episodes
    from narrator.workspace import Workspace

    ws = Workspace(tmp_path).ensure()
    name, first = MIGRATIONS[0]
    with sqlite3.connect(ws.catalog_path) as db:  # what the first release wrote
        db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        first(db)
        db.execute("INSERT INTO schema_migrations VALUES (?, '2024-01-01T00:00:00+00:00')", (name,))
    with pytest.raises(CatalogError, match="older narrator"):
        Catalog(ws.catalog_path, readonly=True)
    assert episodes(ws) == []
    with Catalog(ws.catalog_path, readonly=True) as cat:
        assert cat.migrations() == [n for n, _ in MIGRATIONS]


def test_one_connection_factory_enforces_foreign_keys_and_speaks_catalog_errors(tmp_path):
    """catalog.database: what follow.py keeps its tables through. The cascade from a
    subscription to its items holds, and SQLite's errors inside the block are CatalogErrors."""
    from narrator.catalog import database
    from narrator.workspace import Workspace

    ws = Workspace(tmp_path)
    with database(ws) as db:
        db.execute("INSERT INTO subscriptions (url, title, added) VALUES ('https://x/feed', 'x', '2026-01-01')")
        db.execute("INSERT INTO feed_items (feed_url, item_key, slug, fingerprint) VALUES ('https://x/feed', 'k', 's', 'f')")
        db.execute("DELETE FROM subscriptions WHERE url = 'https://x/feed'")
        assert db.execute("SELECT count(*) FROM feed_items").fetchone() == (0,)  # gone with their feed
    with pytest.raises(CatalogError) as err, database(ws) as db:
        db.execute("INSERT INTO feed_items (feed_url, item_key, slug, fingerprint) VALUES ('nobody', 'k', 's', 'f')")
    assert "FOREIGN KEY" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(CatalogError, match="no such table"), database(ws) as db:
        db.execute("SELECT * FROM nothing_here")


def test_find_episode_by_slug_and_by_article_path(tmp_path, monkeypatch):
    from narrator.catalog import find_episode, open_catalog
    from narrator.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    article_path = tmp_path / "qimma.txt"
    with open_catalog(ws) as cat:
        cat.upsert(from_source("qimma", str(article_path)))
        cat.upsert(from_source("other", str(tmp_path / "other.txt")))
    assert find_episode(ws, "qimma").slug == "qimma"
    monkeypatch.chdir(tmp_path)
    assert find_episode(ws, "qimma.txt").slug == "qimma"
    assert find_episode(ws, str(article_path)).slug == "qimma"
    with pytest.raises(CatalogError) as err:
        find_episode(ws, "nope")
    assert "\n" not in str(err.value) and "qimma" in str(err.value) and "other" in str(err.value)
