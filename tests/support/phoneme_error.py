"""Phoneme error rate: what espeak-ng says from narrator's text vs from a hand-vowelled
reference (issue 10). Used by bench/phonemes.py and tests/frontend/test_phonemes.py.

Both sides are phonemised by libespeak-ng in-process (narrator.voices.espeak.library). The
hypothesis is narrator's espeak text for the bare sentence (front end with the diacritiser,
profile espeak-ar). The reference is the hand-vowelled sentence through the same final
rendering (render.render): that step only respells what espeak-ng misreads (mark order,
the nisba ya, the article's shadda), so the measure counts what the diacritiser and the
text stages get wrong, not espeak's own quirks, which tests/frontend/test_render.py checks.

The error is the Levenshtein distance over phoneme symbols (a length mark joins its
vowel; stress and syllable marks dropped; word spaces count), divided by the reference's
number of symbols.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = ROOT / "bench" / "diacritised" / "sentences.tsv"

_STRESS = re.compile("[ˈˌ.]")
_SYMBOL = re.compile(r"\S[ː\u0303\u032a]*| ")  # a phoneme with its length/diacritics, or a word space


@dataclass(frozen=True)
class Reference:
    domain: str
    vowelled: str

    @property
    def bare(self) -> str:
        from narrator.frontend.lexicon import strip_marks

        return strip_marks(self.vowelled)


@dataclass(frozen=True)
class Scored:
    reference: Reference
    spoken: str  # narrator's espeak text
    ref_ipa: str
    hyp_ipa: str
    errors: int
    length: int

    @property
    def rate(self) -> float:
        return self.errors / self.length if self.length else 0.0


def load_references(path: Path = SENTENCES) -> list[Reference]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, vowelled = line.split("\t")
        out.append(Reference(domain, unicodedata.normalize("NFC", vowelled.strip())))
    return out


def symbols(ipa: str) -> list[str]:
    """espeak IPA -> phoneme symbols (ʃʃ is two, aː is one; stress dropped)."""
    return _SYMBOL.findall(" ".join(_STRESS.sub("", ipa).split()))


def levenshtein(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def score(references: list[Reference], frontend=None, spell=None) -> list[Scored]:
    """Each reference scored against narrator's reading of its bare letters. `spell` turns
    the reference into what espeak reads (default: render.render with the espeak profile)."""
    from narrator.frontend import make_frontend
    from narrator.voices.espeak import ESPEAK_AR
    from narrator.frontend.render import render
    from narrator.voices.espeak.library import phonemes

    frontend = frontend or make_frontend(ESPEAK_AR)
    spell = spell or (lambda text: render(text, ESPEAK_AR))
    spoken = frontend.speak_many([r.bare for r in references])
    out = []
    for ref, text in zip(references, spoken):
        ref_ipa = phonemes(spell(ref.vowelled))
        hyp_ipa = phonemes(text)
        a, b = symbols(ref_ipa), symbols(hyp_ipa)
        out.append(Scored(ref, text, ref_ipa, hyp_ipa, levenshtein(a, b), len(a)))
    return out


def overall(scored: list[Scored]) -> float:
    """Total errors over total reference symbols."""
    length = sum(s.length for s in scored)
    return sum(s.errors for s in scored) / length if length else 0.0
