"""Diacritisation (tashkeel) with text2tashkeel's "rawi-v2-int8" model.

The most accurate offline model measured (91% of words right on news text). It is
loaded lazily, once per process: importing this module does not import onnxruntime.

The model sees the whole sentence (context), but its output is taken word by word and
only where it is safe:
* a word the caller protects (a lexicon entry) is kept exactly;
* a word that is not purely Arabic letters (Latin, digits, symbols) is kept;
* a word whose bare letters the model changed (إلى -> الى) is kept as written;
* marks the author wrote (نادرًا, يُستخدم) win over the model's on the same letter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Callable

from narrator.errors import TextError
from narrator.frontend.lexicon import strip_marks

MODEL = "rawi-v2-int8"
_MARK_RE = re.compile("[\u064b-\u0652\u0670]")
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
_EDGE_PUNCT = "،؛؟.,:;!?()\"'…"


@cache
def _model():
    try:
        from text2tashkeel import Diacritizer
    except ImportError as exc:  # pragma: no cover - text2tashkeel is a dependency
        raise TextError(f"diacritisation needs text2tashkeel ({exc})") from None
    return Diacritizer(MODEL)


def _plain_arabic(token: str) -> bool:
    core = strip_marks(token.strip(_EDGE_PUNCT))
    return bool(core) and _ARABIC_WORD.fullmatch(core) is not None


def _clusters(word: str) -> list[tuple[str, str]]:
    """(base character, its marks) pairs."""
    out: list[tuple[str, str]] = []
    for c in word:
        if _MARK_RE.match(c) and out:
            out[-1] = (out[-1][0], out[-1][1] + c)
        else:
            out.append((c, ""))
    return out


def merge_word(word: str, guess: str) -> str:
    """The model's marks on `word`, keeping any mark the author wrote (نادرًا keeps its
    tanween). If the model changed the letters (إلى -> الى), the word stays as written."""
    if not _plain_arabic(word) or strip_marks(guess) != strip_marks(word):
        return word
    pairs = zip(_clusters(word), _clusters(guess), strict=True)
    return unicodedata.normalize("NFC", "".join(c + (mine or its) for (c, mine), (_, its) in pairs))


def diacritise(text: str, protected: Callable[[str], bool] = lambda word: False) -> str:
    """One sentence -> the same sentence with diacritics on its Arabic words.

    Words for which `protected` is true (lexicon output) are kept exactly as they are."""
    words = unicodedata.normalize("NFC", text).split()
    todo = [_plain_arabic(w) and not protected(w) for w in words]
    if not any(todo):
        return " ".join(words)
    # The model reads the whole sentence bare, for context.
    predicted = _model().diacritize(strip_marks(" ".join(words))).split()
    if len(predicted) != len(words):
        # The model dropped a symbol-only token: fall back to word by word (no context).
        predicted = [_model().diacritize(strip_marks(w)) if t else w for w, t in zip(words, todo)]
    return " ".join(merge_word(w, g) if t else w for w, g, t in zip(words, predicted, todo))


def diacritise_many(texts: list[str], protected: Callable[[str], bool] = lambda word: False) -> list[str]:
    """Several sentences. text2tashkeel processes one sentence per call (padded batching
    would change a bidirectional model's output), so this is a loop over one loaded model."""
    return [diacritise(t, protected) for t in texts]
