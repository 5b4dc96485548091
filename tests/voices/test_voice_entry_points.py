"""A third-party voice installed as a package: found through the `narrator.voices` entry-point
group, with no change to narrator. The package is a real dist-info folder on sys.path, read
by the real importlib.metadata."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrator.errors import VoiceError
from narrator.frontend import make_frontend
from narrator.voices import available_voices, load_voice, spec_for, unregister, voice_profile
from narrator.voices.registry import ENTRY_POINTS

ROOT = Path(__file__).resolve().parents[2]

MODULE = '''
import numpy as np

from narrator.frontend.profile import ARABIC_LETTERS, Spelling, TextProfile
from narrator.voices.base import Backend, Option, VoiceInfo


def spell(text):
    """This engine reads ta marbuta as t: its own spelling step, not the front end's."""
    return text.replace("ة", "ت")


PROFILE = TextProfile(name="third-ar", diacritise=False, alphabet=ARABIC_LETTERS | {" "}, punctuation=False,
                      max_chars=80, latin="arabic", spelling=Spelling("third", spell))


class ThirdVoice:
    sample_rate = 8000
    profile = PROFILE

    def __init__(self, spec):
        self.spec, self.id = spec, spec.id
        self.level = float(spec.option("level", 0.5))

    def cache_identity(self):
        return f"third|{self.level}"

    def synthesise(self, text):
        return np.full(10 * len(text), self.level, dtype=np.float32)

    def close(self):
        pass


class ThirdBackend(Backend):
    prefix = "third"
    options = (Option("level", float, 0.0, 1.0),)

    def profile(self, spec):
        return PROFILE

    def load(self, spec):
        return ThirdVoice(spec)

    def listing(self):
        return [VoiceInfo("third:one", "a third-party test voice", True)]


class NotABackend:
    pass
'''


@pytest.fixture
def third_party(tmp_path, monkeypatch):
    """A folder holding an installed distribution `thirdvoice` that declares two voice backends."""
    site = tmp_path / "site"
    (site / "thirdvoice-0.1.dist-info").mkdir(parents=True)
    (site / "thirdvoice_engine.py").write_text(MODULE, "utf-8")
    (site / "thirdvoice-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: thirdvoice\nVersion: 0.1\n", "utf-8"
    )
    (site / "thirdvoice-0.1.dist-info" / "entry_points.txt").write_text(
        f"[{ENTRY_POINTS}]\nthird = thirdvoice_engine:ThirdBackend\nbroken = thirdvoice_engine:NotABackend\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    yield site
    unregister("third")
    sys.modules.pop("thirdvoice_engine", None)


def test_an_installed_backend_is_found_without_registering_it(third_party):
    spec = spec_for("third:one", level="0.25")
    assert spec.options == (("level", "0.25"),)
    assert any(info.id == "third:one" for info in available_voices())
    profile = voice_profile(spec)
    assert profile.name == "third-ar"
    # Its own spelling step runs last, on the front end's finished text.
    assert make_frontend(profile, diacritise=False).speak("في مدرسة كبيرة.") == "في مدرست كبيرت"
    voice = load_voice(spec)
    assert voice.synthesise("ab").tolist() == [0.25] * 20
    # Its declared option is checked like a built-in's, naming its backend.
    with pytest.raises(VoiceError, match="third option level=2.0 is outside 0.0..1.0"):
        spec_for("third:one", level=2)


def test_a_broken_installed_backend_is_a_one_line_error(third_party):
    with pytest.raises(VoiceError, match="'broken'.*is not a narrator Backend"):
        spec_for("broken:x")


def test_the_cli_lists_and_speaks_an_installed_voice(third_party, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# قمة\n\nفي مدرسة كبيرة.\n", "utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(third_party), str(ROOT / "src")]))
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "narrator", *args], capture_output=True, text=True, env=env, timeout=120
    )
    listed = run("voices")
    assert listed.returncode == 0, listed.stderr
    assert "third:one" in listed.stdout
    script = run("script", "--voice", "third:one", "-w", str(tmp_path), str(article))
    assert script.returncode == 0, script.stderr
    assert "في مدرست كبيرت" in script.stdout
    bad = run("script", "--voice", "third:one?level=x", "-w", str(tmp_path), str(article))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "third option level must be a number, not 'x'" in bad.stderr
