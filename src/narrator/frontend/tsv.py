"""Reading the front end's TSV tables: rows with a fixed number of fields, a first field
listed once, and the package's own copy of a table (src/narrator/data/<name>).

Files are UTF-8, fields separated by a tab; an empty line or one starting with `#` is
skipped. A malformed row is a ConfigError naming the file and line. (Shared by
wordlists.py, grammar.py and calendars.py: the calendar tables are one of the word lists,
so these cannot live in wordlists.py without an import cycle.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

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


def package_text(name: str) -> str:
    """The text of the package table data/`name` (a missing one is an error)."""
    target = files("narrator") / "data" / name
    if not target.is_file():
        raise ConfigError(f"missing package table {name}")
    return target.read_text(encoding="utf-8")


def user_text(path: Path) -> str:
    """The text of a workspace's table; one that cannot be read as UTF-8 is an error naming it.
    A byte-order mark (Notepad writes one) is dropped, as lexicon.tsv's reader does: it
    would be part of the first row's word, which no text would then match."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read it as UTF-8 text ({e})") from None


def digest(folder: Path, paths: Iterable[Path]) -> str:
    """Digest of a workspace's tables `paths` under `folder` (each one's name there and its
    bytes): part of a build's key. One that cannot be read is an error naming it."""
    out = hashlib.sha256()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ConfigError(f"{path}: cannot read it ({e.strerror})") from None
        out.update(path.relative_to(folder).as_posix().encode() + b"\0" + data + b"\0")
    return out.hexdigest()
