"""Intelligibility proxy: consonant clusters Arabic forbids, in espeak-ng's phonemes.

No offline Arabic speech recogniser exists, so we count what bare text is known to break:
espeak-ng reads undiacritised words as strings of consonants (لقد -> lqd). A word has a
forbidden cluster if its phonemes start with two consonants or hold three in a row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrator.frontend import make_frontend, split_sentences
from narrator.voices.espeak import ESPEAK_AR

phonemes = pytest.importorskip("narrator.voices.espeak.library").phonemes

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xi-putin-summit.txt"
VOWELS = set("aeiouəɑɐɛɪʊɔæyɜʌɒ")
IGNORED = set("ˈˌ.-‿|_")
AFFRICATES = ("dʒ", "tʃ", "ts", "dz")


def segments(word: str) -> str:
    """IPA word -> 'C'/'V' per segment. A length mark after a consonant is gemination (a
    second C); after a vowel it only lengthens it. Modifiers (ˤ ̪ ʰ) belong to their
    consonant; j/w between a vowel and a non-vowel is the glide of a diphthong (aj, aw)."""
    kinds: list[tuple[str, str]] = []
    i = 0
    while i < len(word):
        c = word[i]
        if word.startswith(AFFRICATES, i):
            kinds.append(("C", word[i : i + 2]))
            i += 2
            continue
        if c in VOWELS:
            kinds.append(("V", c))
        elif c == "ː":
            if kinds and kinds[-1][0] == "C":
                kinds.append(("C", kinds[-1][1]))
        elif c.isalpha() and c not in "ˤʰʲʷˠ":
            kinds.append(("C", c))
        i += 1
    out = []
    for k, (kind, c) in enumerate(kinds):
        after = kinds[k + 1][0] if k + 1 < len(kinds) else ""
        glide = c in "jw" and k and kinds[k - 1][0] == "V" and after != "V"
        out.append("V" if glide else kind)
    return "".join(out)


def forbidden(word: str) -> bool:
    s = segments(word)
    return s.startswith("CC") or "CCC" in s


def arabic_words(text: str) -> list[str]:
    """espeak-ng's phoneme words for `text`, without the ones it read as English."""
    ipa = re.sub(r"\([a-z]{2,3}\).*?\(ar\)", " ", phonemes(text))
    return ["".join(c for c in w if c not in IGNORED) for w in ipa.split()]


def cluster_share(sentences: list[str]) -> float:
    words = [w for s in sentences for w in arabic_words(s) if w]
    return sum(map(forbidden, words)) / len(words)


def test_cluster_rule():
    assert forbidden("lqd") and forbidden("ʔalmtħdt") and forbidden("qimmtin")
    assert not forbidden("laqad") and not forbidden("ʔalmutaħidatu")
    assert not forbidden("qimmatin") and not forbidden("ʃajj") and not forbidden("bajt")
    assert not forbidden("muːskuː") and forbidden("ʔarrrawaːbit")


def test_full_front_end_removes_forbidden_clusters():
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").splitlines() if p.strip()]
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    spoken = make_frontend(ESPEAK_AR).speak_many(sentences)
    bare, full = cluster_share(sentences), cluster_share(spoken)
    print(f"\nforbidden clusters: bare text {bare:.1%}, full front end {full:.1%}")
    assert bare > 0.2
    assert full <= 0.02


def test_espeak_reads_kept_latin_words_in_english():
    spoken = make_frontend(ESPEAK_AR, diacritise=False).speak("نشر مقطعا على Vine بصيغة XML.")
    ipa = phonemes(spoken)
    assert "(en)vˈaɪn(ar)" in ipa and "(en)" in ipa.split("(ar)", 1)[1]
