"""`narrator follow` / `narrator update` against a local site's RSS and Atom feeds, with the
real voice: conditional GET, items updated in place, pruning, bad items, the lock."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from lxml import etree

from conftest import ROOT, run_narrator
from narrator.web import WebError
from narrator.follow import parse_feed, subscriptions, update_lock
from narrator.workspace import open_workspace
from web_fixtures import DATES, LIBRARY, NILE, FeedItem, Page, atom, news_site, rss


def day(n: int) -> datetime:
    return datetime(2026, 11, n, 8, tzinfo=timezone.utc)


@pytest.fixture()
def site():
    s = news_site()
    yield s
    s.close()


def serve_rss(site, items):
    return site.add("/feed.rss", body=rss(items).encode(), content_type="application/rss+xml", conditional=True,
                    last_modified=day(28))


def feed_items(ws):
    tree = etree.parse(str(ws / "feed" / "feed.xml"))
    return [(i.findtext("title"), i.findtext("guid"), i.find("enclosure").get("url"), i.findtext("link"))
            for i in tree.iterfind(".//item")]


def test_update_builds_new_items_then_does_nothing(site, tmp_path):
    ws = tmp_path / "ws"
    serve_rss(site, [
        FeedItem("nile-1", NILE, NILE.path, day(20)),  # a teaser: the page is fetched (relative link)
        FeedItem("dates-1", DATES, site.url(DATES.path), day(21), full_text=True),  # the article in the item
    ])
    followed = run_narrator("follow", site.url("/feed.rss"), "--keep", "5", "--allow-private", "-w", ws)
    assert followed.returncode == 0, followed.stderr.decode()
    assert "following أخبار الوادي" in followed.stdout.decode()

    first = run_narrator("update", "-w", ws, "-j", "2")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().splitlines()[-1].startswith("update: 1 feeds (0 not modified), 2 new, 0 updated, 0 removed, 0 failed")
    items = feed_items(ws)
    assert sorted(t for t, *_ in items) == sorted([DATES.title, NILE.title])
    assert {link for *_, link in items} == {site.url(NILE.path), site.url(DATES.path)}
    assert site.bodies(NILE.path) == 1 and site.bodies(DATES.path) == 0  # full text needs no page
    mp3s = {p.name: p.stat().st_mtime_ns for p in (ws / "audio").glob("*.mp3")}

    before = len(site.log)
    second = run_narrator("update", "-w", ws)
    assert second.returncode == 0
    assert len(second.stdout.decode().strip().splitlines()) == 1 and second.stderr == b""
    assert "1 not modified" in second.stdout.decode() and "0 downloads, 0 chunks synthesised" in second.stdout.decode()
    assert [(p, s, n) for p, s, n in site.log[before:]] == [("/feed.rss", 304, 0)]
    assert {p.name: p.stat().st_mtime_ns for p in (ws / "audio").glob("*.mp3")} == mp3s


def test_an_item_updated_in_place_keeps_its_guid(site, tmp_path):
    ws = tmp_path / "ws"
    item = FeedItem("nile-1", NILE, NILE.path, day(20), full_text=True)
    serve_rss(site, [item])
    run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True)
    run_narrator("update", "-w", ws, check=True)
    (title, guid, enclosure, _), = feed_items(ws)

    corrected = replace(NILE, title="مياه النيل: تصحيح", sections=NILE.sections[:2])
    serve_rss(site, [replace(item, page=corrected, updated=day(22))])
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "0 new, 1 updated" in out
    (title2, guid2, enclosure2, _), = feed_items(ws)
    assert title2 == corrected.title and guid2 == guid
    assert enclosure2 != enclosure  # a rebuilt MP3 gets a new name...
    assert [p.name for p in (ws / "audio").glob("*.mp3")] == [enclosure2.rsplit("/", 1)[1]]  # ...the old one is gone


def serve_atom(site, items):
    return site.add("/culture/feed.atom", body=atom(items).encode(), content_type="application/atom+xml",
                    conditional=True)


def test_keep_prunes_the_oldest_atom(site, tmp_path):
    ws = tmp_path / "ws"
    old = FeedItem("urn:dates", DATES, "dates", day(10), full_text=True)  # relative to xml:base /culture/
    serve_atom(site, [old])
    run_narrator("follow", site.url("/culture/feed.atom"), "--keep", "2", "-w", ws, check=True)
    run_narrator("update", "-w", ws, check=True)
    assert [link for *_, link in feed_items(ws)] == [site.url("/culture/dates")]
    serve_atom(site, [FeedItem("urn:lib", LIBRARY, "old-library", day(25), full_text=True), old])
    run_narrator("follow", site.url("/culture/feed.atom"), "--keep", "1", "-w", ws, check=True)
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "1 new, 0 updated, 1 removed" in out
    assert [t for t, *_ in feed_items(ws)] == [LIBRARY.title]
    assert len(list((ws / "audio").glob("*.mp3"))) == 1
    assert len(list((ws / ".narrator" / "web").glob("*.html"))) == 1


def test_one_bad_item_does_not_block_the_others_and_is_retried(site, tmp_path):
    ws = tmp_path / "ws"
    serve_rss(site, [
        FeedItem("gone-1", NILE, "/gone", day(21)),
        FeedItem("lib-1", LIBRARY, LIBRARY.path, day(20), full_text=True),
    ])
    run_narrator("follow", site.url("/feed.rss"), "--since", "2026-11-01", "--allow-private", "-w", ws, check=True)
    proc = run_narrator("update", "-w", ws)
    assert proc.returncode == 1
    assert "1 new" in proc.stdout.decode() and "1 failed" in proc.stdout.decode()
    assert proc.stderr.decode().strip().splitlines() == [
        f"Error: {site.url('/feed.rss')}: item {site.url('/gone')}: HTTP 410 Gone"]
    assert [t for t, *_ in feed_items(ws)] == [LIBRARY.title]
    # The feed's validators were not kept, so the next run fetches it again and retries the item
    # (and only it: the built one is unchanged).
    before = len(site.log)
    run_narrator("update", "-w", ws)
    assert [(p, s) for p, s, _ in site.log[before:]] == [("/feed.rss", 200), ("/gone", 410)]


def test_since_skips_old_items_and_last_modified_alone_is_enough(site, tmp_path):
    ws = tmp_path / "ws"
    route = serve_rss(site, [FeedItem("nile-1", NILE, NILE.path, day(2))])
    route.etag = False
    run_narrator("follow", site.url("/feed.rss"), "--since", "2026-11-15", "--allow-private", "-w", ws, check=True)
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "0 new" in out and site.bodies(NILE.path) == 0
    before = len(site.log)
    assert "1 not modified" in run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert site.log[before:] == [("/feed.rss", 304, 0)]


def test_following_an_html_page_is_refused(site, tmp_path):
    ws = tmp_path / "ws"
    proc = run_narrator("follow", site.url("/not-a-feed.xml"), "-w", ws)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == f"Error: {site.url('/not-a-feed.xml')}: an HTML page, not a feed; give the site's RSS or Atom feed URL"
    assert subscriptions(open_workspace(ws)) == []


def test_a_running_update_makes_the_next_one_skip(site, tmp_path):
    ws = open_workspace(tmp_path / "ws").ensure()
    with update_lock(ws) as held:
        assert held
        proc = run_narrator("update", "-w", ws.root)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == "update: another update is running; nothing done"


def test_atom_relative_links_and_duplicate_guids():
    other = Page("/culture/other", "قصة أخرى", ("نص قصير.",), ())
    body = atom([
        FeedItem("same", LIBRARY, "old-library", day(20)),
        FeedItem("same", other, "other", day(19)),  # one GUID reused for another story
        FeedItem("same", LIBRARY, "old-library", day(20)),  # the first listed twice
    ]).encode()
    title, items = parse_feed(body, "http://news.test/culture/feed.atom", "application/atom+xml")
    assert title == "ثقافة الوادي"
    assert [i.link for i in items] == ["http://news.test/culture/old-library", "http://news.test/culture/other"]
    assert len({i.key for i in items}) == 2
    assert items[0].published.startswith("2026-11-20")


def test_a_feed_that_is_not_xml_is_refused():
    with pytest.raises(WebError, match="not RSS or Atom, not a feed"):
        parse_feed(b'{"items": []}', "http://news.test/feed.json", "application/json")


def test_follow_lists_and_unfollow_forgets_but_keeps_episodes(site, tmp_path):
    ws = tmp_path / "ws"
    serve_rss(site, [FeedItem("dates-1", DATES, site.url(DATES.path), day(21), full_text=True)])
    url = site.url("/feed.rss")
    run_narrator("follow", url, "--keep", "3", "--since", "2026-11-01", "-w", ws, check=True)
    listed = run_narrator("follow", "-w", ws, check=True).stdout.decode().strip().split("\t")
    assert listed[:4] == [url, "أخبار الوادي", "keep 3, since 2026-11-01", "checked never"]
    run_narrator("update", "-w", ws, "-j", "2", check=True)
    episodes = feed_items(ws)
    assert len(episodes) == 1

    gone = run_narrator("unfollow", url, "-w", ws, check=True)
    assert "its episodes stay" in gone.stdout.decode()
    assert subscriptions(open_workspace(ws)) == [] and run_narrator("follow", "-w", ws, check=True).stdout == b""
    assert feed_items(ws) == episodes
    before = len(site.log)
    after = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert after.startswith("update: 0 feeds") and len(site.log) == before  # nothing fetched

    again = run_narrator("unfollow", url, "-w", ws)
    assert again.returncode != 0 and again.stderr.decode().strip() == f"Error: {url}: not followed; followed feeds: none"


# --- issue 18: hostile and odd feeds -----------------------------------------------------------

def story(name: str, *words: str) -> Page:
    """A short story: three paragraphs, so an item carrying it is the full text (no page fetch)."""
    lead = tuple(f"{w} في هذا الخبر القصير عن {name} وما جرى اليوم." for w in words)
    return Page(f"/news/{name}", f"خبر {name}", lead, ())


A, B, C = story("alpha", "الأول", "الثاني", "الثالث"), story("beta", "الرابع", "الخامس", "السادس"), story("gamma", "السابع", "الثامن", "التاسع")


def serve(site, path, body, kind="application/rss+xml"):
    """A feed answered in full every time (no validators), so each update reads it again."""
    return site.add(path, body=body.encode(), content_type=kind)


def titles(ws):
    return sorted(t for t, *_ in feed_items(ws))


@pytest.mark.parametrize("bad", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00"])
def test_a_date_out_of_range_drops_the_date_not_the_feed(bad):
    body = atom([FeedItem("urn:a", A, "alpha", None, raw_date=bad), FeedItem("urn:b", B, "beta", day(20))])
    _, items = parse_feed(body.encode(), "http://news.test/culture/feed.atom")
    assert [(i.key, i.published) for i in items] == [("urn:b", "2026-11-20T08:00:00+00:00"), ("urn:a", None)]


def test_one_bad_date_does_not_stop_the_other_feeds(site, tmp_path):
    ws = tmp_path / "ws"
    serve(site, "/culture/feed.atom", atom([]), "application/atom+xml")
    serve(site, "/feed.rss", rss([FeedItem("b", B, B.path, day(20), full_text=True)]))
    run_narrator("follow", site.url("/culture/feed.atom"), "-w", ws, check=True)
    run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True)
    # Then the first feed (followed first, so read first) gets an item dated past year 9999 in UTC.
    serve(site, "/culture/feed.atom", atom([FeedItem("urn:a", A, "alpha", None, raw_date="9999-12-31T23:00:00-05:00",
                                                     full_text=True)]), "application/atom+xml")
    proc = run_narrator("update", "-w", ws)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "2 feeds (0 not modified), 2 new" in proc.stdout.decode()
    assert titles(ws) == sorted([A.title, B.title])


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "same-date"])
def test_keep_keeps_the_feeds_newest_when_dates_do_not_tell(site, tmp_path, dated):
    """The feed lists its newest first; with no dates (or one date for all) that order decides."""
    ws = tmp_path / "ws"
    when = day(20) if dated else None
    serve(site, "/feed.rss", rss([FeedItem("a", A, A.path, when, full_text=True)]))
    run_narrator("follow", site.url("/feed.rss"), "--keep", "1", "-w", ws, check=True)
    run_narrator("update", "-w", ws, check=True)
    serve(site, "/feed.rss", rss([FeedItem("b", B, B.path, when, full_text=True), FeedItem("a", A, A.path, when, full_text=True)]))
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "1 new, 0 updated, 1 removed" in out
    assert titles(ws) == [B.title]
    again = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "0 new, 0 updated, 0 removed" in again and "0 chunks synthesised" in again
    assert titles(ws) == [B.title]


def test_items_sharing_a_guid_or_a_link_keep_their_own_episodes(site, tmp_path):
    """Three stories under one GUID, two of them under one link, and the first listed twice:
    three episodes, and the next update changes none of them."""
    ws = tmp_path / "ws"
    items = [
        FeedItem("same", A, A.path, day(22), full_text=True),
        FeedItem("same", B, B.path, day(21), full_text=True),
        FeedItem("same", C, B.path, day(20), full_text=True),  # another story at B's link
        FeedItem("same", A, A.path, day(22), full_text=True),  # the first, listed again
    ]
    serve(site, "/feed.rss", rss(items))
    run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True)
    first = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "3 new" in first
    built = sorted(feed_items(ws))
    assert titles(ws) == sorted([A.title, B.title, C.title]) and len({g for _, g, *_ in built}) == 3
    again = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "0 new, 0 updated, 0 removed" in again
    assert sorted(feed_items(ws)) == built
    # The keys do not depend on anything but the feed: parsing it again gives the same, and
    # the same as the update (another process) stored.
    body = rss(items).encode()
    keys = [i.key for i in parse_feed(body, site.url("/feed.rss"))[1]]
    assert keys == [i.key for i in parse_feed(body, site.url("/feed.rss"))[1]]
    with sqlite3.connect(open_workspace(ws).catalog_path) as db:
        stored = sorted(key for (key,) in db.execute("SELECT item_key FROM feed_items"))
    assert sorted(set(keys)) == stored and len(stored) == 3


def test_followed_items_may_not_lead_to_private_addresses(site, tmp_path):
    ws = tmp_path / "ws"
    serve(site, "/feed.rss", rss([FeedItem("nile-1", NILE, NILE.path, day(20))]))  # a teaser: its page is read
    run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True)  # the feed itself: typed by the user
    proc = run_narrator("update", "-w", ws)
    assert proc.returncode == 1
    [line] = proc.stderr.decode().strip().splitlines()
    assert line.startswith(f"Error: {site.url('/feed.rss')}: item {site.url(NILE.path)}: not fetched: 127.0.0.1 is a loopback address;")
    assert "--allow-private" in line
    assert not [p for p, *_ in site.log if p == NILE.path]  # not even asked
    run_narrator("follow", site.url("/feed.rss"), "--allow-private", "-w", ws, check=True)
    assert "private addresses allowed" in run_narrator("follow", "-w", ws, check=True).stdout.decode()
    assert "1 new" in run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert titles(ws) == [NILE.title]


def test_only_http_links_and_no_secrets_are_published(site, tmp_path):
    ws = tmp_path / "ws"
    port = site.base.rsplit(":", 1)[1]
    secret = f"http://alice:s3cr3t@127.0.0.1:{port}{B.path}?id=7&token=abc&utm_source=rss&X-Amz-Signature=ff#top"
    serve(site, "/feed.rss", rss([
        FeedItem("js", A, "javascript:alert(document.cookie)", day(21), full_text=True),
        FeedItem("secret", B, secret, day(20), full_text=True),
    ]))
    run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True)
    run_narrator("update", "-w", ws, check=True)
    links = {t: link for t, _, _, link in feed_items(ws)}
    assert links == {A.title: None, B.title: site.url(f"{B.path}?id=7")}


def test_feed_titles_reach_the_terminal_without_control_sequences(site, tmp_path):
    ws = tmp_path / "ws"
    site.add("/feed.rss", content_type="application/rss+xml",
             body=rss([], title="أخبار\x1b]0;pwned\x07 الوادي\x9b2J").encode())
    followed = run_narrator("follow", site.url("/feed.rss"), "-w", ws, check=True).stdout.decode()
    listed = run_narrator("follow", "-w", ws, check=True).stdout.decode()
    for out in (followed, listed):
        assert not any(ord(ch) < 32 and ch not in "\t\n" or 0x7f <= ord(ch) <= 0x9f for ch in out), repr(out)
    assert "\tأخبار ]0;pwned الوادي" in listed  # (feedparser reads the C1 byte as windows-1252's ›)


def test_followed_feeds_are_listed_from_a_read_only_workspace(site, tmp_path):
    from read_only import read_only, tree

    ws = tmp_path / "ws"
    serve(site, "/feed.rss", rss([]))
    run_narrator("follow", site.url("/feed.rss"), "--keep", "2", "-w", ws, check=True)
    before = tree(ws)
    with read_only(ws) as argv:
        listed = subprocess.run(argv("follow", "-w", ws), capture_output=True, timeout=120,
                                env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert listed.returncode == 0, listed.stderr.decode()
    assert listed.stdout.decode().split("\t")[:3] == [site.url("/feed.rss"), "أخبار الوادي", "keep 2"]
    assert tree(ws) == before


def test_a_story_built_by_url_and_followed_is_one_episode(site, tmp_path):
    """`build URL` then a followed feed that links the same page: the item points at the
    episode already built (no second one), and pruning the feed leaves that episode alone,
    since `build URL` owns it. The other way round, `build URL` of a followed item's page
    rebuilds the item's episode in place."""
    ws = tmp_path / "ws"
    run_narrator("build", site.url(NILE.path), "-w", ws, "--quiet", check=True)
    [(nile_title, nile_guid, *_)] = feed_items(ws)
    serve(site, "/feed.rss", rss([FeedItem("dates-1", DATES, DATES.path, day(21)),
                                  FeedItem("nile-1", NILE, NILE.path, day(20))]))
    run_narrator("follow", site.url("/feed.rss"), "--allow-private", "-w", ws, check=True)
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "2 new (1 already an episode), 0 updated" in out and "0 failed" in out
    assert sorted(t for t, *_ in feed_items(ws)) == sorted([NILE.title, DATES.title])
    assert (nile_title, nile_guid) in [(t, g) for t, g, *_ in feed_items(ws)]
    assert len(list((ws / "audio").glob("*.mp3"))) == 2

    run_narrator("follow", site.url("/feed.rss"), "--keep", "1", "--allow-private", "-w", ws, check=True)
    out = run_narrator("update", "-w", ws, check=True).stdout.decode()
    assert "0 removed" in out  # the NILE item is out of the feed's keep, its episode is not the feed's
    assert sorted(t for t, *_ in feed_items(ws)) == sorted([NILE.title, DATES.title])

    # The feed's own DATES episode: building its page by URL rebuilds nothing new.
    dates_guid = next(g for t, g, *_ in feed_items(ws) if t == DATES.title)
    again = run_narrator("build", site.url(DATES.path), "-w", ws, check=True)
    assert [g for t, g, *_ in feed_items(ws) if t == DATES.title] == [dates_guid]
    assert len(list((ws / "audio").glob("*.mp3"))) == 2, again.stdout.decode()
