"""The verb-transitivity table (src/narrator/data/verbs.tsv) and the forms derived from it."""

from __future__ import annotations

from importlib.resources import files

from narrator.frontend import verbs


def test_every_row_has_a_perfect_an_imperfect_and_a_kind():
    text = (files("narrator") / "data" / "verbs.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 200
    assert all(len(r) == 3 and r[1].startswith("ي") and r[2] in ("t", "i") for r in rows)


def test_feminine_forms_are_derived():
    # توفيت (she died), تنص (it stipulates), أجرت (she conducted: the alif of أجرى drops)
    assert verbs.intransitive("توفيت")
    assert verbs.intransitive("تنص")
    assert verbs.transitive("أجرت")
    assert verbs.transitive("توظف")


def test_a_written_perfect_wins_over_an_imperfect_spelt_alike():
    # تقدم: the perfect of تقدّم (advanced), not only the imperfect of قدّم (presents)
    assert verbs.intransitive("تقدم")


def test_a_verb_with_two_readings_is_neither_only_transitive_nor_intransitive():
    # وقع: fell (i) and signed (t)
    assert verbs.transitivity("وقع") == frozenset("it")
    assert not verbs.intransitive("وقع")


def test_glued_conjunction_and_unknown_words():
    assert verbs.intransitive("وارتفع")
    assert verbs.transitivity("كتاب") == frozenset()


def test_noun_like_perfects():
    # عمل (work/worked) and تراجع (a decline/declined) are spelt like nouns; يعمل is not
    assert verbs.noun_like("عمل") and verbs.noun_like("تراجع")
    assert not verbs.noun_like("يعمل") and not verbs.noun_like("استقال")


def test_future_prefix():
    assert verbs.intransitive("سيستفيد") and verbs.transitive("ستخسر")
