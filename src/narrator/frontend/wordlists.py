"""The front end's plain word lists, read from src/narrator/data/<stage>/*.tsv and extended by
a workspace's `wordlists/` folder.

Files are UTF-8, one row per entry, fields separated by a tab; a line starting with `#` is
a comment. Three shapes:
- `words`: one word a row (a set).
- `mapping`: `key<TAB>value` (a dict, in file order).
- `tagged`: `word<TAB>tags` (space-separated tags from a fixed schema): every list a word
  belongs to is on its one row, so an overlap is visible and a tag set is never retyped.

SPECS says each table's shape, tags, the tags no row may have together and how its keys are
written (a key the stage could never match, such as Microsoft in loanwords.tsv whose keys are
looked up lower case, is refused). A malformed row, a key listed twice in one file, an
unknown tag or a contradiction is an error naming the file and line.

A workspace's `wordlists/<stage>/<name>.tsv` (the package file's own path under data/) adds
rows to that table; a row for a word the package lists replaces the package's row (for a
mapping its value, for a tagged table all its tags). A .tsv there that is no table's name is
an error (a misspelt name would be ignored in silence otherwise). The calendar tables
(`wordlists/calendars/months.tsv`, everyday-words.tsv, day-parts.tsv) are read the same way
and checked by calendars.py: a months row replaces that month's row (its spellings and
spoken form); a month out of range or a spelling given to two months is an error.

The loaded tables are a `WordLists`, one typed part per stage; FrontEnd passes its own to
the stages, whose functions default to the package's (`PACKAGE`). Each folder is read once
per process and again when its bytes change (the fingerprint is the cache key). The number
rules' tables (data/grammar/) have their own loader, grammar.py, which reads rows with `rows`
(tsv.py: the reading shared by the loaders).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from narrator.errors import ConfigError
from narrator.frontend import calendars
from narrator.frontend.arabic import bare
from narrator.frontend.calendars import Calendars
from narrator.frontend.tsv import Table, digest, package_text, parse, user_text

__all__ = ["PACKAGE", "SPECS", "Table", "WordLists", "fingerprint", "load", "load_wordlists",
           "parse"]


def _tags(field: str, where: str, word: str, schema: tuple[str, ...]) -> frozenset[str]:
    tags = field.split()
    if len(set(tags)) != len(tags):
        raise ConfigError(f"{where}: a tag repeated for {word}")
    for tag in tags:
        if tag not in schema:
            raise ConfigError(f"{where}: unknown tag {tag!r} for {word} "
                              f"(known: {', '.join(schema)})")
    return frozenset(tags)


# --- what each table is ------------------------------------------------------------------

KeyCheck = Callable[[str, frozenset[str]], str | None]
"""(key, its tags) -> why the stage could never match it, or None."""


def _lower(key: str, tags: frozenset[str]) -> str | None:
    return None if key == key.lower() else f"{key}: keys are looked up in lower case"


def _tld(key: str, tags: frozenset[str]) -> str | None:
    ok = key.isascii() and key.replace("-", "").isalnum() and key == key.lower()
    return None if ok else f"{key}: an ending is lower-case Latin letters, digits or -"


def _letter(key: str, tags: frozenset[str]) -> str | None:
    return None if len(key) == 1 and "a" <= key <= "z" else f"{key} is not one letter a-z"


def _capitals(key: str, tags: frozenset[str]) -> str | None:
    ok = key.isascii() and key.isalpha() and key.isupper()
    return None if ok else f"{key}: an acronym here is Latin capitals only"


def _symbol(key: str, tags: frozenset[str]) -> str | None:
    ok = not any(c.isalnum() or c.isspace() for c in key)
    return None if ok else f"{key} is not a symbol (it has a letter, digit or space)"


def _bare_word(key: str, tags: frozenset[str]) -> str | None:
    return None if bare(key) == key else f"{key}: write it without harakat (compared bare)"


def _abbreviation(key: str, tags: frozenset[str]) -> str | None:
    if "inside" in tags and key != key.casefold():
        return f"{key}: an inside abbreviation is matched ignoring case; write it in lower case"
    return None


@dataclass(frozen=True)
class Spec:
    columns: int
    """1: a set of words; 2: a mapping, or a tagged table when `tags` is set."""
    tags: tuple[str, ...] = ()
    exclusive: tuple[tuple[str, str], ...] = ()
    """Tags no row may have together (the stage would read only one of them)."""
    key: KeyCheck | None = None


SPECS: dict[str, Spec] = {
    "latin/letter-names.tsv": Spec(2, key=_letter),
    "latin/loanwords.tsv": Spec(2, key=_lower),
    "latin/said-as-words.tsv": Spec(1, key=_capitals),
    "latin/symbols.tsv": Spec(2, key=_symbol),
    "chunk/abbreviations.tsv": Spec(2, ("inside", "ending", "calendar"),
                                    (("inside", "ending"), ("inside", "calendar"),
                                     ("ending", "calendar")), _abbreviation),
    "chunk/words.tsv": Spec(2, ("clause_start", "relative", "binds_next", "number"),
                            (("number", "clause_start"), ("number", "relative")), _bare_word),
    "normalise/tlds.tsv": Spec(2, ("link", "word"), key=_tld),
    "normalise/saying-verbs.tsv": Spec(1, key=_bare_word),
    "foreign/markers.tsv": Spec(2, ("en", "fr", "es", "it", "de"),
                                tuple(("en", x) for x in ("fr", "es", "it", "de")), _lower),
    "foreign/french-words.tsv": Spec(2, key=_lower),
}


# --- the loaded tables, one part per stage -----------------------------------------------

@dataclass(frozen=True, eq=False)
class LatinLists:
    letter_names: dict[str, str]
    """x -> إكس"""
    loanwords: dict[str, str]
    """microsoft -> مايكروسوفت (keys lower case)"""
    said_as_words: frozenset[str]
    """NASA, NATO: all-capitals tokens said as one word"""
    symbols: dict[str, str]
    """% -> بالمئة"""


@dataclass(frozen=True, eq=False)
class ChunkLists:
    inside: frozenset[str]
    """abbreviations whose dot is not a sentence end (lower case)"""
    ending: frozenset[str]
    """abbreviations whose dot often ends the sentence too (ق.م)"""
    calendar: frozenset[str]
    """marks that end a sentence only after a year (2020 م.)"""
    clause_starts: frozenset[str]
    relatives: frozenset[str]
    binds_next: frozenset[str]
    number_words: frozenset[str]


@dataclass(frozen=True, eq=False)
class NormaliseLists:
    link_tlds: tuple[str, ...]
    """endings that make a bare name an address, in file order (a regex is built from them)"""
    word_tlds: frozenset[str]
    """endings said as a word (com), not spelled (UK)"""
    saying_verbs: frozenset[str]


@dataclass(frozen=True, eq=False)
class ForeignLists:
    english: frozenset[str]
    """words that make a run of Latin words English"""
    markers: dict[str, frozenset[str]]
    """fr/es/it/de -> the words that are a sign of it"""
    french: dict[str, str]
    """les -> لي: short French words said whole, not by the spelling rules"""


@dataclass(frozen=True, eq=False)
class WordLists:
    """Every stage's word lists (eq=False: compared and hashed by identity, so a stage can
    cache what it compiles from one)."""

    latin: LatinLists
    chunk: ChunkLists
    normalise: NormaliseLists
    foreign: ForeignLists
    calendars: Calendars = calendars.PACKAGE
    """Month names, everyday words among them, day parts (calendars.py reads them)."""
    source: str = "package"
    """"package", or the workspace folder that extended it."""


Rows = dict[str, tuple[str, tuple[str, ...]]]
"""key -> (file:line, fields), in file order."""


def _check(spec: Spec, table: Table, source: str) -> Rows:
    out: Rows = {}
    for n, fields in table:
        where = f"{source}:{n}"
        key = fields[0]
        tags = _tags(fields[1], where, key, spec.tags) if spec.tags else frozenset()
        for a, b in spec.exclusive:
            if a in tags and b in tags:
                raise ConfigError(f"{where}: {key} cannot be both {a} and {b}")
        problem = spec.key(key, tags) if spec.key else None
        if problem:
            raise ConfigError(f"{where}: {problem}")
        out[key] = (where, fields)
    return out


def _tables(user: Path | None) -> tuple[dict[str, Rows], calendars.UserTables]:
    """The checked rows of every SPECS table, a workspace's replacing the package's, and
    the workspace's calendar tables as read (calendars.build checks and merges them)."""
    tables: dict[str, Rows] = {}
    for name, spec in SPECS.items():
        tables[name] = _check(spec, parse(package_text(name), name, spec.columns), name)
    user_calendars: calendars.UserTables = {}
    if user is None:
        return tables, user_calendars
    for path in sorted(user.rglob("*.tsv")):
        name = path.relative_to(user).as_posix()
        if name not in SPECS and name not in calendars.TABLES:
            raise ConfigError(f"{path}: not a word list narrator reads (known: "
                              f"{', '.join((*SPECS, *calendars.TABLES))})")
        text = user_text(path)
        if name in calendars.TABLES:
            user_calendars[name] = (text, str(path))
            continue
        spec = SPECS[name]
        tables[name].update(_check(spec, parse(text, str(path), spec.columns), str(path)))
    return tables, user_calendars


def _assemble(tables: dict[str, Rows], user_calendars: calendars.UserTables,
              source: str) -> WordLists:
    def words(name: str) -> frozenset[str]:
        return frozenset(tables[name])

    def mapping(name: str) -> dict[str, str]:
        return {key: fields[1] for key, (_, fields) in tables[name].items()}

    def tagged(name: str) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {tag: set() for tag in SPECS[name].tags}
        for key, (_, fields) in tables[name].items():
            for tag in fields[1].split():
                out[tag].add(key)
        return {tag: frozenset(ws) for tag, ws in out.items()}

    abbreviations = tagged("chunk/abbreviations.tsv")
    chunk_words = tagged("chunk/words.tsv")
    markers = tagged("foreign/markers.tsv")
    tlds = tables["normalise/tlds.tsv"]
    return WordLists(
        LatinLists(mapping("latin/letter-names.tsv"), mapping("latin/loanwords.tsv"),
                   words("latin/said-as-words.tsv"), mapping("latin/symbols.tsv")),
        ChunkLists(abbreviations["inside"], abbreviations["ending"], abbreviations["calendar"],
                   chunk_words["clause_start"], chunk_words["relative"],
                   chunk_words["binds_next"], chunk_words["number"]),
        NormaliseLists(tuple(k for k, (_, f) in tlds.items() if "link" in f[1].split()),
                       tagged("normalise/tlds.tsv")["word"],
                       words("normalise/saying-verbs.tsv")),
        ForeignLists(markers["en"], {lang: markers[lang] for lang in ("fr", "es", "it", "de")},
                     mapping("foreign/french-words.tsv")),
        calendars.build(user_calendars, source) if user_calendars else calendars.PACKAGE,
        source,
    )


def load(user_dir: Path | None = None) -> WordLists:
    """The package's word lists, extended by a workspace's wordlists/ folder `user_dir`.
    Cached per folder; a changed workspace file is read again (its bytes are the key)."""
    if user_dir is not None and not Path(user_dir).is_dir():
        user_dir = None
    return _load(str(user_dir) if user_dir else None, fingerprint(user_dir))


load_wordlists = load


def fingerprint(user_dir: Path | None) -> str:
    """Digest of a workspace wordlists/ folder's tables ("" for none, as for no folder: the
    package's tables alone are read): part of a build's key."""
    folder = Path(user_dir) if user_dir is not None else None
    paths = sorted(folder.rglob("*.tsv")) if folder is not None and folder.is_dir() else []
    if folder is None or not paths:
        return ""
    return digest(folder, paths)


@lru_cache(maxsize=8)
def _load(user_dir: str | None, _digest: str) -> WordLists:
    user = Path(user_dir) if user_dir else None
    return _assemble(*_tables(user), user_dir or "package")


PACKAGE = load()
"""The package's own word lists: what a stage reads when no front end passes its own."""
