"""The case rules as an ordered table of named predicates, and `narrator script --explain`
(issue 17, item 3)."""

from __future__ import annotations

import pytest

from conftest import run_narrator
from narrator.frontend.arabic import Case
from narrator.frontend.case_rules import RULES, decide
from narrator.frontend.numbers import Reading, verbalise


def test_every_rule_has_a_unique_name_and_a_reason():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.doc for r in RULES), "each rule says why in its docstring"
    assert RULES[-1].name == "nominative", "the fallback comes last"


@pytest.mark.parametrize("before, case, rule", [
    ("يشهد", "acc", "transitive-verb-before"),
    ("من", "gen", "genitive-governor"),
    ("توفي", "nom", "intransitive-verb-before"),
    ("قتل", "nom", "nominative"),                       # the passive's subject
    ("الجيش قتل", "acc", "verb-subject-then-number"),   # قتل الجيش 5 مسلحين
    ("أمس الغارات دمرت", "acc", "time-adverb-between>verb-subject-then-number"),
    ("", "nom", "nothing-before"),
    ("و من", "gen", "genitive-governor"),               # من 3 و5: the word before the و
])
def test_decide_names_the_rule(before, case, rule):
    # (words nearest first, as the numbers stage passes them)
    assert decide(before.split()) == (case, rule)
    assert isinstance(decide(before.split())[0], Case)


def test_precedence_is_configuration():
    # تقدم is both an intransitive perfect (تقدم 25 مرشحا: the subject) and a transitive
    # imperfect (تقدم 25 منحة: she offers): the intransitive rule comes first in RULES
    assert decide(["تقدم"]) == ("nom", "intransitive-verb-before")
    without = [r for r in RULES if r.name != "intransitive-verb-before"]
    assert decide(["تقدم"], without) == ("acc", "transitive-verb-before")


def test_for_an_ordinary_noun():
    # the table is not only for numbers: the case of a noun after the same words
    assert decide(["إن"]) == ("acc", "inna")
    assert decide(["منذ"])[0] == "gen"


def test_verbalise_reports_class_and_rule_per_number():
    readings: list[Reading] = []
    verbalise("أنفقت الشركة $5 و20% من الأرباح في 5 مارس 2024 بنتيجة 2-1", readings=readings)
    got = [(r.number, r.kind, r.rule) for r in readings]
    assert got[0] == ("$5", "money", "verb-subject-then-number")
    assert got[1][1:] == ("percent", "coordinated")
    assert got[2][1:] == ("day-month", "genitive-governor")
    assert got[3][1] == "score"
    # without a list nothing is recorded and the reading is the same
    assert verbalise("يشهد 24 مليار عملية") == "يشهد أربعة وعشرين مليار عملية"


def test_script_explain_prints_class_and_rule_of_each_number(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("عنوان\n\nيشهد 24 مليار عملية كل عام، وتوفي 30 شخصا في الحادث.\n",
                       encoding="utf-8")
    out = run_narrator("script", article, "--explain", "-w", tmp_path, check=True).stdout.decode()
    lines = [line.split("\t") for line in out.splitlines() if line.startswith("  ")]
    assert [[c.strip() for c in line] for line in lines] == [
        ["24", "counted", "acc", "transitive-verb-before"],
        ["30", "cardinal", "nom", "intransitive-verb-before"],
    ]
    assert "يشهد 24 مليار عملية" in out  # the sentence, once, above its numbers
