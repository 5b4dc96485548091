"""espeak-ng's own spelling of Arabic: what the front end's finished text (diacritised, pausal
forms) must become for espeak-ng to read it right. Piper and sherpa voices read through
espeak-ng's phonemizer too, so their profiles use the same spelling.

None of this is Arabic grammar: each rule respells something espeak-ng misreads.

* the shadda before the short vowel (shadda_first), or espeak drops the vowel;
* no shadda on a sun letter after a word-initial ال (article_without_shadda): espeak doubles
  it by itself; after a clitic the opposite (clitic_article);
* no silent alif after a plural waw (silent_alif) nor a silent wasl alif mid-utterance
  (drop_silent_alif); a tanwin fath on alif maqsura written on an alif (tanwin_alif);
* the nisba ya and other glides between vowels written out (split_nisba);
* a bare alif with a short vowel after a clitic's vowel put on its hamza seat (seat_hamza);
* a clitic's article before a Latin word without its alif (article_before_latin).

SPELLING runs them in the order they need; the voice profiles declare it as their spelling.
"""

from __future__ import annotations

import re

from narrator.frontend.profile import Spelling
from narrator.frontend.arabic import (
    DAMMA, DAMMATAN, FATHA, FATHATAN, KASRA, KASRATAN, SHADDA, SUKUN, TATWEEL, clusters, join_clusters,
)
from narrator.frontend.wasl import segments, wasl_kind

# Vowel marks written before a shadda (the Unicode canonical order): move the shadda first.
_VOWELS_THEN_SHADDA = re.compile("([\u064b-\u0650\u0652]+)\u0651")


def shadda_first(text: str) -> str:
    """قِمَّةٍ (consonant, fatha, shadda) -> consonant, shadda, fatha: espeak-ng reads the
    vowel only in that order. Do not NFC-normalise the result: NFC restores the old order."""
    return _VOWELS_THEN_SHADDA.sub(lambda m: SHADDA + m.group(1), text)


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
        marks = marks if SHADDA in marks else SHADDA + marks.replace("\u0652", "")
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


# Clitics before a word-internal wasl alif: conjunction, preposition (وَاسْتَخْدَمَ، بِاسْمِ),
# and then perhaps the article, whose lam takes the helping kasra (الِاقْتِصَاد، لِلِاسْتِخْدَام).
_CLITICS = re.compile(f"^(?:[وف]{FATHA})?(?:[بل]{KASRA}|ك{FATHA})?$")
_ARTICLE = re.compile(f"^((?:[وف]{FATHA})?(?:[بك]{KASRA}|ك{FATHA})?)(ا|ل{KASRA})ل[{KASRA}{SUKUN}]?$")


def drop_silent_alif(text: str) -> str:
    """espeak-ng spelling: leave out a wasl alif that is silent (mid-utterance, after a
    vowel): after a clitic in the same word (وَاسْتَخْدَمَ، الِاقْتِصَاد، لِلِاسْتِخْدَامِ)
    and, for a word that is not the article, after a word that ends in a vowel
    (قَالَتِ امْرَأَةٌ). Run after wasl(), so a word after a sukun has its helping vowel."""
    segs = segments(text)
    for i, (gap, word) in enumerate(segs):
        if not word:
            continue
        cl = clusters(word)
        # Inside the word: clitics, then the alif, a consonant with sukun, and more.
        for j in range(1, min(len(cl) - 2, 6)):
            if cl[j] != ["ا", ""] or not set(cl[j + 1][1]) & {SUKUN, SHADDA}:
                continue
            prefix = join_clusters(cl[:j])
            article = _ARTICLE.match(prefix)
            clitics = _CLITICS.match(prefix) and cl[j + 1][0] != "ل"  # وَالْ is the article: espeak says wal
            if clitics or article:
                del cl[j]
                if article:
                    cl[j - 1][1] = KASRA  # الاقْتِصَاد: the article's lam takes the helping vowel
                    if article.group(1) and article.group(2) == "ا":
                        # وَالِ is read "waːli": after a clitic the article's alif goes too.
                        del cl[j - 2]
                segs[i][1] = join_clusters(cl)
                break
        else:
            if (
                wasl_kind(cl) == "verb"
                and i
                and not gap.strip()
                and segs[i - 1][1]
                and segs[i - 1][1][-1] in FATHA + DAMMA + KASRA + SHADDA + "اوىي"
            ):
                segs[i][1] = join_clusters(cl[1:])
    return "".join(gap + word for gap, word in segs)


_TANWIN_ON_MAQSURA = re.compile("(\u064b\u0649|\u0649\u064b)(?![\u064b-\u0652])")


def tanwin_alif(text: str) -> str:
    """espeak-ng spelling: مُسْتَشْفًى (tanwin fath on alif maqsura, mid-sentence) is read
    "mustaʃfa"; spelt with a plain alif (مُسْتَشْفًا) it says mustaʃfan. Run after the
    pausal step, which turns the same ending before a pause into a long a."""
    return _TANWIN_ON_MAQSURA.sub("\u064bا", text)


# Nisba: espeak-ng reads kasra + ya + shadda (الرَسْمِيَّة) as a long i without the y
# (rasmiːt). Spelt ya-sukun-ya (الرَسْمِيْيَة) it says rasmiːja, so the doubled y is
# written out; at a pause (عَرَبِيّ) as ِيْيْ, which espeak reads ʕarabiːj. Any other ya
# or waw with its own vowel after a short vowel (التَّنْمِيَة، بَيَان، دُوَل) loses its
# glide the same way (tanmiːa, baiaːn, duːal); a tatweel before it (التَنْمِـيَة) makes
# espeak say tanmija.

# A short vowel (on a doubled letter or not), ya, shadda (after shadda_first: the vowel follows the shadda), an
# optional vowel, and the alif of a tanwin fath.
_DOUBLE_YA = re.compile(
    f"({SHADDA}?[{FATHA}{DAMMA}{KASRA}])\u064a{SHADDA}([{FATHATAN}-{KASRA}]?){SUKUN}?(ا(?![\u064b-\u0652]))?(?=(.?))"
)
_VOWEL_BEFORE = {"ة": FATHA, "ا": FATHA, "ه": FATHA, "ت": FATHA, "ي": KASRA, "و": DAMMA}
_TANWIN_AS_NUN = {FATHATAN: FATHA, DAMMATAN: DAMMA, KASRATAN: KASRA}


def _spell_double_ya(m: re.Match[str]) -> str:
    before, vowel, alif, after = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    # After a kasra (nisba) ِيْيَ reads -iːja-; after a fatha or damma (أَيَّام) the ya
    # also needs a tatweel before it, or espeak says ʔaijaːm.
    if before == SHADDA + KASRA:  # سِرِّيًّا: after a doubled letter the kasra goes on a
        before = SHADDA + TATWEEL + KASRA  # tatweel, or espeak drops it (sirrjjaː)
    lead = before + ("" if before.endswith(KASRA) else TATWEEL) + "\u064a" + SUKUN + "\u064a"
    if not vowel:
        return lead + _VOWEL_BEFORE.get(alif or after, SUKUN) + alif
    if vowel in _TANWIN_AS_NUN:
        # ِيْيٌ is read -iːiun: the tanwin written as vowel + nun keeps the y (-iːjun).
        return lead + _TANWIN_AS_NUN[vowel] + "ن" + SUKUN
    return lead + vowel + alif


# A short vowel, then a ya or waw that carries its own vowel or a shadda: a consonant
# (glide) between vowels, which espeak-ng reads as a vowel (بَيَان -> baiaːn, دُوَل -> duːal,
# التَّنْمِيَة -> tanmiːa). A tatweel after the first vowel makes it say the glide (bajaːn).
_GLIDE = re.compile(f"([{FATHA}{DAMMA}{KASRA}])(?=[\u064a\u0648][{SHADDA}{FATHATAN}-{KASRA}])")


def split_nisba(text: str) -> str:
    """espeak-ng's y and w between vowels: ِيّ -> ِيْيَ (ya, sukun, ya, vowel; a tanwin
    after it as vowel + نْ), َيّ -> َـيْيَ, and a tatweel before any other ya or waw that
    follows a short vowel and carries a vowel or shadda (بَيَان -> بَـيَان, قُوَّة -> قُـوَّة).
    Expects shadda-first order (shadda_first)."""
    return _GLIDE.sub(r"\1" + TATWEEL, _DOUBLE_YA.sub(_spell_double_ya, text))


def respell(text: str) -> str:
    """Every rule that keeps case endings in place (the pausal step can still follow)."""
    text = silent_alif(shadda_first(article_without_shadda(text)))
    return seat_hamza(article_before_latin(clitic_article(tanwin_alif(drop_silent_alif(text)))))


def finish(text: str) -> str:
    """The nisba and glide spelling, then seat_hamza again: split_nisba's يَ can be the vowel
    before a bare alif."""
    return seat_hamza(split_nisba(text))


SPELLING = Spelling("espeak-ng", respell, finish)
"""What espeak-ng (and the Piper and sherpa voices, which read through its phonemizer) needs."""

SPELLING_WITHOUT_NISBA = Spelling("espeak-ng without the nisba spelling", respell)
"""For bench/reading.py, which measures what the nisba spelling adds."""
