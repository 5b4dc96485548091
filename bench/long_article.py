"""A long Arabic article for the benchmark: the sample's sections repeated under new headings.

    PYTHONPATH=src python bench/long_article.py OUT.md [--chars 100000] [--source ARTICLE] [--verbatim]

Each repeat of a section gets a new heading ("الجزء 3: <heading>"), and, unless --verbatim,
every sentence of a repeat opens with a different connective phrase. Without that the
synthesis cache (keyed by exact chunk text) would speak each repeated sentence once,
and the long-article figures would measure cache hits instead of speech.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"

# Two short lists whose pairings give every repeat (up to 8 x 6 = 48) its own opener.
_OPENERS = ("وفي هذا السياق", "ومن جهة أخرى", "وفي المقابل", "وبحسب المراقبين",
            "وكما أشرنا", "وفي الوقت نفسه", "ومن ناحية ثانية", "وعلى صعيد آخر")
_SOURCES = ("", "بحسب التقرير", "كما يقول المحللون", "وفق الصحيفة", "في رأي الخبراء", "بحسب الدبلوماسيين")
_PREFIXES = tuple(f"{a} {b}".strip() + "، " for b, a in itertools.product(_SOURCES, _OPENERS))


def make_long_article(min_chars: int = 100_000, source: Path = SAMPLE, verbatim: bool = False) -> str:
    """Markdown of at least `min_chars` characters built from `source`'s sections."""
    from narrator.article import read_article
    from narrator.frontend import split_sentences

    article = read_article(str(source))
    lines = ["---", f"title: {_yaml(article.title + ' (نسخة مطولة)')}"]
    if article.subtitle:
        lines.append(f"subtitle: {_yaml(article.subtitle)}")
    lines += ["---", ""]
    text = "\n".join(lines)
    for repeat in itertools.count(1):
        parts = []
        for chapter in article.chapters:
            heading = "مقدمة" if chapter.title == article.title else chapter.title
            parts.append(f"## الجزء {repeat}: {heading}\n")
            for paragraph in chapter.paragraphs:
                if repeat > 1 and not verbatim:
                    prefix = _PREFIXES[(repeat - 2) % len(_PREFIXES)]
                    paragraph = " ".join(prefix + s for s in split_sentences(paragraph))
                parts.append(paragraph + "\n")
        text += "\n".join(parts) + "\n"
        if len(text) >= min_chars:
            return text
    raise AssertionError("unreachable")


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chars", type=int, default=100_000, help="at least this many characters")
    parser.add_argument("--source", type=Path, default=SAMPLE)
    parser.add_argument("--verbatim", action="store_true", help="repeat sentences unchanged")
    args = parser.parse_args(argv)
    text = make_long_article(args.chars, args.source, args.verbatim)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text):,} characters", file=sys.stderr)


if __name__ == "__main__":
    main()
