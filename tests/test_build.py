"""`narrator build` on the sample article with the real offline voice: the artefacts, decoded."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audio_checks import decode_seconds, loudness, parse_vtt, silences
from conftest import ROOT, SAMPLE, run_narrator

TITLE = "التلغراف البريطانية: خمسة أشياء تعلمناها من قمة شي-بوتين"
HEADINGS = [
    "وما زالوا لا يحبون أمريكا",
    "وتظل الحرب محورا رئيسيا",
    "ويدعم كل منهما الآخر فيما يتعلق بأوكرانيا وتايوان",
    "سيرجي شويجو لا يزال في صالحه",
    "محادثات المال",
]


def only_mp3(ws: Path) -> Path:
    mp3s = sorted(ws.joinpath("audio").glob("*.mp3"))
    assert len(mp3s) == 1, mp3s
    return mp3s[0]


def id3_chapters(mp3: Path) -> list[tuple[str, float, float]]:
    tags = ID3(mp3)
    toc = tags.getall("CTOC")
    assert len(toc) == 1 and toc[0].flags & 0x03 == 0x03, "one top-level, ordered CTOC"
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    return [
        (chaps[eid].sub_frames["TIT2"].text[0], chaps[eid].start_time / 1000, chaps[eid].end_time / 1000)
        for eid in toc[0].child_element_ids
    ]


def test_chapters_cover_the_file_in_order(built_sample):
    mp3 = only_mp3(built_sample)
    chapters = id3_chapters(mp3)
    assert [c[0] for c in chapters] == [TITLE, *HEADINGS]
    duration = decode_seconds(mp3)
    assert chapters[0][1] == 0
    for (_, _, end), (_, start, _) in zip(chapters, chapters[1:]):
        assert end == start, "chapters leave no gaps"
    assert abs(chapters[-1][2] - duration) < 0.1


def test_chapter_starts_where_the_heading_speech_starts(built_sample):
    mp3 = only_mp3(built_sample)
    ends = [end for _, end in silences(mp3, noise_db=-45, min_seconds=0.3)]
    for title, start, _ in id3_chapters(mp3)[1:]:
        nearest = min(ends, key=lambda e: abs(e - start))
        assert abs(nearest - start) <= 0.05, f"{title}: chapter at {start:.3f}, speech at {nearest:.3f}"


def test_loudness_and_no_dead_air(built_sample):
    mp3 = only_mp3(built_sample)
    integrated, peak = loudness(mp3)
    assert -17 <= integrated <= -15, integrated
    assert peak <= -1.0, peak
    assert silences(mp3, noise_db=-50, min_seconds=1.5) == []


def test_side_files_agree_with_the_mp3(built_sample):
    mp3 = only_mp3(built_sample)
    chapters = id3_chapters(mp3)
    data = json.loads((built_sample / "feed" / f"{mp3.stem}.chapters.json").read_text("utf-8"))
    assert data["version"] == "1.2.0"
    assert [(c["title"], c["startTime"], c["endTime"]) for c in data["chapters"]] == [
        (t, pytest.approx(s, abs=0.001), pytest.approx(e, abs=0.001)) for t, s, e in chapters
    ]
    cues = parse_vtt((built_sample / "feed" / f"{mp3.stem}.vtt").read_text("utf-8"))
    script = json.loads(run_narrator("script", SAMPLE, "--json", check=True).stdout)
    sentences = []
    for chapter in script["chapters"]:
        for chunk in chapter["chunks"]:
            if not sentences or sentences[-1] != chunk["sentence"]:
                sentences.append(chunk["sentence"])
    assert [" ".join(lines) for _, _, lines in cues] == [" ".join(s.split()) for s in sentences]
    duration = decode_seconds(mp3)
    for (s0, e0, lines), (s1, _, _) in zip(cues, cues[1:] + [(duration, duration, [])]):
        assert 0 <= s0 < e0 <= s1 + 1e-3 and e0 <= duration + 0.05
        assert all(len(line) <= 65 for line in lines)


def _build_in_process(article: Path, ws: Path, force: bool = False):
    from narrator.config import load_show
    from narrator.pipeline import BuildOptions, build
    from narrator.voices.base import VoiceSpec
    from narrator.workspace import open_workspace

    workspace = open_workspace(ws)
    options = BuildOptions(VoiceSpec("espeak:ar"), jobs=1, force=force)
    [result] = build([str(article)], workspace, load_show(workspace.config_path), options)
    assert result.error is None, result.error
    return result


def test_rebuild_uses_cache_and_a_changed_paragraph_only_resynthesises_it(tmp_path):
    article = tmp_path / "summit.txt"
    # The sample's first 44 lines (its first three sections, the changed sentence included):
    # every property below holds on any length, and half the article halves the test's time.
    text = "\n".join(SAMPLE.read_text("utf-8").splitlines()[:44]) + "\n"
    article.write_text(text, "utf-8")
    first = _build_in_process(article, tmp_path)
    assert first.synthesised > 0
    again = _build_in_process(article, tmp_path)
    assert again.up_to_date and again.synthesised == 0 and again.cached == first.synthesised + first.cached
    assert again.mp3 == first.mp3
    forced = _build_in_process(article, tmp_path, force=True)  # the whole path, served by the cache
    assert not forced.up_to_date and forced.synthesised == 0 and forced.cached == again.cached
    assert forced.mp3 == first.mp3 and first.mp3.read_bytes() == forced.mp3.read_bytes()
    (tmp_path / "podcast.toml").write_text("[pauses]\nsentence = 500\n", "utf-8")
    paused = _build_in_process(article, tmp_path)  # a setting changed: rebuilt from the cache, new audio
    assert not paused.up_to_date and paused.synthesised == 0 and paused.mp3 != first.mp3
    (tmp_path / "podcast.toml").unlink()
    first = _build_in_process(article, tmp_path)
    assert first.synthesised == 0 and first.mp3.exists()

    changed = "لكن لم تكن هناك أي علامة على الانقسامات في هذه الرحلة."
    article.write_text(text.replace(changed, "لكن لم تظهر أي علامة على الخلاف في هذه الزيارة."), "utf-8")
    third = _build_in_process(article, tmp_path)
    assert third.synthesised == 1, "only the changed one-sentence paragraph is synthesised"
    assert third.mp3 != first.mp3 and third.mp3.exists()
    assert not first.mp3.exists(), "the superseded file goes once the new feed is in place"
    assert f"audio/{third.mp3.name}" in (tmp_path / "feed" / "feed.xml").read_text("utf-8")


def test_a_cover_under_the_home_folder_is_the_mp3s_cover(tmp_path, monkeypatch):
    """podcast.toml's `artwork = "~/cover.jpg"` passes its check (read from the home folder);
    the build embeds that file (it looked for <workspace>/~/cover.jpg and failed)."""
    from PIL import Image

    home, ws = tmp_path / "home", tmp_path / "ws"
    home.mkdir()
    ws.mkdir()
    monkeypatch.setenv("HOME", str(home))
    Image.new("RGB", (1600, 1600), (200, 30, 30)).save(home / "cover.jpg", "JPEG")
    (ws / "podcast.toml").write_text('artwork = "~/cover.jpg"\n', "utf-8")
    article = ws / "short.md"
    article.write_text("# عنوان قصير\n\nهذه فقرة قصيرة للتجربة.\n", "utf-8")
    result = _build_in_process(article, ws)
    apic = ID3(result.mp3).getall("APIC")
    assert len(apic) == 1 and apic[0].mime == "image/jpeg" and apic[0].data == (home / "cover.jpg").read_bytes()


@pytest.mark.slow
def test_killed_build_leaves_previous_episode_intact(tmp_path):
    article = tmp_path / "summit.txt"
    article.write_bytes(SAMPLE.read_bytes())
    run_narrator("build", article, "-w", tmp_path, "--quiet", check=True)
    before = {p.name: p.read_bytes() for p in (tmp_path / "audio").iterdir()} | {
        p.name: p.read_bytes() for p in (tmp_path / "feed").rglob("*") if p.is_file()
    }
    article.write_text(SAMPLE.read_text("utf-8").replace("محادثات المال", "محادثات الاقتصاد"), "utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    rng = random.Random(int(os.environ.get("NARRATOR_KILL_SEED", "7")))  # random points, reproducible
    for delay in sorted(rng.uniform(0.3, 4.0) for _ in range(4)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "narrator", "build", str(article), "-w", str(tmp_path), "--quiet", "--jobs", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = {p.name: p.read_bytes() for p in (tmp_path / "audio").iterdir()} | {
            p.name: p.read_bytes() for p in (tmp_path / "feed").rglob("*") if p.is_file()
        }
        if after != before:  # the build finished before the kill: that is the new state
            break
        check = run_narrator("check", "-w", tmp_path)
        assert check.returncode == 0, check.stderr.decode()
    check = run_narrator("check", "-w", tmp_path)
    assert check.returncode == 0, check.stderr.decode()
    done = run_narrator("build", article, "-w", tmp_path, check=True)
    assert b"cached" in done.stdout
    assert run_narrator("check", "-w", tmp_path).returncode == 0
