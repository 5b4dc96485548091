"""The episode catalog: one SQLite table of published episodes, plain SQL.

Several `narrator build` processes may write at once, so the database runs in
WAL mode with a busy timeout, and every write is one `BEGIN IMMEDIATE`
transaction (the write lock is taken up front, so a read-then-write upsert
cannot interleave with another process's).
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import sqlite3
import time
import uuid
from collections.abc import Set
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Final, Iterator

from narrator.article.model import Article
from narrator.episode.model import ChapterMark, Episode
from narrator.errors import CatalogError
from narrator.workspace import Workspace
from narrator.xmltext import XML_INVALID, xml_clean

log = logging.getLogger(__name__)

EPISODE_NAMESPACE: Final = uuid.UUID("3b0d5a52-8f61-5b7c-9a2e-6e1f4c7d2a90")
"""Fixed namespace for episode GUIDs: uuid5(EPISODE_NAMESPACE, slug) never changes for an article."""

BUSY_TIMEOUT_S: Final = 10.0


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    guid: str
    """Stable for the article's whole life (uuid5 of its slug); kept on every rebuild."""
    slug: str
    title: str
    subtitle: str | None
    description: str
    author: str | None
    article_date: str | None
    pub_date: str
    """ISO 8601 UTC of the FIRST publication; kept on rebuild."""
    updated: str
    """ISO 8601 UTC of the last build."""
    source: str
    source_hash: str
    voice: str
    mp3: str
    """File name under audio/."""
    chapters_file: str
    """File name under feed/."""
    transcript_file: str
    """File name under feed/."""
    duration: float
    size: int
    chapters: tuple[ChapterMark, ...]
    content_hash: str
    build_key: str = ""
    """Fingerprint of everything the build read (source, voice, settings, lexicon, version):
    equal on a later build means the episode is up to date."""
    chunks: int = 0
    """Chunks the voice spoke for this episode (reported as cached when up to date)."""
    source_url: str | None = None
    """The web page the article came from (its canonical URL), when it came from the web."""
    image_file: str | None = None
    """The episode's own artwork under feed/ (from the article's picture); None: the show's cover."""

    def files(self) -> set[str]:
        """Names of the files this version uses (the MP3 in audio/, the others in feed/)."""
        return {self.mp3, self.chapters_file, self.transcript_file} | ({self.image_file} if self.image_file else set())


def clean_record(record: "EpisodeRecord") -> tuple["EpisodeRecord", list[str]]:
    """The record with every text a feed shows made XML-safe, and the names of the fields changed."""
    changes: dict[str, Any] = {}
    for name in ("title", "subtitle", "description", "author"):
        value = getattr(record, name)
        if value and XML_INVALID.search(value):
            changes[name] = xml_clean(value)
    if any(XML_INVALID.search(c.title) for c in record.chapters):
        changes["chapters"] = tuple(replace(c, title=xml_clean(c.title) or "") for c in record.chapters)
    return (replace(record, **changes) if changes else record), sorted(changes)


def episode_guid(slug: str) -> str:
    return str(uuid.uuid5(EPISODE_NAMESPACE, slug))


def free_slug(wanted: str, taken: Set[str]) -> str:
    """`wanted`, else `wanted-2`, `-3`...: the first not in `taken`."""
    slug, n = wanted, 1
    while slug in taken:
        n += 1
        slug = f"{wanted}-{n}"
    return slug


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _summary(article: Article) -> str:
    if article.subtitle:
        return article.subtitle.strip()
    for chapter in article.chapters:
        for paragraph in chapter.paragraphs:
            if paragraph.strip():
                return paragraph.strip()
    return article.title


def record_from_episode(
    episode: Episode,
    article: Article,
    voice_id: str,
    source_hash: str,
    now: datetime | None = None,
    build_key: str = "",
    chunks: int = 0,
    source_url: str | None = None,
    image_file: str | None = None,
) -> EpisodeRecord:
    """What the catalog stores about a freshly built episode.

    pub_date is `now` here; Catalog.upsert keeps the first one when the slug exists.
    """
    stamp = _iso(now or datetime.now(timezone.utc))
    record = EpisodeRecord(
        guid=episode_guid(episode.slug),
        slug=episode.slug,
        title=episode.title,
        subtitle=article.subtitle,
        description=_summary(article),
        author=article.byline,
        article_date=article.date,
        pub_date=stamp,
        updated=stamp,
        source=article.source,
        source_hash=source_hash,
        voice=voice_id,
        mp3=Path(episode.mp3_path).name,
        chapters_file=Path(episode.chapters_path).name,
        transcript_file=Path(episode.transcript_path).name,
        duration=float(episode.duration),
        size=int(episode.size),
        chapters=tuple(episode.chapters),
        content_hash=episode.content_hash,
        build_key=build_key,
        chunks=chunks,
        source_url=source_url,
        image_file=image_file,
    )
    # Never store what a feed cannot carry: one such character once blocked every later feed.
    record, changed = clean_record(record)
    if changed:
        log.warning("episode '%s': %s had characters a feed cannot carry; removed", record.slug, ", ".join(changed))
    return record


# --- schema -------------------------------------------------------------------

def _m001_episodes(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE episodes (
            slug TEXT PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            subtitle TEXT,
            description TEXT NOT NULL,
            author TEXT,
            article_date TEXT,
            pub_date TEXT NOT NULL,
            updated TEXT NOT NULL,
            source TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            voice TEXT NOT NULL,
            mp3 TEXT NOT NULL,
            chapters_file TEXT NOT NULL,
            transcript_file TEXT NOT NULL,
            duration REAL NOT NULL,
            size INTEGER NOT NULL,
            chapters TEXT NOT NULL,
            content_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX episodes_source ON episodes (source)")
    db.execute("CREATE INDEX episodes_pub_date ON episodes (pub_date)")


def _m002_build_key(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE episodes ADD COLUMN build_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE episodes ADD COLUMN chunks INTEGER NOT NULL DEFAULT 0")


def _m003_web(db: sqlite3.Connection) -> None:
    """Episodes from the web keep their page URL; followed feeds and their items (narrator/follow.py)."""
    db.execute("ALTER TABLE episodes ADD COLUMN source_url TEXT")
    db.execute("CREATE INDEX episodes_source_url ON episodes (source_url)")
    db.execute(
        """CREATE TABLE subscriptions (
            url TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            keep INTEGER,
            since TEXT,
            etag TEXT,
            last_modified TEXT,
            added TEXT NOT NULL,
            checked TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE feed_items (
            feed_url TEXT NOT NULL REFERENCES subscriptions (url) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            slug TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            published TEXT,
            PRIMARY KEY (feed_url, item_key)
        )"""
    )


def _m005_follow_private(db: sqlite3.Connection) -> None:
    """A followed feed may be allowed to lead to private addresses (web/guard.py)."""
    db.execute("ALTER TABLE subscriptions ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0")


# Named migrations, applied in order and recorded by name; never edit a released one, add a new one.
def _m004_image(db: sqlite3.Connection) -> None:
    """An episode may have its own artwork (the article's picture), a file under feed/."""
    db.execute("ALTER TABLE episodes ADD COLUMN image_file TEXT")


def _m006_shared_items(db: sqlite3.Connection) -> None:
    """A followed item whose story is already an episode (built by `build URL` or from another
    feed) points at that episode without owning it: pruning the feed never removes it."""
    db.execute("ALTER TABLE feed_items ADD COLUMN owned INTEGER NOT NULL DEFAULT 1")


MIGRATIONS: Final[tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...]] = (
    ("001_episodes", _m001_episodes),
    ("002_build_key", _m002_build_key),
    ("003_web", _m003_web),
    ("004_image", _m004_image),
    ("005_follow_private", _m005_follow_private),
    ("006_shared_items", _m006_shared_items),
)

_COLUMNS: Final = (
    "guid", "slug", "title", "subtitle", "description", "author", "article_date", "pub_date",
    "updated", "source", "source_hash", "voice", "mp3", "chapters_file", "transcript_file",
    "duration", "size", "chapters", "content_hash", "build_key", "chunks", "source_url",
    "image_file",
)
_SELECT: Final = f"SELECT {', '.join(_COLUMNS)} FROM episodes"


def _to_row(record: EpisodeRecord) -> tuple:
    chapters = json.dumps(
        [{"title": c.title, "start": c.start, "end": c.end} for c in record.chapters],
        ensure_ascii=False,
    )
    return tuple(chapters if name == "chapters" else getattr(record, name) for name in _COLUMNS)


def _from_row(row: tuple) -> EpisodeRecord:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["chapters"] = tuple(
        ChapterMark(title=c["title"], start=float(c["start"]), end=float(c["end"]))
        for c in json.loads(values["chapters"])
    )
    return EpisodeRecord(**values)


_SQLITE_IOERR: Final = 10
_SQLITE_FULL: Final = 13


def _why(exc: OSError | sqlite3.Error, path: Path) -> str:
    """SQLite's reason in the words the rest of narrator uses: a full disk shows up as
    "database or disk is full" or, when the WAL index cannot grow, a bare "disk I/O error"."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code of an extended one
    if code == _SQLITE_FULL or (code == _SQLITE_IOERR and _disk_full(path)):
        return f"No space left on device ({exc})"
    return str(exc)


def _disk_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def _enable_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL (a setting stored in the file, so this matters only on first open).

    Two processes creating the catalog at once can get "database is locked" here at
    once: SQLite does not call the busy handler while changing the journal mode.
    So retry for the busy timeout ourselves.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class _OutdatedSchema(CatalogError):
    """A read-only open found migrations still to apply."""


class Catalog:
    """The episode catalog at `path` (created on first use, unless `readonly`).

    Use it as a context manager, or call close(). A read-only catalog never writes,
    creates or migrates anything, so `list`, `play` and `serve` work in a workspace
    the user may only read.
    """

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path = Path(path)
        self.readonly = readonly
        self._db = connect(path, readonly)
        try:
            if readonly:
                self._check_schema()
            else:
                _enable_wal(self._db)
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
        except sqlite3.Error as exc:
            self._db.close()
            raise CatalogError(f"catalog {path}: {_why(exc, path)}") from None
        except CatalogError:
            self._db.close()
            raise

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front (BEGIN IMMEDIATE) so
        concurrent builds wait on the busy timeout instead of failing mid-way."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            # SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK
            # would then fail and hide the real reason.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        # Every writable open comes here (follow.py's `database` once per query): a catalog
        # already up to date is told by one read, without taking the write lock per migration.
        if not self._missing_migrations():
            return
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        for name, apply in MIGRATIONS:
            with self._write() as db:
                # Re-checked under the write lock: another process may have just applied it.
                done = db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone()
                if not done:
                    apply(db)
                    db.execute(
                        "INSERT INTO schema_migrations (name, applied) VALUES (?, ?)",
                        (name, _iso(datetime.now(timezone.utc))),
                    )

    def _check_schema(self) -> None:
        """Read-only: the schema must already be this version's (nothing may be migrated)."""
        if self._missing_migrations():
            raise _OutdatedSchema(
                f"catalog {self.path} is from an older narrator and cannot be upgraded here "
                f"(read-only); run `narrator feed` in a writable copy"
            )

    def _missing_migrations(self) -> list[str]:
        try:
            done = {r[0] for r in self._db.execute("SELECT name FROM schema_migrations")}
        except sqlite3.OperationalError:  # no such table: a new catalog
            done = set()
        return [name for name, _ in MIGRATIONS if name not in done]

    def migrations(self) -> list[str]:
        return [r[0] for r in self._query("SELECT name FROM schema_migrations ORDER BY name")]

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise CatalogError(f"catalog {self.path}: {_why(exc, self.path)}") from None

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """The rows of one SELECT (follow.py reads its tables so, read-only included)."""
        return self._query(sql, params)

    def _records_in(self, db: sqlite3.Connection) -> list["EpisodeRecord"]:
        return [_from_row(r) for r in db.execute(f"{_SELECT} ORDER BY pub_date DESC, slug").fetchall()]

    def upsert(
        self, record: EpisodeRecord, before_commit: Callable[[list[EpisodeRecord]], None] | None = None,
    ) -> tuple[EpisodeRecord, list[str]]:
        """Insert or replace the episode of record.slug, in one transaction.

        An existing slug keeps its guid and first pub_date; a slug belongs to one source,
        so another source's episode is never replaced (pick the slug with unique_slug).
        `before_commit` gets every episode as they will be once committed, inside the
        transaction: if it raises (say the feed cannot be rendered), nothing is stored.
        Returns the stored record and the names of the files the previous version used
        and this one does not, for the caller to delete once the new feed is in place.
        """
        record, stale = self.upsert_many([record], before_commit)[0]
        return record, stale

    def upsert_many(
        self, records: list[EpisodeRecord], before_commit: Callable[[list[EpisodeRecord]], None] | None = None,
    ) -> list[tuple[EpisodeRecord, list[str]]]:
        """upsert() for several episodes in one transaction, `before_commit` called once for
        all: a driver landing many episodes writes the feed once, not once per episode.
        If one cannot be stored, none is."""
        done = []
        try:
            with self._write() as db:
                for record in records:
                    row = db.execute(f"{_SELECT} WHERE slug = ?", (record.slug,)).fetchone()
                    old = _from_row(row) if row else None
                    if old is not None:
                        if old.source != record.source:
                            raise CatalogError(
                                f"episode '{record.slug}' belongs to {old.source}, not {record.source}; "
                                f"build again to get a name of its own"
                            )
                        record = replace(record, guid=old.guid, pub_date=old.pub_date)
                    db.execute(
                        f"INSERT OR REPLACE INTO episodes ({', '.join(_COLUMNS)}) "
                        f"VALUES ({', '.join('?' for _ in _COLUMNS)})",
                        _to_row(record),
                    )
                    done.append((record, sorted(old.files() - record.files()) if old else []))
                if before_commit:
                    before_commit(self._records_in(db))
        except sqlite3.Error as exc:
            slug = records[len(done)].slug if len(done) < len(records) else records[-1].slug
            raise CatalogError(f"catalog {self.path}: cannot save episode '{slug}': {_why(exc, self.path)}") from None
        return done

    def unique_slug(self, wanted: str, source: str, also_taken: Set[str] = frozenset()) -> str:
        """The slug for `source`: the one it already has, else `wanted`, else `wanted-2`, `-3`...
        (`also_taken`: slugs not in the catalog yet, given to episodes still being built).

        A slug names one article for good (its GUID derives from it): a second article
        whose name makes the same slug gets a new one instead of replacing the first.
        """
        rows = self._query("SELECT slug FROM episodes WHERE source = ? ORDER BY pub_date", (source,))
        if rows:
            return rows[0][0]
        # Slugs are [a-z0-9-] only (slug_for), so LIKE needs no escaping here.
        taken = {r[0] for r in self._query(
            "SELECT slug FROM episodes WHERE slug = ? OR slug LIKE ?", (wanted, wanted + "-%"),
        )}
        return free_slug(wanted, taken | also_taken)

    def get(self, slug_or_source: str) -> EpisodeRecord | None:
        """The episode with this slug, or whose article was read from this path."""
        key = str(slug_or_source)
        candidates = [key]
        try:
            path = Path(key).expanduser().resolve()
            candidates.append(str(path))
            root = self.path.resolve().parent.parent  # <root>/.narrator/catalog.sqlite
            if path.is_relative_to(root):  # sources inside the workspace are stored relative to it
                candidates.append(path.relative_to(root).as_posix())
        except (OSError, RuntimeError):
            pass
        rows = self._query(f"{_SELECT} WHERE slug = ?", (key,))
        for source in candidates:
            if rows:
                break
            rows = self._query(f"{_SELECT} WHERE source = ? ORDER BY updated DESC", (source,))
        return _from_row(rows[0]) if rows else None

    def by_story(self, url: str, title: str) -> EpisodeRecord | None:
        """The first episode built from the web page `url` under this title (two items of a
        feed may share a link and be two stories)."""
        rows = self._query(f"{_SELECT} WHERE source_url = ? AND title = ? ORDER BY pub_date, slug LIMIT 1",
                           (url, title))
        return _from_row(rows[0]) if rows else None

    def list(self) -> list[EpisodeRecord]:
        """Every episode, newest first publication first."""
        return [_from_row(r) for r in self._query(f"{_SELECT} ORDER BY pub_date DESC, slug")]

    def remove(
        self, slug: str, before_commit: Callable[[builtins.list[EpisodeRecord]], None] | None = None,
    ) -> EpisodeRecord:
        """Delete the episode `slug` in one transaction; `before_commit` as in upsert()."""
        try:
            with self._write() as db:
                row = db.execute(f"{_SELECT} WHERE slug = ?", (slug,)).fetchone()
                if row is not None:
                    db.execute("DELETE FROM episodes WHERE slug = ?", (slug,))
                    if before_commit:
                        before_commit(self._records_in(db))
        except sqlite3.Error as exc:
            raise CatalogError(f"catalog {self.path}: cannot remove episode '{slug}': {_why(exc, self.path)}") from None
        if row is None:
            raise CatalogError(f"catalog {self.path}: no episode '{slug}'")
        return _from_row(row)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """The one way a connection to the catalog's database is opened: SQLite's busy timeout,
    foreign keys enforced (feed_items' rows go with their subscription), and a failure to open
    as a one-line CatalogError. isolation_level=None: callers issue BEGIN/COMMIT themselves, so
    each write is exactly the transaction they mean. Nothing is created or migrated here
    (Catalog does that; `database` below for other modules)."""
    path = Path(path)
    try:
        if readonly:
            db = _connect_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise CatalogError(f"catalog {path}: cannot open: {_why(exc, path)}") from None
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        db.close()
        raise CatalogError(f"catalog {path}: {_why(exc, path)}") from None
    return db


@contextlib.contextmanager
def database(workspace: Workspace) -> Iterator[sqlite3.Connection]:
    """A connection to the workspace's catalog, created and migrated first, for a module that
    keeps its own tables there (follow.py: subscriptions and feed_items). Any sqlite3.Error
    inside the block leaves it as a one-line CatalogError; the connection is always closed."""
    path = workspace.catalog_path
    Catalog(path).close()  # creates the file and applies the migrations
    db = connect(path)
    try:
        yield db
    except sqlite3.Error as exc:
        raise CatalogError(f"catalog {path}: {_why(exc, path)}") from None
    finally:
        db.close()


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Open without writing anything. In WAL mode SQLite wants to create the -shm file
    beside the database; in a folder nobody may write to it cannot, and then the file
    is opened as immutable (nothing can be changing it there anyway)."""
    if not path.is_file():
        raise CatalogError(f"catalog {path}: no episodes yet: run `narrator build ARTICLE` first")
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def open_catalog(workspace: Workspace, readonly: bool = False) -> Catalog:
    """The workspace's catalog, refusing an empty file when episodes exist on disk.

    A 0-byte catalog.sqlite (a failed copy, a truncating backup tool) would otherwise be
    taken for a new catalog and publish an empty feed over every episode.
    """
    path = workspace.catalog_path
    with contextlib.suppress(FileNotFoundError):
        if path.stat().st_size == 0:
            on_disk = sorted(workspace.audio_dir.glob("*.mp3")) if workspace.audio_dir.is_dir() else []
            if on_disk:
                raise CatalogError(
                    f"catalog {path} is empty (0 bytes) but audio/ holds {len(on_disk)} episode(s): "
                    f"restore it from a backup, or move audio/ and the catalog away to start over"
                )
    if not readonly:
        return Catalog(path)
    try:
        return Catalog(path, readonly=True)
    except _OutdatedSchema:
        # Made by an older narrator: upgrade it once where that is allowed (a read-only
        # workspace keeps the clear error), then read as asked.
        Catalog(path).close()
        return Catalog(path, readonly=True)


def episodes(workspace: Workspace) -> list[EpisodeRecord]:
    """Every episode of the workspace, read-only; none when nothing was built yet."""
    if not workspace.catalog_path.exists():
        return []
    with open_catalog(workspace, readonly=True) as catalog:
        return catalog.list()


def find_episode(workspace: Workspace, episode: str) -> EpisodeRecord:
    """An episode by slug or by the path of its article, read-only."""
    if not workspace.catalog_path.exists():
        raise CatalogError("no episodes yet: run `narrator build ARTICLE` first")
    with open_catalog(workspace, readonly=True) as catalog:
        record = catalog.get(episode)
        if record is not None:
            return record
        slugs = sorted(r.slug for r in catalog.list())
    known = ", ".join(slugs[:12]) or "none yet"
    more = f" (and {len(slugs) - 12} more)" if len(slugs) > 12 else ""
    raise CatalogError(f"no episode '{episode}' in the catalog; known slugs: {known}{more}")
