"""The workspace commands on real builds: list, feed, check, play --output, remove, cache, voices."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3

from audio_checks import decode_seconds
from conftest import run_narrator

SECOND = "مقال قصير ثان\n\nهذه فقرة أولى عن الطقس في 3 مدن عربية. وهي تكفي لحلقة قصيرة.\n\nالعنوان الفرعي الأول\n\nجملة في الفصل الثاني.\n"


@pytest.fixture(scope="module")
def two_episodes(built_sample, tmp_path_factory):
    ws = tmp_path_factory.mktemp("two") / "ws"
    shutil.copytree(built_sample, ws)
    second = ws / "short-weather.txt"
    second.write_text(SECOND, "utf-8")
    run_narrator("build", second, "-w", ws, "--quiet", check=True)
    return ws


def test_list_shows_both_episodes(two_episodes):
    out = run_narrator("list", "-w", two_episodes, check=True).stdout.decode()
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("short-weather\t") and "xi-putin-summit" in lines[1]
    assert "6 ch" in lines[1] and "audio/xi-putin-summit-" in lines[1]


def test_feed_of_two_real_builds_parses_with_podcast_parsers(two_episodes):
    xml = (two_episodes / "feed" / "feed.xml").read_bytes()
    with open(two_episodes / "feed" / "feed.xml", "rb") as fh:
        parsed = podcastparser.parse("http://localhost:8000/feed/feed.xml", fh)
    assert len(parsed["episodes"]) == 2
    for episode in parsed["episodes"]:
        [enclosure] = episode["enclosures"]
        mp3 = two_episodes / "audio" / Path(enclosure["url"]).name
        assert enclosure["file_size"] == mp3.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert abs(episode["total_time"] - decode_seconds(mp3)) <= 1
        assert episode["guid"]
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "ar" and len(feed.entries) == 2
    assert {e.title for e in feed.entries} >= {"مقال قصير ثان"}


def test_check_passes_and_feed_regenerates(two_episodes):
    assert run_narrator("check", "-w", two_episodes).stdout.decode().strip() == "ok"
    before = (two_episodes / "feed" / "feed.xml").read_bytes()
    run_narrator("feed", "-w", two_episodes, "--base-url", "https://example.org/pod", check=True)
    after = (two_episodes / "feed" / "feed.xml").read_text("utf-8")
    assert "https://example.org/pod/audio/" in after and after.encode() != before


def test_play_output_writes_chapter_three(two_episodes, tmp_path):
    out = tmp_path / "x.mp3"
    run_narrator("play", "xi-putin-summit", "--chapter", "3", "--output", out, "-w", two_episodes, check=True)
    listing = run_narrator("list", "-w", two_episodes, check=True)
    mp3 = next((two_episodes / "audio").glob("xi-putin-summit-*.mp3"))
    chapters = {c.element_id: c for c in ID3(mp3).getall("CHAP")}
    third = sorted(chapters.values(), key=lambda c: c.start_time)[2]
    length = (third.end_time - third.start_time) / 1000
    assert abs(decode_seconds(out) - length) <= 0.3
    assert ID3(out)["TIT2"].text[0] == third.sub_frames["TIT2"].text[0]
    bad = run_narrator("play", "xi-putin-summit", "--chapter", "9", "--output", out, "-w", two_episodes)
    assert bad.returncode != 0 and "1-6" in bad.stderr.decode() and listing.returncode == 0


def test_play_by_article_path_without_player_is_one_line(two_episodes, built_sample):
    proc = run_narrator("play", built_sample / "xi-putin-summit.txt", "--chapter", "1", "-w", two_episodes)
    if shutil.which("mpv") or shutil.which("ffplay") or shutil.which("vlc"):
        pytest.skip("a player is installed; this checks the no-player message")
    err = proc.stderr.decode().strip()
    assert proc.returncode != 0 and "no audio player" in err and "\n" not in err


def test_remove_takes_episode_out_then_deletes_files(two_episodes, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(two_episodes, ws)
    mp3 = next((ws / "audio").glob("short-weather-*.mp3"))
    run_narrator("remove", "short-weather", "-w", ws, check=True)
    assert not mp3.exists() and not list((ws / "feed").glob("short-weather-*"))
    feed = (ws / "feed" / "feed.xml").read_text("utf-8")
    assert "short-weather" not in feed and "xi-putin-summit" in feed
    assert run_narrator("check", "-w", ws).returncode == 0
    assert "short-weather" not in run_narrator("list", "-w", ws, check=True).stdout.decode()


def test_cache_info_and_clear(two_episodes, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(two_episodes, ws)
    info = run_narrator("cache", "info", "-w", ws, check=True).stdout.decode()
    entries = int(info.split()[0])
    assert entries >= 44
    cleared = run_narrator("cache", "clear", "-w", ws, check=True).stdout.decode()
    assert str(entries) in cleared
    assert run_narrator("cache", "info", "-w", ws, check=True).stdout.decode().startswith("0 entries")


def test_voices_lists_the_default_as_runnable():
    out = run_narrator("voices", check=True).stdout.decode()
    line = next(l for l in out.splitlines() if "espeak:ar " in l + " ")
    assert line.startswith("yes")
    assert "coqui:tts_models/ara/fairseq/vits" in out
