"""Latin-script words, acronyms and symbols inside Arabic text: spoken, never dropped.

Two modes, chosen by the voice's TextProfile.latin:

* "keep": Latin words stay as written (espeak-ng switches to its English voice for Latin
  script on its own); symbols become Arabic words.
* "arabic": for voices with an Arabic-only alphabet. Acronyms are spelled with Arabic letter
  names (XML -> إكس إم إل, IDs -> آي ديز), known brands and loan words come from a small
  table (Microsoft -> مايكروسوفت), anything else is transliterated by rule (Vine -> فاين).

Symbols that carry meaning (& + = @ # % $ € £ ° ...) are spoken in both modes; purely
typographic ones (* _ | \\ ^ ` / and brackets) are not sounds and become spaces.

Acronyms: an all-capitals token of 2-5 letters is spelled letter by letter in both modes
(WHO, IMF, ROI, TEI: espeak would read them as English words "who", "imf"); in keep mode
as spaced capitals ("W H O", which espeak spells), in arabic mode with Arabic letter names.
In keep mode a sentence whose Latin words are mostly capitals (3 or more) is shouted
English, not acronyms, and is left to espeak as written.
Acronyms said as words (NASA, NATO, OPEC, UNESCO, FIFA, COVID...) are listed in
SAID_AS_WORDS; Roman numerals (II, IV) are left alone. A lexicon row wins over both (the
lexicon runs first): "ROI<TAB>R O I" or "SABIC<TAB>سابك" teaches a new one.

Mixed tokens (`speak_mixed`, run before the numbers stage): a token of Latin letters and
digits (B2B, Radian6, COVID-19, G20, 5G, MP3) is one unit, and so is a number right after a
Latin word (iPhone 15, Windows 11): its digits are read in the language of the letters:
English words in keep mode (iPhone fifteen, COVID nineteen), Arabic ones in arabic mode
(آيفون خمسة عشر). A number after a Latin word that counts the Arabic noun after it
(يستخدم Slack 8 ساعات) belongs to the sentence: the numbers stage reads it in Arabic. A lone 2 between two letters is the idiom "to" (B2B -> B to B).
Web addresses arrive from the clean stage as "google dot com": in arabic mode dot and the
endings are loan words too (غوغل دوت كوم).
Hand-written: no maintained package transliterates English into Arabic script offline.
A run of Latin words in French, Spanish, Italian or German (detected by foreign.py) is
written in Arabic letters by that language's spelling in both modes, so espeak-ng's English
voice never reads it (Le Monde -> لو موند).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from narrator.frontend.arabic import vowel_clitics
from narrator.frontend.grammar import Tables
from narrator.frontend.numwords import cardinal, digits
from narrator.frontend.wordlists import PACKAGE, LatinLists, WordLists

# The tables (data/latin/*.tsv, extended by a workspace's wordlists/latin/) come in a
# LatinLists; a function given none reads the package's. These names are the package's.
LOANWORDS = PACKAGE.latin.loanwords  # microsoft -> مايكروسوفت (keys lower case)
# All-capitals tokens said as one word, not spelled (a lexicon row can add more).
SAID_AS_WORDS = PACKAGE.latin.said_as_words
SYMBOLS = PACKAGE.latin.symbols  # % -> بالمئة
# The digits' names are the numbers stage's (numwords), without their vowels.
DIGIT_NAMES = tuple(digits(str(d)) for d in range(10))
_ROMAN = re.compile(r"[IVX]{2,5}")
ENGLISH_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ENGLISH_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                  "seventeen", "eighteen", "nineteen")
_ENGLISH_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")



@lru_cache(maxsize=8)
def _symbol_re(lists: LatinLists) -> re.Pattern[str]:
    """The symbols of `lists` (longest first: a workspace's ... wins over its .) and #."""
    symbols = sorted(lists.symbols, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, symbols)) + r"|#")


_DECORATION_RE = re.compile(r"[*_|\\^`/\[\]{}]")

_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2,5}(?![A-Za-z])")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")

# Longest first: a digraph wins over its single letters.
_DIGRAPHS = (
    ("sch", "ش"), ("tch", "تش"), ("sh", "ش"), ("ch", "تش"), ("th", "ث"), ("ph", "ف"),
    ("kh", "خ"), ("gh", "غ"), ("ck", "ك"), ("qu", "كو"), ("oo", "و"), ("ee", "ي"),
    ("ea", "ي"), ("ou", "و"), ("ai", "اي"), ("ay", "اي"), ("ey", "اي"), ("ie", "ي"),
    ("oa", "و"), ("au", "و"), ("aw", "و"), ("ow", "و"),
)
_SINGLE = {
    "a": "ا", "b": "ب", "d": "د", "e": "ي", "f": "ف", "h": "ه", "i": "ي", "j": "ج",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "ب", "q": "ك", "r": "ر",
    "s": "س", "t": "ت", "u": "و", "v": "ف", "w": "و", "x": "كس", "y": "ي", "z": "ز",
}
_INITIAL_VOWEL = {"a": "أ", "e": "إ", "i": "إ", "o": "أو", "u": "أو"}
_MAGIC_E = {"a": "ي", "e": "ي", "i": "اي", "o": "و", "u": "و"}
_VOWELS = "aeiou"


def spell_acronym(token: str, lists: LatinLists = PACKAGE.latin) -> str:
    """XML -> إكس إم إل; IDs -> آي ديز (a plural s is said on the last letter)."""
    letters = [c for c in token.lower() if c.isalpha()]
    plural = len(letters) > 2 and token[-1] == "s" and token[:-1].isupper()
    if plural:
        letters = letters[:-1]
    names = [lists.letter_names.get(c, "") for c in letters]
    if plural:
        names[-1] += "ز"
    return " ".join(n for n in names if n)


def transliterate(word: str) -> str:
    """A Latin word in Arabic letters, by rule (Vine -> فاين, Word -> وورد)."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if "a" <= c <= "z")
    if not w:
        return ""
    # Magic e: vowel + one consonant + final e makes the vowel long (Vine, Kate).
    magic = len(w) >= 3 and w[-1] == "e" and w[-2] not in _VOWELS and w[-3] in _VOWELS
    out: list[str] = []
    i = 0
    if w[0] in _INITIAL_VOWEL and not w.startswith(("ai", "ay", "ee", "ea", "ou", "oo", "au")):
        out.append(_INITIAL_VOWEL[w[0]])
        i = 1
    while i < len(w):
        if magic and i == len(w) - 1:
            break
        if magic and i == len(w) - 3:
            out.append(_MAGIC_E[w[i]])
            i += 1
            continue
        if i and w[i] == w[i - 1] and w[i] not in _VOWELS:
            i += 1  # double consonants are one sound
            continue
        for graph, arabic in _DIGRAPHS:
            if w.startswith(graph, i):
                out.append(arabic)
                i += len(graph)
                break
        else:
            c = w[i]
            nxt = w[i + 1] if i + 1 < len(w) else ""
            if c == "c":
                out.append("س" if nxt in "eiy" and nxt else "ك")
            elif c == "g":
                out.append("ج" if nxt in "eiy" and nxt else "غ")
            else:
                out.append(_SINGLE[c])
            i += 1
    return "".join(out)


def latin_to_arabic(token: str, lists: LatinLists = PACKAGE.latin) -> str:
    """One Latin token -> Arabic letters: loanword table, then acronym, then rule."""
    key = token.lower().strip(".")
    if key in lists.loanwords:
        return lists.loanwords[key]
    bare = token.replace(".", "")
    if bare in lists.said_as_words:
        return transliterate(bare)  # NEOM -> نيوم, said as a word in both modes
    if len(bare) == 1 or bare.isupper() or (bare[:-1].isupper() and bare[-1] == "s" and len(bare) > 2):
        return spell_acronym(bare, lists)
    if len(bare) <= 5 and not any(c in "aeiouy" for c in bare.lower()):
        return spell_acronym(bare, lists)  # bbc, cnn, pdf in a web address: no vowel, no word
    return transliterate(token)


def english_number(n: int) -> str:
    """0..9999 in English words (iPhone 15 -> fifteen); longer ones digit by digit."""
    if n >= 10000:
        return " ".join(ENGLISH_DIGITS[int(d)] for d in str(n))
    if n < 10:
        return ENGLISH_DIGITS[n]
    if n < 20:
        return _ENGLISH_TEENS[n - 10]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _ENGLISH_TENS[tens] + (f"-{ENGLISH_DIGITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{ENGLISH_DIGITS[hundreds]} hundred" + (f" {english_number(rest)}" if rest else "")
    if 2000 <= n < 2010 or n % 1000 == 0:
        thousands, rest = divmod(n, 1000)
        return f"{ENGLISH_DIGITS[thousands]} thousand" + (f" {english_number(rest)}" if rest else "")
    high, low = divmod(n, 100)  # 1984 -> nineteen eighty-four, like a model or a year
    return english_number(high) + (" hundred" if low == 0 else f" {'oh ' if low < 10 else ''}{english_number(low)}")


def _arabic_number(n: int) -> str:
    """The numbers stage's plain cardinal; a longer number digit by digit."""
    return cardinal(n) if n < 10**12 else digits(str(n))


def _read_digits(number: str, mode: str) -> str:
    whole, _, frac = number.partition(".")
    read = english_number if mode == "keep" else _arabic_number
    words = read(int(whole))
    if frac:
        point, names = ("point", ENGLISH_DIGITS) if mode == "keep" else ("فاصلة", DIGIT_NAMES)
        words += f" {point} " + " ".join(names[int(d)] for d in frac)
    return words


def _spell_keep(token: str, lists: LatinLists) -> str:
    """An all-capitals acronym espeak would say as a word -> spaced capitals (W H O)."""
    if (
        2 <= len(token) <= 5 and token.isalpha() and token.isascii() and token.isupper()
        and token not in lists.said_as_words and not _ROMAN.fullmatch(token)
    ):
        return " ".join(token)
    return token


def _shouted(text: str) -> bool:
    """A line of English in capitals (BREAKING NEWS FROM THE UN): its words are words."""
    words = _LATIN_WORD.findall(text)
    caps = sum(1 for w in words if len(w) > 1 and w.isupper())
    return caps >= 3 and caps * 2 > len(words)


def _read_letters(part: str, mode: str, lists: LatinLists) -> str:
    if mode == "keep":
        return _spell_keep(part, lists)
    return latin_to_arabic(part, lists)


# Letters and digits in one token (B2B, COVID-19, 5G), or digits after a Latin word
# (iPhone 15): the lookbehind makes every match start at a token start (linear time).
# Dimensions 1920x1080 are two numbers for the numbers stage (1920 في 1080), not a token.
_MIXED = re.compile(
    r"(?<![\w.-])(?![0-9]+x[0-9]+(?![\w-]|\.\w))(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*[0-9])"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w%/:])"
    r"|(?<=[A-Za-z]) +[0-9]+(?:\.[0-9]+)?(?![\w%/:,.]*[0-9])(?![\w%/:])"
)
_PARTS = re.compile(r"[A-Za-z]+|[0-9]+")


_ARABIC_WORD_AFTER = re.compile(r"[ \t]*([\u0621-\u064a]+)")


def _counts_arabic_noun(number: str, text: str, end: int, grammar: Tables | None) -> bool:
    """Is the word after a number an Arabic noun it counts (Slack 8 ساعات)? Then the number
    belongs to the Arabic sentence, not to the Latin name before it (iPhone 15 في سبتمبر).
    `grammar`: the front end's number tables (None: the package's)."""
    from narrator.frontend.numbers import counts_noun  # the numbers stage's own test

    m = _ARABIC_WORD_AFTER.match(text, end)
    return m is not None and counts_noun(m.group(1), int(number) if number.isdigit() else None, grammar)


def _mixed(m: re.Match[str], mode: str, lists: LatinLists, grammar: Tables | None) -> str:
    token = m.group().strip()
    if token[0].isdigit() and not any(c.isalpha() for c in token):
        if _counts_arabic_noun(token, m.string, m.end(), grammar):
            return m.group()  # يستخدم Slack 8 ساعات: left to the numbers stage (ثماني ساعات)
        return " " + _read_digits(token, mode)  # iPhone 15: the number after a Latin word
    parts = _PARTS.findall(token)
    out = []
    for i, part in enumerate(parts):
        if part.isdigit():
            between_letters = 0 < i < len(parts) - 1 and len(parts[i - 1]) == len(parts[i + 1]) == 1
            if part == "2" and between_letters:
                out.append("to" if mode == "keep" else lists.loanwords["to"])  # B2B, P2P
            else:
                out.append(_read_digits(part, mode))
        else:
            out.append(_read_letters(part, mode, lists))
    return " ".join(out)


def speak_mixed(text: str, mode: Literal["keep", "arabic"], lists: WordLists = PACKAGE,
                grammar: Tables | None = None) -> str:
    """Latin+digit units read in one language before the numbers stage sees their digits
    (with the front end's number tables `grammar` deciding what an Arabic counted noun is)."""
    if not _ANY_LATIN.search(text):
        return text
    return _MIXED.sub(lambda m: _mixed(m, mode, lists.latin, grammar), text)


_ANY_LATIN = re.compile(r"[A-Za-z]")

# Arabic clitics written on a Latin word (كالـsponsored، الـstock، بـAndroid; the clean
# stage has removed the tatweel): a lone و/ف stays glued (espeak reads وGoogle as wa…).
_CLITICS_ON_LATIN = re.compile(
    "(?<![\u0621-\u064a\u064b-\u0652])([وف]?(?:[بكل]?ال|لل|[بكل]))(?=[A-Za-z])")


def _vowel_clitics(clitics: str) -> str:
    """وبال -> وَبِالْ, لل -> لِلْ, ك -> كَ."""
    if clitics.endswith("لل"):
        return vowel_clitics(clitics[:-2]) + "لِلْ"
    if clitics.endswith("ال"):
        return vowel_clitics(clitics[:-2]) + "الْ"
    return vowel_clitics(clitics)


def split_clitics(text: str) -> str:
    """كالsponsored -> كَالْ sponsored: the Arabic clitics, vowelled, then the Latin word
    (read by its own voice, not as one garbled token)."""
    if not _ANY_LATIN.search(text):
        return text
    return _CLITICS_ON_LATIN.sub(lambda m: _vowel_clitics(m.group(1)) + " ", text)


def _symbol(m: re.Match[str], symbols: dict[str, str]) -> str:
    sym = m.group()
    if sym == "#":
        nxt = m.string[m.end() : m.end() + 1]
        return " رقم " if nxt.isdigit() or nxt.isspace() or not nxt else " وسم "
    return f" {symbols[sym]} "


def speak_symbols(text: str, lists: LatinLists = PACKAGE.latin) -> str:
    """Meaningful symbols become Arabic words; decoration becomes a space."""
    text = _symbol_re(lists).sub(lambda m: _symbol(m, lists.symbols), text)
    return _DECORATION_RE.sub(" ", text)


def spell_digits(text: str) -> str:
    """Any digit still left is said one by one (last resort before an Arabic-only voice)."""
    return re.sub(r"\d", lambda m: f" {DIGIT_NAMES[unicodedata.digit(m.group())]} ", text)


def speak_latin(text: str, mode: Literal["keep", "arabic"], lists: WordLists = PACKAGE) -> str:
    """Symbols always become words; Latin words are kept or written in Arabic letters."""
    latin = lists.latin
    text = speak_symbols(text, latin)
    if _ANY_LATIN.search(text):
        from narrator.frontend.foreign import respell_runs  # loads its detector on first use

        text = respell_runs(text, lists.foreign)  # Le Monde -> لو موند: never read in English
    if mode == "keep" and not _shouted(text):
        text = _CAPITALS.sub(lambda m: _spell_keep(m.group(), latin), text)
    if mode == "arabic":
        text = _DOTTED_ACRONYM.sub(lambda m: f" {spell_acronym(m.group(), latin)} ", text)
        text = _LATIN_WORD.sub(lambda m: f" {latin_to_arabic(m.group(), latin)} ", text)
    return re.sub(r"[ ]{2,}", " ", text).strip()
