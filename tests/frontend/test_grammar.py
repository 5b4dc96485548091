"""The grammar tables (data/grammar/*.tsv): derived classes, the loader's refusals, and a
workspace's grammar/ folder extending them (issue 17, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import ConfigError
from narrator.frontend import Stage, make_frontend
from narrator.voices.espeak import ESPEAK_AR
from narrator.frontend.grammar import IMPLIES, fingerprint, load
from narrator.frontend.wordlists import load as load_wordlists


def test_derived_classes_are_computed_from_the_rows():
    g = load()
    # PLURALS used to retype 86 of its 93 words from two other lists: now one tag per row
    assert len(g.classes["pl"]) == 93
    assert g.classes["at_plural"] <= g.classes["m"]
    assert g.classes["preposition"] <= g.classes["gen_governor"]
    assert g.classes["noun_preposition"] <= g.classes["preposition"]
    assert g.classes["demonstrative"] <= g.classes["pointer"] <= g.classes["clause_demonstrative"]
    assert {"حين", "حال"} <= g.classes["clause_demonstrative"]
    assert g.classes["m"].isdisjoint(g.classes["f"])
    assert g.scale == {"ألف", "مليون", "مليار", "تريليون"}
    assert g.units["كم"] == "كيلومتر" and g.counted_forms["الاف"].singular == "ألف"


def test_no_row_retypes_an_implied_tag():
    g = load()
    for word, tags in g.tags.items():
        for tag in tags:
            assert tag in g.classes and word in g.classes[tag]
    assert "gen_governor" in IMPLIES["preposition"]


def test_the_four_homographs_are_declared():
    # transitive feminine imperfects here, intransitive perfects in verbs.tsv: both kept
    assert load().classes["homograph"] == {"تقدم", "تعادل", "تجمع", "تفوق"}


def _workspace(tmp_path: Path, **tables: str) -> Path:
    folder = tmp_path / "grammar"
    folder.mkdir()
    for name, text in tables.items():
        (folder / f"{name.replace('_', '-')}.tsv").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("tables, message", [
    ({"particles": "إزاء\tpreposition\nإزاء\tparticle\n"}, "particles.tsv:2: إزاء is already listed at"),
    ({"particles": "إزاء\tprepositon\n"}, "particles.tsv:1: unknown tag 'prepositon'"),
    ({"nouns": "إزاء\tm\n", "particles": "إزاء\tpreposition\n"},
     r"particles\.tsv:1: إزاء is already listed at \S*nouns\.tsv:1"),  # across two files
    ({"particles": "إزاء\tpreposition gen_governor\n"}, "gen_governor is implied by preposition"),
    ({"nouns": "# a comment\nقلم\tm f\n"}, "nouns.tsv:2: قلم cannot be both m and f"),
    ({"nouns": "شرائح\tat_plural f\n"}, "cannot be both m and f"),
    ({"nouns": "دولارات\tf\n"}, "دولارات is f here but m in counted.tsv"),
    ({"verb_forms": "توفي\ttransitive\n"}, "توفي is transitive here but intransitive in verbs.tsv"),
    ({"verb_forms": "حقق\ttransitive homograph\n"}, "حقق is marked homograph"),
    ({"units": "كمم\tفرسخ\n"}, "units.tsv:1: فرسخ is not a noun of counted.tsv"),
    ({"particles": "إزاء\n"}, "particles.tsv:1: expected 2 tab-separated fields"),
])
def test_the_loader_refuses_contradictions_naming_file_and_line(tmp_path, tables, message):
    with pytest.raises(ConfigError, match=message):
        load(_workspace(tmp_path, **tables))


def test_a_workspace_row_adds_a_word_and_replaces_a_package_row(tmp_path):
    folder = _workspace(tmp_path, particles="إزاء\tpreposition\n# حوالي is no governor here\nحوالي\tparticle\n")
    (tmp_path / "lexicon.tsv").write_text("", encoding="utf-8")
    mine = make_frontend(ESPEAK_AR, tmp_path / "lexicon.tsv", diacritise=False)
    plain = make_frontend(ESPEAK_AR, None, diacritise=False)
    # a new genitive governor: عشرين (genitive) instead of عشرون
    assert "عِشْرِينَ" in mine.speak("وقف إزاء 20 مليون شخص", Stage.WORDS)
    assert "عِشْرُونَ" in plain.speak("وقف إزاء 20 مليون شخص", Stage.WORDS)
    # the package row of حوالي (a genitive governor) is replaced by the workspace's
    assert "عِشْرِينَ" in plain.speak("وصل حوالي 20 شخصا", Stage.WORDS)
    assert "عِشْرُونَ" in mine.speak("وصل حوالي 20 شخصا", Stage.WORDS)
    assert fingerprint(folder) and fingerprint(None) == ""


def test_a_changed_workspace_table_is_read_again(tmp_path):
    folder = _workspace(tmp_path, particles="إزاء\tpreposition\n")
    assert "إزاء" in load(folder).classes["gen_governor"]
    (folder / "particles.tsv").write_text("إزاء\tparticle\n", encoding="utf-8")
    assert "إزاء" not in load(folder).classes["gen_governor"]


def test_a_missing_workspace_folder_is_the_packages_tables(tmp_path):
    """No grammar/ folder (make_frontend passes its path whether or not it is there): the
    package's tables, the one cached load, not a second "workspace" with no rows."""
    assert load(tmp_path / "grammar") is load()
    assert load(tmp_path / "grammar").source == "package"


def test_a_workspace_table_not_in_utf8_is_a_clear_error(tmp_path):
    """A grammar table saved in another encoding (Windows-1256) is a ConfigError naming it,
    as in wordlists/ (it was a UnicodeDecodeError: "internal error" at the command line)."""
    folder = _workspace(tmp_path)
    (folder / "particles.tsv").write_bytes("إزاء\tpreposition\n".encode("cp1256"))
    with pytest.raises(ConfigError, match=r"particles\.tsv: cannot read it as UTF-8 text"):
        load(folder)


def test_a_byte_order_mark_is_not_part_of_the_first_word(tmp_path):
    """grammar/ and wordlists/ tables saved with a BOM (as Notepad does) read like
    lexicon.tsv: the first row's word is the word, not U+FEFF and the word."""
    folder = _workspace(tmp_path)
    (folder / "particles.tsv").write_bytes("إزاء\tpreposition\n".encode("utf-8-sig"))
    assert "إزاء" in load(folder).classes["gen_governor"]
    lists = tmp_path / "wordlists" / "latin"
    lists.mkdir(parents=True)
    (lists / "loanwords.tsv").write_bytes("acwa\tأكوا\n".encode("utf-8-sig"))
    assert load_wordlists(tmp_path / "wordlists").latin.loanwords["acwa"] == "أكوا"


def test_an_unreadable_workspace_table_is_a_clear_error_in_the_fingerprint(tmp_path):
    """fingerprint reads every grammar/*.tsv: one it cannot read (here a folder so named) is
    a ConfigError naming it, not an OSError."""
    folder = _workspace(tmp_path)
    (folder / "nouns.tsv").mkdir()
    with pytest.raises(ConfigError, match=r"nouns\.tsv: cannot read it"):
        fingerprint(folder)


def test_the_latin_stage_reads_the_front_ends_own_counted_nouns(tmp_path):
    """Slack 8 فراسخ: a number between a Latin name and a noun the workspace's counted.tsv
    adds belongs to the Arabic sentence (read in Arabic, counting it) only for that front
    end; the package's front end keeps it with the Latin name."""
    folder = _workspace(tmp_path, counted="فرسخ\tفرسخان\tفرسخين\tفراسخ\tفرسخا\tm\tفَرْسَخ\tفَرَاسِخ\tdiptote\t-\t-\n")
    assert "فراسخ" in load(folder).counted_forms
    (tmp_path / "lexicon.tsv").write_text("", encoding="utf-8")
    mine = make_frontend(ESPEAK_AR, tmp_path / "lexicon.tsv", diacritise=False)
    plain = make_frontend(ESPEAK_AR, None, diacritise=False)
    sentence = "قطع الفريق Slack 8 فراسخ"
    assert "eight" in plain.speak(sentence, Stage.WORDS)
    assert "ثَمَانِيَةِ فَرَاسِخَ" in mine.speak(sentence, Stage.WORDS)
