"""`narrator check` on a real workspace, whole and deliberately broken."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from lxml import etree
from PIL import Image

from feed_fixtures import BASE_URL, SHOW, copy_workspace, make_workspace
from narrator.catalog import Catalog
from narrator.feed import write_feed
from narrator.feed.check import check_workspace, parse_vtt
from narrator.ffmpeg import decode_check


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("template") / "ws"
    ws, _ = make_workspace(root)
    write_feed(ws, SHOW, BASE_URL)
    return root


@pytest.fixture
def ws(template, tmp_path):
    return copy_workspace(template, tmp_path / "ws")


@pytest.fixture
def newest(ws):
    with Catalog(ws.catalog_path) as catalog:
        return catalog.list()[0]


def edit_feed(ws, change) -> None:
    path = ws.feed_dir / "feed.xml"
    tree = etree.parse(str(path))
    change(tree)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def test_good_workspace_has_no_problems(ws, newest):
    assert check_workspace(ws, SHOW) == []
    seconds, error = decode_check(ws.audio_dir / newest.mp3)
    assert error is None and abs(seconds - newest.duration) < 0.1


def test_truncated_mp3_is_caught_even_with_a_matching_length(ws, newest):
    mp3 = ws.audio_dir / newest.mp3
    mp3.write_bytes(mp3.read_bytes()[: mp3.stat().st_size * 6 // 10])
    problems = check_workspace(ws, SHOW)
    assert any(p.startswith(f"audio/{newest.mp3}: is ") and "enclosure length" in p for p in problems), problems
    # Rewrite the feed so the length matches the short file: decoding still tells.
    write_feed(ws, SHOW, BASE_URL)
    problems = check_workspace(ws, SHOW)
    stem = newest.mp3.removesuffix(".mp3")
    assert problems and all(p.startswith((f"audio/{stem}.", f"feed/{stem}.")) for p in problems), problems
    assert f"audio/{newest.mp3}: decodes to " in problems[0] and "(truncated?)" in problems[0], problems


def test_missing_transcript(ws, newest):
    (ws.feed_dir / newest.transcript_file).unlink()
    assert check_workspace(ws, SHOW) == [f"feed/{newest.transcript_file}: missing (podcast:transcript of "
                                         f"feed/feed.xml item 1 ({newest.title}))"]


def test_wrong_enclosure_length(ws, newest):
    size = (ws.audio_dir / newest.mp3).stat().st_size
    edit_feed(ws, lambda tree: tree.find("channel/item/enclosure").set("length", str(size + 7)))
    assert check_workspace(ws, SHOW) == [
        f"audio/{newest.mp3}: is {size} bytes but the enclosure length says {size + 7}"]


def test_chapters_json_disagreeing_with_id3(ws, newest):
    path = ws.feed_dir / newest.chapters_file
    data = json.loads(path.read_text(encoding="utf-8"))
    data["chapters"][1]["startTime"] += 0.2
    data["chapters"][1]["title"] = "عنوان آخر"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    problems = check_workspace(ws, SHOW)
    assert len(problems) == 2, problems
    assert all(p.startswith(f"feed/{newest.chapters_file}: chapter 2 ") for p in problems)
    path.write_text("{not json", encoding="utf-8")
    assert check_workspace(ws, SHOW)[0].startswith(f"feed/{newest.chapters_file}: not a JSON chapters file")


def test_broken_vtt(ws, newest):
    (ws.feed_dir / newest.transcript_file).write_text("WEBVTT\n\n00:01.000 --> 00:00.500\nخطأ\n", encoding="utf-8")
    (problem,) = check_workspace(ws, SHOW)
    assert problem.startswith(f"feed/{newest.transcript_file}: not a WebVTT file: cue at line 3 ends before")


def test_channel_problems(ws):
    def break_channel(tree):
        channel = tree.find("channel")
        ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
        channel.xpath("itunes:explicit", namespaces=ns)[0].text = "no"
        channel.remove(channel.xpath("podcast:guid", namespaces=ns)[0])
        channel.remove(channel.find("language"))

    edit_feed(ws, break_channel)
    problems = check_workspace(ws, SHOW)
    assert problems == [
        "feed/feed.xml: channel has no <language>",
        "feed/feed.xml: channel <itunes:explicit> must be one 'true' or 'false', found ['no']",
        "feed/feed.xml: channel <podcast:guid> missing or not a UUID (None)",
    ]


def test_bad_artwork_and_stale_settings(ws):
    cover = next(ws.feed_dir.glob("*.png"))
    Image.new("RGB", (500, 500)).save(cover)
    problems = check_workspace(ws, replace(SHOW, title="اسم جديد"))
    assert problems == [
        "feed/feed.xml: title differ from podcast.toml; rerun `narrator feed`",
        f"feed/{cover.name}: artwork is 500x500 px, must be between 1400 and 3000 px a side",
    ]


def test_missing_or_unparsable_feed(ws):
    (ws.feed_dir / "feed.xml").write_text("<rss><channel>", encoding="utf-8")
    (problem,) = check_workspace(ws, SHOW)
    assert problem.startswith("feed/feed.xml: does not parse:")
    (ws.feed_dir / "feed.xml").unlink()
    assert check_workspace(ws, SHOW) == ["feed/feed.xml: missing (run `narrator build` or `narrator feed`)"]


def test_parse_vtt():
    cues = parse_vtt("\ufeffWEBVTT\n\n1\n00:00.000 --> 00:01.500\nسطر\n\n01:00:00.250 --> 01:00:01.000 align:start\nب\n")
    assert cues == [(0.0, 1.5, "سطر"), (3600.25, 3601.0, "ب")]
    with pytest.raises(ValueError):
        parse_vtt("00:00.000 --> 00:01.000\n")


@pytest.mark.parametrize("link, problem", [
    ("javascript:alert(document.cookie)", "is not an http(s) URL ('javascript:alert(document.cookie)')"),
    ("data:text/html,<b>x</b>", "is not an http(s) URL ('data:text/html,<b>x</b>')"),
    ("https://alice:s3cr3t@news.example/a", "carries a user name or password (https://news.example...)"),
])
def test_an_episode_link_that_is_no_web_page_is_flagged(ws, newest, link, problem):
    """An episode built by an older narrator from a hostile feed item: check names its <link>."""
    with Catalog(ws.catalog_path) as catalog:
        catalog.upsert(replace(newest, source_url=link))
    write_feed(ws, SHOW, BASE_URL)
    problems = check_workspace(ws, SHOW)
    assert [p for p in problems if "<link>" in p] == [f"feed/feed.xml item 1 ({newest.title}) <link> {problem}"]
