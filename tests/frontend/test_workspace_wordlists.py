"""A workspace's wordlists/ folder through the real command: its rows change what `narrator
script` prints and rebuild an episode; a bad row is one line naming the file and line, exit 2
(issue 17, item 2)."""

from __future__ import annotations

import pytest

from conftest import run_narrator
from narrator.frontend.arabic import strip_marks

ARTICLE = (
    "عنوان الخبر\n\n"
    "وقعت Acme Corp. اتفاقا مع الحكومة. أعلنت ACWA أرباحها. نقلت صحيفة Le Monde الخبر. "
    "زوروا example.xyz الآن.\n"
)
# One row for each stage: an abbreviation inside a sentence (chunk), an acronym said as a
# word (latin), a word that makes a run English (foreign), an address ending (normalise).
ROWS = {
    "chunk/abbreviations.tsv": "corp\tinside\n",
    "latin/said-as-words.tsv": "ACWA\n",
    "foreign/markers.tsv": "monde\ten\n",
    "normalise/tlds.tsv": "xyz\tlink word\n",
}


def _script(ws, *extra) -> list[str]:
    proc = run_narrator("script", ws / "a.txt", "-w", ws, *extra, check=True)
    return proc.stdout.decode().splitlines()


def _refused(ws, name: str, text: str) -> str:
    """`narrator script` with `text` as the workspace's wordlists/`name`: it must refuse in
    one line (exit 2, nothing printed); its error."""
    (ws / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = ws / "wordlists" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    proc = run_narrator("script", ws / "a.txt", "-w", ws)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_word_list_rows_change_the_script_and_rebuild_the_episode(tmp_path):
    ws = tmp_path
    (ws / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = _script(ws, "--stage", "words")
    assert "وقعت Acme Corp." in before and "أعلنت A C W A أرباحها." in before
    assert "نقلت صحيفة لو موند الخبر." in before and "زوروا example.xyz الآن." in before
    first = run_narrator("build", ws / "a.txt", "-w", ws, "--quiet", check=True)
    again = run_narrator("build", ws / "a.txt", "-w", ws, check=True)
    assert b"up to date" in again.stdout, first.stdout

    for name, text in ROWS.items():
        path = ws / "wordlists" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    after = _script(ws, "--stage", "words")
    assert "وقعت Acme Corp. اتفاقا مع الحكومة." in after  # one sentence now
    assert "أعلنت ACWA أرباحها." in after
    assert "نقلت صحيفة Le Monde الخبر." in after
    assert "زوروا example dot xyz الآن." in after
    rebuilt = run_narrator("build", ws / "a.txt", "-w", ws, check=True)
    assert b"up to date" not in rebuilt.stdout and b"synthesised" in rebuilt.stdout


@pytest.mark.parametrize(("name", "text", "where", "says"), [
    ("chunk/abbreviations.tsv", "corp\tinside\nق.م\tinside ending\n", "chunk/abbreviations.tsv:2:",
     "ق.م cannot be both inside and ending"),
    ("latin/loanwords.tsv", "# brands\nacwa\n", "latin/loanwords.tsv:2:", "expected 2 tab-separated fields"),
    ("normalise/tlds.tsv", "xyz\tlink\nxyz\tword\n", "normalise/tlds.tsv:2:", "xyz is already listed at line 1"),
    ("foreign/markers.tsv", "monde\tanglais\n", "foreign/markers.tsv:1:", "unknown tag 'anglais'"),
])
def test_a_bad_row_is_one_line_naming_the_file_and_line(tmp_path, name, text, where, says):
    err = _refused(tmp_path, name, text)
    assert f"wordlists/{where}" in err and says in err, err


# --- the calendar tables (wordlists/calendars/) ----------------------------------------------

def test_a_workspace_month_spelling_is_read_as_a_month_by_the_script(tmp_path):
    ws = tmp_path
    (ws / "a.txt").write_text("عنوان\n\nافتتح المعرض في 15 أوغسطس 2024 بحضور الوزير.\n",
                              encoding="utf-8")
    before = strip_marks("\n".join(_script(ws, "--stage", "words")))
    assert "الخامس عشر" not in before  # an unknown word: 15 is no day of a month
    path = ws / "wordlists" / "calendars" / "months.tsv"
    path.parent.mkdir(parents=True)
    # the month's row with one spelling more (a row replaces the package's row for August)
    path.write_text("gregorian\t8\tأغسطس، أوغسطس\tأُغُسْطُسَ\n", encoding="utf-8")
    after = strip_marks("\n".join(_script(ws, "--stage", "words")))
    # a day before a month is an ordinal, genitive after في; the year after عام
    assert "افتتح المعرض في الخامس عشر من أوغسطس عام ألفين وأربعة وعشرين بحضور الوزير." in after
    # the package's spelling is still a month (it is on the workspace's row)
    (ws / "a.txt").write_text("عنوان\n\nافتتح المعرض في 15 أغسطس 2024.\n", encoding="utf-8")
    assert "في الخامس عشر من أغسطس عام" in strip_marks("\n".join(_script(ws, "--stage", "words")))


@pytest.mark.parametrize(("text", "where", "says"), [
    ("gregorian\t13\tمايو\tمَايُو\n", ":1:", "month 13 is out of range for gregorian (1..12)"),
    # يونيه is June's: a workspace row that gives it to May is refused at the workspace's line
    ("# May\ngregorian\t5\tمايو، يونيه\tمَايُو\n", ":2:", "يونيه is already month 6 of gregorian"),
    ("coptic\t1\tتوت\t-\ncoptic\t1\tتوت، تووت\t-\n", ":2:", "month 1 of coptic is already listed"),
    ("hijri\t9\tرمضان\t-\n", ":1:", "a hijri month needs its spoken form"),
    ("julian\t1\tينار\t-\n", ":1:", "unknown calendar 'julian'"),
])
def test_a_bad_calendar_row_is_one_line_naming_the_file_and_line(tmp_path, text, where, says):
    err = _refused(tmp_path, "calendars/months.tsv", text)
    assert f"wordlists/calendars/months.tsv{where}" in err and says in err, err
