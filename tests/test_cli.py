"""The command line as a user meets it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import re

import click
import pytest

from conftest import ROOT, SAMPLE, run_narrator
from narrator.cli import cli

DIACRITICS = {c: None for c in range(0x064B, 0x0653)}


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of a click group as the words that call it, its groups' subcommands too."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


# From the click group itself, so a new command is checked without editing this file.
COMMANDS = sorted(cli.commands)
ALL_COMMANDS = command_paths(cli)


def missing_from_readme(readme: str, commands: list[str]) -> list[str]:
    """The commands README never shows as `narrator COMMAND` (a whole word: not `narrator lists`)."""
    return [c for c in commands if not re.search(rf"narrator {re.escape(c)}(?![\w-])", readme)]


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


def test_the_command_list_is_what_narrator_help_lists():
    help_text = run_narrator("--help", check=True).stdout.decode()
    listed = [line.split()[0] for line in help_text.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert listed == COMMANDS
    assert {"build", "script", "publish"} <= set(COMMANDS)  # the derivation found the real group


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in ALL_COMMANDS:
        proc = run_narrator(*command, "--help", check=True)
        assert b"Usage:" in proc.stdout, command
    assert missing_from_readme(readme, COMMANDS) == [], "README does not show these commands"


def test_the_readme_check_fails_when_a_command_is_left_out():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in COMMANDS:
        without = re.sub(rf"narrator {re.escape(command)}(?![\w-])", "narrator", readme)
        assert missing_from_readme(without, COMMANDS) == [command]
