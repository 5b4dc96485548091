"""Sort the held-out rounds' rows into per-class golden tables (issue 17, item 6).

    PYTHONPATH=src python bench/heldout_classes.py

bench/heldout/*.tsv are the first-sight rounds, kept as written (their scores in
bench/heldout/README.md). Their rows are tested once each from tests/golden/sentences-*.tsv,
one table per class of reading, a row going by its first number's class as `narrator script
--explain` prints it (and, for a counted noun, by the noun: a currency, a unit or a scale
word). This script rewrites those tables from the rounds: add a round to bench/heldout/, run
it, and tests/frontend/test_golden.py checks that every round row sits in exactly one table.
A row is corrected in its round file, then sorted again; a comment row (a known miss, not
run) goes along with the comment block above it.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "bench" / "heldout"
GOLDEN = ROOT / "tests" / "golden"

# Rounds in the order they were written (bench/heldout/README.md).
ORDER = ["news", "reference", "tech", "fresh", "third"] + [
    f"round{n}-{t}" for n, tables in ((3, "abcdefghijklmn"), (4, "abcde"), (5, "abcdefghij"), (6, "a"))
    for t in tables]

# class table -> (what it holds, the --explain kinds that go there)
TABLES = {
    "cardinal": ("a cardinal before the noun it counts, the noun left as written (شخصا، دولة), or "
                 "alone", {"cardinal", "definite-cardinal"}),
    "scale": ("thousands, millions … of a noun (12 ألف لاجئ): the scale word re-shaped", set()),
    "money": ("an amount of money: a currency after the number or its scale word, or a currency "
              "symbol", {"money"}),
    "measures": ("a measure (a unit the number re-shapes: درجة، كيلومتر، دقيقة), a decimal, a "
                 "sign, dimensions", {"decimal", "negative", "degrees", "dimensions"}),
    "percent": ("a percentage", {"percent"}),
    "dates": ("a day of a month (any calendar)", {"day-month", "date", "fraction-or-date"}),
    "years": ("a year (عام، هـ، م, seasons, pairs of calendars)", {"year"}),
    "ordinals": ("an ordinal (الـ N, a section or rank noun before it, an age)", {"ordinal", "age"}),
    "times": ("a clock time, an hour, a race time", {"time", "clock-hour", "duration"}),
    "scores-ranges": ("a score or a range", {"score", "range"}),
    "labels": ("a label, a version, a section number or a phone number",
               {"label", "version", "section", "phone"}),
}
CURRENCIES = {"دولار", "يورو", "ريال", "جنيه", "درهم", "دينار", "قرش", "ليرة", "روبل", "يوان"}
# A known miss (a comment row, not run) goes by what the number is, not by the code's misreading.
OVERRIDES = {"وعمل في بيت الحكمة ببغداد في عهد الخليفة المأمون، الذي حكم بين 813 و833 م.": "years"}
FIRST_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9.,٫٬]*")


def words_after_first_number(text: str) -> list[str]:
    m = FIRST_NUMBER.search(text)
    return re.findall(r"[\u0621-\u064a\u064b-\u0652\u0640]+", text[m.end():])[:2] if m else []


def class_of(text: str, frontend) -> str:
    from narrator.frontend.agreement import counted_noun
    from narrator.frontend.arabic import bare

    gr = frontend.grammar.tables
    readings = frontend.explain(text)
    kind = readings[0].kind if readings else "cardinal"
    if kind != "counted":
        return next(name for name, (_, kinds) in TABLES.items() if kind in kinds)
    heads = [counted_noun(gr, bare(w)) for w in words_after_first_number(text)]
    first = heads[0] if heads else None
    if first is None:  # a unit written as an abbreviation the regex did not see: a measure
        return "measures"
    scale = first.singular in gr.scale
    if first.singular in CURRENCIES or (scale and len(heads) > 1 and heads[1] is not None
                                        and heads[1].singular in CURRENCIES):
        return "money"
    return "scale" if scale else "measures"


def blocks(path: Path) -> list[tuple[list[str], str | None]]:
    """(comment lines attached, row line or None) after the file's header comment block."""
    out, pending, header = [], [], True
    for line in path.read_text(encoding="utf-8").splitlines():
        if header and (line.startswith("#") or not line.strip()):
            continue
        header = False
        if not line.strip():
            continue
        if line.startswith("#") and "\t" not in line:
            pending.append(line)
            continue
        out.append((pending, line))
        pending = []
    if pending:
        out.append((pending, None))
    return out


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from narrator.frontend import make_frontend
    from narrator.voices.espeak import ESPEAK_AR

    frontend = make_frontend(ESPEAK_AR, diacritise=False)
    files = {p.stem.removeprefix("heldout-"): p for p in HELDOUT.glob("heldout-*.tsv")}
    assert set(files) == set(ORDER), f"rounds not in ORDER: {sorted(set(files) ^ set(ORDER))}"
    tables: dict[str, dict[str, list[str]]] = {name: {} for name in TABLES}
    for name in ORDER:
        for comments, line in blocks(files[name]):
            if line is None:
                continue
            text = line.removeprefix("#miss ").lstrip("# ").split("\t")[0]
            section = tables[OVERRIDES.get(text) or class_of(text, frontend)].setdefault(name, [])
            section += comments + [line]
    for name, (what, _) in TABLES.items():
        about = (f"Held-out sentences whose first number is {what}: the rows of the first-sight "
                 "rounds in bench/heldout/ (scores and conventions there), sorted by "
                 "bench/heldout_classes.py, which rewrites this file: correct a row in its round "
                 "file, then sort again.")
        lines = ["# " + line for line in textwrap.wrap(about, 94)] + ["# stage: words"]
        count = 0
        for round_name, rows in tables[name].items():
            lines.append(f"# --- {files[round_name].relative_to(ROOT)}")
            lines += rows
            count += sum(1 for r in rows if not r.startswith("#"))
        (GOLDEN / f"sentences-{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"sentences-{name}.tsv: {count} rows")


if __name__ == "__main__":
    main()
