"""The front end's word lists as data (data/latin, data/chunk, data/normalise, data/foreign,
data/calendars): each file is well formed, a malformed one is refused with its file and line,
and a workspace's wordlists/ folder extends them for its own front end."""

from __future__ import annotations

from importlib.resources import files

import pytest

from narrator.errors import ConfigError
from narrator.frontend import Stage, fingerprint, make_frontend, wordlists
from narrator.frontend.calendars import (
    DAY_PARTS, GREGORIAN_SPOKEN, HIJRI_SPOKEN, HIJRI_SPOKEN_GEN, load_months)
from narrator.frontend.chunk import CLAUSE_STARTS, split_for_voice, split_sentences
from narrator.frontend.latin import LOANWORDS, SAID_AS_WORDS, SYMBOLS, latin_to_arabic
from narrator.frontend.normalise import speak_host
from narrator.frontend.tsv import package_text
from narrator.frontend.wordlists import PACKAGE, SPECS, load
from narrator.voices.coqui import BARE_AR
from narrator.voices.espeak import ESPEAK_AR

@pytest.mark.parametrize(("text", "message"), [
    ("ثم\tclause_start\nبل\n", r"words\.tsv:2: expected 2 tab-separated fields"),
    ("ثم\tclause_start\n# note\nثم\tnumber\n", r"words\.tsv:3: ثم is already listed at line 1"),
    ("ثم\tclause_start\nالتي\trelativ\n", r"words\.tsv:2: unknown tag 'relativ' for التي"),
    ("ثم\tclause_start clause_start\n", r"words\.tsv:1: a tag repeated for ثم"),
    ("ثم\t\n", r"words\.tsv:1: expected 2 tab-separated fields"),
])
def test_malformed_rows_are_refused_with_file_and_line(tmp_path, text: str,
                                                         message: str) -> None:
    """Through the loader a front end uses (a workspace's chunk/words.tsv)."""
    with pytest.raises(ConfigError, match=message):
        load(_lists(tmp_path, chunk__words=text))


def test_a_word_in_two_lists_is_one_row_with_both_tags(tmp_path) -> None:
    mine = load(_lists(tmp_path, chunk__words="حينئذ\tclause_start relative\n"))
    assert "حينئذ" not in PACKAGE.chunk.clause_starts | PACKAGE.chunk.relatives
    assert mine.chunk.clause_starts == PACKAGE.chunk.clause_starts | {"حينئذ"}
    assert mine.chunk.relatives == PACKAGE.chunk.relatives | {"حينئذ"}
    # a tag no workspace row has leaves its list as the package's
    assert mine.chunk.number_words == PACKAGE.chunk.number_words
    assert mine.chunk.binds_next == PACKAGE.chunk.binds_next


def test_every_package_list_loads() -> None:
    """Each shipped file parses with its shape (one row per key)."""
    shapes = {"latin/letter-names.tsv": 2, "latin/loanwords.tsv": 2,
              "latin/said-as-words.tsv": 1, "latin/symbols.tsv": 2,
              "chunk/words.tsv": 2, "chunk/abbreviations.tsv": 2,
              "normalise/tlds.tsv": 2, "normalise/saying-verbs.tsv": 1, "foreign/markers.tsv": 2,
              "foreign/french-words.tsv": 2}
    data = files("narrator") / "data"
    shipped = {f"{d}/{p.name}" for d in ("latin", "chunk", "normalise", "foreign")
               for p in (data / d).iterdir() if p.name.endswith(".tsv")}
    assert shipped == set(shapes)
    for name, columns in shapes.items():
        assert wordlists.parse((data / name).read_text(encoding="utf-8"), name, columns)


def test_missing_table_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="missing package table latin/nothing.tsv"):
        package_text("latin/nothing.tsv")


def test_the_tables_reach_the_stages() -> None:
    assert LOANWORDS["www"] == "دبليو دبليو دبليو"  # a value with spaces
    assert latin_to_arabic("Microsoft") == "مايكروسوفت"
    assert "NATO" in SAID_AS_WORDS and SYMBOLS["<"] == "أصغر من"
    assert {"ثم", "التي", "وأكدت"} <= CLAUSE_STARTS
    assert split_sentences("قال د. أحمد إن. ثم عام 300 ق.م. انتهى") == [
        "قال د. أحمد إن.", "ثم عام 300 ق.م.", "انتهى"]
    assert speak_host("bbc.co.uk") == "bbc dot co dot UK"
    assert speak_host("example.news") == "example dot news"


# --- a workspace's wordlists/ folder (issue 17, item 2) and the calendar tables -----------


def _lists(tmp_path, **tables: str):
    """A workspace with lexicon.tsv and wordlists/<stage>/<name>.tsv (keyword stage__name)."""
    (tmp_path / "lexicon.tsv").write_text("", encoding="utf-8")
    for key, text in tables.items():
        stage, name = key.split("__")
        path = tmp_path / "wordlists" / stage / f"{name.replace('_', '-')}.tsv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "wordlists"


def test_a_workspace_row_adds_to_a_table_or_replaces_the_packages_row(tmp_path):
    folder = _lists(tmp_path, latin__loanwords="microsoft\tميكروسوفت\nacwa\tأكوا\n",
                    latin__said_as_words="ACWA\n", chunk__abbreviations="corp\tinside\n",
                    chunk__words="ثم\tbinds_next\n", normalise__tlds="xyz\tlink word\n",
                    foreign__markers="le\ten\n")
    mine = load(folder)
    assert mine.latin.loanwords["microsoft"] == "ميكروسوفت" != PACKAGE.latin.loanwords["microsoft"]
    assert mine.latin.loanwords["acwa"] == "أكوا" and "ACWA" in mine.latin.said_as_words
    assert len(mine.latin.loanwords) == len(PACKAGE.latin.loanwords) + 1
    assert "corp" in mine.chunk.inside and "corp" not in PACKAGE.chunk.inside
    # a tagged row is the word's whole row: ثم is no clause start any more
    assert "ثم" in mine.chunk.binds_next and "ثم" not in mine.chunk.clause_starts
    assert "ثم" in PACKAGE.chunk.clause_starts
    assert mine.normalise.link_tlds[-1] == "xyz" and "xyz" in mine.normalise.word_tlds
    assert "le" in mine.foreign.english and "le" not in mine.foreign.markers["fr"]
    assert mine.source == str(folder) and PACKAGE.source == "package"


def test_each_stage_reads_its_front_ends_own_lists(tmp_path):
    """Two front ends in one process, calls interleaved: each reads its own tables (they are
    passed forward, not a module global rebound per call)."""
    _lists(tmp_path, latin__loanwords="microsoft\tميكروسوفت\n", latin__said_as_words="ACWA\n",
           normalise__tlds="xyz\tlink word\n", normalise__saying_verbs="غرد\n",
           foreign__markers="monde\ten\n")
    mine = make_frontend(BARE_AR, tmp_path / "lexicon.tsv", diacritise=False)
    plain = make_frontend(BARE_AR, None, diacritise=False)
    keep = make_frontend(ESPEAK_AR, tmp_path / "lexicon.tsv", diacritise=False)
    keep_plain = make_frontend(ESPEAK_AR, None, diacritise=False)
    for _ in range(2):
        assert "ميكروسوفت" in mine.speak("أعلنت Microsoft أرباحها", Stage.WORDS)
        assert "مايكروسوفت" in plain.speak("أعلنت Microsoft أرباحها", Stage.WORDS)
        assert "ACWA" in keep.speak("أعلنت ACWA أرباحها", Stage.WORDS)
        assert "A C W A" in keep_plain.speak("أعلنت ACWA أرباحها", Stage.WORDS)
        assert keep.speak("زوروا example.xyz الآن", Stage.CLEAN) == "زوروا example dot xyz الآن"
        assert "example.xyz" in keep_plain.speak("زوروا example.xyz الآن", Stage.CLEAN)
        # a verb of saying: the quote after it is speech, a pause before it
        assert keep.speak("غرد «نعم» ثم صمت", Stage.CLEAN) == "غرد، نعم، ثم صمت"
        assert keep_plain.speak("غرد «نعم» ثم صمت", Stage.CLEAN) == "غرد نعم ثم صمت"
        assert "Le Monde" in keep.speak("نقلت صحيفة Le Monde الخبر", Stage.WORDS)
        assert "لو موند" in keep_plain.speak("نقلت صحيفة Le Monde الخبر", Stage.WORDS)


def test_the_chunk_lists_reach_the_sentence_split_and_the_voice_cut(tmp_path):
    folder = _lists(tmp_path, chunk__abbreviations="corp\tinside\n",
                    chunk__words="خلال\tclause_start\n")
    mine = load(folder)
    text = "وقعت Acme Corp. اتفاقا مع الحكومة."
    assert split_sentences(text) == ["وقعت Acme Corp.", "اتفاقا مع الحكومة."]
    assert split_sentences(text, mine) == [text]
    words = "اجتمع الوزراء في العاصمة مساء أمس خلال زيارة رسمية للبلاد"
    assert split_for_voice(words, 45)[0][0] == "اجتمع الوزراء في العاصمة مساء أمس خلال زيارة"
    assert split_for_voice(words, 45, lists=mine)[0][0] == "اجتمع الوزراء في العاصمة مساء أمس"


@pytest.mark.parametrize(("name", "text", "message"), [
    ("chunk/abbreviations.tsv", "corp\tinside\nق.م\tinside ending\n",
     r"abbreviations\.tsv:2: ق\.م cannot be both inside and ending"),
    ("chunk/abbreviations.tsv", "Corp\tinside\n", r"abbreviations\.tsv:1: Corp: .*lower case"),
    ("chunk/words.tsv", "ثم\tclause_start\n# again\nثم\trelative\n", r"words\.tsv:3: ثم is already listed at line 1"),
    ("chunk/words.tsv", "ثُمَّ\tclause_start\n", r"words\.tsv:1: ثُمَّ: write it without harakat"),
    ("chunk/words.tsv", "خمسة\tnumber clause_start\n", r"words\.tsv:1: خمسة cannot be both number and clause_start"),
    ("latin/loanwords.tsv", "Microsoft\tمايكروسوفت\n", r"loanwords\.tsv:1: Microsoft: keys are looked up in lower case"),
    ("latin/loanwords.tsv", "microsoft\n", r"loanwords\.tsv:1: expected 2 tab-separated fields"),
    ("latin/letter-names.tsv", "ab\tإيه بي\n", r"letter-names\.tsv:1: ab is not one letter a-z"),
    ("latin/said-as-words.tsv", "Nasa\n", r"said-as-words\.tsv:1: Nasa: an acronym here is Latin capitals only"),
    ("latin/symbols.tsv", "→\tإلى\nc/o\tلدى\n", r"symbols\.tsv:2: c/o is not a symbol"),
    ("normalise/tlds.tsv", "xyz\tlinks\n", r"tlds\.tsv:1: unknown tag 'links' for xyz"),
    ("normalise/tlds.tsv", ".xyz\tlink\n", r"tlds\.tsv:1: \.xyz: an ending is lower-case"),
    ("foreign/markers.tsv", "le\ten fr\n", r"markers\.tsv:1: le cannot be both en and fr"),
    ("latin/loanword.tsv", "microsoft\tميكروسوفت\n", r"loanword\.tsv: not a word list narrator reads"),
])
def test_a_bad_workspace_row_is_refused_naming_file_and_line(tmp_path, name, text, message):
    path = tmp_path / "wordlists" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as refused:
        load(tmp_path / "wordlists")
    assert str(path) in str(refused.value) and "\n" not in str(refused.value)


def test_every_table_the_loader_knows_is_shipped():
    data = files("narrator") / "data"
    assert all((data / name).is_file() for name in SPECS)


def test_the_front_end_fingerprint_follows_the_wordlists_folder(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    _lists(tmp_path)
    base = fingerprint(lexicon, None)
    folder = _lists(tmp_path, normalise__tlds="xyz\tlink word\n")
    with_row = fingerprint(lexicon, None)
    assert with_row != base
    assert "xyz" in load(folder).normalise.word_tlds
    (folder / "normalise" / "tlds.tsv").write_text("xyz\tlink\n", encoding="utf-8")
    assert fingerprint(lexicon, None) not in (base, with_row)
    # a changed file is read again (the loader's cache is keyed by the bytes)
    assert "xyz" not in load(folder).normalise.word_tlds
    (folder / "normalise" / "tlds.tsv").unlink()
    assert fingerprint(lexicon, None) == base


# --- the calendar tables (data/calendars/*.tsv) --------------------------------------------

def test_the_calendar_tables_give_what_the_dates_stage_reads():
    assert len(GREGORIAN_SPOKEN) == len(HIJRI_SPOKEN_GEN) == 12
    # the nominative is derived from the genitive, not retyped
    assert HIJRI_SPOKEN[10:] == ("ذُو الْقَعْدَةِ", "ذُو الْحِجَّةِ") and HIJRI_SPOKEN[:10] == HIJRI_SPOKEN_GEN[:10]
    assert DAY_PARTS["ص"] == DAY_PARTS["صباحا"] == "صَبَاحًا"
    plain = make_frontend(ESPEAK_AR, None, diacritise=False)
    assert "صَبَاحًا" in plain.speak("افتتح المعرض الساعة 10:30 ص", Stage.WORDS)
    assert "ذِي الْحِجَّةِ" in plain.speak("وصل يوم 10/12/1445 هـ", Stage.WORDS)


@pytest.mark.parametrize(("text", "message"), [
    ("gregorian\t1\tيناير\tيَنَايِرَ\ngregorian\t3\tمارس\tمَارِسَ\n", r"months\.tsv:2: expected month 2 of gregorian"),
    ("hijri\t1\tمحرم\t-\n", r"months\.tsv:1: a hijri month needs its spoken form"),
    ("coptic\t1\tتوت\t-\ncoptic\t2\tتوت، بابه\t-\n", r"months\.tsv:2: توت is already month 1 of coptic at months\.tsv:1"),
    ("gregorian\t1\tيناير\tيَنَايِرَ\nmaghrebi\t1\tيناير\t-\n", None),  # one month in two calendars
    ("levantine\t1\tكانون الثاني\t-\nmaghrebi\t1\tجانفي\t-\nmaghrebi\t2\tكانون الثاني\t-\n",
     r"months\.tsv:3: كانون الثاني is already month 1 of levantine"),
    ("julian\t1\tينار\t-\n", r"months\.tsv:1: unknown calendar 'julian'"),
    ("coptic\t1\tتوت،\t-\n", r"months\.tsv:1: an empty spelling"),
])
def test_the_months_table_refuses_what_would_misread_a_date(text, message):
    if message is None:
        assert load_months(text, "months.tsv")[2]
        return
    with pytest.raises(ConfigError, match=message):
        load_months(text, "months.tsv")


def test_workspace_calendar_rows_are_passed_forward_not_activated(tmp_path):
    from narrator.frontend.calendars import PACKAGE as CALENDARS
    from narrator.frontend.numbers import verbalise

    folder = tmp_path / "wordlists"
    (folder / "calendars").mkdir(parents=True)
    (folder / "calendars" / "day-parts.tsv").write_text("ضحى\tضُحًى\n", encoding="utf-8")
    (folder / "calendars" / "months.tsv").write_text(
        "gregorian\t8\tأغسطس، أوغسطس\tأُغُسْطُسَ\n", encoding="utf-8")
    mine = load(folder).calendars
    assert mine is not CALENDARS and load().calendars is CALENDARS
    # a part of the day after a time is an adverb of time (accusative)
    assert verbalise("تبدأ الجلسة 10:30 ضحى", calendars=mine) == "تبدأ الجلسة العاشرة والنصف ضحى"
    assert verbalise("في 5 أوغسطس", calendars=mine) == "في الخامس من أوغسطس"
    assert verbalise("في 5 أوغسطس") == "في خمسة أوغسطس"  # the package's tables: no month
    assert verbalise("في 5 أوغسطس", calendars=mine) == "في الخامس من أوغسطس"
    # an everyday word must be a month's spelling; a day part is written bare
    (folder / "calendars" / "everyday-words.tsv").write_text("أوغسطس\tnothing\nخميس\tthursday\n",
                                                             encoding="utf-8")
    with pytest.raises(ConfigError, match=r"everyday-words\.tsv:2: خميس is no spelling"):
        load(folder)
    (folder / "calendars" / "everyday-words.tsv").write_text("أوغسطس\tnothing\n", encoding="utf-8")
    # an everyday word is a month only with a year after it or a date word before (في)
    assert verbalise("النتيجة 5 أوغسطس", calendars=mine) == "النتيجة الخامس من أوغسطس"
    assert verbalise("النتيجة 5 أوغسطس", calendars=load(folder).calendars) == "النتيجة خمسة أوغسطس"
    assert verbalise("في 5 أوغسطس", calendars=load(folder).calendars) == "في الخامس من أوغسطس"
    (folder / "calendars" / "day-parts.tsv").write_text("ضُحى\tضُحًى\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"day-parts\.tsv:1: ضُحى: write it without harakat"):
        load(folder)


def test_the_calendar_folder_is_part_of_the_fingerprint(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    base = fingerprint(lexicon, None)
    path = tmp_path / "wordlists" / "calendars" / "months.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("gregorian\t8\tأغسطس، أوغسطس\tأُغُسْطُسَ\n", encoding="utf-8")
    changed = fingerprint(lexicon, None)
    assert changed != base
    path.write_text("gregorian\t8\tأغسطس، أغوسطس\tأُغُسْطُسَ\n", encoding="utf-8")
    assert fingerprint(lexicon, None) not in (base, changed)
