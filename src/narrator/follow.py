"""Followed feeds: `narrator follow` stores a subscription; `narrator update` builds what is new.

Safe from cron: one update at a time (a lock; a second one returns at once), idempotent
(a feed is fetched with If-None-Match / If-Modified-Since, and an item whose fingerprint has
not changed is neither fetched nor built), and one bad item never blocks the others: it is
reported, and its feed's validators are not stored, so the next run tries it again.

An item's episode slug comes from its feed and GUID, so an item updated in place is rebuilt
under the same slug and keeps its episode GUID.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import time
from calendar import timegm
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Final, Iterator
from urllib.parse import urljoin

from narrator.catalog import database, open_catalog
from narrator.errors import NarratorError
from narrator.web import WebError, printable
from narrator.web.extract import extract
from narrator.web.fetch import feed_source, fetch
from narrator.web.guard import PublicOnly
from narrator.web.pages import page_article, save_article, slug_for_url, web_dir
from narrator.web.urls import is_http, public_url
from narrator.workspace import Workspace

if TYPE_CHECKING:
    from narrator.pipeline import BuildResult

log = logging.getLogger(__name__)

FEED_ACCEPT: Final = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
FULL_TEXT_MIN_BLOCKS: Final = 3
FULL_TEXT_MIN_CHARS: Final = 1500
"""An item whose content holds 3 paragraphs or headings, or this much text, is the article
itself; less is a teaser (one paragraph), and the article is fetched from the item's page."""
_BLOCK_TAG = re.compile(r"<(p|h[1-6]|li|blockquote)[\s>]", re.I)
DEFAULT_KEEP: Final = 10


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str
    keep: int | None
    since: str | None
    """ISO date: items published before it are never built."""
    etag: str | None = None
    last_modified: str | None = None
    checked: str | None = None
    allow_private: bool = False
    """Its items may lead to loopback, private and link-local addresses (web/guard.py)."""


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    """The GUID (or link), made unique within the feed (_unique_keys)."""
    title: str
    link: str
    """Absolute http(s) URL of the item's page, as fetched; "" when it has none (a
    `javascript:` or `data:` link is none). Published only through public_url()."""
    published: str | None
    content: str
    """The item's HTML content or summary."""
    fingerprint: str
    """Changes when the item is updated in place."""


@dataclass(slots=True)
class UpdateSummary:
    """What one update did; counted as it goes (_update_feed adds to it)."""

    feeds: int = 0
    not_modified: int = 0
    new: int = 0
    shared: int = 0
    """Of the new items, those whose story was already an episode (see _built_elsewhere)."""
    updated: int = 0
    removed: int = 0
    failures: list[str] = field(default_factory=list)
    bodies: int = 0
    """Feed and page bodies downloaded (a 304 downloads none)."""
    synthesised: int = 0
    seconds: float = 0.0
    skipped: bool = False
    """Another update held the lock; this one did nothing."""

    def line(self) -> str:
        if self.skipped:
            return "update: another update is running; nothing done"
        return (
            f"update: {self.feeds} feeds ({self.not_modified} not modified), {self.new} new"
            f"{f' ({self.shared} already an episode)' if self.shared else ''}, "
            f"{self.updated} updated, {self.removed} removed, {len(self.failures)} failed, "
            f"{self.bodies} downloads, {self.synthesised} chunks synthesised, {self.seconds:.1f} s"
        )


# --- the subscriptions table (created by the catalog's 003_web migration) -----------------

def subscriptions(workspace: Workspace) -> list[Subscription]:
    """The followed feeds, read-only (listing them works in a workspace the user may only read)."""
    if not workspace.catalog_path.exists():
        return []
    with open_catalog(workspace, readonly=True) as catalog:
        rows = catalog.read(
            "SELECT url, title, keep, since, etag, last_modified, checked, allow_private"
            " FROM subscriptions ORDER BY added"
        )
    return [Subscription(url, title, keep, since, etag, modified, checked, bool(private))
            for url, title, keep, since, etag, modified, checked, private in rows]


def _save_subscription(workspace: Workspace, sub: Subscription) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with database(workspace) as db:
        db.execute(
            "INSERT INTO subscriptions (url, title, keep, since, etag, last_modified, added, checked, allow_private)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET title = excluded.title,"
            " keep = excluded.keep, since = excluded.since, etag = excluded.etag,"
            " last_modified = excluded.last_modified, checked = excluded.checked,"
            " allow_private = excluded.allow_private",
            (sub.url, sub.title, sub.keep, sub.since, sub.etag, sub.last_modified, now, sub.checked,
             int(sub.allow_private)),
        )


def _items(workspace: Workspace, feed_url: str) -> dict[str, tuple[str, str, str | None, bool]]:
    """Item key -> (slug, fingerprint, published, owned) of the items built from this feed;
    not owned: its episode is another source's (see _built_elsewhere)."""
    with database(workspace) as db:
        rows = db.execute("SELECT item_key, slug, fingerprint, published, owned FROM feed_items"
                          " WHERE feed_url = ?", (feed_url,))
        return {key: (slug, fp, published, bool(owned)) for key, slug, fp, published, owned in rows.fetchall()}


def _save_item(workspace: Workspace, feed_url: str, item: Item, slug: str, owned: bool = True) -> None:
    with database(workspace) as db:
        db.execute(
            "INSERT OR REPLACE INTO feed_items (feed_url, item_key, slug, fingerprint, published, owned)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (feed_url, item.key, slug, item.fingerprint, item.published, int(owned)),
        )


def _built_elsewhere(workspace: Workspace, url: str | None, title: str, path: Path) -> str | None:
    """The slug of an episode already made of this story (the page `url` under the same
    title) out of another article file: `narrator build URL`, or the same story in another
    followed feed. One story, one episode, so this item points at it instead of building a
    second. (The title too: two items of a feed may share a link and be two stories.)"""
    if not url:
        return None
    with open_catalog(workspace) as catalog:
        record = catalog.by_story(url, title)
    if record is None or (workspace.root / record.source).resolve() == path.resolve():
        return None
    return record.slug


def _forget_item(workspace: Workspace, feed_url: str, key: str) -> None:
    with database(workspace) as db:
        db.execute("DELETE FROM feed_items WHERE feed_url = ? AND item_key = ?", (feed_url, key))


# --- reading a feed ------------------------------------------------------------------------

def parse_feed(body: bytes, url: str, content_type: str = "") -> tuple[str, list[Item]]:
    """The feed's title and items, newest first (the feed's own order among equal or missing
    dates); WebError when the body is not RSS or Atom."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type or "application/xml"})
    if not parsed.version:
        kind = "an HTML page" if b"<html" in body[:2048].lower() else "not RSS or Atom"
        raise WebError(f"{url}: {kind}, not a feed; give the site's RSS or Atom feed URL")
    entries: list[tuple[str, Item]] = []
    for entry in parsed.entries:
        link = urljoin(url, entry.get("link") or "")
        link = link if is_http(link) else ""  # javascript:, data:, mailto: are no page to read
        guid = entry.get("id") or link or entry.get("title", "")
        if not guid:
            continue
        contents = entry.get("content") or []
        content = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
        title = entry.get("title", "")
        stamp = entry.get("updated") or entry.get("published") or ""
        fingerprint = hashlib.sha256("\x1f".join((title, link, stamp, content)).encode("utf-8")).hexdigest()
        entries.append((guid, Item(guid, printable(title), link, _published(entry), content, fingerprint)))
    items = _unique_keys(entries)
    items.sort(key=lambda i: i.published or "", reverse=True)  # stable: feed order among equals
    return printable(parsed.feed.get("title") or "") or url, items


def _published(entry) -> str | None:
    """The entry's date in UTC; None when it has none, or one no datetime can hold (year 9999
    with a negative offset is year 10000 in UTC): a bad date drops the date, not the item."""
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    try:
        return datetime.fromtimestamp(timegm(moment), timezone.utc).isoformat()
    except (ValueError, OverflowError, OSError):
        log.debug("%s: date %s out of range; dropped", entry.get("link") or entry.get("id"), entry.get("published"))
        return None


def _unique_keys(entries: list[tuple[str, Item]]) -> list[Item]:
    """One key per story, the same on every run of the same feed.

    The first item (in feed order) with a GUID keeps it. A later item with the same GUID is
    dropped when it is the same story listed again (same link, title and content); a different
    story gets a key derived from its GUID and link (then title, then content), never the
    first's: reusing one key for two stories would rebuild the episode as each story in turn.
    """
    guids = {guid for guid, _ in entries}
    taken: set[str] = set()
    stories: dict[str, list[tuple[str, str, str]]] = {}
    items: list[Item] = []
    for guid, item in entries:
        story = (item.link, item.title, item.content)
        if story in stories.setdefault(guid, []):
            continue  # the same item listed twice
        stories[guid].append(story)
        key = guid
        if key in taken:
            parts: list[str] = []
            for part in story:
                parts.append(part)
                key = f"{guid}#{hashlib.sha256(chr(31).join(parts).encode('utf-8')).hexdigest()[:12]}"
                if key not in taken and key not in guids:
                    break
            n = 2
            while key in taken or key in guids:
                key, n = f"{guid}#{n}", n + 1
        taken.add(key)
        items.append(replace(item, key=key))
    return items


def fetch_feed(url: str, etag: str | None = None, last_modified: str | None = None):
    return fetch(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)


def follow(workspace: Workspace, url: str, keep: int | None = None, since: str | None = None,
           allow_private: bool = False) -> tuple[Subscription, int]:
    """Check that `url` is a feed and store the subscription (again: its new settings)."""
    response = fetch_feed(url)
    title, items = parse_feed(*feed_source(response))
    # No validators kept: the next update reads the feed whole, so a new --keep prunes at once.
    sub = Subscription(url=url, title=title, keep=keep, since=since, allow_private=allow_private)
    workspace.ensure()
    _save_subscription(workspace, sub)
    return sub, len(items)


def unfollow(workspace: Workspace, url: str) -> Subscription:
    """Stop following `url`. Its episodes stay in the feed (`narrator remove` takes them out)."""
    subs = {s.url: s for s in subscriptions(workspace)}
    if url not in subs:
        known = ", ".join(subs) or "none"
        raise WebError(f"{url}: not followed; followed feeds: {known}")
    with database(workspace) as db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM feed_items WHERE feed_url = ?", (url,))
        db.execute("DELETE FROM subscriptions WHERE url = ?", (url,))
        db.execute("COMMIT")
    return subs[url]


def wanted(items: list[Item], keep: int | None, since: str | None) -> list[Item]:
    """The items to have episodes for: published on or after `since`, the newest `keep`."""
    chosen = [i for i in items if not since or not i.published or i.published[:10] >= since[:10]]
    return chosen[: keep if keep is not None else DEFAULT_KEEP]


def _keep(sub: Subscription) -> int:
    return sub.keep if sub.keep is not None else DEFAULT_KEEP


# --- update --------------------------------------------------------------------------------

Builder = Callable[[str, "str | None"], "BuildResult"]
"""(article path, source URL or None) -> its build's result"""


@contextlib.contextmanager
def update_lock(workspace: Workspace) -> Iterator[bool]:
    """True when this process holds the update lock; False when another update runs."""
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    with open(workspace.state_dir / "update.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def update(workspace: Workspace, build: Builder, remove: Callable[[list[str]], int]) -> UpdateSummary:
    """Fetch every followed feed and build its new and changed items.

    `build(path, url)` builds one article file; `remove(slugs)` takes episodes out of the
    catalog and feed and returns how many it removed.
    """
    started = time.perf_counter()
    with update_lock(workspace) as held:
        if not held:
            return UpdateSummary(skipped=True)
        subs = subscriptions(workspace)
        tally = UpdateSummary(feeds=len(subs))
        for sub in subs:
            try:
                _update_feed(workspace, sub, build, remove, tally)
            except NarratorError as exc:
                tally.failures.append(str(exc))
            except Exception as exc:  # a bug on one feed's input must not stop the other feeds
                if os.environ.get("NARRATOR_DEBUG"):
                    raise
                log.debug("%s: update failed", sub.url, exc_info=True)
                tally.failures.append(f"{sub.url}: internal error: {type(exc).__name__}: {exc}"
                                      " (NARRATOR_DEBUG=1 shows details)")
    tally.seconds = time.perf_counter() - started
    return tally


def _update_feed(workspace: Workspace, sub: Subscription, build: Builder, remove, tally: UpdateSummary) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    response = fetch_feed(sub.url, sub.etag, sub.last_modified)
    if response.not_modified:
        tally.not_modified += 1
        _save_subscription(workspace, replace(sub, checked=now))
        return
    tally.bodies += 1
    title, items = parse_feed(*feed_source(response))
    chosen = wanted(items, sub.keep, sub.since)
    known = _items(workspace, sub.url)
    failed = 0
    for item in chosen:
        slug, fingerprint, _, owned = known.get(item.key, (None, None, None, True))
        if fingerprint == item.fingerprint or not owned:
            continue  # built before and unchanged (or its story's owner rebuilds it): nothing to do
        try:
            new_file = slug is None
            slug = slug or slug_for_url(item.link or item.key, salt=sub.url + "\x1f" + item.key)
            path, url, title = _item_article(workspace, item, slug, tally, sub.allow_private)
            if new_file and (other := _built_elsewhere(workspace, url, title, path)):
                path.unlink(missing_ok=True)
                _save_item(workspace, sub.url, item, other, owned=False)
                tally.new += 1
                tally.shared += 1
                continue
            result = build(str(path), url)
            if result.error:
                raise WebError(result.error)
            tally.synthesised += result.synthesised
            if known.get(item.key):
                tally.updated += 0 if result.up_to_date else 1
            else:
                tally.new += 1
            _save_item(workspace, sub.url, item, slug)
        except NarratorError as exc:
            failed += 1
            detail = str(exc)  # web errors already start with the page's URL
            where = "" if item.link and detail.startswith(item.link) else f"{item.link or item.key}: "
            tally.failures.append(f"{sub.url}: item {where}{detail}")
    # Prune beyond --keep: the newest `keep` items stay, even those the feed no longer lists.
    built = _newest_first(_items(workspace, sub.url), chosen, items)
    stale = built[_keep(sub):]  # (read after the loop: with the items found shared in this run)
    if stale:
        tally.removed += remove(sorted(slug for _, (slug, _, _, owned) in stale if owned))
        for key, _ in stale:
            _forget_item(workspace, sub.url, key)
    # Validators only once every item is in: a failed item is retried on the next run.
    done = failed == 0
    _save_subscription(workspace, replace(
        sub, title=title, checked=now,
        etag=response.etag if done else None, last_modified=response.last_modified if done else None,
    ))


def _newest_first(built: dict[str, tuple[str, str, str | None, bool]], chosen: list[Item], listed: list[Item]
                  ) -> list[tuple[str, tuple[str, str, str | None, bool]]]:
    """The built items, the first to keep first: those wanted now in the feed's order (newest
    first, the feed's own order among equal or missing dates, as wanted() chose them), then the
    others it lists, then those it no longer lists, newest date first.

    Pruning by date alone cut undated and same-date items in catalog order: the newest story
    was built, then deleted, on every run."""
    rank = {item.key: n for n, item in enumerate(chosen)}
    for item in listed:
        rank.setdefault(item.key, len(rank))
    listed_items = sorted((kv for kv in built.items() if kv[0] in rank), key=lambda kv: rank[kv[0]])
    gone = sorted((kv for kv in built.items() if kv[0] not in rank), key=lambda kv: kv[0])
    gone.sort(key=lambda kv: kv[1][2] or "", reverse=True)
    return listed_items + gone


def _item_article(workspace: Workspace, item: Item, slug: str, tally: UpdateSummary,
                  allow_private: bool = False) -> tuple[Path, str | None, str]:
    """The item's article file: from its own content when that is the full text, else from its
    page (fetched only from public addresses unless the feed allows private ones); also the
    URL to publish as the episode's <link>, and the story's title."""
    text_len = len(" ".join(_text(item.content).split()))
    blocks = len(_BLOCK_TAG.findall(item.content))
    if blocks >= FULL_TEXT_MIN_BLOCKS or text_len >= FULL_TEXT_MIN_CHARS or not item.link:
        page = f"<html><body><article>{item.content}</article></body></html>"
        try:
            extracted = extract(page, item.link or item.key, title=item.title or None,
                                date=(item.published or "")[:10] or None)
            url = public_url(item.link) if item.link else None
            return save_article(workspace, extracted, slug), url, extracted.title
        except WebError:
            if not item.link:
                raise
            log.debug("%s: no article in the item's content; reading its page", item.link)
    extracted, _ = page_article(item.link, None if allow_private else PublicOnly().hooks())
    tally.bodies += 1
    return save_article(workspace, extracted, slug), extracted.canonical_url, extracted.title


def _text(html: str) -> str:
    from lxml import html as lxml_html

    if not html.strip():
        return ""
    try:
        return lxml_html.fromstring(html).text_content()
    except Exception:  # lxml raises several types on odd fragments; then it is no full text
        return ""


# --- wiring for the CLI --------------------------------------------------------------------

def run_update(workspace: Workspace, show, voice_spec, jobs: int = 1, diacritise: bool | None = None,
               batch_size: int = 1) -> UpdateSummary:
    """`narrator update`: build with the pipeline, remove pruned episodes, republish the feed."""
    from narrator.pipeline import BuildOptions, build_one

    workspace.ensure()
    options = BuildOptions(voice_spec, jobs=jobs, diacritise=diacritise, batch_size=batch_size)
    voices: dict = {}  # one voice load for every item of the update

    def build(path: str, url: str | None):
        return build_one(path, workspace, show, options, voices=voices, source_url=url)

    return update(workspace, build, lambda slugs: remove_episodes(workspace, show, slugs))


def remove_episodes(workspace: Workspace, show, slugs: list[str]) -> int:
    """Take these episodes out of the catalog and the feed, then delete their files."""
    from narrator.pipeline import remove_episode

    removed = 0
    for slug in slugs:
        with contextlib.suppress(NarratorError):  # already gone: nothing to prune
            if remove_episode(workspace, show, slug).slug == slug:
                removed += 1
        (web_dir(workspace) / f"{slug}.html").unlink(missing_ok=True)
    return removed
