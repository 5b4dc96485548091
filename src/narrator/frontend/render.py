"""Final per-voice rendering: the exact characters a voice receives.

Nothing outside the profile's alphabet ever reaches the voice. Content is spelled out
first (digits said one by one as a last resort), so the final filter only drops what
carries no sound: punctuation, marks, and scripts the voice cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from narrator.frontend.chunk import split_for_voice
from narrator.frontend.latin import spell_digits
from narrator.frontend.lexicon import strip_marks
from narrator.frontend.profile import Pause, TextProfile
from narrator.frontend.waqf import pausal, split_nisba
from narrator.frontend.wasl import drop_silent_alif, tanwin_alif, wasl

_SHADDA = "\u0651"
# Vowel marks written before a shadda (the Unicode canonical order): move the shadda first.
_VOWELS_THEN_SHADDA = re.compile("([\u064b-\u0650\u0652]+)\u0651")


def shadda_first(text: str) -> str:
    """قِمَّةٍ (consonant, fatha, shadda) -> consonant, shadda, fatha: espeak-ng reads the
    vowel only in that order. Do not NFC-normalise the result: NFC restores the old order."""
    return _VOWELS_THEN_SHADDA.sub(lambda m: _SHADDA + m.group(1), text)


# The article before a sun letter at the start of a word (الرَّوابط) with its shadda. After a
# clitic (وَالشَّمْس، فَالنَّاس، لِلتَّعَاوُن) the shadda stays: there espeak-ng does not double
# the letter by itself (waʃamsi, litaʕaːwun without it; waʃʃamsi, littaʕaːwun with it).
_ARTICLE_SUN_SHADDA = re.compile(
    "(?<![\\w\u064b-\u0652])(ال\u0652?)([تثدذرزسشصضظلن])([\u064b-\u0650\u0652]*)\u0651"
)


def article_without_shadda(text: str) -> str:
    """الرَّوَابِط -> الرَوَابِط: espeak-ng doubles a sun letter after a word-initial ال by
    itself, so a written shadda there makes it say the consonant three times (ʔarrr...).
    Except ط, which it does not double (الطَرِيق is ʔat̪ariːq): الطَّرِيق keeps its shadda."""
    return _ARTICLE_SUN_SHADDA.sub(r"\1\2\3", text)


# The article after a clitic: وَالشَّمْس، فَالنَّاس، كَالْ، بِالْ، لِلتَّعَاوُن (and وَبِالْ، وَلِلْ).
_CLITIC_ARTICLE = re.compile(
    "(?<![\\w\u064b-\u0652])((?:[وف]\u064e)?)(?:([كب][\u064e\u0650])ال|(ل\u0650ل)|(ال))\u0652?"
    "([\u0621-\u064a])([\u064b-\u0652]*)"
)
_SUN = frozenset("تثدذرزسشصضطظلن")


def _clitic_article(m: re.Match[str]) -> str:
    conj, prep, li, al, letter, marks = m.groups()
    if not (conj or prep or li) or not al and not prep and not li:
        return m.group()  # the bare article: article_without_shadda's job
    if letter in _SUN:
        marks = marks if _SHADDA in marks else _SHADDA + marks.replace("\u0652", "")
        if prep and prep[0] == "ب":
            return conj + prep + letter + marks  # بِالشَّمْسِ -> بِشَّمْسِ (biʃʃamsi)
        if li and conj:
            return conj + li[:-1] + letter + marks  # وَلِلشَّمْسِ (walilʃʃamsi) -> وَلِشَّمْسِ
        return m.group()[: m.start(5) - m.start()] + letter + marks
    if prep and prep[0] == "ب":
        return conj + prep + "ل\u0652" + letter + marks  # بِالْقَلَمِ -> بِلْقَلَمِ (bilqalami)
    return m.group()


def clitic_article(text: str) -> str:
    """espeak-ng and the article after a clitic: the sun letter keeps (or gets) its shadda,
    since espeak doubles it by itself only after a word-initial ال (وَالشَمْسِ is waʃamsi,
    وَالشَّمْسِ waʃʃamsi; لِلتَعَاوُنِ litaʕaːwuni); and بِال loses its alif, which espeak reads
    long (بِالْقَلَمِ biaːlqalami): بِلْقَلَمِ, and before a sun letter بِشَّمْسِ; وَلِلشَّمْسِ
    (walilʃʃamsi) loses the article's lam: وَلِشَّمْسِ. Expects shadda-first order (shadda_first)."""
    return _CLITIC_ARTICLE.sub(_clitic_article, text)


# A bare alif with a short vowel is a hamza whose seat the author left out (اَضَافَتْ for
# أَضَافَتْ; the diacritiser's vowel on the author's letter). After a clitic's vowel espeak-ng
# reads it as a long a (وَاَضَافَتْ waːadˤaːfat): on its seat it says waʔadˤaːfat. At a word's
# start (اَحْمَدُ، اِنَّ, a wasl alif given its vowel) espeak already says the glottal stop.
_VOWELLED_ALIF = re.compile("(?<=[\u064e\u064f\u0650])\u0627(?=[\u064e\u064f\u0650])")


# A clitic and the article standing before a Latin word (كَالْ sponsored, from
# latin.split_clitics): the article's alif is silent after the clitic, but espeak-ng reads
# it long (kaːl): كَلْ, وَبِلْ.
_ARTICLE_BEFORE_LATIN = re.compile(
    "(?<![\\w\u064b-\u0652])((?:[وف]\u064e)?(?:[بك][\u064e\u0650])|[وف]\u064e)ال\u0652(?= [A-Za-z])")


def article_before_latin(text: str) -> str:
    """كَالْ sponsored -> كَلْ sponsored (see _ARTICLE_BEFORE_LATIN)."""
    return _ARTICLE_BEFORE_LATIN.sub(lambda m: m.group(1) + "ل\u0652", text)


def seat_hamza(text: str) -> str:
    """اَ / اُ -> أَ / أُ and اِ -> إِ (see _VOWELLED_ALIF)."""
    return _VOWELLED_ALIF.sub(lambda m: "إ" if text[m.end()] == "\u0650" else "أ", text)


# The silent alif after the plural waw of a verb (قَالُوا، لَمْ يَذْهَبُوا، دَعَوْا): a damma
# before the waw, or a sukun on it, and the word ends with the alif.
_SILENT_ALIF = re.compile("(?:(?<=\u064f\u0648)|(?<=\u0648\u0652))\u0627(?![\u0621-\u064a\u064b-\u0652])")


def silent_alif(text: str) -> str:
    """قَالُوا -> قَالُو: espeak-ng reads this alif (qaːluːaː) when the word is vowelled,
    though it knows to keep it silent in bare text."""
    return _SILENT_ALIF.sub("", text)


def drop_punctuation(text: str) -> str:
    """Punctuation and symbols become spaces (the pipeline makes the pauses)."""
    return "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)


def keep_alphabet(text: str, alphabet: frozenset[str] | None) -> str:
    """Outside the alphabet, a mark disappears (it belongs to its letter) and any other
    character becomes a space (so words never merge); control characters always go."""
    if alphabet is None:
        return "".join(c if c.isprintable() else " " for c in text)
    return "".join(
        c if c in alphabet else "" if unicodedata.category(c).startswith("M") else " "
        for c in text
    )


def render(text: str, profile: TextProfile) -> str:
    """Text after the word and diacritisation stages -> text for this voice."""
    if profile.pausal:  # first: it needs the punctuation and the case marks
        text = pausal(text)
    if profile.diacritise:  # needs the pause marks too: where an utterance starts
        text = wasl(text)
    if not profile.diacritise:
        text = strip_marks(text)
    if not profile.punctuation:
        text = drop_punctuation(text)
    if profile.alphabet is not None and not any(d in profile.alphabet for d in "0123456789"):
        text = spell_digits(text)
    text = keep_alphabet(text, profile.alphabet)
    text = " ".join(text.split())
    if profile.shadda_first:  # the espeak-ng reading quirks
        text = silent_alif(shadda_first(article_without_shadda(text)))
        text = clitic_article(tanwin_alif(drop_silent_alif(text)))
        text = article_before_latin(text)
    if profile.split_nisba:  # after shadda_first, whose mark order it expects
        text = split_nisba(text)
    if profile.shadda_first:  # last: split_nisba's يَ can be the vowel before a bare alif
        text = seat_hamza(text)
    return text


_CUT_MARKS = frozenset("،,;؛:.!?؟…")


def voice_chunks(
    text: str, profile: TextProfile, names: frozenset[str] = frozenset()
) -> list[tuple[str, Pause | None]]:
    """Text after diacritisation -> the voice's chunks (see chunk.split_for_voice).

    The sentence is cut while its punctuation is still there, also for a voice that
    receives none, so the cuts can fall at commas; then each chunk is finished: its end
    is a pause too (pausal form), and the punctuation goes if the voice wants none.

    The cut is made on the text as the voice gets it (so lengths are true), but a
    chunk's pausal end is made on the words before the nisba spelling, which is then
    redone: that spelling is not reversible (رَسْمِيٌّ mid-sentence is رَسْمِيْيُنْ, at
    a pause رَسْمِيْيْ). Finishing never lengthens a chunk, so each stays within max_chars."""
    alphabet = None if profile.alphabet is None else profile.alphabet | _CUT_MARKS
    unspelled = render(text, replace(profile, punctuation=True, alphabet=alphabet, split_nisba=False))
    spelled = split_nisba(unspelled) if profile.split_nisba else unspelled
    source_words, spelled_words = unspelled.split(), spelled.split()
    aligned = len(source_words) == len(spelled_words)  # split_nisba never adds a space
    chunks, at = [], 0
    for piece, pause in split_for_voice(spelled, profile.max_chars, names):
        words = piece.split()
        whole = aligned and words == spelled_words[at : at + len(words)]
        if profile.pausal:
            finished = pausal(" ".join(source_words[at : at + len(words)])) if whole else ""
            if whole and profile.split_nisba:
                finished = split_nisba(finished)
            # A piece cut inside an over-long word has no source words of its own.
            if not (whole and len(finished) <= len(piece)):
                finished = pausal(piece)
            piece = finished if len(finished) <= len(piece) else piece
        aligned = whole
        at += len(words)
        if not profile.punctuation:
            piece = " ".join(keep_alphabet(drop_punctuation(piece), profile.alphabet).split())
        if piece:
            chunks.append((piece, pause))
    if chunks and chunks[-1][1] is not None:  # the last piece was punctuation only
        chunks[-1] = (chunks[-1][0], None)
    return chunks
