"""Is a number joined to the number before it, so that it takes that number's case?

The text between the two numbers decides: و and nothing else, or the first number's noun
and an adjective (4 ميداليات ذهبية و3 فضيات), or its noun and a short prepositional phrase
before a comma (إلى 120 قتيلا في المدينة، و40 جريحا); a comma then و and a noun phrase with
no verb is the same verb's second subject and object (…، ومساحة الجهة 40 ألفا).
"""

from __future__ import annotations

import re

from narrator.frontend.agreement import looks_like_noun, verb_before_subject
from narrator.frontend.arabic import bare
from narrator.frontend.grammar import Tables
from narrator.frontend.numbers.scan import AR
from narrator.frontend.verbs import is_verb

_ELLIPTIC = re.compile(
    rf"%?(?:[ \t]*[{AR}]+){{0,2}}[ \t]*[،,][ \t]*و([{AR}]+(?:[ \t]+[{AR}]+){{0,2}})[ \t]*")
_BETWEEN_COORDINATED = re.compile(
    rf"[\s،,]*(?:([{AR}]+)[ \t]+){{0,2}}(?:و|أو|او)?[ \t]*")
_PHRASE_BETWEEN = re.compile(
    rf"[ \t]*((?:[{AR}]+[ \t]+){{1,2}})(في|على|من|عند|لدى|خلال)[ \t]+"
    rf"((?:[{AR}]+[ \t]*){{1,2}})[،,]?[ \t]*(?:و|أو|او)?[ \t]*")
_COMMA = re.compile("[،,]")


def coordinated(gr: Tables, between: str) -> bool:
    """Text between two numbers joined by و: nothing, or the first number's noun and an
    adjective (4 ميداليات ذهبية و3 فضيات), never a particle or a verb (قتل 5 وأصيب 3); or
    the noun and a prepositional phrase before a comma (see _past_phrase)."""
    return _coordinated(gr, between) or _past_phrase(gr, between)


def _coordinated(gr: Tables, between: str) -> bool:
    m = _BETWEEN_COORDINATED.fullmatch(between)
    if not m:
        return False
    words = [bare(w) for w in re.findall(rf"[{AR}]+", between) if w not in ("و", "أو", "او")]
    # (12 حيا سكنيا و3 مستشفيات: a nisba adjective with its accusative alif, يا, too)
    return all(looks_like_noun(gr, w) or w.endswith(("ية", "ي", "يا")) for w in words)


def _past_phrase(gr: Tables, between: str) -> bool:
    """The first number's noun, a prepositional phrase and a comma before و and the second
    number (إلى 120 قتيلا في المدينة، و40 جريحا): still one coordination, one case."""
    m = _PHRASE_BETWEEN.fullmatch(between)
    if not m:
        return False
    nouns, phrase = m.group(1).split(), [bare(w) for w in m.group(3).split()]
    return (_coordinated(gr, " ".join(nouns) + " ") and all(
        (w.startswith("ال") or looks_like_noun(gr, w)) and not is_verb(w) for w in phrase))


def explanation(between: str) -> bool:
    """A comma between the numbers: أي after it explains the first (150 دقيقة، أي 30)."""
    return _COMMA.search(between) is not None


def elliptic(gr: Tables, between: str) -> bool:
    """A comma, then و and a noun phrase with no verb before the next number: a second
    subject and object of the same verb (…، ومساحة الجهة 40,700 كم²), so the number keeps
    the first number's accusative."""
    m = _ELLIPTIC.fullmatch(between)
    if not m:
        return False
    words = [bare(w) for w in m.group(1).split()]
    if len(words) > 1 and words[0] in gr.elliptic_preposition:
        words = words[1:]  # ، وفي أكادير 61%: a place instead of a second subject
    return not is_verb(words[0]) and not verb_before_subject(gr, words[0]) and all(
        w.startswith("ال") or (looks_like_noun(gr, w) and not is_verb(w)) for w in words)
