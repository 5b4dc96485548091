"""The front end's plain word lists, read from src/narrator/data/<stage>/*.tsv.

Files are UTF-8, one row per entry, fields separated by a tab; a line starting with `#` is
a comment. Three shapes:
- `words`: one word a row (a set).
- `mapping`: `key<TAB>value` (a dict, in file order).
- `tagged`: `word<TAB>tags` (space-separated tags from a fixed schema): every list a word
  belongs to is on its one row, so an overlap is visible and a tag set is never retyped.

A malformed row, a key listed twice or an unknown tag is an error naming the file and line.
Each file is read once per process (cached). The number rules' tables (data/grammar/) have
their own loader, grammar.py, which reads rows with `rows` below.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files

from narrator.errors import ConfigError


def rows(text: str, source: str, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each row of `text`; `columns` non-empty fields or an error."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != columns or not all(fields):
            raise ConfigError(f"{source}:{n}: expected {columns} tab-separated fields")
        yield n, fields


Table = tuple[tuple[int, tuple[str, ...]], ...]
"""(line number, fields) of each row."""


def parse(text: str, source: str, columns: int) -> Table:
    """The rows of `text`, its first field unique (a second row for one key is an error)."""
    seen: dict[str, int] = {}
    out = []
    for n, fields in rows(text, source, columns):
        if fields[0] in seen:
            raise ConfigError(f"{source}:{n}: {fields[0]} is already listed at line "
                              f"{seen[fields[0]]}")
        seen[fields[0]] = n
        out.append((n, tuple(fields)))
    return tuple(out)


@lru_cache(maxsize=None)
def _table(name: str, columns: int) -> Table:
    target = files("narrator") / "data" / name
    if not target.is_file():
        raise ConfigError(f"missing package table {name}")
    return parse(target.read_text(encoding="utf-8"), name, columns)


def words(name: str) -> frozenset[str]:
    """A one-column table (data/`name`) as a set."""
    return frozenset(fields[0] for _, fields in _table(name, 1))


def mapping(name: str) -> dict[str, str]:
    """A `key<TAB>value` table (data/`name`) as a dict in file order (a fresh copy)."""
    return {key: value for _, (key, value) in _table(name, 2)}


def tagged(name: str, schema: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """A `word<TAB>tags` table (data/`name`): tag -> its words, for every tag of `schema`."""
    return tag_words(_table(name, 2), name, schema)


def tag_words(table: Table, source: str, schema: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """tag -> its words, from `word<TAB>tags` rows (an unknown or repeated tag is an error)."""
    out: dict[str, set[str]] = {tag: set() for tag in schema}
    for n, (word, field) in table:
        tags = field.split()
        if len(set(tags)) != len(tags):
            raise ConfigError(f"{source}:{n}: a tag repeated for {word}")
        for tag in tags:
            if tag not in out:
                raise ConfigError(f"{source}:{n}: unknown tag {tag!r} for {word} "
                                  f"(known: {', '.join(schema)})")
            out[tag].add(word)
    return {tag: frozenset(ws) for tag, ws in out.items()}


def in_order(name: str, schema: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """The words of a `word<TAB>tags` table that have `tag`, in file order (for a regex
    built from them, so the pattern reads like the table)."""
    tagged(name, schema)  # checks every row
    return tuple(word for _, (word, field) in _table(name, 2) if tag in field.split())
