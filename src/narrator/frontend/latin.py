"""Latin-script words, acronyms and symbols inside Arabic text: spoken, never dropped.

Two modes, chosen by the voice's TextProfile.latin:

* "keep": Latin words stay as written (espeak-ng switches to its English voice for Latin
  script on its own); symbols become Arabic words.
* "arabic": for voices with an Arabic-only alphabet. Acronyms are spelled with Arabic letter
  names (XML -> إكس إم إل, IDs -> آي ديز), known brands and loan words come from a small
  table (Microsoft -> مايكروسوفت), anything else is transliterated by rule (Vine -> فاين).

Symbols that carry meaning (& + = @ # % $ € £ ° ...) are spoken in both modes; purely
typographic ones (* _ | \\ ^ ` / and brackets) are not sounds and become spaces.
Hand-written: no maintained package transliterates English into Arabic script offline.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

LETTER_NAMES = {
    "a": "إيه", "b": "بي", "c": "سي", "d": "دي", "e": "إي", "f": "إف", "g": "جي",
    "h": "إتش", "i": "آي", "j": "جيه", "k": "كيه", "l": "إل", "m": "إم", "n": "إن",
    "o": "أو", "p": "بي", "q": "كيو", "r": "آر", "s": "إس", "t": "تي", "u": "يو",
    "v": "في", "w": "دبليو", "x": "إكس", "y": "واي", "z": "زد",
}
DIGIT_NAMES = ("صفر", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة")

LOANWORDS = {
    "microsoft": "مايكروسوفت", "word": "وورد", "excel": "إكسل", "windows": "ويندوز",
    "google": "غوغل", "facebook": "فيسبوك", "apple": "آبل", "iphone": "آيفون",
    "twitter": "تويتر", "youtube": "يوتيوب", "amazon": "أمازون", "android": "أندرويد",
    "whatsapp": "واتساب", "instagram": "إنستغرام", "telegram": "تيليغرام",
    "tiktok": "تيك توك", "netflix": "نتفليكس", "tesla": "تسلا", "nvidia": "إنفيديا",
    "vine": "فاين", "internet": "إنترنت", "email": "إيميل", "online": "أونلاين",
    "news": "نيوز", "times": "تايمز", "post": "بوست", "the": "ذا", "and": "آند",
    "of": "أوف", "nato": "ناتو", "nasa": "ناسا", "unesco": "يونسكو", "opec": "أوبك",
    "fifa": "فيفا", "covid": "كوفيد", "linux": "لينكس", "python": "بايثون",
}

SYMBOLS = {
    "&": "و", "+": "زائد", "=": "يساوي", "@": "آت", "%": "بالمئة", "‰": "بالألف",
    "$": "دولار", "€": "يورو", "£": "جنيه", "¥": "ين", "°": "درجة", "×": "ضرب",
    "÷": "قسمة", "<": "أصغر من", ">": "أكبر من", "~": "حوالي", "©": "حقوق النشر",
    "®": "علامة مسجلة", "™": "علامة تجارية", "§": "فقرة", "±": "زائد أو ناقص",
}
_SYMBOL_RE = re.compile("|".join(map(re.escape, SYMBOLS)) + r"|#")
_DECORATION_RE = re.compile(r"[*_|\\^`/\[\]{}]")

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


def spell_acronym(token: str) -> str:
    """XML -> إكس إم إل; IDs -> آي ديز (a plural s is said on the last letter)."""
    letters = [c for c in token.lower() if c.isalpha()]
    plural = len(letters) > 2 and token[-1] == "s" and token[:-1].isupper()
    if plural:
        letters = letters[:-1]
    names = [LETTER_NAMES.get(c, "") for c in letters]
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


def latin_to_arabic(token: str) -> str:
    """One Latin token -> Arabic letters: loanword table, then acronym, then rule."""
    key = token.lower().strip(".")
    if key in LOANWORDS:
        return LOANWORDS[key]
    bare = token.replace(".", "")
    if len(bare) == 1 or bare.isupper() or (bare[:-1].isupper() and bare[-1] == "s" and len(bare) > 2):
        return spell_acronym(bare)
    return transliterate(token)


def _symbol(m: re.Match[str]) -> str:
    sym = m.group()
    if sym == "#":
        nxt = m.string[m.end() : m.end() + 1]
        return " رقم " if nxt.isdigit() or nxt.isspace() or not nxt else " وسم "
    return f" {SYMBOLS[sym]} "


def speak_symbols(text: str) -> str:
    """Meaningful symbols become Arabic words; decoration becomes a space."""
    return _DECORATION_RE.sub(" ", _SYMBOL_RE.sub(_symbol, text))


def spell_digits(text: str) -> str:
    """Any digit still left is said one by one (last resort before an Arabic-only voice)."""
    return re.sub(r"\d", lambda m: f" {DIGIT_NAMES[unicodedata.digit(m.group())]} ", text)


def speak_latin(text: str, mode: Literal["keep", "arabic"]) -> str:
    """Symbols always become words; Latin words are kept or written in Arabic letters."""
    text = speak_symbols(text)
    if mode == "arabic":
        text = _DOTTED_ACRONYM.sub(lambda m: f" {spell_acronym(m.group())} ", text)
        text = _LATIN_WORD.sub(lambda m: f" {latin_to_arabic(m.group())} ", text)
    return re.sub(r"[ ]{2,}", " ", text).strip()
