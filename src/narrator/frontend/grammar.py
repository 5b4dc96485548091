"""The word tables of the Arabic number rules, read from src/narrator/data/grammar/*.tsv.

Files (UTF-8, `#` starts a comment line):
- nouns.tsv, particles.tsv, verb-forms.tsv: `word<TAB>tags`, one row per bare word across
  the three files: every class a word belongs to is on its row (عام: m, gen_governor,
  year_noun, duration_noun …). The file is the word's main part of speech, for the reader.
- counted.tsv: the nouns a number re-shapes (دولار -> دولاران، دولارات، دولارا), with their
  gender and vowelled stems.
- units.tsv: abbreviations that stand for a counted noun after a number (كم -> كيلومتر).

`TAGS` below is the schema: a tag not in it is an error. Some tags imply others
(`IMPLIES`: a noun_preposition is a preposition, a preposition governs the genitive), so
a derived class is computed, never retyped: a row that lists a tag its other tags imply is
refused, as are a word on two rows (in one file or across files), two genders on one word,
and a noun whose gender contradicts its counted.tsv entry. Errors name the file and line.

A workspace extends the tables with its own `grammar/*.tsv` (same names, same format): a
workspace row replaces the package's row for that word (its tags are the word's tags), and
new words are added. The loaded tables are a `Grammar`; the rules take its `tables` (a
`Tables`: the classes as attributes) as an argument, passed forward from the front end that
loaded them (`default_tables()`: the package's, for a caller without a front end).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import ConfigError
from narrator.frontend.arabic import Gender
from narrator.frontend.tsv import digest, package_text, user_text
from narrator.frontend.tsv import rows as _rows

# tag -> what a word with it is (the rules that read it say why it matters)
TAGS = {
    # nouns
    "m": "masculine noun or plural of a masculine singular",
    "f": "feminine without ة/ات, or a broken plural of a feminine singular",
    "at_plural": "ات plural of a masculine singular (اجتماعات): masculine",
    "ta_plural_f": "feminine ات plural shaped like a تفاعل/تفعّل verbal noun (تظاهرات)",
    "pl": "plural the rules know by name (its shape does not tell)",
    "construct_noun": "verbal noun that governs a number after it in construct (مقتل 15)",
    "year_noun": "noun of a year (عام، سنة) that governs a year after it",
    "ordinal_noun": "noun of sequence: a number after it is an ordinal (الدورة 33)",
    "section_noun": "noun of a section of a text (المادة 12): never counts the next noun",
    "hour_noun": "الساعة: a number after it is a clock hour",
    "measure_noun": "noun of measure that opens a nominal clause with a pronoun (نسبته)",
    "duration_noun": "noun of duration: a number counting it may be an adverb of time",
    "people_noun": "noun of people: the subject after a verb of attending (VOS)",
    "tamyiz_alif": "masculine singular that takes the tamyiz alif after 11..99 (عاما)",
    "y_noun": "noun that begins with ي like an imperfect (يمني)",
    "data_unit": "unit of data borrowed from English (ميغابايت)",
    "label_noun": "noun after which a number is a label (رقم 18)",
    "number_noun": "noun of a number before a/b (رقم 13/2020: a law's number and year)",
    "b_noun": "counted noun that begins with ب (not a glued preposition)",
    "compound_second": "second noun of a fixed compound whose first is counted (مشروع قانون)",
    "apposition_plural": "plural in apposition to a plural before it (الدول الأعضاء)",
    "version_noun": "noun of a release: its dotted number is a label (الإصدار 2.0)",
    "date_noun": "noun of a day (يوم، تاريخ): a/b after it is a day and month",
    "verb_shaped_noun": "noun whose shape is a verb's (يوم، وقت)",
    "afal_noun": "أفعل word that is a comparative or a noun, not a verb (أكثر)",
    "extent_point_noun": "noun of extent or of a point in time in construct (طول، منتصف)",
    "result_noun": "noun of a match result (نتيجة): a/b after it is a score",
    "score_word": "word before a-b that makes it a score (تعادل)",
    "time_word": "definite word of time: an adverb, never an object (الموسم الماضي)",
    # particles and function words
    "particle": "function word: never a noun, verb or counted noun",
    "gen_governor": "preposition or noun after which a number is genitive",
    "preposition": "preposition or adverb of place/time: never a verb's subject",
    "noun_preposition": "preposition never followed by a verb (في، على)",
    "time_preposition": "preposition of a time phrase (خلال السنة)",
    "elliptic_preposition": "preposition that opens a place instead of a second subject",
    "stay_preposition": "preposition of place or state (عاش في المنفى)",
    "inna": "إنّ or a sister: the number right after it is its noun (accusative)",
    "demonstrative": "singular demonstrative (هذا، ذلك)",
    "plural_demonstrative": "plural demonstrative (هؤلاء)",
    "clause_noun": "noun that opens a clause after في (في حين، في حال)",
    "nominal_pronoun": "pronoun or demonstrative before a nominal sentence's noun",
    "relative": "relative pronoun (التي، الذي)",
    "clause_opener": "particle after which a clause opens (قد، ثم، حيث)",
    "have_adverb": "لدى/عند/بين with a pronoun: the number after it is a delayed subject",
    "time_adverb": "adverb of time between a verb and its subject (أمس)",
    "pronoun_host": "preposition or adverb that takes a pronoun (منهم، لديهم)",
    "na_not_verb": "word in نا that is not a verb (لدينا، إننا)",
    "ellipsis_word": "word after which a number leaves out its noun (سوى 2)",
    "date_context": "word before a number that makes a month name after it a date",
    "agreeing": "الموافق: the date after it restates another",
    # verb forms (as written in text; data/verbs.tsv holds lemmas and transitivity)
    "transitive": "transitive verb form of news prose: a number after it is its object",
    "homograph": "form that is also another verb of verbs.tsv (see verb-forms.tsv)",
    "extent": "verb of extent: a number after it is an adverb of time or distance",
    "passive_lookalike": "verb spelt like its passive (قتل): an object only after a subject",
    "kana": "كان or a sister: a number after its subject is its predicate (accusative)",
    "vos_verb": "verb of attending or inhabiting: a number of people after it is its subject",
    "time_passing": "verb whose subject is the time that passes (مر، بقي)",
    "score_verb": "verb of a match (فاز، تعادل): a small a-b after it is a score",
    "change_participle": "participle of change in the accusative (مرتفعا) before an amount",
}
# A tag implies these (transitively); the derived classes are never written in the tables.
IMPLIES = {
    "at_plural": ("m",),
    "noun_preposition": ("preposition",),
    "time_preposition": ("preposition",),
    "elliptic_preposition": ("preposition",),
    "preposition": ("gen_governor",),
    "section_noun": ("ordinal_noun",),
    "label_noun": ("number_noun",),
    "result_noun": ("score_word",),
    "date_noun": ("date_context",),
    "demonstrative": ("pointer",),
    "plural_demonstrative": ("pointer",),
    "pointer": ("clause_demonstrative",),
    "clause_noun": ("clause_demonstrative",),
}
DERIVED = {
    "pointer": "demonstrative, singular or plural: never a counted noun",
    "clause_demonstrative": "demonstrative or clause noun (في حين): a place name after في is not",
}
# Tags no word may have together.
EXCLUSIVE = (("m", "f"), ("m", "ta_plural_f"))
WORD_FILES = ("nouns", "particles", "verb-forms")


@dataclass(frozen=True, slots=True)
class Counted:
    """Forms of a noun that numbers re-shape: 1 دولار واحد, 2 دولاران, 3 دولارات, 11 دولارا."""

    singular: str
    dual_nom: str
    dual_obl: str
    plural: str
    tamyiz: str
    """The accusative singular after 11..99 (دولارا); feminine nouns in ة keep ة."""
    gender: Gender

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.singular, self.dual_nom, self.dual_obl, self.plural, self.tamyiz)


@dataclass(frozen=True)
class Grammar:
    """The loaded tables: every word's tags, the classes they make, the counted nouns."""

    tags: dict[str, frozenset[str]]
    """bare word -> its tags, implied ones included."""
    classes: dict[str, frozenset[str]]
    """tag -> the words that have it (every tag of TAGS and DERIVED, maybe empty)."""
    counted: dict[str, Counted]
    """singular -> the counted noun."""
    vowelled: dict[str, tuple[str, str, bool | None]]
    """singular -> (vowelled singular, vowelled plural, plural is a diptote; None: indeclinable)."""
    scale: frozenset[str]
    """ألف، مليون …: counted nouns that a noun after them may be counted by."""
    units: dict[str, str]
    """abbreviation -> singular of a counted noun."""
    counted_forms: dict[str, Counted]
    """every written form of a counted noun -> the noun."""
    source: str = "package"

    @cached_property
    def tables(self) -> Tables:
        """These tables as attributes, for the rules (made once per grammar)."""
        return Tables(self)


class Tables:
    """A grammar as attributes (gr.gen_governor, gr.counted …) for the rules: one attribute
    lookup per table."""

    counted: dict[str, Counted]
    vowelled: dict[str, tuple[str, str, bool | None]]
    scale: frozenset[str]
    units: dict[str, str]
    counted_forms: dict[str, Counted]

    if TYPE_CHECKING:  # every tag of TAGS and DERIVED is an attribute (set in __init__)
        def __getattr__(self, tag: str) -> frozenset[str]: ...

    def __init__(self, grammar: Grammar) -> None:
        for tag, words in grammar.classes.items():
            setattr(self, tag, words)
        self.counted = grammar.counted
        self.vowelled = grammar.vowelled
        self.scale = grammar.scale
        self.units = grammar.units
        self.counted_forms = grammar.counted_forms


def _closure(tags: set[str]) -> set[str]:
    out = set(tags)
    todo = list(tags)
    while todo:
        for implied in IMPLIES.get(todo.pop(), ()):
            if implied not in out:
                out.add(implied)
                todo.append(implied)
    return out


def _word_rows(text: str, source: str) -> dict[str, tuple[str, frozenset[str]]]:
    """word -> (where, tags as written), checked row by row."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for n, (word, tag_field) in _rows(text, source, 2):
        where = f"{source}:{n}"
        tags = tag_field.split()
        unknown = [t for t in tags if t not in TAGS]
        if unknown:
            raise ConfigError(f"{where}: unknown tag {unknown[0]!r} for {word}")
        if len(set(tags)) != len(tags):
            raise ConfigError(f"{where}: a tag repeated for {word}")
        for t in tags:
            implied = _closure({t}) - {t}
            retyped = implied & set(tags)
            if retyped:
                raise ConfigError(f"{where}: {word}: {sorted(retyped)[0]} is implied by {t}; "
                                  "leave it out")
        for a, b in EXCLUSIVE:
            if a in _closure(set(tags)) and b in _closure(set(tags)):
                raise ConfigError(f"{where}: {word} cannot be both {a} and {b}")
        if word in out:
            raise ConfigError(f"{where}: {word} is already listed at {out[word][0]}")
        out[word] = (where, frozenset(tags))
    return out


def _words(tables: list[tuple[str, str]]) -> dict[str, tuple[str, frozenset[str]]]:
    """word -> (where, tags as written) across the word files (text, source) of one
    folder: a word on two rows, in one file or in two, is an error."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for text, source in tables:
        for word, row in _word_rows(text, source).items():
            if word in out:
                raise ConfigError(f"{row[0]}: {word} is already listed at {out[word][0]}")
            out[word] = row
    return out


def _read(user: Path, name: str) -> str | None:
    """A workspace's table, or None where the workspace has none."""
    target = user / name
    return user_text(target) if target.is_file() else None


def load(user_dir: Path | None = None) -> Grammar:
    """The package tables, extended by `user_dir/*.tsv` (a workspace's grammar folder).
    Cached per folder; a changed workspace file is read again (its bytes are the key). A
    folder that is not there is none: the package's tables (as wordlists.load does)."""
    if user_dir is not None and not Path(user_dir).is_dir():
        user_dir = None
    return _load(str(user_dir) if user_dir else None, fingerprint(user_dir))


load_grammar = load


def fingerprint(user_dir: Path | None) -> str:
    """Digest of a workspace grammar folder's tables ("" for none): part of a build's key."""
    if user_dir is None or not Path(user_dir).is_dir():
        return ""
    return digest(Path(user_dir), sorted(Path(user_dir).glob("*.tsv")))


@lru_cache(maxsize=8)
def _load(user_dir: str | None, _digest: str) -> Grammar:
    user = Path(user_dir) if user_dir else None
    words = _words([(package_text(f"grammar/{name}.tsv"), f"grammar/{name}.tsv")
                    for name in WORD_FILES])
    if user is not None:  # a workspace row is the word's whole row
        words.update(_words([(text, str(user / f"{name}.tsv")) for name in WORD_FILES
                             if (text := _read(user, f"{name}.tsv")) is not None]))
    counted, vowelled, scale, extra = _counted(user)
    units = _units(user, counted)
    tags = {w: frozenset(_closure(set(t))) for w, (_, t) in words.items()}
    classes: dict[str, set[str]] = {t: set() for t in (*TAGS, *DERIVED)}
    for w, ts in tags.items():
        for t in ts:
            classes[t].add(w)
    forms = {form: c for c in counted.values() for form in c.forms}
    for form, singular in extra.items():
        forms[form] = counted[singular]
    for w, ts in tags.items():
        noun = forms.get(w)
        gender = "m" if "m" in ts else "f" if "f" in ts else None
        if noun and gender and gender != noun.gender:
            raise ConfigError(f"{words[w][0]}: {w} is {gender} here but {noun.gender} in "
                              f"counted.tsv ({noun.singular})")
    _check_verbs(words, tags)
    return Grammar(tags, {t: frozenset(ws) for t, ws in classes.items()}, counted, vowelled,
                   frozenset(scale), units, forms, "workspace" if user else "package")


def _check_verbs(words: dict[str, tuple[str, frozenset[str]]],
                 tags: dict[str, frozenset[str]]) -> None:
    """A form transitive here and only intransitive in data/verbs.tsv is a contradiction,
    unless it is marked a homograph (two verbs spelt alike); a homograph must be one."""
    from narrator.frontend.verbs import transitivity

    for w, ts in tags.items():
        conflict = "transitive" in ts and transitivity(w) == frozenset("i")
        if conflict and "homograph" not in ts:
            raise ConfigError(f"{words[w][0]}: {w} is transitive here but intransitive in "
                              "verbs.tsv; mark it homograph if both verbs are meant")
        if "homograph" in ts and not conflict:
            raise ConfigError(f"{words[w][0]}: {w} is marked homograph but verbs.tsv has "
                              "no intransitive verb spelt alike")


def _sources(name: str, user: Path | None) -> list[tuple[str, str]]:
    """(text, source) of the package's grammar/`name` and, if it has one, the workspace's."""
    sources = [(package_text(f"grammar/{name}"), f"grammar/{name}")]
    if user is not None and (text := _read(user, name)) is not None:
        sources.append((text, str(user / name)))
    return sources


def _counted(user: Path | None):
    counted: dict[str, Counted] = {}
    vowelled: dict[str, tuple[str, str, bool | None]] = {}
    scale: set[str] = set()
    extra: dict[str, str] = {}
    seen: dict[str, str] = {}
    for text, source in _sources("counted.tsv", user):
        local: set[str] = set()
        for n, f in _rows(text, source, 11):
            where = f"{source}:{n}"
            singular, dual_nom, dual_obl, plural, tamyiz, gender, v_sing, v_plural, kind, \
                is_scale, spellings = f
            if gender not in ("m", "f") or kind not in ("-", "diptote", "indeclinable") or (
                    is_scale not in ("-", "scale")):
                raise ConfigError(f"{where}: gender m|f, declension -|diptote|indeclinable, "
                                  "scale -|scale")
            if singular in local:
                raise ConfigError(f"{where}: {singular} is already listed at {seen[singular]}")
            local.add(singular)
            seen[singular] = where
            counted[singular] = Counted(singular, dual_nom, dual_obl, plural, tamyiz,
                                        Gender(gender))
            vowelled[singular] = (v_sing, v_plural,
                                  {"-": False, "diptote": True, "indeclinable": None}[kind])
            (scale.add if is_scale == "scale" else scale.discard)(singular)
            for s in spellings.split() if spellings != "-" else ():
                extra[s] = singular
    return counted, vowelled, scale, extra


def _units(user: Path | None, counted: dict[str, Counted]) -> dict[str, str]:
    units: dict[str, str] = {}
    for text, source in _sources("units.tsv", user):
        local: dict[str, str] = {}
        for n, (abbreviation, singular) in _rows(text, source, 2):
            where = f"{source}:{n}"
            if singular not in counted:
                raise ConfigError(f"{where}: {singular} is not a noun of counted.tsv")
            if abbreviation in local:
                raise ConfigError(f"{where}: {abbreviation} is already listed at "
                                  f"{local[abbreviation]}")
            local[abbreviation] = where
            units[abbreviation] = singular
    return units


def default_tables() -> Tables:
    """The package's own tables (no workspace): what a caller without a front end reads."""
    return load().tables
