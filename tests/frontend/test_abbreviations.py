"""Free-standing abbreviations (issue 10 item 6): spoken in full, workspace-overridable,
never a sentence end in the middle of a name."""

from __future__ import annotations

import time

import pytest

from narrator.errors import ConfigError
from narrator.frontend import Stage, make_frontend, split_sentences
from narrator.voices.espeak import ESPEAK_AR
from narrator.frontend.abbreviations import load_abbreviations
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.normalise import clean

ABBR = load_abbreviations()
WORDS = make_frontend(ESPEAK_AR, diacritise=False)


def words(text: str, frontend=WORDS) -> str:
    return " ".join(strip_marks(frontend.speak(text, Stage.WORDS)).split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال أ.د. محمد", "قال الأستاذ الدكتور محمد"),
        ("قال أ. د. محمد", "قال الأستاذ الدكتور محمد"),
        ("عام 300 ق.م ثم", "عام 300 قبل الميلاد ثم"),
        ("في القرن الثالث ق.م.", "في القرن الثالث قبل الميلاد."),  # the dot is also the full stop
        ("ص.ب الشركة", "صندوق بريد الشركة"),
        ("الكتب إلخ", "الكتب إلى آخره"),
        ("وقعت ج.م.ع", "وقعت جمهورية مصر العربية"),
        ("استقبل د.أحمد", "استقبل الدكتور أحمد"),  # no space after the dot: not glued on
        ("ت:0123", "هاتف: 0123"),
        ("النبي (ص) قال", "النبي صلى الله عليه وسلم قال"),
    ],
)
def test_builtin_abbreviations_are_spoken_in_full(text, expected):
    assert ABBR.expand(clean(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قطع 5 كم",  # a unit after a number is the numbers stage's
        "سنة 1445 هـ",  # so is a calendar mark after a year
        "بلغ 5 م. ثم",  # م. after a number is never المهندس
        "كم عمرك",  # كم alone is the word "how many"
        "وضع السم",  # and سم "poison"
    ],
)
def test_units_calendar_marks_and_words_are_left_alone(text):
    assert ABBR.expand(clean(text)) == clean(text)


def test_title_needs_a_following_word_and_no_number_before():
    assert ABBR.expand("كتبه م. خالد") == "كتبه المهندس خالد"
    assert ABBR.expand("انتهى عام 2020 م.") == "انتهى عام 2020 م."
    assert ABBR.expand("القائمة: أ.") == "القائمة: أ."


def test_words_stage_runs_abbreviations_before_numbers():
    # The currency abbreviation is expanded first, so the numbers stage sees its noun.
    out = words("دفع 50 ر.س")
    assert "ريال" in out and "ر.س" not in out and not any(c.isdigit() for c in out)


def test_workspace_file_adds_overrides_and_switches_off(tmp_path):
    (tmp_path / "abbreviations.tsv").write_text(
        "# mine\nم.ب\tمجلس الإدارة\nد.\tالدكتورة\tbefore-name\nإلخ\t-\n", encoding="utf-8"
    )
    frontend = make_frontend(ESPEAK_AR, tmp_path / "lexicon.tsv", diacritise=False)
    assert words("اجتمع م.ب اليوم", frontend) == "اجتمع مجلس الإدارة اليوم"
    assert words("قالت د. سعاد", frontend) == "قالت الدكتورة سعاد"
    assert words("الكتب إلخ", frontend) == "الكتب إلخ"
    assert words("قال أ.د. محمد", frontend) == "قال الأستاذ الدكتور محمد"  # built-in rows stay


@pytest.mark.parametrize("row", ["م.ب", "م.ب\tمجلس\tafter-name", "...\tنقاط"])
def test_bad_workspace_row_names_file_and_line(tmp_path, row):
    path = tmp_path / "abbreviations.tsv"
    path.write_text(f"# ok\n{row}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"abbreviations\.tsv, line 2"):
        load_abbreviations(path)


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("قال أ.د. محمد إن الأمر انتهى. ثم غادر.", ["قال أ.د. محمد إن الأمر انتهى.", "ثم غادر."]),
        ("صرح د. أحمد للصحفيين. وغادر.", ["صرح د. أحمد للصحفيين.", "وغادر."]),
        ("وقع العقد م. خالد اليوم.", ["وقع العقد م. خالد اليوم."]),
        ("بنيت عام 300 ق.م. ثم هدمت.", ["بنيت عام 300 ق.م.", "ثم هدمت."]),
        ("اشترينا الكتب إلخ. ثم عدنا.", ["اشترينا الكتب إلخ.", "ثم عدنا."]),
        ("توفي عام 2020 م. ثم دفن.", ["توفي عام 2020 م.", "ثم دفن."]),
        ("راسلوا ص.ب. 12 في المدينة.", ["راسلوا ص.ب. 12 في المدينة."]),
    ],
)
def test_sentences_do_not_end_inside_abbreviations(paragraph, sentences):
    assert split_sentences(paragraph) == sentences


@pytest.mark.parametrize("unit", ["د. ", "a. ", "1. ", "أ.د. "])
def test_splitter_is_linear_on_dense_abbreviations(unit):
    text = unit * (300_000 // len(unit))  # the old splitter re-read the pending sentence
    start = time.perf_counter()
    pieces = split_sentences(text)
    assert time.perf_counter() - start < 5
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_workspace_with_only_abbreviations_tsv_uses_it(tmp_path):
    from narrator.pipeline import make_frontend_for
    from narrator.workspace import Workspace

    (tmp_path / "abbreviations.tsv").write_text("م.ب\tمجلس الإدارة\n", encoding="utf-8")
    assert not (tmp_path / "lexicon.tsv").exists()
    frontend = make_frontend_for(ESPEAK_AR, Workspace(tmp_path), diacritise=False)
    assert words("اجتمع م.ب اليوم", frontend) == "اجتمع مجلس الإدارة اليوم"


@pytest.mark.parametrize(
    ("unit", "spoken"), [("إلخ ", "إلى آخره "), ("د. محمد ", "الدكتور محمد "), ("5 كم ", "5 كم ")]
)
def test_expansion_is_linear_on_dense_abbreviations(unit, spoken):
    # 300 KB: copying the text around each match (the old way) would take minutes here.
    count = 300_000 // len(unit)
    start = time.perf_counter()
    out = ABBR.expand(unit * count)
    assert time.perf_counter() - start < 5
    assert out.split() == (spoken * count).split()
