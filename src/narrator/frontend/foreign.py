"""Latin text in French, Spanish, Italian or German inside Arabic: never read as English.

espeak-ng's Arabic voice reads every Latin word with its English voice, so "Le Monde" or
"Banco de España" came out in English. A run of two or more Latin words is given to a
language detector (py3langid, offline, restricted to a few languages); a run it finds
French, Spanish, Italian or German is written in Arabic letters by that language's own
spelling rules (Le Monde -> لو موند, Deutsche Bank -> دويتشه بانك), which the Arabic voice
reads. English, single words, acronyms (AFP) and anything the detector is unsure of stay as
they are (the Latin stage handles them).

Detection: accepted when the detector's probability is at least ACCEPT, or at least MAYBE
and the run holds one of that language's common short words (le, el, della, der...) or one
of its accented letters; a run with an English function word (the, of, by...) is English. One- or two-letter words and names alone are too short to
tell: "Jean Dupont" stays English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from narrator.frontend.wordlists import PACKAGE, ForeignLists

LANGUAGES = ("en", "fr", "es", "it", "de", "pt", "nl")
RESPELLED = frozenset({"fr", "es", "it", "de"})
ACCEPT = 0.95
MAYBE = 0.1

_LETTERS = "A-Za-z\u00c0-\u00ff\u0152\u0153"
_WORD = rf"[{_LETTERS}][{_LETTERS}'’]*"
# Two or more Latin words in a row (single spaces; a colon or slash may stand between).
RUN = re.compile(rf"(?<![{_LETTERS}0-9]){_WORD}(?:(?: [:/])? {_WORD})+(?![{_LETTERS}0-9])")

# Marker words (data/foreign/markers.tsv, in ForeignLists): English ones make a run English
# (Photo by John Smith); the others are a sign of their language when the detector is unsure
# (Le Figaro: le). Functions given no lists read the package's.
_ACCENTS = {"fr": "éèêëàâçîïôûœ", "es": "ñáíóú", "it": "àèìòù", "de": "äöüß"}


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, loaded once on first use (about 1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language(run: str, lists: ForeignLists = PACKAGE.foreign) -> str:
    """The language of a run of Latin words: "fr", "es", "it", "de", or "en" (the default)."""
    words = run.lower().replace(":", " ").replace("/", " ").split()
    if len(words) < 2 or any(w in lists.english for w in words) or not any(
            len(w) > 2 for w in words):
        return "en"
    lang, prob = _identifier().classify(run)
    if lang in RESPELLED and prob >= ACCEPT:
        return lang
    # Otherwise only a language the run shows a sign of (Le Figaro: le), the likeliest one.
    marked = [x for x in RESPELLED if any(w in lists.markers[x] for w in words)
              or any(c in _ACCENTS[x] for c in run.lower())]
    if not marked:
        return "en"
    probs = dict(_identifier().rank(run))
    best = max(marked, key=lambda x: probs.get(x, 0.0))
    return best if probs.get(best, 0.0) >= MAYBE else "en"


# Spelling rules, longest first at each position; ^ marks a rule for a word's start only.
_COMMON = {
    "b": "ب", "d": "د", "f": "ف", "k": "ك", "l": "ل", "m": "م", "n": "ن", "p": "ب",
    "q": "ك", "r": "ر", "s": "س", "t": "ت", "v": "ف", "w": "و", "x": "كس", "y": "ي",
    "z": "ز", "c": "ك", "g": "غ", "h": "ه", "j": "ج",
    "a": "ا", "e": "ي", "i": "ي", "o": "و", "u": "و",
    "á": "ا", "à": "ا", "â": "ا", "é": "ي", "è": "ي", "ê": "ي", "ë": "ي", "í": "ي", "ì": "ي",
    "î": "ي", "ï": "ي", "ó": "و", "ò": "و", "ô": "و", "ú": "و", "ù": "و", "û": "و", "ü": "و",
    "ñ": "ني", "ç": "س", "ß": "س", "ä": "ي", "ö": "و", "œ": "و",
}
_RULES = {
    "fr": [("eau", "و"), ("ou", "و"), ("oi", "وا"), ("au", "و"), ("ai", "ي"), ("ei", "ي"),
           ("ch", "ش"), ("ph", "ف"), ("qu", "ك"), ("gn", "ني"), ("th", "ت"), ("ce", "سي"),
           ("ci", "سي"), ("ge", "جي"), ("gi", "جي"), ("h", ""), ("u", "و"), ("z", "ز")],
    "es": [("ll", "ي"), ("ch", "تش"), ("que", "كي"), ("qui", "كي"), ("gue", "غي"),
           ("gui", "غي"), ("ce", "سي"), ("ci", "سي"), ("ge", "خي"), ("gi", "خي"), ("j", "خ"),
           ("h", ""), ("z", "س")],
    "it": [("gli", "لي"), ("gn", "ني"), ("che", "كي"), ("chi", "كي"), ("ghe", "غي"),
           ("ghi", "غي"), ("sce", "شي"), ("sci", "شي"), ("cce", "تشي"), ("cci", "تشي"),
           ("ce", "تشي"), ("ci", "تشي"), ("ge", "جي"), ("gi", "جي"), ("zz", "تس"),
           ("z", "تس"), ("h", ""), ("j", "ي")],
    "de": [("tsch", "تش"), ("sch", "ش"), ("^sp", "شب"), ("^st", "شت"), ("ch", "خ"),
           ("ei", "اي"), ("ie", "ي"), ("eu", "وي"), ("äu", "وي"), ("au", "او"), ("w", "ف"),
           ("v", "ف"), ("z", "تس"), ("j", "ي"), ("ck", "ك"), ("ph", "ف"), ("th", "ت")],
}
_INITIAL = {"a": "أ", "á": "أ", "à": "أ", "e": "إ", "é": "إ", "è": "إ", "i": "إ", "í": "إ",
            "o": "أو", "ó": "أو", "u": "أو", "ú": "أو", "ä": "إ", "ö": "أو", "ü": "أو"}
_VOWELS = set("aeiouáàâéèêëíìîïóòôúùûüäöœy")


def respell(word: str, lang: str, lists: ForeignLists = PACKAGE.foreign) -> str:
    """One Latin word in Arabic letters by the spelling of `lang` (Banco -> بانكو); a short
    French function word (le, les) from its table (data/foreign/french-words.tsv)."""
    w = unicodedata.normalize("NFC", word.lower()).replace("’", "'")
    if lang == "fr" and "'" in w:  # l'État, d'Orsay: the clitic joins its word
        w = w.replace("'", "")
    if lang == "fr":
        if w in lists.french:
            return lists.french[w]
        w = re.sub(r"ce$", "ç", re.sub(r"ge$", "j", w))  # Source, Rouge: the letter stays soft
        w = re.sub(r"(?<=[a-zé])(?:e|es|s|t|ts|d|x)$", "", w) or w  # final letters unsaid
    if lang == "de" and len(w) > 3 and w.endswith("er"):
        return respell(w[:-2], lang) + "ر"  # Frankfurter: a final -er is a short r
    if lang == "de" and w.endswith("e") and not w.endswith("ie") and len(w) > 2:
        return respell(w[:-1], lang) + "ه"  # Deutsche: a final e is said, short (ه)
    out: list[str] = []
    i = 0
    if w[:1] in _INITIAL and not (lang in ("fr", "de") and w[:2] in ("au", "eu", "ou")):
        out.append(_INITIAL[w[0]])
        i = 1
    rules = _RULES.get(lang, [])
    while i < len(w):
        if i and w[i] == w[i - 1] and w[i] not in _VOWELS:
            i += 1  # a double consonant is one sound
            continue
        for graph, arabic in rules:
            start_only = graph.startswith("^")
            g = graph.lstrip("^")
            if (not start_only or i == 0) and w.startswith(g, i):
                out.append(arabic)
                i += len(g)
                break
        else:
            out.append(_COMMON.get(w[i], ""))
            i += 1
    return "".join(out)


def respell_runs(text: str, lists: ForeignLists = PACKAGE.foreign) -> str:
    """Every non-English run of Latin words (see the module docstring) in Arabic letters;
    acronyms inside it (AFP) stay Latin for the Latin stage."""
    def one(m: re.Match[str]) -> str:
        run = m.group()
        lang = language(run, lists)
        if lang == "en":
            return run
        return re.sub(_WORD, lambda w: w.group() if w.group().isupper() and len(w.group()) > 1
                      else respell(w.group(), lang, lists), run)
    return RUN.sub(one, text)
