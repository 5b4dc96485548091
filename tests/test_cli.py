"""The command line as a user meets it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, SAMPLE, run_narrator

DIACRITICS = {c: None for c in range(0x064B, 0x0653)}

COMMANDS = ["init", "script", "build", "voices", "cache", "list", "remove", "feed", "check", "serve", "play",
            "doctor", "follow", "unfollow", "update", "publish"]


def one_line_error(proc, code=2):
    err = proc.stderr.decode().strip()
    assert proc.returncode == code, (proc.returncode, err)
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def test_script_json_contract():
    proc = run_narrator("script", SAMPLE, "--json", check=True)
    data = json.loads(proc.stdout)
    assert data["title"].startswith("التلغراف البريطانية")
    assert len(data["chapters"]) == 6
    for chapter in data["chapters"]:
        assert chapter["title"] and chapter["chunks"]
        assert all(isinstance(c["text"], str) and c["text"].strip() for c in chapter["chunks"])
    texts = [c["text"] for chapter in data["chapters"] for c in chapter["chunks"]]
    assert not any(re.search(r"[0-9٠-٩]", t) for t in texts), "every number is read as words"
    # وَاثْنَيْنِ reaches espeak without its silent wasl alif (وَثْنَيْنِ: wa-θnajni, not waː-).
    assert any("ألفين وثنين وعشرين" in t.translate(DIACRITICS) for t in texts), "عام 2022, genitive"


def test_script_from_stdin_and_stages():
    text = SAMPLE.read_bytes()
    bare = json.loads(run_narrator("script", "-", "--json", "--stage", "clean", input=text, check=True).stdout)
    voiced = json.loads(run_narrator("script", "-", "--json", input=text, check=True).stdout)
    assert [c["title"] for c in bare["chapters"]] == [c["title"] for c in voiced["chapters"]]
    clean_text = " ".join(c["text"] for ch in bare["chapters"] for c in ch["chunks"])
    voice_text = " ".join(c["text"] for ch in voiced["chapters"] for c in ch["chunks"])
    assert "2022" in clean_text and "2022" not in voice_text
    assert re.search("[\u064b-\u0652]", voice_text), "the espeak voice gets diacritised text"


@pytest.mark.parametrize(
    "name,content",
    [("empty.txt", b""), ("blank.txt", b" \n\t\n"), ("binary.bin", bytes(range(256)) * 4), ("bad.txt", b"\xff\xfe\xfa\x00\x81abc")],
)
def test_bad_articles_exit_2_with_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    err = one_line_error(run_narrator("script", path))
    assert name in err


def test_missing_and_directory_inputs(tmp_path):
    assert "nope.txt" in one_line_error(run_narrator("script", tmp_path / "nope.txt"))
    one_line_error(run_narrator("script", tmp_path))


def test_unknown_voice_lists_voices(tmp_path):
    err = one_line_error(run_narrator("build", SAMPLE, "-w", tmp_path, "--voice", "nope:x"))
    assert "espeak:ar" in err


def test_init_then_bad_config_names_the_key(tmp_path):
    run_narrator("init", "-w", tmp_path, check=True)
    toml = (tmp_path / "podcast.toml").read_text("utf-8")
    assert "bitrate = 64" in toml and (tmp_path / "audio").is_dir()
    (tmp_path / "podcast.toml").write_text(toml.replace("bitrate = 64", 'bitrate = "loud"'), "utf-8")
    assert "bitrate" in one_line_error(run_narrator("build", SAMPLE, "-w", tmp_path))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in COMMANDS:
        proc = run_narrator(command, "--help", check=True)
        assert b"Usage:" in proc.stdout
        assert f"narrator {command}" in readme, f"README does not show `narrator {command}`"
