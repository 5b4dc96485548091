"""Phoneme error of narrator's espeak text vs hand-vowelled references (issue 10).

    PYTHONPATH=src python bench/phonemes.py [--label after] [--out bench/READING.md]

Reads bench/diacritised/sentences.tsv (and heldout.tsv, written later to check choices made
on the first), prints one row per sentence (error rate, and both phoneme strings where they
differ) and the overall rates, and writes them under "## Phoneme error" in bench/READING.md
as the row `--label` (other rows are kept).
See tests/support/phoneme_error.py for how the rate is computed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

HEADING = "## Phoneme error"
SPELLINGS = "### Reference spelled for espeak in steps"
INTRO = [
    HEADING,
    "",
    "bench/phonemes.py: Levenshtein distance over espeak-ng phoneme symbols between narrator's",
    "espeak text for the bare sentence and the hand-vowelled reference (bench/diacritised/), over the",
    "reference's symbols; both go through the same final espeak spelling (render.py). Target on the",
    "hidden set: <= 2 %. heldout.tsv was written before it was measured, to check choices made on",
    "sentences.tsv (the diacritiser model). Since the reference goes through render.py too, a fix to",
    "how espeak reads correct text (the article after a clitic, a silent wasl alif) shows in",
    "tests/frontend/test_render.py, which asserts espeak's own phonemes, not in this figure.",
    "",
    "| run | sentences.tsv: sentences, symbols, errors | phoneme error | exact | heldout.tsv: sentences, symbols, errors | phoneme error | exact |",
    "|---|---:|---:|---:|---:|---:|---:|",
]


def update_reading(path: Path, label: str, row: str) -> None:
    """Put `row` (labelled `label`) into the phoneme-error section, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head, _, section = text.partition(HEADING)
    more = re.search(r"^## ", section, re.M)
    rest = section[more.start():] if more else ""
    section = section[: more.start()] if more else section
    table, _, spelled = section.partition(SPELLINGS)
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith(("| run", f"| {label} |"))]
    lines = INTRO + rows + [row] + (["", SPELLINGS + spelled.rstrip("\n")] if spelled else [])
    path.write_text(head.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n" + ("\n" + rest if rest else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="current")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "READING.md")
    parser.add_argument("--quiet", action="store_true", help="only the overall figure")
    parser.add_argument("--spellings", action="store_true", help="also the reference spelled in fewer steps")
    args = parser.parse_args(argv)

    from phoneme_error import SENTENCES, load_references, overall, score

    cells = []
    for path in (SENTENCES, SENTENCES.with_name("heldout.tsv")):
        scored = score(load_references(path))
        if not args.quiet:
            print(f"== {path.name}")
            for i, s in enumerate(scored, 1):
                print(f"{i:3} {s.reference.domain:9} {100 * s.rate:5.1f} %  {s.reference.bare}")
                if s.errors:
                    print(f"      ref {s.ref_ipa}\n      got {s.hyp_ipa}\n      txt {s.spoken}")
        rate = overall(scored)
        errors, length = sum(s.errors for s in scored), sum(s.length for s in scored)
        clean = sum(not s.errors for s in scored)
        print(f"{path.name}: phoneme error {100 * rate:.2f} % ({errors} / {length} symbols, {clean}/{len(scored)} sentences exact)")
        cells.append(f"{len(scored)}, {length:,}, {errors} | **{100 * rate:.2f} %** | {clean}")
    row = f"| {args.label} | " + " | ".join(cells) + " |"
    update_reading(args.out, args.label, row)
    if args.spellings:
        write_spellings(args.out, spellings())


def spellings() -> list[str]:
    """The same measure with the reference spelled for espeak in fewer steps: how much of
    espeak's reading of correct text depends on narrator's espeak spelling."""
    from phoneme_error import SENTENCES, load_references, overall, score

    from narrator.frontend.render import render
    from narrator.voices.espeak import ESPEAK_AR
    from narrator.voices.espeak.spelling import article_without_shadda, shadda_first, split_nisba

    steps = [
        ("as written (NFC)", lambda t: t),
        ("shadda before the vowel", shadda_first),
        ("+ no shadda after a bare ال", lambda t: article_without_shadda(shadda_first(t))),
        ("+ nisba spelling", lambda t: split_nisba(article_without_shadda(shadda_first(t)))),
        ("all of render.py (the measure above)", lambda t: render(t, ESPEAK_AR)),
    ]
    sets = [load_references(SENTENCES), load_references(SENTENCES.with_name("heldout.tsv"))]
    rows = []
    for name, spell in steps:
        rates = [overall(score(refs, spell=spell)) for refs in sets]
        rows.append(f"| {name} | {100 * rates[0]:.2f} % | {100 * rates[1]:.2f} % |")
    return rows


def write_spellings(path: Path, rows: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.split("\n" + SPELLINGS)[0].rstrip("\n")
    lines = [
        "", SPELLINGS, "",
        "The current front end against the reference read by espeak after fewer of narrator's espeak",
        "spellings. Read as written, espeak misreads correct text (a vowel before a shadda is dropped,",
        "-iyya loses its y, a wasl alif is voiced), so that column measures espeak as much as narrator.",
        "",
        "| reference spelled | sentences.tsv | heldout.tsv |", "|---|---:|---:|", *rows,
    ]
    path.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
