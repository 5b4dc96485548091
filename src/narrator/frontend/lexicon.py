"""Pronunciation lexicon: names and loan words the diacritiser would get wrong.

File format (built-in src/narrator/data/lexicon.tsv and the workspace's lexicon.tsv):
one entry a line, ``written<TAB>spoken``; blank lines and lines starting with ``#`` are
ignored. The spoken form may carry diacritics. Workspace entries override built-in ones.
A bare last letter of a spoken word gets a sukun (final_sukun): names take no case vowel.

Entries match whole words, also behind the clitics و ف ب ك ل and the article ال
(وموسكو -> وَمُوسْكُو). The lexicon runs before diacritisation; the diacritiser keeps
any word that already carries diacritics, so it never undoes an entry.
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
from narrator.frontend.arabic import SUN_LETTERS as _SUN_LETTERS
from narrator.frontend.arabic import strip_marks, vowel_clitics

# Optional و/ف, then optional ب/ك/ل, then optional ال (ل + ال is written لل).
_PREFIX = "(?:[وف]?(?:لل|[بك]?ال|[بكل])?)"


def _speak_prefix(prefix: str, spoken: str) -> tuple[str, str]:
    """Vowelled prefix, and the spoken word with a sun letter doubled after ال."""
    out, rest = "", prefix
    if rest[:1] in ("و", "ف"):
        out, rest = vowel_clitics(rest[0]), rest[1:]
    article = rest.endswith("ال") or rest == "لل"
    if rest == "لل":
        out += "لِل"
    elif article:
        out += vowel_clitics(rest[:-2]) + "ال"
    elif rest:
        out += vowel_clitics(rest)
    if article:
        if spoken[:1] in _SUN_LETTERS:
            spoken = spoken[0] + "\u0651" + spoken[1:].lstrip("\u0651")
        else:
            out += "\u0652"
    return out, spoken


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[tuple[str, str], ...]
    """(written form without diacritics, spoken form) pairs."""

    @cached_property
    def _table(self) -> dict[str, str]:
        return {written.casefold(): spoken for written, spoken in self.entries}

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        keys = sorted(self._table, key=len, reverse=True)
        alternatives = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
        return re.compile(
            rf"(?<![\w{_MARKS}])(?P<pre>{_PREFIX})(?P<word>{alternatives})(?![\w{_MARKS}])",
            re.IGNORECASE,
        )

    @cached_property
    def _spoken_words(self) -> frozenset[str]:
        return frozenset(w for _, spoken in self.entries for w in spoken.split())

    def produced(self, word: str) -> bool:
        """True if `word` (punctuation aside) is exactly what the lexicon writes for its
        letters: the diacritiser must leave such a word alone."""
        core = word.strip("،؛؟.,:;!?()\"'…")
        if core in self._spoken_words:
            return True
        return bool(core) and core != strip_marks(core) and self.apply(strip_marks(core)) == core

    def spoken(self, written: str) -> str | None:
        """The spoken form of one entry, or None."""
        return self._table.get(" ".join(written.split()).casefold())

    def _replace(self, m: re.Match[str]) -> str:
        spoken = self._table[" ".join(m.group("word").split()).casefold()]
        prefix = m.group("pre")
        if not prefix:
            return spoken
        vowelled, spoken = _speak_prefix(prefix, spoken)
        # NFC: a doubled sun letter gets its marks in canonical order, like every other word.
        return unicodedata.normalize("NFC", vowelled + spoken)

    def apply(self, text: str) -> str:
        """Replace every lexicon word (also behind clitics) by its spoken form."""
        return self._pattern.sub(self._replace, text) if self._pattern else text


_LETTER = re.compile("[\u0621-\u064a]")
_LONG_VOWEL_AFTER = {"و": "\u064f", "ي": "\u0650"}  # بُوتُو, شِي: a long vowel, no sukun


def final_sukun(spoken: str) -> str:
    """Each word of a spoken form with a sukun on its last letter where the entry left it
    bare (بُوك -> بُوكْ): a foreign name takes no case vowel, and a voice reading a bare
    final consonant adds one (espeak-ng says fiːs buːka for فِيسْ بُوك). A final alif, alif
    maqsura, ta marbuta, long و/ي, or a letter that already has a mark is left as written,
    and so is an entry written without any mark (سابك: the diacritiser vowels it)."""
    if strip_marks(spoken) == spoken:
        return spoken
    words = []
    for word in spoken.split(" "):
        last = word[-1:]
        before = word[-2:-1]
        if (_LETTER.fullmatch(last) and last not in "اىة"
                and _LONG_VOWEL_AFTER.get(last) != before):
            word += "\u0652"
        words.append(word)
    return " ".join(words)


def _parse(text: str, source: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = unicodedata.normalize("NFC", line).split("\t")
        written = " ".join(strip_marks(fields[0]).split())
        spoken = " ".join(fields[1].split()) if len(fields) == 2 else ""
        if len(fields) != 2 or not written or not spoken or not any(c.isalpha() for c in written):
            raise ConfigError(
                f"{source}, line {number}: expected 'written<TAB>spoken', got {line.strip()[:40]!r}"
            )
        entries[written.casefold()] = final_sukun(spoken)
    return entries


def load_lexicon(user_path: Path | None = None) -> Lexicon:
    """Built-in entries, overridden by the workspace file if it exists."""
    builtin = files("narrator") / "data" / "lexicon.tsv"
    entries = _parse(builtin.read_text(encoding="utf-8"), "built-in lexicon.tsv")
    if user_path is not None and Path(user_path).is_file():
        try:
            text = Path(user_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{user_path}: cannot read lexicon ({exc.__class__.__name__})") from None
        entries |= _parse(text, str(user_path))
    return Lexicon(tuple(entries.items()))
