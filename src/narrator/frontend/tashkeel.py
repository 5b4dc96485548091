"""Diacritisation (tashkeel) with text2tashkeel's "rawi-v3-int8" model.

Chosen by phoneme error against hand-vowelled sentences (bench/phonemes.py): 0.91 % where
rawi-v2-int8 gave 1.23 %, and 0.96 % against 1.26 % on a held-out set written before the
choice, at the same speed. It is loaded lazily, once per process: importing this module
does not import onnxruntime.

The model sees the whole sentence (context), but its output is taken word by word and
only where it is safe:
* a word the caller protects (a lexicon entry) is kept exactly;
* a word that is not purely Arabic letters (Latin, digits, symbols) is kept;
* a word whose bare letters the model changed (إلى -> الى) is kept as written;
* a word that already carries full vowel marks (number words and lexicon words arrive
  vowelled: وَأَلْفَا امْرَأَةٍ) is kept exactly;
* marks the author wrote (نادرًا, يُستخدم) win over the model's on the same letter.

A sentence longer than WINDOW characters (a paragraph without punctuation) is read in
windows of at most WINDOW characters, cut between words: the model's memory grows with
the length of what it reads at once (a 300,000-character line needed over 5 GB).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from typing import Callable

from narrator.errors import TextError
from narrator.frontend.arabic import clusters
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.stem_vote import choose

MODEL = "rawi-v3-int8"
SECOND_MODEL = "rawi-v2-int8"
"""Read beside MODEL: where the two disagree on a word's inner vowels, stem_vote decides."""
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
_EDGE_PUNCT = "،؛؟.,:;!?()\"'…"
WINDOW = 1000
"""Most characters the model reads at once (context enough for a long sentence)."""
_WINDOW_ENDS = tuple("،؛؟.,:;!?…")


@cache
def _model(name: str = MODEL):
    # One onnxruntime thread: the model is a BiLSTM, sequential along the text, so more
    # threads mostly spin; on a busy 2-core machine one thread read 40,000 chars/s where
    # the default (all cores) read 15,000. TT_ORT_THREADS is text2tashkeel's own knob.
    os.environ.setdefault("TT_ORT_THREADS", "1")
    # Only ImportError and the load's own errors are caught: a Ctrl-C during the import or
    # the load (KeyboardInterrupt, a BaseException) stays an interruption, never "not
    # installed", and @cache keeps nothing, so the next call tries again.
    try:
        from text2tashkeel import Diacritizer
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] == "text2tashkeel":
            raise TextError("diacritisation needs text2tashkeel: pip install text2tashkeel") from None
        raise TextError(f"text2tashkeel cannot start: its dependency {exc.name} is missing") from None
    except ImportError as exc:
        raise TextError(f"text2tashkeel cannot start ({exc})") from None
    model = Diacritizer(name)
    try:
        _ = model.backend  # build the onnxruntime session now: a broken install fails here, in one line
    except Exception as exc:  # onnxruntime raises its own Exception types (Fail, InvalidProtobuf)
        raise TextError(f"cannot load the diacritiser model {name} ({exc})") from None
    return model


def _plain_arabic(token: str) -> bool:
    core = strip_marks(token.strip(_EDGE_PUNCT))
    return bool(core) and _ARABIC_WORD.fullmatch(core) is not None


def fully_vowelled(word: str) -> bool:
    """True if every letter that needs a vowel mark has one (the last letter aside: its
    case ending may be left out on purpose, as on foreign names). Letters that need none:
    alif and alif maqsura, a long و/ي after damma/kasra or a diphthong's after fatha, and
    the ل of the article."""
    pairs = clusters(word.strip(_EDGE_PUNCT), wide=False)
    if not pairs or not any(marks for _, marks in pairs):
        return False
    for i, (c, marks) in enumerate(pairs[:-1]):
        if marks.replace(_SHADDA, "") or c in "اأإآى":  # a lone shadda (قُدّر) is no vowel
            continue
        before = pairs[i - 1][1] if i else ""
        if c in "وي" and before and before[-1] in "\u064e\u064f\u0650":
            continue  # long vowel (بُوتِين) or diphthong (بَيْت without its sukun)
        if c == "ل" and i and pairs[i - 1][0] == "ا" and _article_at(pairs, i - 1):
            continue  # the ل of ال (الشَّمْس, الْقَمَر)
        return False
    return True


def _article_at(pairs: list[list[str]], i: int) -> bool:
    """Is the alif at pairs[i] the start of the article ال (after clitics و ف ب ك)?"""
    return all(c in "وفبك" for c, _ in pairs[:i])


_HAMZA_SEATS = frozenset("اأإآءؤئ")
_VOWELS = "\u064e\u064f\u0650"
_SHADDA = "\u0651"
_TANWIN = "\u064b\u064c\u064d"
_SUKUN_BEFORE_LONG_A = re.compile("\u0652[اى]")
_WORD_START = re.compile("^(?:[وف]\u064e)?(?:[بل]\u0650|ك\u064e)?$")


def _seats_only(word: str, guess: str) -> bool:
    """Same letters except hamza seats (الأهرامات -> الْإِهْرَامَات, أدرجوا -> ادْرَجُوا)."""
    a, b = strip_marks(word), strip_marks(guess)
    if _SUKUN_BEFORE_LONG_A.search(guess):
        return False  # الْى for إلى: the model misread the word, not just its hamza
    return len(a) == len(b) and all(x == y or (x in _HAMZA_SEATS and y in _HAMZA_SEATS) for x, y in zip(a, b, strict=True))


def _fit_seat(letter: str, marks: str, at_start: bool, followed_by_mark: bool) -> str:
    """The model's marks for a hamza the author seated differently: a vowel that the
    author's seat rules out goes (إ is read with i, أ with a or u), and a word's first
    hamza gets the vowel its seat implies when the model gave it none (ادْرَجُوا -> أَدْرَجُوا)
    and the next letter has a mark (not before a bare long vowel: بِاوكْرَانْيَا)."""
    vowel = next((m for m in marks if m in _VOWELS), "")
    want = {"إ": "\u0650"}.get(letter, "\u064e" if letter == "أ" and vowel == "\u0650" else vowel)
    if not want and at_start and letter in "أإ" and followed_by_mark:
        want = "\u064e" if letter == "أ" else "\u0650"
    return "".join(m for m in marks if m not in _VOWELS and m != "\u0652" * bool(want)) + want


def merge_word(word: str, guess: str) -> str:
    """The model's marks on `word`, keeping any mark the author wrote (نادرًا keeps its
    tanween). If the model changed the letters (إلى -> الى), the word stays as written,
    unless it only moved a hamza to another seat: then the author's letters take the
    model's marks, fitted to the author's seat (see _fit_seat)."""
    if not _plain_arabic(word) or fully_vowelled(word):
        return word
    seats = strip_marks(guess) != strip_marks(word)
    if seats and not _seats_only(word, guess):
        return word
    out: list[tuple[str, str]] = []
    theirs = clusters(guess, wide=False)
    mine_all = _author_marks(word)
    for i, ((c, mine), (g, its)) in enumerate(zip(mine_all, theirs, strict=True)):
        if c != g and c in "أإ":
            at_start = _WORD_START.match("".join(x + m for x, m in out)) is not None
            its = _fit_seat(c, its, at_start, i + 1 < len(theirs) and bool(theirs[i + 1][1]))
        marks = _fill(mine, its)
        if _SHADDA in marks and not marks.replace(_SHADDA, "").strip("\u0652") and i < len(theirs) - 1:
            # The author's shadda where the model read no doubled letter (قُدّر read قُدْر): the
            # vowel of the form II pattern, فُعِّل after a damma, فَعَّل otherwise.
            marks = _SHADDA + ("\u0650" if out and "\u064f" in out[-1][1] else "\u064e")
        out.append((c, marks))
    return unicodedata.normalize("NFC", "".join(c + m for c, m in out))


def _author_marks(word: str) -> list[tuple[str, str]]:
    """The author's (letter, marks), tidied: tanwin fath written on a final alif moves to the
    letter before it (نادراً -> نادرًا, where the model puts its own), and tanwin anywhere a
    word cannot end (أٌعلن, a slip of the keyboard) is dropped."""
    pairs = clusters(word, wide=False)
    last = len(pairs) - 1
    if last > 0 and pairs[last][0] in "اى" and "\u064b" in pairs[last][1]:
        pairs[last - 1][1] += "\u064b"
        pairs[last][1] = pairs[last][1].replace("\u064b", "")
    ends = {last} | ({last - 1} if last > 0 and pairs[last][0] in "اى" else set())
    return [(c, m if i in ends else "".join(x for x in m if x not in _TANWIN)) for i, (c, m) in enumerate(pairs)]


def _fill(mine: str, its: str) -> str:
    """The author's marks on one letter, with the model's filling what they leave open: the
    author's vowel wins over the model's, but a lone shadda keeps the model's vowel
    (قُدّر -> قُدِّر) and a bare vowel keeps the model's shadda."""
    if not mine:
        return its
    vowel = mine.replace(_SHADDA, "") or its.replace(_SHADDA, "")
    return vowel + (_SHADDA if _SHADDA in mine + its else "")


def _windows(words: list[str], limit: int = WINDOW) -> list[tuple[int, int]]:
    """(start, end) word ranges of at most `limit` characters (a longer word alone),
    each ending after punctuation where one is at hand in its last third."""
    spans, start = [], 0
    while start < len(words):
        end, length, best = start, -1, None
        while end < len(words) and (end == start or length + 1 + len(words[end]) <= limit):
            length += 1 + len(words[end])
            end += 1
            if words[end - 1].endswith(_WINDOW_ENDS) and length >= limit * 2 // 3:
                best = end
        if end < len(words) and best:
            end = best
        spans.append((start, end))
        start = end
    return spans


def _diacritise_words(words: list[str], todo: list[bool]) -> list[str]:
    """One window: the models read it whole (bare) for context, the guard keeps what is safe."""
    bare = strip_marks(" ".join(words))
    predicted = _model().diacritize(bare).split()
    second = _model(SECOND_MODEL).diacritize(bare).split()
    if len(second) == len(predicted):
        predicted = [choose(main, other) for main, other in zip(predicted, second, strict=True)]
    if len(predicted) != len(words):
        # The model dropped a symbol-only token: fall back to word by word (no context).
        predicted = [_model().diacritize(strip_marks(w)) if t else w for w, t in zip(words, todo, strict=False)]
    return [merge_word(w, g) if t else w for w, g, t in zip(words, predicted, todo, strict=True)]


def _diacritise_list(words: list[str], protected: Callable[[str], bool]) -> list[str]:
    todo = [_plain_arabic(w) and not protected(w) for w in words]
    out: list[str] = []
    for start, end in _windows(words):
        part, part_todo = words[start:end], todo[start:end]
        out.extend(_diacritise_words(part, part_todo) if any(part_todo) else part)
    return out


def diacritise(text: str, protected: Callable[[str], bool] = lambda word: False) -> str:
    """One sentence -> the same sentence with diacritics on its Arabic words.

    Words for which `protected` is true (lexicon output) are kept exactly as they are."""
    return " ".join(_diacritise_list(unicodedata.normalize("NFC", text).split(), protected))


def diacritise_many(texts: list[str], protected: Callable[[str], bool] = lambda word: False) -> list[str]:
    """Several sentences, read by the model as running text: consecutive sentences are
    packed into windows of up to WINDOW characters (never padded: padding would change a
    bidirectional model's output). One call per window instead of one per sentence is
    what makes the front end fast (the call overhead dominates a short sentence), and the
    neighbouring sentences are the context an article gives anyway."""
    split = [unicodedata.normalize("NFC", t).split() for t in texts]
    out: list[str] = [""] * len(texts)
    group: list[int] = []
    size = 0

    def flush() -> None:
        words = _diacritise_list([w for i in group for w in split[i]], protected)
        for i in group:
            out[i], words = " ".join(words[: len(split[i])]), words[len(split[i]) :]

    for i, words in enumerate(split):
        length = sum(map(len, words)) + len(words)
        if group and size + length > WINDOW:
            flush()
            group, size = [], 0
        group.append(i)
        size += length
    if group:
        flush()
    return out
