"""Free-standing abbreviations spoken in full: أ.د. محمد -> الأستاذ الدكتور محمد, ق.م -> قبل الميلاد.

Table: the built-in src/narrator/data/abbreviations.tsv, then the workspace's
``abbreviations.tsv`` beside its ``lexicon.tsv`` (same folder), which adds rows or overrides
built-in ones; a spoken form "-" switches a built-in row off. Format, one row a line:
``written<TAB>spoken[<TAB>before-name]``; ``#`` starts a comment line.

Rules (documented for the lead and the tests):
* A row matches as a whole token: no letter, digit or mark may touch it on either side.
  A dot may be followed by one space (ق. م reads as ق.م); tatweel is ignored (هـ = ه).
* "before-name" rows (د. م. أ.) are titles: expanded only when an Arabic word follows
  and the token before is not a number (م. محمد -> المهندس محمد; never 5 م.).
* Any row right after a number is left to the numbers stage when it is one of its units
  or calendar marks (5 كم، 1445 هـ، 30 كلغ); other rows (50 ر.س) are expanded.
* A dot that closes the abbreviation at the very end of the sentence stays as its full stop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path

from narrator.errors import ConfigError
from narrator.frontend.arabic import MARKS as _MARKS
from narrator.frontend.arabic import TATWEEL as _TATWEEL
from narrator.frontend.grammar import load as load_grammar

# Left to the numbers stage when a number stands right before them: its unit abbreviations
# (data/grammar/units.tsv: كم، م …) and the calendar marks ه and م (م is also metres).
NUMBER_OWNED = frozenset(load_grammar().units) | {"ه", "م"}
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*$")
_ARABIC_WORD_AFTER = re.compile(r"\s*[\u0621-\u064a]")


@dataclass(frozen=True)
class Abbreviation:
    written: str
    """As written, tatweel removed (ق.م، أ.د.، (ص))."""
    spoken: str
    before_name: bool = False


def _key(written: str) -> str:
    return written.replace(_TATWEEL, "").replace(" ", "")


def _pattern_for(written: str) -> str:
    parts = []
    for c in written:
        if c == ".":
            parts.append(r"\.[ ]?")
        else:
            parts.append(re.escape(c))
    body = "".join(parts)
    if body.endswith(r"\.[ ]?"):
        # A closing dot is required after one letter (د. is not the letter د) and optional
        # after a dotted group (أ.د محمد = أ.د. محمد).
        body = body[: -len(r"\.[ ]?")] + (r"\.?" if written.count(".") > 1 else r"\.")
    # Edges: only a letter or digit on the outside of a letter-ended row breaks the match.
    left = r"(?<![\w" + _MARKS + r"])" if written[0].isalnum() else ""
    right = r"(?![\w" + _MARKS + r"])" if written[-1].isalnum() else ""
    return left + body + right


@dataclass(frozen=True)
class Abbreviations:
    rows: tuple[Abbreviation, ...]

    @cached_property
    def _table(self) -> dict[str, Abbreviation]:
        return {_key(r.written): r for r in self.rows}

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.rows:
            return None
        keys = sorted(self._table, key=len, reverse=True)
        return re.compile("|".join(f"(?:{_pattern_for(k)})" for k in keys))

    def _replace(self, m: re.Match[str], text_end: int) -> str:
        text, found = m.string, m.group()
        row = self._table.get(_key(found)) or self._table.get(_key(found) + ".")
        if row is None:
            return found
        # Short windows around the match, never the whole text: linear on dense input.
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 40]
        number_before = _NUMBER_BEFORE.search(before) is not None
        if number_before and _key(found).rstrip(".") in NUMBER_OWNED:
            return found
        if row.before_name and (number_before or not _ARABIC_WORD_AFTER.match(after)):
            return found
        spoken = row.spoken
        if found.endswith(".") and m.end() >= text_end:
            spoken += "."  # the abbreviation's dot was also the sentence's full stop
        # أ.د.محمد, ت:0123: the expansion must not glue onto the next word.
        return spoken + (" " if after[:1].isalnum() else "")

    def expand(self, text: str) -> str:
        """Every free-standing abbreviation in `text` spoken in full."""
        if self._pattern is None:
            return text
        text_end = len(text.rstrip())
        return self._pattern.sub(lambda m: self._replace(m, text_end), text)


def _parse(text: str, source: str) -> dict[str, Abbreviation | None]:
    rows: dict[str, Abbreviation | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in unicodedata.normalize("NFC", line).split("\t")]
        flag = fields[2] if len(fields) == 3 else ""
        if len(fields) not in (2, 3) or not fields[0] or not fields[1] or flag not in ("", "before-name"):
            raise ConfigError(
                f"{source}, line {number}: expected 'written<TAB>spoken[<TAB>before-name]',"
                f" got {line.strip()[:40]!r}"
            )
        written = _key(fields[0])
        if not any(c.isalpha() for c in written):
            raise ConfigError(f"{source}, line {number}: {fields[0]!r} has no letter")
        rows[written] = None if fields[1] == "-" else Abbreviation(
            written, " ".join(fields[1].split()), flag == "before-name"
        )
    return rows


def load_abbreviations(user_path: Path | None = None) -> Abbreviations:
    """Built-in rows, then the workspace file's (if it exists) on top."""
    builtin = files("narrator") / "data" / "abbreviations.tsv"
    rows = _parse(builtin.read_text(encoding="utf-8"), "built-in abbreviations.tsv")
    if user_path is not None and Path(user_path).is_file():
        try:
            text = Path(user_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{user_path}: cannot read abbreviations ({exc.__class__.__name__})"
            ) from None
        rows |= _parse(text, str(user_path))
    return Abbreviations(tuple(r for r in rows.values() if r is not None))
