"""The diacritiser's guards and bounds (real rawi-v2 model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from narrator.frontend.lexicon import strip_marks
from narrator.frontend.tashkeel import WINDOW, _model, _windows, diacritise, diacritise_many, fully_vowelled, merge_word

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"


@pytest.mark.parametrize(
    ("word", "full"),
    [
        ("وَأَلْفَا", True),
        ("امْرَأَةٍ", True),
        ("بُوتِين", True),  # a name: no case ending on the last letter
        ("الشَّمْسِ", True),  # the article's ل needs no mark
        ("وَالْقَمَرِ", True),
        ("ثَلَاثَةٌ", True),
        ("يُستخدم", False),  # the author marked one letter: the model fills in the rest
        ("نادراً", False),
        ("كتاب", False),
    ],
)
def test_fully_vowelled(word, full):
    assert fully_vowelled(word) is full


def test_vowelled_number_words_are_kept_as_written():
    sentence = "يعمل في المصنع وَأَلْفَا امْرَأَةٍ"
    model = _model().diacritize(strip_marks(sentence)).split()
    assert model[-2:] != ["وَأَلْفَا", "امْرَأَةٍ"]  # the model alone re-vowels them
    out = diacritise(sentence).split()
    assert out[-2:] == ["وَأَلْفَا", "امْرَأَةٍ"]
    assert out[0] != "يعمل"  # the bare words are still diacritised


def test_windows_are_bounded_and_cover_every_word_once():
    words = (SAMPLE.read_text(encoding="utf-8").split() * 5) + ["ب" * (WINDOW + 5)]
    spans = _windows(words)
    assert [i for a, b in spans for i in range(a, b)] == list(range(len(words)))
    for a, b in spans:
        assert len(" ".join(words[a:b])) <= WINDOW or b - a == 1


def test_packed_sentences_come_back_one_for_one():
    paragraphs = [" ".join(p.split()) for p in SAMPLE.read_text(encoding="utf-8").splitlines() if p.strip()]
    out = diacritise_many(paragraphs + ["", "Linux 2024"])
    assert len(out) == len(paragraphs) + 2
    for source, got in zip(paragraphs, out):
        assert strip_marks(got).split() == strip_marks(source).split()
    assert out[-2:] == ["", "Linux 2024"]


def test_a_long_line_without_punctuation_needs_little_memory():
    """A 40,000-character paragraph without punctuation: the model reads it in windows.
    Read whole, it took 540 MB more than the loaded model (5.4 GB for 300,000 chars)."""
    code = (
        "import resource, sys\n"
        "from narrator.frontend.tashkeel import diacritise\n"
        "words = [w.strip('،؛؟.,:;!?()\"\\'…“”«»') for w in open(sys.argv[1], encoding='utf-8').read().split()]\n"
        "text = ' '.join(w for w in words if w)\n"
        "text = (text + ' ') * (40000 // len(text) + 1)\n"
        "diacritise('تجربة')\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "out = diacritise(text[:40000].rsplit(' ', 1)[0])\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024, len(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    grown_mb, length = map(int, result.stdout.split())
    assert length > 40000  # the marks were added
    assert grown_mb < 150, f"peak RSS grew by {grown_mb} MB"


def _run_model_load(names: tuple[str, ...], raises: str) -> subprocess.CompletedProcess:
    """Load the model in a fresh process with an import hook installed first (the real
    import system and the real model; the hook only makes the first import of one of
    `names` raise `raises`, a Python expression), then load it again without the hook."""
    code = (
        "import sys\n"
        "from importlib.abc import MetaPathFinder\n"
        "class Hook(MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name in {names!r} and not hasattr(self, 'seen'):\n"
        "            self.seen = True\n"
        f"            raise {raises}\n"
        "sys.meta_path.insert(0, Hook())\n"
        "from narrator.errors import TextError\n"
        "from narrator.frontend import tashkeel\n"
        "try:\n"
        "    tashkeel._model()\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
        "except TextError as exc:\n"
        "    print('TextError:', exc)\n"
        "sys.meta_path.pop(0)\n"
        "print('retry:', tashkeel._model().diacritize('كتب'))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )


def test_ctrl_c_while_loading_the_model_is_an_interruption_not_a_missing_package():
    result = _run_model_load(("onnxruntime",), "KeyboardInterrupt")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "interrupted"
    assert lines[1].startswith("retry: ") and lines[1] != "retry: كتب"  # nothing cached: it loads now


def test_a_missing_package_is_named_in_one_line():
    result = _run_model_load(("text2tashkeel", "onnxruntime"), "ModuleNotFoundError(f'No module named {name!r}', name=name)")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0] == "TextError: diacritisation needs text2tashkeel: pip install text2tashkeel"


def test_a_missing_dependency_is_not_reported_as_text2tashkeel_missing():
    result = _run_model_load(("onnxruntime",), "ModuleNotFoundError(f'No module named {name!r}', name=name)")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0] == "TextError: text2tashkeel cannot start: its dependency onnxruntime is missing"


def test_a_moved_hamza_keeps_the_authors_seat_with_the_models_marks():
    # Only the seat differs: the author's letters, the model's marks, the vowel the seat implies.
    assert merge_word("إلفيرا", "أَلْفِيرَا") == "إِلْفِيرَا"
    assert merge_word("الأهرامات", "الْإِهْرَامَاتِ") == "الْأَهْرَامَاتِ"
    assert merge_word("وإن", "وَأَنَّ") == "وَإِنَّ"
    assert merge_word("أدرجوا", "ادْرَجُوا") == "أَدْرَجُوا"  # a first hamza always has its vowel
    assert merge_word("مسئول", "مَسْؤُولٌ") == "مَسْئُولٌ"
    assert merge_word("بأوكرانيا", "بِاوكْرَانْيَا") == "بِأوكْرَانْيَا"  # no vowel forced before a bare و


def test_author_marks_fill_gaps_in_the_models_reading():
    # A lone shadda is no vowel: the word is still read by the model (espeak said "qudːr").
    assert not fully_vowelled("قُدّر")
    # The doubled letter takes the form II vowel where the model read no doubling: فُعِّل
    # after the author's damma, فَعَّل otherwise.
    assert merge_word("قُدّر", "قُدْرَ") == "قُدِّرَ"
    assert merge_word("شدّد", "شَدْدَ") == "شَدَّدَ"
    # The author's shadda and the model's vowel on one letter; the author's vowel wins.
    assert merge_word("شدّد", "شَدَدَ") == "شَدَّدَ"
    assert merge_word("يُستخدم", "يَسْتَخْدِمُ") == "يُسْتَخْدِمُ"


def test_stray_tanwin_is_dropped_and_a_final_one_is_not_doubled():
    assert merge_word("أٌعلن", "أَعْلَنَ") == "أَعْلَنَ"  # tanwin cannot start a word
    assert merge_word("نادراً", "نَادِرًا") == "نَادِرًا"  # one tanwin, before the alif
    assert merge_word("كتاباً", "كِتَابًا") == "كِتَابًا"
