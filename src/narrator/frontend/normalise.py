"""Clean-up of raw article text before anything is spoken.

Every step is a small pure function on str; `clean` runs them in order.

Documented choices (the property tests rely on them):

* A web address is read as its host name, the way a newsreader says it: google.com and
  https://www.google.com/a?b=1 both become "google dot com" (Latin words: the Latin stage
  keeps them for espeak or writes غوغل دوت كوم for an Arabic-only voice). "www.", the
  scheme, the path and the query are not read; two-letter country endings are spelled
  (bbc.co.uk -> "bbc dot co dot UK"). An address whose host is not a plain dotted name (an
  IP, Arabic letters, over-long) becomes the word "رابط". E-mail addresses become
  "بريد إلكتروني": a listener should know one was there, not hear it spelled.
* Markdown link syntax [text](target) in plain text keeps only its text: a target
  (javascript:…, a URL) is never spoken.
* Links are found token by token (whitespace-separated, at most MAX_LINK_TOKEN
  characters), so hostile input (a.a.a.… or a@a@a… over a megabyte) costs linear time;
  a longer token holding "://" or "@" is not read at all (رابط / بريد إلكتروني).
* Quotes (“ ” « » ‹ › " and stand-alone ‘ ’) and double brackets (( )) become a pause
  (the Arabic comma "،"), or nothing where a pause mark is already there; but quotes
  around a term of at most four words with no punctuation inside are dropped (مفهوم
  «النشاط» الاقتصادي is one phrase, not three clauses).
* A hyphen joining two words becomes a space (espeak-ng otherwise reads شي-بوتين as one
  word); a dash set between spaces (" – ") is a parenthetical pause and becomes "،".
  A hyphen between two digits (a range, 2020-2022) is left for the numbers module.
* Tatweel and invisible format characters are removed; odd spaces become spaces.
* A tanween that is not on a word's last letter (أًعلنت، الأٌمر: typed with the hamza seat)
  is dropped; the author's other marks stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from narrator.frontend.arabic import MARKS_WIDE
from narrator.frontend.wordlists import PACKAGE, NormaliseLists, WordLists

# Address endings (data/normalise/tlds.tsv, in NormaliseLists): a bare name ending in a
# "link" one is an address; a "word" one is said as a word, any other (mostly a country
# code) is spelled. Functions given no lists read the package's.


@lru_cache(maxsize=8)
def url_re(lists: NormaliseLists) -> re.Pattern[str]:
    """A web address, with a scheme or www. or a bare name ending in a link ending of `lists`.

    Each pattern is applied to one whitespace-free token at a time (never to the whole
    text): backtracking is then bounded by MAX_LINK_TOKEN squared, whatever the input."""
    return re.compile(
        r"(?:https?://|ftp://|www\.)[^\s<>“”«»\"']+"
        r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:" + "|".join(map(re.escape, lists.link_tlds))
        + r")\b(?:/[^\s<>“”«»\"']*)?",
        re.IGNORECASE,
    )


URL_RE = url_re(PACKAGE.normalise)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_WORD = "رابط"
EMAIL_WORD = "بريد إلكتروني"
MAX_LINK_TOKEN = 256
_LINK_HINT = re.compile(r"@|://|www\.|\.[A-Za-z]{2,4}\b", re.IGNORECASE)
_HOST = re.compile(r"(?:[a-z]+://)?(?:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}(?:\([^()\s]{0,500}\)[^()\s]{0,500})?\)")
_TOKEN = re.compile(r"\S+")

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u200b\u3000\t\r\f\v\u2028\u2029"), " ")
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x0640, 0x2060, 0xFEFF, *range(0x200C, 0x2010), *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)],
    None,
)
# Persian/Urdu letter shapes that web text uses for Arabic ones.
_FOLD = str.maketrans({"ی": "ي", "ک": "ك", "ٱ": "ا", "ۀ": "ة", "ە": "ه"})
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

_PAUSE = "،"
_PAUSE_MARKS = "،,.;؛:!?؟…"
_QUOTES = "“”«»‹›\"„‟"
# (A mark before the letter makes it part of a word too: ءًف“ is no lone clitic.)
_CLITIC_BEFORE_QUOTE = re.compile(rf"(?<![\w{MARKS_WIDE}])([وفبلك])[{_QUOTES}]")
_QUOTE_RE = re.compile(rf"\(\(|\)\)|[{_QUOTES}]|(?<![^\W\d_])[‘’]|[‘’](?![^\W\d_])")
_DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACED_DASH = re.compile(
    rf"(?<=[^\s\d])\s+[{_DASHES}]+\s+(?=\S)|(?<=\S)\s+[{_DASHES}]+\s+(?=[^\s\d])"
)
_DASH_RUN = re.compile(rf"[{_DASHES}]+")


def fold_forms(text: str) -> str:
    """NFC, presentation forms (ﻻ) to letters, Persian letter shapes to Arabic ones."""
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", text).translate(_FOLD)


# كالـ API، بالـ 5G، بـ 38: a clitic written apart with a tatweel joins the token it belongs to.
_TATWEEL_CLITIC = re.compile(
    r"(?<![\u0621-\u064a])([وف]?(?:بال|كال|لل|ال|[بكل]))\u0640+[ \t]*(?=[A-Za-z0-9])")


def remove_invisibles(text: str) -> str:
    """Odd spaces become spaces; tatweel, joiners, bidi marks and BOMs disappear."""
    return _TATWEEL_CLITIC.sub(r"\1", text.translate(_SPACES)).translate(_INVISIBLE)


def speak_host(url: str, lists: NormaliseLists = PACKAGE.normalise) -> str:
    """google.com -> "google dot com"; a host that is not a dotted Latin name -> رابط."""
    m = _HOST.match(url)
    if not m or url[m.end() : m.end() + 1].isalnum():  # google.comابت: not a plain host
        return URL_WORD
    labels = m.group(1).strip("-").split(".")
    if labels[-1].isdigit() or any(not label for label in labels):
        return URL_WORD  # an IP address or a broken host
    tld = labels[-1]
    labels[-1] = tld.lower() if tld.lower() in lists.word_tlds or len(tld) > 2 else tld.upper()
    return " dot ".join(labels)


def _link_token(token: str, lists: NormaliseLists) -> str:
    if not _LINK_HINT.search(token):
        return token
    if len(token) > MAX_LINK_TOKEN:
        if "://" in token:
            return f" {URL_WORD} "
        return f" {EMAIL_WORD} " if "@" in token else token
    token = EMAIL_RE.sub(f" {EMAIL_WORD} ", token)
    return url_re(lists).sub(lambda m: _url(m, lists), token)


def _url(m: re.Match[str], lists: NormaliseLists) -> str:
    # Punctuation closing the sentence or clause after an address is not part of it.
    url = m.group().rstrip(_URL_TRAILERS)
    return f" {speak_host(url, lists)} {m.group()[len(url):]}"


_URL_TRAILERS = "،؛؟.,;:!?)]}»”’\"'…"


def replace_links(text: str, lists: NormaliseLists = PACKAGE.normalise) -> str:
    """E-mail addresses become a word saying what they were; web addresses their host
    name ("google dot com"); Markdown [text](target) keeps only its text."""
    if "](" in text:
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _TOKEN.sub(lambda m: _link_token(m.group(), lists), text)


# A quoted span: an opening quote, text without quotes or a line break, a closing quote.
_QUOTED = re.compile(rf"[“«‹\"„]([^{_QUOTES}\n]*)[”»›\"‟]")
_SHORT_QUOTE_WORDS = 4


# Verbs of saying (NormaliseLists.saying_verbs): a quote right after one is speech
# (قال «نعم» ثم), a pause before it.
_WORD_BEFORE = re.compile(r"(\w+)\s*$")


def _quoted(m: re.Match[str], saying: frozenset[str]) -> str:
    inner = m.group(1)
    words = inner.split()
    if not words or len(words) > _SHORT_QUOTE_WORDS or any(c in _PAUSE_MARKS for c in inner):
        return m.group()
    before = _WORD_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
    if before and before.group(1).removeprefix("و").removeprefix("ف") in saying:
        return m.group()
    return inner.strip()  # a quoted term (مفهوم «النشاط» الاقتصادي): part of its phrase


def quotes_to_pauses(text: str, lists: NormaliseLists = PACKAGE.normalise) -> str:
    """Quotes and (( )) become a pause mark, never a sound; quotes around a short term
    inside a phrase (at most four words, no punctuation) are simply dropped."""
    # ب«الكارثة» -> بالكارثة: the clitic on its word
    text = _QUOTED.sub(lambda m: _quoted(m, lists.saying_verbs), text)
    # و”الردع: the conjunction stays on its word; the pause goes before it.
    text = _CLITIC_BEFORE_QUOTE.sub(rf" {_PAUSE} \1", text)
    return _QUOTE_RE.sub(f" {_PAUSE} ", text)


def _dash(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    # A single dash before a digit is a range (2020-2022) or a minus (-5, و-5): numbers' job.
    lone_wa = before == "و" and (start < 2 or not text[start - 2].isalpha())
    if len(m.group()) == 1 and after.isdigit() and (before.isdigit() or before.isspace() or lone_wa):
        return m.group()
    return " "


def dashes_to_spaces(text: str) -> str:
    """شي-بوتين -> شي بوتين; "بكين – مصدر" -> "بكين، مصدر"; 2020-2022 is kept."""
    text = _SPACED_DASH.sub(f" {_PAUSE} ", text)
    return _DASH_RUN.sub(_dash, text)


def tanween_order(text: str) -> str:
    """نادراً -> نادرًا: tanween fath belongs on the letter before the alef."""
    return re.sub("\u0627\u064b", "\u064b\u0627", text)


# A tanween on a letter with more letters after it (أًعلنت، الأٌمر: a key hit with the hamza
# seat) is a typo; it only ends a word (كتابٌ، ماءً), the fatha one before a final ا/ى (كتابًا).
_STRAY_TANWEEN = re.compile(
    "(?!\u064b[\u0651\u0670]*[اى](?![\u0621-\u064a\u064b-\u0652]))"
    "[\u064b-\u064d](?=[\u064b-\u0652\u0670]*[\u0621-\u064a])")


def drop_stray_tanween(text: str) -> str:
    """أًعلنت -> أعلنت: a tanween inside a word is dropped (see _STRAY_TANWEEN)."""
    return _STRAY_TANWEEN.sub("", text)


def tidy_pauses(text: str) -> str:
    """Collapse spaces and duplicate pause marks; no pause at the very start."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(rf"\s+(?=[{_PAUSE_MARKS}])", "", text)
    # A comma next to another pause mark is redundant: keep the stronger one.
    text = re.sub(rf"{_PAUSE}+(?=[{_PAUSE_MARKS}])", "", text)
    text = re.sub(rf"(?<=[{_PAUSE_MARKS}]){_PAUSE}+", "", text)
    text = re.sub(r"(?<=[،؛؟])(?=[^\s،؛؟])", " ", text)
    text = text.strip()
    text = re.sub(rf"^[{_PAUSE},]+\s*", "", text)
    return re.sub(rf"\s*{_PAUSE}$", "", text)


def clean(text: str, lists: WordLists = PACKAGE) -> str:
    """Raw sentence -> clean text (see the module docstring for every rule)."""
    text = fold_forms(text)
    text = remove_invisibles(text)
    text = replace_links(text, lists.normalise)
    text = quotes_to_pauses(text, lists.normalise)
    text = dashes_to_spaces(text)
    text = drop_stray_tanween(tanween_order(text))
    return tidy_pauses(text)
