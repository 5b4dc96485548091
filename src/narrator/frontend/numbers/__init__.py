"""Find numbers in Arabic text and read them as words that agree with their context.

`verbalise(text)` replaces every numeric expression, one match of scan.NUMBER_RE at a time,
in three steps:
    classify (classify.py: a token of its class, tokens.py)
    -> features (features.py: case, gender, construct state and the rule that decided)
    -> verbalise (verbalisers.py: one verbaliser per class; words from numwords.py).
A `Reading` per number (its class and features) is what `narrator script --explain` shows.

`verbalise(text, vowelled=True)` writes the number words fully vowelled (case endings and
tanween included: يشهد أَرْبَعَةً وَعِشْرِينَ مِلْيَارَ عملية) so the diacritiser keeps them; the
default returns the same words with bare letters.

Readings chosen here (documented for the lead and the tests):
- Case: case_rules.decide (prepositions and construct nouns: genitive; inna and its
  sisters, transitive news verbs, kana's predicate: accusative; otherwise nominative).
- A glued prefix stays glued: و2022 -> وألفان…, بـ38 -> بثمانية وثلاثين, الـ21 -> الحادي…;
  also with a space after the tatweel (بـ 38، الـ 63), which normalise leaves as "ب 38".
- N مرة: مرة واحدة for 1, مرتين for 2, otherwise the number first, accusative (an absolute
  object) unless something governs it: شوهد ألفا ومئتي مرة.
- Phone numbers and codes (a leading + or 0): digit by digit, a pause between the groups
  as written: +966 50 … -> زائد تسعة ستة ستة، خمسة صفر، …
- Section numbers: N.N.N anywhere, and N.N opening a short line followed by a word (a
  heading): ١.٢ مقدمة -> واحد نقطة اثنين مقدمة. Before a counted noun or in a sentence
  ending in a full stop, N.N stays a decimal.
- A minus after a lone و: و-5 درجات -> وسالب خمس درجات (سالب governs the genitive).
- Dates, years, calendars, clock times and a/b (fractions): dates.py, whose docstring
  lists those readings.
- Decimals: 1.49 -> واحد فاصلة تسعة وأربعون (leading zeros of the fraction read صفر).
  Thousands and decimal separators in both conventions: 1,250.50 and 1.250,50 are
  ألف ومئتان وخمسون فاصلة خمسون (with both, the last separator is the decimal point).
- Percent: خمسة وعشرون بالمئة. Money: the currency noun follows with the counted form.
- Ranges a-b: من A إلى B (after من: A إلى B; after بين: A وB); b < a reads A مقابل B (scores),
  and so does any a-b after نتيجة or تعادل (بنتيجة 0-1: صفر مقابل واحد).
- الـ + number before a counted noun is a definite cardinal (خلال الـ 72 ساعة -> الاثنتين
  والسبعين ساعة); after an indefinite plural it is in construct (منتخبات الـ 32 -> الاثنين
  والثلاثين).
- Ordinals after a sequence noun (الدورة، الجيل، الدقيقة، دورته) are genitive, unless the noun
  is the subject of an intransitive-looking verb right before it (انطلقت الدورة 33 -> الثالثة
  والثلاثون). A clock hour after الساعة takes the case of الساعة.
- A number joined by و to an earlier one takes its case, also across the earlier number's noun
  and adjective (4 ميداليات ذهبية و3 فضيات).
- Digits glued to a Latin word (5G، 12GB، Radian6) are left to the Latin stage.
- Units: 30 كم -> ثلاثون كيلومترا, 5 م -> خمسة أمتار (م after 1000..2100 is the era mark),
  25°C -> خمس وعشرون درجة مئوية; الساعة 5 م -> الساعة الخامسة مساء.
- Strings of more than 12 digits, or with a leading zero, are read digit by digit.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from narrator.frontend.arabic import MASC, NOM, Case, Gender
from narrator.frontend.calendars import PACKAGE as PACKAGE_CALENDARS
from narrator.frontend.calendars import Calendars
from narrator.frontend.grammar import Tables, default_tables
from narrator.frontend.numbers.classify import classify, counts_noun
from narrator.frontend.numbers.features import Features, Last, features
from narrator.frontend.numbers.scan import (
    ANY_DIGIT, LATIN_WORD, NUMBER_RE, NUMBER_WORD, SEPARATORS, Context, ascii_digits,
    words_before)
from narrator.frontend.numbers.tokens import Token
from narrator.frontend.numbers.verbalisers import Said, say
from narrator.frontend.numwords import cardinal, digits, strip

__all__ = ["LATIN_WORD", "NUMBER_WORD", "Features", "Reading", "Token", "counts_noun",
           "verbalise"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reading:
    """How one number was read (`narrator script --explain`): its class, the case it
    passed on and the rule that decided its case (case_rules.RULES, or a rule of
    features.py: glued-preposition, coordinated, duration-adverb …), with the gender and
    construct state it was read with."""

    number: str
    """The number as written (with its glued clitics)."""
    kind: str = "cardinal"
    """The token's class: cardinal, ordinal, counted, money, percent, degrees, year, date,
    day-month, time, clock-hour, duration, range, score, fraction-or-date, phone, section,
    version, dimensions, negative, label, definite-cardinal, age, decimal; or fallback."""
    case: Case = NOM
    rule: str = ""
    gender: Gender = MASC
    construct: bool = False
    definite: bool = False
    words_case: Case = NOM
    """The case its words were said in: `case` unless they agree with a noun before it
    (an ordinal, an hour after الساعة: حتى الساعةِ الثامنةِ)."""

    @classmethod
    def of(cls, token: Token, f: Features, said: Said) -> Reading:
        return cls(token.written, token.kind, said.case, f.rule, f.gender, f.construct,
                   f.definite, f.word_case or said.case)


def verbalise(text: str, vowelled: bool = False, strict: bool = False,
              readings: list[Reading] | None = None, tables: Tables | None = None,
              calendars: Calendars | None = None) -> str:
    """Replace every number in `text` by Arabic words; text without digits is returned as is.

    vowelled=True writes the number words (and the words they re-shape: دُولَارًا) fully
    vowelled, case endings included, so a diacritiser keeps them; the default gives their
    bare letters (the same words, marks stripped). A number the rules fail on is read
    plainly (nominative, masculine) so that no number is ever dropped; strict=True raises
    instead (for tests: a fallback is a bug in the rules). A list given as `readings`
    receives a Reading per number, in order. `tables`: the word tables of the grammar in
    use (a front end's grammar.tables; by default the package's); `calendars`: the month
    names and day parts in use (a front end's wordlists.calendars; by default the package's)."""
    if not ANY_DIGIT.search(text):
        return text
    gr = tables if tables is not None else default_tables()
    cal = calendars if calendars is not None else PACKAGE_CALENDARS
    text = ascii_digits(text).translate(SEPARATORS)
    out: list[str] = []
    pos = 0
    last: Last | None = None  # (end, case) of the previous number, for و-chains
    while (m := NUMBER_RE.search(text, pos)) is not None:
        out.append(text[pos:m.start()])
        try:
            token, f, said = _read(gr, cal, m, text, last)
            if readings is not None:
                readings.append(Reading.of(token, f, said))
        except Exception:  # never drop a number: plain nominative masculine reading
            if strict:
                raise
            log.debug("number %r read plainly", m.group(), exc_info=True)
            said = Said(_fallback(m.group()), m.end(), NOM)
            if readings is not None:
                readings.append(Reading(m.group(), "fallback", NOM, "fallback"))  # (said in NOM)
        out.append(said.words if vowelled else strip(said.words))
        last = (said.end, said.case)
        pos = max(said.end, m.end(), m.start() + 1)
    out.append(text[pos:])
    return "".join(out)


def _read(gr: Tables, cal: Calendars, m: re.Match, text: str,
          last: Last | None) -> tuple[Token, Features, Said]:
    """classify -> features -> verbalise, for one match."""
    ctx = Context(text, m.start(), m.end(), words_before(text, m.start(), 8))
    token = classify(gr, m, ctx, cal)
    f = features(gr, token, ctx, last)
    return token, f, say(gr, token, f)


def _fallback(s: str) -> str:
    def one(m: re.Match) -> str:
        run = m.group()
        return digits(run) if len(run) > 12 else cardinal(int(run))
    return re.sub(r"[0-9]+", one, s)
