"""Arabic speech front end: a source sentence -> the exact text a voice receives.

    clean (normalise) -> words -> diacritised -> voice

The words stage, in order: free-standing abbreviations (أ.د. -> الأستاذ الدكتور), Latin
letter+digit units (COVID-19, iPhone 15: their digits read in the letters' language), numbers
(with agreement), the lexicon (names, brands, learnt acronyms), then Latin words and symbols.
Abbreviations come first so the numbers stage sees "50 ريال سعودي"; units and calendar marks
right after a number (5 كم، 1445 هـ) are left to it.

Each stage is a pure function in its own module; FrontEnd runs them for one profile. The
front end ends at diacritised text with pausal forms; the profile, declared by the voice
backend (narrator.voices), brings the voice's own spelling step (render.py runs it last).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from narrator import __version__
from narrator.fingerprint import file_digest, package_version
from narrator.frontend import latin, normalise, render
from narrator.frontend.abbreviations import Abbreviations, load_abbreviations
from narrator.frontend.chunk import split_for_voice, split_sentences
from narrator.frontend.grammar import Grammar, load_grammar
from narrator.frontend.lexicon import Lexicon, load_lexicon
from narrator.frontend.profile import Pause, TextProfile
from narrator.frontend.wordlists import WordLists, load_wordlists

__all__ = [
    "Abbreviations", "FrontEnd", "Grammar", "Lexicon", "Pause", "Stage", "TextProfile", "fingerprint",
    "load_abbreviations", "load_grammar", "load_lexicon", "make_frontend", "split_for_voice", "split_sentences",
    "WordLists", "load_wordlists",
]

PACKAGES = ("text2tashkeel", "farahidi")
"""What the front end reads besides narrator itself: the diacritiser and its model, the stem
frequencies of its second opinion (stem_vote.py)."""


class Stage(str, Enum):
    """How far a sentence goes through the front end (`narrator script --stage`)."""

    CLEAN = "clean"
    WORDS = "words"
    DIACRITISED = "diacritised"
    VOICE = "voice"


def _verbalise_numbers(text: str, grammar: Grammar, wordlists: WordLists) -> str:
    from narrator.frontend.numbers import verbalise  # numbers with gender/case agreement

    # fully vowelled: the diacritiser keeps them; read with this front end's tables
    return verbalise(text, vowelled=True, tables=grammar.tables, calendars=wordlists.calendars)


@dataclass(frozen=True)
class FrontEnd:
    profile: TextProfile
    lexicon: Lexicon
    diacritise: bool | None = None
    """Run the diacritiser; None means what the profile wants."""
    abbreviations: Abbreviations = field(default_factory=load_abbreviations)
    grammar: Grammar = field(default_factory=load_grammar)
    """The word tables of the number rules (package data and the workspace's grammar/)."""
    wordlists: WordLists = field(default_factory=load_wordlists)
    """The other stages' word lists (package data and the workspace's wordlists/)."""

    def __post_init__(self) -> None:
        if self.diacritise is None:
            object.__setattr__(self, "diacritise", self.profile.diacritise)

    def _before_numbers(self, clean: str) -> str:
        text = self.abbreviations.expand(clean)
        return latin.speak_mixed(latin.split_clitics(text), self.profile.latin, self.wordlists,
                                 self.grammar.tables)

    def _words(self, clean: str) -> str:
        text = _verbalise_numbers(self._before_numbers(clean), self.grammar, self.wordlists)
        # Lexicon before Latin, so a user entry for a Latin word (NATO) wins.
        text = self.lexicon.apply(text)
        return latin.speak_latin(text, self.profile.latin, self.wordlists)

    def speak_many(self, sentences: list[str], stage: Stage = Stage.VOICE) -> list[str]:
        """Source sentences -> text at `stage`; the diacritiser model is loaded once."""
        stage = Stage(stage)
        texts = [normalise.clean(s, self.wordlists) for s in sentences]
        if stage is Stage.CLEAN:
            return texts
        texts = [self._words(t) for t in texts]
        if stage is Stage.WORDS:
            return texts
        if self.diacritise:
            from narrator.frontend.tashkeel import diacritise_many  # loads onnxruntime

            texts = diacritise_many(texts, self.lexicon.produced)
        if stage is Stage.DIACRITISED:
            return texts
        return [render.render(t, self.profile) for t in texts]

    def explain(self, sentence: str) -> list:
        """How each number of a source sentence is read: a numbers.Reading (class, case,
        rule that decided) per number, as the words stage reads it."""
        from narrator.frontend.numbers import verbalise

        readings: list = []
        verbalise(self._before_numbers(normalise.clean(sentence, self.wordlists)), vowelled=True,
                  readings=readings, tables=self.grammar.tables, calendars=self.wordlists.calendars)
        return readings

    def speak(self, sentence: str, stage: Stage = Stage.VOICE) -> str:
        """One source sentence -> text at `stage` ("" when nothing in it can be spoken)."""
        return self.speak_many([sentence], stage)[0]


def make_frontend(
    profile: TextProfile, lexicon_path: Path | None = None, diacritise: bool | None = None
) -> FrontEnd:
    """A front end for one voice profile; lexicon_path is the workspace lexicon.tsv (its
    abbreviations.tsv, grammar/ and wordlists/ folders, if any, are beside it)."""
    abbreviations = lexicon_path.with_name("abbreviations.tsv") if lexicon_path else None
    grammar = lexicon_path.with_name("grammar") if lexicon_path else None
    wordlists = lexicon_path.with_name("wordlists") if lexicon_path else None
    return FrontEnd(profile, load_lexicon(lexicon_path), diacritise, load_abbreviations(abbreviations),
                    load_grammar(grammar),
                    load_wordlists(wordlists))


def fingerprint(lexicon_path: Path | None = None, diacritise: bool | None = None) -> str:
    """Cheap identity of everything make_frontend(profile, lexicon_path, diacritise) reads
    besides the article and the voice: narrator's own rules and tables, the versions of the
    packages it runs, the workspace's lexicon.tsv, abbreviations.tsv, grammar/ and wordlists/
    tables. The
    build key is this plus the voice backend's fingerprint (voices.voice_fingerprint), which
    covers its profile."""
    from narrator.frontend.grammar import fingerprint as grammar_fingerprint
    from narrator.frontend.wordlists import fingerprint as wordlists_fingerprint

    def present(path: Path | None) -> Path | None:
        return path if path is not None and path.exists() else None

    abbreviations = lexicon_path.with_name("abbreviations.tsv") if lexicon_path else None
    parts = {
        "narrator": __version__,
        "packages": {name: package_version(name) for name in PACKAGES},
        "diacritise": diacritise,
        "lexicon": file_digest(present(lexicon_path)),
        "abbreviations": file_digest(present(abbreviations)),
        "grammar": grammar_fingerprint(lexicon_path.with_name("grammar") if lexicon_path else None),
        "wordlists": wordlists_fingerprint(lexicon_path.with_name("wordlists") if lexicon_path else None),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
