"""Find numbers in Arabic text and read them as words that agree with their context.

`verbalise(text)` replaces every numeric expression; the words come from numwords.py.
Gender and case come from neighbouring words (rules and word lists in agreement.py); a
glued ب/ل/ك makes the number genitive, and one joined by و to the previous one takes its case.

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
import unicodedata
from dataclasses import dataclass

from narrator.frontend import dates
from narrator.frontend.agreement import (
    dual_singular, duration_adverb,
    vos_subject, subject_before_object, count, count_by_noun, counted_noun,
    hour_noun, is_plural, looks_like_noun, looks_like_singular_noun, noun_gender,
    ordinal_noun, scale_counts_noun, strip_prefixes, tamyiz, unit_abbreviation,
    verb_before_subject)
from narrator.frontend.arabic import ACC, FATHA, GEN, KASRA, LETTERS, MARKS, NOM, bare
from narrator.frontend.case_rules import case_after, decide
from narrator.frontend.grammar import Counted, W
from narrator.frontend.numwords import (
    MAX_CARDINAL, cardinal, digits, ordinal, strip, with_article)
from narrator.frontend.verbs import intransitive, is_verb, masculine_form, transitive

log = logging.getLogger(__name__)
_ANY_DIGIT = re.compile(r"\d")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Persian and other digit sets
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%", "−": "-"})
_AR = LETTERS + MARKS  # (the letters' range holds the tatweel)

_INT = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9])|[0-9]+"
# 1.250,50 (a decimal comma after dotted thousands) first; 1,250.50 is _INT then a fraction.
_NUM = rf"[0-9]{{1,3}}(?:\.[0-9]{{3}})+,[0-9]+(?![0-9])|(?:{_INT})(?:\.[0-9]+)?"
_PREFIX = rf"(?:(?<![{_AR}])(?P<pre>[وف]?(?:بال|كال|لل|ال|[بكل])?)(?P<tat>ـ ?|(?<=[وفبكل]) (?=[0-9]))?)?"
_DEGREE = rf" ?[°º](?: ?[CFمف](?![A-Za-z{_AR}]))?"
# Digits glued to a Latin word (5G، 12GB، Radian6، بال5G) belong to a Latin token: the Latin
# stage reads them, never as an Arabic number with the clitic as its article. (A lone
# letter before digits, as in °C0, does not make a word.)
_NUMBER_RE = re.compile(
    rf"(?<![A-Za-z]{{2}})(?:"
    rf"{_PREFIX}(?:"
    rf"(?P<date>(?P<d>[0-9]{{1,2}})(?P<ds>[/.\-])(?P<mo>[0-9]{{1,2}})(?P=ds)(?P<y>[0-9]{{4}}))"
    rf"|(?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))"
    rf"|(?P<slash>(?P<sa>[0-9]+)/(?P<sb>[0-9]+))(?![0-9/])"
    rf"|(?P<hms>(?P<th>[0-9]{{1,2}}):(?P<tm>[0-5][0-9]):(?P<ts>[0-5][0-9]))(?![0-9:])"
    rf"|(?P<time>(?P<hh>[01]?[0-9]|2[0-4]):(?P<mm>[0-5][0-9]))(?![0-9:])"
    rf"|(?P<phone>(?:\+|(?=0[0-9]))[0-9]{{1,5}}(?:[ \-][0-9]{{2,5}})*)(?![0-9]|[.,][0-9])"
    rf"|(?P<sect>(?![0-9]{{1,3}}(?:\.[0-9]{{3}}){{2,}}(?![0-9]))[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{2,}})"
    rf"(?![0-9.]*[0-9])"
    rf"|(?P<dim>(?P<xa>[0-9]+) ?[x×] ?(?P<xb>[0-9]+))(?![0-9]|[.,][0-9])"
    rf"|(?P<range>(?P<ra>[0-9]+) ?[-–—] ?(?P<rb>[0-9]+))(?![0-9]|[.,][0-9])(?P<rpct> ?%)?"
    rf"|(?P<num>{_NUM})(?P<pct> ?%)?(?P<sym> ?[$€£])?(?P<deg>{_DEGREE})?"
    rf")"
    rf"|(?P<psym>[$€£]) ?(?P<pnum>{_NUM})"
    rf"|(?<![\w%])%(?P<ppct>{_NUM})"
    rf"|(?:(?<![\w\-])|(?<=(?<![{_AR}])و))-(?P<neg>{_NUM})(?:(?P<npct> ?%)|(?P<ndeg>{_DEGREE}))?"
    rf")(?![0-9])(?![A-Za-z](?![0-9]))"  # 5G stays whole; 2024-05-18T09:30 is still a date
)
# A definite number inside the words before a number (الساعات الـ 24 الماضية): one word.
# (A bare number usually closes a clause: قتل 12 شخصا وأصيب 30 آخرون.)
_NUMBER_BEFORE = re.compile(rf"(?<![{_AR}])(?:ال|بال|لل)ـ?[ \t]?[0-9]+[ \t]+$")
NUMBER_WORD = "٠"
_WORD_BEFORE = re.compile(rf"([{_AR}]+)[ \t\u00a0]+$")
_WORD_AFTER = re.compile(rf"[ \t\u00a0]*([{_AR}]+)")
# (At most 24 links: every number of a chain looks ahead along it, so an unbounded chain
# made a long list of numbers quadratic; the noun after a longer list is not its count.)
_CHAIN = re.compile(r"(?:[ \t]*(?:و|أو|او|إلى|الى|-|–)[ \t]*[0-9][0-9.,]*){1,24}(?![0-9.,])")
_SYMBOL_CURRENCY = {"$": "دولار", "€": "يورو", "£": "جنيه"}
# A year after a year noun and another year joined by و/إلى (عامي 670 و675 م).
_YEAR_CHAIN = re.compile(
    rf"(?<![{_AR}])[وف]?(?:عامي|سنتي|عام|سنة|العامين|السنتين)[ \t]+[0-9]{{3,4}}[ \t]*"
    rf"(?:و|إلى|الى|حتى)?[ \t]*$")
_RANGE_TAIL = re.compile(
    rf"(?<![{_AR}])[وف]?(?:من|بين)[ \t]+[0-9]{{3,4}}[ \t]*(?:إلى|الى|حتى|و)[ \t]*$")
# How far back those tails are looked for: longer than any of them with single spaces.
_TAIL_WINDOW = 100
# A period of years: its second year is a year, never in construct with the next word.
_PERIOD_TAIL = re.compile(
    rf"(?<![{_AR}])(?:الفترة|المدة|الحقبة|الأعوام|السنوات|عامي|سنتي)[ \t]+(?:[{_AR}]+[ \t]+)?"
    rf"(?:ما[ \t]+)?(?:من|بين)[ \t]+[0-9]{{4}}[ \t]*(?:إلى|الى|حتى|و)[ \t]*$")
# A result before a-b makes it a score whatever the order (بنتيجة 0-1: صفر مقابل واحد).
# An ordinal noun, a number and و before a second number (القرنين 15 و16).
_ORDINAL_PAIR = re.compile(rf"([{_AR}]+)[ \t]+[0-9]+[ \t]*$")


_SCORE_BEFORE = re.compile(r"(?<![0-9])([0-9]{1,2}) ?[-–] ?([0-9]{1,2})[ \t]*[،,]?[ \t]*$")


def _unagreeing_verb(before: list[str], after: list[str]) -> bool:
    """A listed transitive verb right before a number that cannot be its subject by
    agreement, so the number is its object: a verb without a feminine mark (ترجم، يضم)
    before a feminine counted noun (its subject would take ت: ترجمت 12 رواية), or a verb
    with it (برأت) before a sound masculine plural of people (2 من المتهمين: a masculine
    subject right after its verb takes no ت), in the active and the passive alike."""
    if not before or not after or not transitive(before[0]) or intransitive(before[0]):
        return False
    noun = after[0]
    if noun == "من" and len(after) > 1:  # 2 من المتهمين: the noun counted is after من
        noun = after[1][2:] if after[1].startswith("ال") else after[1]
    if masculine_form(before[0]):
        return looks_like_noun(noun) and noun_gender(noun) == "f"
    return len(noun) > 4 and noun.endswith(("ين", "ون")) and looks_like_noun(noun)


def _score_verb(word: str) -> bool:
    """A verb of a match, also with a dual or plural suffix (تعادلا، تعادلتا، فازوا)."""
    return word in W.score_verb or any(
        word.endswith(suffix) and word[:-len(suffix)] in W.score_verb
        for suffix in ("ا", "وا", "تا"))


@dataclass(slots=True)
class Reading:
    """How one number was read (`narrator script --explain`): its class, the case it took
    and the name of the rule that decided the case (case_rules.RULES, or a rule of this
    module named here: glued-preposition, coordinated, duration-adverb …)."""

    number: str
    """The number as written (with its glued clitics)."""
    kind: str = "cardinal"
    """cardinal, ordinal, counted, money, percent, degrees, year, date, day-month, time,
    clock-hour, duration, range, score, fraction-or-date, phone, section, version,
    dimensions, negative, label, definite-cardinal, age, fallback."""
    case: str = NOM
    rule: str = ""


def verbalise(text: str, vowelled: bool = False, strict: bool = False,
              readings: list[Reading] | None = None) -> str:
    """Replace every number in `text` by Arabic words; text without digits is returned as is.

    vowelled=True writes the number words (and the words they re-shape: دُولَارًا) fully
    vowelled, case endings included, so a diacritiser keeps them; the default gives their
    bare letters (the same words, marks stripped). A number the rules fail on is read
    plainly (nominative, masculine) so that no number is ever dropped; strict=True raises
    instead (for tests: a fallback is a bug in the rules). A list given as `readings`
    receives a Reading per number, in order."""
    if not _ANY_DIGIT.search(text):
        return text
    text = _ascii_digits(text).translate(_SEPARATORS)
    out: list[str] = []
    pos = 0
    last: tuple[int, str] | None = None  # (end, case) of the previous number, for و-chains
    while (m := _NUMBER_RE.search(text, pos)) is not None:
        out.append(text[pos:m.start()])
        reading = Reading(m.group())
        try:
            words, end, case = _read(m, text, last, reading)
        except Exception:  # never drop a number: plain nominative masculine reading
            if strict:
                raise
            log.debug("number %r read plainly", m.group(), exc_info=True)
            words, end, case = _fallback(m.group()), m.end(), NOM
            reading.kind = reading.rule = "fallback"
        if readings is not None:
            reading.case = case
            readings.append(reading)
        out.append(words if vowelled else strip(words))
        last = (end, case)
        pos = max(end, m.end(), m.start() + 1)
    out.append(text[pos:])
    return "".join(out)


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def _fallback(s: str) -> str:
    def one(m: re.Match) -> str:
        run = m.group()
        return digits(run) if len(run) > 12 else cardinal(int(run))
    return re.sub(r"[0-9]+", one, s)


def counts_noun(word: str, n: int | None = None) -> bool:
    """A word right after a number that is the noun it counts (not بدقة، في، الجديد). With
    the number's value, its form must fit too: a plural after 3..10 (8 ساعات), an accusative
    singular (its alif) or a noun in ة after 11..99 (15 ساعة، 40 مليارا), so an adjective
    (iPhone 15 جديد) is not taken for one."""
    w = bare(word)
    if not looks_like_noun(w) or _prepositional(w):
        return False
    if counted_noun(w) or n is None:
        return True
    if 3 <= n % 100 <= 10:
        return is_plural(w)
    if 11 <= n % 100 <= 99:
        return w.endswith(("ا", "ة"))
    return True


# A Latin name (أنفقت Amazon 40 مليارا) stands for one Arabic word, LATIN_WORD, an
# indefinite noun to the case rules: the verb before it is still seen.
_LATIN_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9.&'-]*[ \t]+){1,4}$")
LATIN_WORD = "اسم"


def _words_before(text: str, start: int, k: int = 2) -> list[str]:
    """Up to k bare Arabic words right before `start`, nearest first (no punctuation between)."""
    words: list[str] = []
    while len(words) < k:
        m = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if not m and (latin := _LATIN_BEFORE.search(text, max(0, start - 60), start)):
            words.append(LATIN_WORD)
            start = latin.start()
            continue
        if not m:
            # في الساعات الـ 24 الماضية 120 إصابة: an earlier definite number inside the
            # phrase stands for one word (NUMBER_WORD), so the verb before it is still seen
            if words and (num := _NUMBER_BEFORE.search(text, max(0, start - 40), start)):
                words.append(NUMBER_WORD)
                start = num.start()
                continue
            break
        words.append(bare(m.group(1)))
        start = m.start()
    return words


def _words_after(text: str, pos: int, k: int) -> list[str]:
    """Up to k bare Arabic words right after `pos` (a % sign skipped), stopping at
    punctuation or a digit."""
    words: list[str] = []
    if text[pos:pos + 1] == "%":
        pos += 1
    while len(words) < k:
        nxt = _word_after(text, pos)
        if not nxt:
            break
        words.append(nxt[0])
        pos = nxt[1]
    return words


def _word_after(text: str, pos: int) -> tuple[str, int] | None:
    m = _WORD_AFTER.match(text, pos)
    return (bare(m.group(1)), m.end()) if m else None


# --- the readings ----------------------------------------------------------------------

def _read(m: re.Match, text: str, last: tuple[int, str] | None,
          r: Reading) -> tuple[str, int, str]:
    """(words, end of the consumed text, case used) for one match; `r` records its class
    and the rule that decided its case."""
    pre = m.group("pre") or ""
    conj = pre[:1] if pre[:1] in ("و", "ف") else ""
    rest = pre[len(conj):]
    prep = rest[:1] if rest[:1] in ("ب", "ك") or rest in ("ل",) else ""
    article = rest.endswith("ال") or rest == "لل"
    if rest == "لل":
        prep = "ل"
    # eight words: a verb, a two-word subject and a four-word phrase before the number
    # (يتجاوز عدد المشتركين في خدمات الهاتف المحمول 40 مليونا)
    before = _words_before(text, m.start(), 8)
    joined = bool(conj) or before[:1] in (["و"], ["أو"], ["او"])
    case, r.rule = _case(joined, prep, before, m.start(), text, last)
    # The words after the number may overrule the rules that look only before it.
    if not joined and not prep:
        nxt = _word_after(text, m.end())
        if case == NOM and nxt and duration_adverb(before, nxt[0]):
            case, r.rule = ACC, "duration-adverb"  # بالسجن 25 عاما: an adverb of time
        elif case == ACC and nxt and vos_subject(before, nxt[0]):
            # يحضر المؤتمر 2000 مشارك: the people are the subject
            case, r.rule = NOM, "vos-subject"
        elif case == ACC and subject_before_object(before, _words_after(text, m.end(), 4)):
            # فقد 50 ألف موظف وظائفهم: the object comes after the number
            case, r.rule = NOM, "subject-before-object"
        elif case == NOM and nxt and _unagreeing_verb(before, _words_after(text, m.end(), 2)):
            # وترجم 12 رواية: a masculine verb is not its feminine noun's verb
            case, r.rule = ACC, "unagreeing-verb"
    if before and strip_prefixes(before[0]) in W.version_noun and (
            m.group("sect") or "." in (m.group("num") or "")):
        # بالإصدار 2.1.3، صدر الإصدار 2.0: a label in construct with its noun
        case, r.rule, r.kind = GEN, "version-label", "version"
    if r.kind != "version":
        r.kind = _classify(m)
    if m.group("phone"):
        words, end = _phone(m.group("phone")), m.end()
    elif m.group("sect"):
        words, end = _section(m.group("sect"), case), m.end()
    elif m.group("dim"):
        words, end = _dimensions(m, text, case)
    elif m.group("date") or m.group("iso"):
        words, end = dates.read_date(m, text, case)
    elif m.group("slash"):
        words, end = _slash(m, text, before, case)
    elif m.group("hms"):
        words, end = _hms(m, case), m.end()
    elif m.group("time"):
        words, end = dates.read_time(m, text, _hour_case(before, case))
    elif m.group("range"):
        words, end = dates.read_day_range(m.group("ra"), m.group("rb"), text, m.start(),
                                          m.end(), before, case) or _range(m, text, before, case)
        if _VERSUS in words:
            r.kind = "score"
    elif m.group("psym"):
        words, end = _money(m.group("pnum"), _SYMBOL_CURRENCY[m.group("psym")], text, m.end(), case)
    elif m.group("ppct") is not None:
        words, end = _number(m.group("ppct"), case) + _PERCENT, m.end()
    elif m.group("neg") is not None and m.group("ndeg"):
        words, end = _minus(case) + _degrees(m.group("neg"), m.group("ndeg"), "gen"), m.end()
    elif m.group("neg") is not None:
        nxt = _word_after(text, m.end())  # -5 درجات: the counted noun still decides gender
        noun = nxt[0] if nxt else ""
        head = counted_noun(noun) if nxt else None
        if not m.group("npct") and nxt and head:  # و-5 درجات: the noun is counted
            words, end = _minus(case) + _counted(m.group("neg"), head, "gen"), nxt[1]
        else:
            chain = _CHAIN.match(text, m.end())  # بين -5 و10 درجات: the last noun decides
            if chain:
                later = _word_after(text, chain.end())
                noun = later[0] if later else ""
            gender = noun_gender(noun) if noun else "m"
            words = _minus(case) + _number(m.group("neg"), "gen", gender,
                                           construct=looks_like_noun(noun))
            words, end = words + (_PERCENT if m.group("npct") else ""), m.end()
    else:
        words, end, case = _plain(m, text, before, case, article, r)
    return _attach(conj + prep, words), end, case


# The class of a number from the part of the pattern it matched, in _read's order (_plain
# refines "cardinal").
_CLASSES = (("phone", "phone"), ("sect", "section"), ("dim", "dimensions"), ("date", "date"),
            ("iso", "date"), ("slash", "fraction-or-date"), ("hms", "duration"),
            ("time", "time"), ("range", "range"), ("psym", "money"), ("ppct", "percent"),
            ("neg", "negative"))


def _classify(m: re.Match) -> str:
    return next((kind for group, kind in _CLASSES if m.group(group) is not None), "cardinal")


_PREFIX_VOWEL = {"و": FATHA, "ف": FATHA, "ب": KASRA, "ك": FATHA, "ل": KASRA}
_PERCENT = " بِالْمِئَةِ"
_POINT = "فَاصِلَةُ"
_VERSUS = "مُقَابِلَ"


# (singular, dual stem, plural after 3..10) of the parts of a duration h:mm:ss
_HMS_NOUNS = (("سَاعَة", "سَاعَت", "سَاعَات"), ("دَقِيقَة", "دَقِيقَت", "دَقَائِق"),
              ("ثَانِيَة", "ثَانِيَت", "ثَوَانٍ"))


def _hms(m: re.Match, case: str) -> str:
    """2:04:15 (a race time) -> ساعتين وأربع دقائق وخمس عشرة ثانية: each part counts its
    feminine noun; zero parts are left out; the parts share the case of the place."""
    parts = []
    for value, (single, dual, plural) in zip(
            (int(m.group("th")), int(m.group("tm")), int(m.group("ts"))), _HMS_NOUNS, strict=True):
        if value == 0:
            continue
        if value == 1:
            parts.append(single)
        elif value == 2:
            parts.append(dual + ("َانِ" if case == "nom" else "َيْنِ"))
        elif 3 <= value % 100 <= 10:
            parts.append(f"{cardinal(value, 'f', case, construct=True, marks=True)} {plural}")
        else:
            parts.append(f"{cardinal(value, 'f', case, marks=True)} {single}")
    return f" {dates.AND}".join(parts) or cardinal(0, "m", case, marks=True)


def _hour_case(before: list[str], case: str) -> str:
    """After الساعة the hour is its adjective: the case of الساعة itself (في الساعة
    العاشرةِ، يبدأ الحفل الساعةَ الثامنةَ)."""
    if before and hour_noun(before[0]):
        return "gen" if before[0][:1] in ("ب", "ل", "ك") else case_after(before[1:])
    return case


def _minus(case: str) -> str:
    """سالب governs the number after it (إضافة: سالبُ اثنتي عشرة درجة)."""
    return "سَالِب" + {"nom": "\u064f", "acc": FATHA, "gen": KASRA}[case] + " "


def _attach(prefix: str, words: str) -> str:
    """A glued clitic, vowelled, before the number words: وَبِـ, لِلْحَادِي."""
    vowelled = "".join(c + _PREFIX_VOWEL[c] for c in prefix)
    if prefix.endswith("ل") and words.startswith("ال"):
        return vowelled + words[1:]  # ل + الحادي -> للحادي
    return vowelled + words


def _phone(s: str) -> str:
    """+966 50 123 4567 -> زائد تسعة ستة ستة، خمسة صفر، …: digit by digit, a pause
    between the groups as written."""
    groups = re.split(r"[ \-]", s.lstrip("+"))
    words = "، ".join(digits(g, marks=True) for g in groups)
    return ("زَائِد " if s.startswith("+") else "") + words


def _section(s: str, case: str = "nom") -> str:
    """1.2.3 (a section number) -> واحد نقطة اثنين نقطة ثلاثة; the first part takes the case
    of a label in construct (بالإصدار 2.1.3 -> اثنين), the rest follow نقطة (genitive)."""
    first, *rest = s.split(".")
    return " نُقْطَةُ ".join([_number(first, "gen" if case == "gen" else "nom")]
                            + [_number(r, "gen") for r in rest])


def _dimensions(m: re.Match, text: str, case: str) -> tuple[str, int]:
    """2400×1080 (a resolution, 4×5 metres): "A في B", A in the case of the place, B after
    في (genitive); a counted noun after it is counted by B."""
    a, b, end = m.group("xa"), m.group("xb"), m.end()
    nxt = _word_after(text, end)
    noun = counted_noun(nxt[0]) if nxt else None
    counts = nxt is not None and looks_like_noun(nxt[0]) and not _prepositional(nxt[0])
    gender = noun_gender(nxt[0]) if nxt and counts else "m"
    first = _number(a, case, gender)
    if nxt and noun and noun.singular not in W.scale:
        return f"{first} فِي {_counted(b, noun, 'gen')}", nxt[1]
    return f"{first} فِي {_number(b, 'gen', gender)}", end


def _section_heading(m: re.Match, text: str) -> bool:
    """N.N opening a line (a heading or a numbered section: ١.٢ مقدمة) and followed by a
    word is a section number, not a decimal."""
    s = m.group("num")
    if m.group("pre") or not re.fullmatch(r"[0-9]{1,3}\.[0-9]{1,3}", s):
        return False
    # Only 81 characters on either side are looked at: a heading line is at most 80 long
    # (searching to the paragraph's ends for every number made reading quadratic).
    lo = max(0, m.start() - 81)
    line_start = text.rfind("\n", lo, m.start()) + 1
    if line_start == 0 and lo > 0:
        return False  # the line starts more than 80 characters before the number
    line_end = text.find("\n", m.end(), m.end() + 81)
    if line_end < 0:
        if len(text) > m.end() + 81:
            return False  # the line ends more than 80 characters after it
        line_end = len(text)
    line = text[line_start:line_end]
    nxt = _word_after(text, m.end())
    # 2.5 مليون، 9.4 كم: a counted noun or unit after it makes it a decimal; a heading is a
    # short line that is not a sentence (no final full stop).
    return (_HEADING_LEAD.fullmatch(text, line_start, m.start()) is not None
            and _HEADING_WORD.match(text, m.end()) is not None
            and not (nxt and counted_noun(nxt[0]))
            and len(line) <= 80 and not line.rstrip().endswith((".", "؟", "?", "!")))


_HEADING_LEAD = re.compile(r"[\s#*>\-]*")
_HEADING_WORD = re.compile(rf"[ \t]*[-–:.)]?[ \t]*[{_AR}A-Za-z]")


def _case(joined: bool, prep: str, before: list[str], start: int, text: str,
          last: tuple[int, str] | None) -> tuple[str, str]:
    """(case, rule name): the number's own clitic and the number before it first, then the
    words before it (case_rules.decide)."""
    if prep:
        return GEN, "glued-preposition"
    if joined and last is not None and (_coordinated(text[last[0]:start])
                                        or _coordinated_past_phrase(text[last[0]:start])):
        # بين 5 و10، 3 طوابق و40 قاعة: the second number follows the first
        return last[1], "coordinated"
    if before[:1] == ["أي"] and last is not None and re.search("[،,]", text[last[0]:start]):
        # 150 دقيقة أسبوعيا، أي 30 دقيقة: an explanation takes the case it explains
        return last[1], "explanation"
    if last is not None and last[1] == ACC and _elliptic(text[last[0]:start]):
        # تبلغ مساحة المدينة 320 كم، ومساحة الجهة 40 ألفا: the verb left out
        return ACC, "elliptic-verb"
    return decide(before)


_ELLIPTIC = re.compile(
    rf"%?(?:[ \t]*[{_AR}]+){{0,2}}[ \t]*[،,][ \t]*و([{_AR}]+(?:[ \t]+[{_AR}]+){{0,2}})[ \t]*")


def _elliptic(between: str) -> bool:
    """A comma, then و and a noun phrase with no verb before the next number: a second
    subject and object of the same verb (…، ومساحة الجهة 40,700 كم²), so the number keeps
    the first number's accusative."""
    m = _ELLIPTIC.fullmatch(between)
    if not m:
        return False
    words = [bare(w) for w in m.group(1).split()]
    if len(words) > 1 and words[0] in W.elliptic_preposition:
        words = words[1:]  # ، وفي أكادير 61%: a place instead of a second subject
    return not is_verb(words[0]) and not verb_before_subject(words[0]) and all(
        w.startswith("ال") or (looks_like_noun(w) and not is_verb(w)) for w in words)


_BETWEEN_COORDINATED = re.compile(
    rf"[\s،,]*(?:([{_AR}]+)[ \t]+){{0,2}}(?:و|أو|او)?[ \t]*")


def _coordinated(between: str) -> bool:
    """Text between two numbers joined by و: nothing, or the first number's noun and an
    adjective (4 ميداليات ذهبية و3 فضيات), never a particle or a verb (قتل 5 وأصيب 3)."""
    m = _BETWEEN_COORDINATED.fullmatch(between)
    if not m:
        return False
    words = [bare(w) for w in re.findall(rf"[{_AR}]+", between) if w not in ("و", "أو", "او")]
    # (12 حيا سكنيا و3 مستشفيات: a nisba adjective with its accusative alif, يا, too)
    return all(looks_like_noun(w) or w.endswith(("ية", "ي", "يا")) for w in words)


_PHRASE_BETWEEN = re.compile(
    rf"[ \t]*((?:[{_AR}]+[ \t]+){{1,2}})(في|على|من|عند|لدى|خلال)[ \t]+"
    rf"((?:[{_AR}]+[ \t]*){{1,2}})[،,]?[ \t]*(?:و|أو|او)?[ \t]*")


def _coordinated_past_phrase(between: str) -> bool:
    """The first number's noun, a prepositional phrase and a comma before و and the second
    number (إلى 120 قتيلا في المدينة، و40 جريحا): still one coordination, one case."""
    m = _PHRASE_BETWEEN.fullmatch(between)
    if not m:
        return False
    nouns, phrase = m.group(1).split(), [bare(w) for w in m.group(3).split()]
    return (_coordinated(" ".join(nouns) + " ") and all(
        (w.startswith("ال") or looks_like_noun(w)) and not is_verb(w) for w in phrase))


def _as_int(s: str) -> int | None:
    """The value of an integer string that reads as a cardinal, else None.

    Bare digit strings longer than 12 digits or with a leading zero are codes or phone
    numbers (read digit by digit); with thousands separators they are amounts.
    """
    if "," in s or s.count(".") > 1:
        plain = _canonical(s)
        if "." in plain:
            return None  # 1,250.50: a decimal
        value = int(plain)
        return value if value <= MAX_CARDINAL else None
    if s.isdigit() and len(s) <= 12 and not (len(s) > 1 and s[0] == "0"):
        return int(s)
    return None


def _canonical(s: str) -> str:
    """Digits with at most one "." (the decimal point), from either convention: with both
    separators the last one is the decimal point (1,250.50 and 1.250,50 -> 1250.50); a
    comma alone, or several dots, separate thousands (4,312، 1.250.000)."""
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            return s.replace(".", "").replace(",", ".")
        return s.replace(",", "")
    if "," in s or s.count(".") > 1:
        return s.replace(",", "").replace(".", "")
    return s


def _number(s: str, case: str, gender: str = "m", construct: bool = False) -> str:
    """Integer or decimal string (ASCII, separators allowed) in words."""
    n = _as_int(s)
    if n is not None:
        return cardinal(n, gender, case, construct, marks=True)
    whole, _, frac = _canonical(s).partition(".")
    if not frac or "." in frac:
        return digits(s, marks=True)
    return f"{_number(whole, case)} {_POINT} {_fraction(frac, case)}"


def _fraction(frac: str, case: str) -> str:
    """Digits after the point: leading zeros one by one, then the rest as a number."""
    if len(frac) > 12:
        return digits(frac, marks=True)
    zeros = len(frac) - len(frac.lstrip("0"))
    words = ["صِفْر"] * zeros
    if frac.strip("0"):
        words.append(cardinal(int(frac), "m", case, marks=True))
    return " ".join(words) or "صِفْر"


def _plain(m: re.Match, text: str, before: list[str], case: str, article: bool,
           r: Reading) -> tuple[str, int, str]:
    """A number that matched none of the special shapes: percent, heading, money, degrees,
    year, day and month, clock hour, ordinal, counted noun or plain cardinal (r.kind)."""
    s, end = m.group("num"), m.end()
    if m.group("pct"):
        r.kind = "percent"
        return _number(s, case) + _PERCENT, end, case
    if _section_heading(m, text):
        r.kind = "section"
        return _section(s), end, case
    if m.group("sym"):
        r.kind = "money"
        return (*_money(s, _SYMBOL_CURRENCY[m.group("sym").strip()], text, end, case), case)
    if m.group("deg"):
        r.kind = "degrees"
        return _degrees(s, m.group("deg"), case), end, case
    n = _as_int(s)
    nxt = _word_after(text, end)
    if n is not None and not before and m.group("pre") in ("و", "وال"):
        # القرنين 15 و16: the second number of a pair after an ordinal noun is an ordinal too
        pair = _ORDINAL_PAIR.search(text, max(0, m.start() - 60), m.start())
        if pair and ordinal_noun(bare(pair.group(1))):
            before = [bare(pair.group(1))]
    if n is not None:
        # (a bounded window: both tails are a few words long; searching the whole prefix
        # for every number made reading quadratic in paragraph length)
        window = max(0, m.start() - _TAIL_WINDOW)
        if _YEAR_CHAIN.search(text, window, m.start()):
            before = ["عام"]  # بين عامي 670 و675 م: the second year of the pair, no عام added
        # من 750 إلى 1258 م: the first number of the range has no عام, nor has the second
        second = _RANGE_TAIL.search(text, window, m.start()) is not None
        # للعام الـ 3 على التوالي: a number with الـ is an ordinal, never a year
        # 4,312 ولادة: a number written with thousands separators is an amount, not a year
        year = None if article or "," in s else dates.read_year(n, text, end, before, case,
                                                    add_noun=not second)
        if year:
            r.kind = "year"
            return year
        if len(before) > 1 and before[0] in ("العام", "السنة") and before[1] in W.time_preposition:
            # خلال السنة 4,312 ولادة: a time phrase, not a year's noun governing the number
            case, r.rule = decide(before[2:])
        day = dates.read_day_month(n, text, m.start(), end, before, case)
        if day:
            r.kind = "day-month"
            return day
        if before and hour_noun(before[0]) and n <= 24:  # الساعة 5 م: an hour, not metres
            r.kind = "clock-hour"
            return (*dates.read_clock_hour(n, text, end, _hour_case(before, case)), case)
        # المؤتمر 15 is the 15th conference, but المؤتمر 1500 مشارك counts participants.
        counts = (nxt is not None and looks_like_noun(nxt[0]) and not _prepositional(nxt[0])
                  and not (before and _never_counts(before[0], n)))
        if article and 0 < n < 200 and _age_after(text, end):
            # في الـ 9 من عمرها: an age is the ordinal of the year (السنة), feminine
            r.kind = "age"
            return ordinal(n, "f", True, "gen", marks=True), end, case
        if article and n > 2 and nxt and counts_noun(nxt[0], n) and nxt[0] not in W.pointer:
            # خلال الـ 72 ساعة الماضية: الـ before a counted noun makes the cardinal definite
            # (الاثنتين والسبعين ساعة), not an ordinal; the noun stays as written
            gender = noun_gender(nxt[0])
            r.kind = "definite-cardinal"
            return with_article(cardinal(n, gender, case, marks=True)), end, case
        if n > 0 and (article or (before and ordinal_noun(before[0]) and not counts)):
            r.kind = "ordinal"
            return _ordinal(n, before, article), end, case
    if nxt and (head := counted_noun(nxt[0])):
        r.kind = "counted"
        then = _word_after(text, nxt[1])
        # مليار عملية: a scale word before its own counted noun is in construct (no tanween)
        # A scale word written with its tanween alif (60 ألفا يوم الجمعة) is not in construct.
        before_noun = then is not None and head.singular in W.scale and (
            scale_counts_noun(then[0])) and nxt[0] not in ("ألفا", "الفا", "مليونا", "مليارا")
        words, end = _counted(s, head, case, before_noun), nxt[1]
        power = _POWER.match(text, end)
        if power and unit_abbreviation(nxt[0]):  # 40 كم² -> كيلومتر مربع
            return f"{words} {_power_adjective(s, power.group(1))}", power.end(), case
        return words, end, case
    if n is None:
        r.kind = "decimal"
        return _number(s, case), end, case
    noun = nxt[0] if nxt else ""
    if before and strip_prefixes(before[0]) in W.label_noun:
        # القانون رقم 18 لسنة 2023: a label, not a count of the noun after it (masculine)
        r.kind = "label"
        return cardinal(n, "m", case, marks=True), end, case
    if case == NOM and strip_prefixes(noun) in ("مرة", "مرات"):
        # 1200 مرة: an absolute object (شوهد ألفا ومئتي مرة), accusative
        case, r.rule = ACC, "absolute-object"
    chain = _CHAIN.match(text, end)  # بين 5 و10 دول: the noun after the last number decides
    if chain:
        later = _word_after(text, chain.end())
        gender = noun_gender(later[0]) if later else "m"
        return cardinal(n, gender, case, marks=True), end, case
    # ميزانية 2025 البالغة: a definite word after the number is not its counted noun
    gender = noun_gender(noun) if noun and not noun.startswith("ال") else "m"
    if 1000 <= n <= 2100 and noun and _prepositional(noun):
        gender = "m"  # في 2025 باستثمارات: a year, not a count of the phrase after it
    if n < 100 and before and before[0] in W.ellipsis_word and not (
            noun and looks_like_noun(noun)):
        # لعبنا 12 مباراة ولم نخسر سوى 2: a number without its noun agrees with the noun
        # counted before it in the sentence (اثنتين)
        gender = _earlier_noun_gender(text, m.start()) or gender
    if nxt and n in (1, 2) and looks_like_singular_noun(noun):
        return count_by_noun(n, noun, gender, case), nxt[1], case
    # 12 مشروع قانون، 30 رجل أعمال: a tamyiz in construct with the noun after it keeps
    # no tanween alif
    then = _word_after(text, nxt[1]) if nxt else None
    compound = then is not None and then[0] in W.compound_second
    if nxt and 11 <= n % 100 <= 99 and tamyiz(noun) and not compound:  # 15 عام -> خمسة عشر عاما
        return f"{cardinal(n, gender, case, marks=True)} {tamyiz(noun)}", nxt[1], case
    # في الفترة من 1990 إلى 2000 تضاعف …: the second year of a period counts no noun
    period = _PERIOD_TAIL.search(text, max(0, m.start() - 80), m.start()) is not None
    construct = (looks_like_noun(noun) or noun in W.data_unit) and not (
        period and 1000 <= n <= 2100)
    return cardinal(n, gender, case, construct=construct, marks=True), end, case


# A unit abbreviation squared or cubed (كم²، م³): the adjective مربع/مكعب after the unit.
_POWER = re.compile(r"[ \t]?([²³])")


def _power_adjective(s: str, sign: str) -> str:
    """مربع/مكعب agreeing with the counted unit: a plural after 3..10 (كيلومترات مربعة), the
    accusative after 11..99 (كيلومترا مربعا), a dual after 2, else the genitive singular."""
    stem = "مُرَبَّع" if sign == "²" else "مُكَعَّب"
    n = _as_int(s)
    if n is None:
        return stem + KASRA  # 2.4 كم²: a decimal counts the singular
    if n == 2:
        return stem + "َيْنِ"  # (the dual's case is rarely nominative after a unit)
    last2 = n % 100
    if 3 <= last2 <= 10:
        return stem + "َة" + KASRA
    if 11 <= last2 <= 99:
        return stem + "ًا"
    return stem + KASRA


def _never_counts(word: str, n: int) -> bool:
    noun = strip_prefixes(word)
    return (noun == "القرن" and n <= 30) or noun in W.section_noun


_EARLIER_COUNT = re.compile(rf"[0-9][ \t]+([{_AR}]+)")


def _earlier_noun_gender(text: str, start: int) -> str | None:
    """The gender of the noun after the last number earlier in the same sentence."""
    window = text[max(0, start - 100):start]
    window = re.split(r"[.!?؟\n]", window)[-1]
    found = [m.group(1) for m in _EARLIER_COUNT.finditer(window)]
    if found and looks_like_noun(bare(found[-1])):
        return noun_gender(bare(found[-1]))
    return None


def _age_after(text: str, end: int) -> bool:
    """"من عمره/عمرها/العمر" after the number: الـ N is then an age."""
    nxt = _word_after(text, end)
    if not nxt or nxt[0] != "من":
        return False
    then = _word_after(text, nxt[1])
    return then is not None and (then[0] == "العمر" or then[0].startswith("عمر"))


def _prepositional(word: str) -> bool:
    """A word with a glued preposition (للألعاب، بمشاركة): never the counted noun of a
    number before it, so المؤتمر 15 بمشاركة … is still the 15th conference."""
    if word.startswith("ل"):
        return True
    # بزمن، بقيمة، بمشاركة (four letters and more); a known noun in ب (بنود، بيوت) counts
    return (word.startswith("ب") and len(word) >= 4 and not word.endswith("ا")
            and word not in W.b_noun
            and looks_like_noun(word[1:]))


def _ordinal(n: int, before: list[str], article: bool) -> str:
    """الـ21 after القرن, المرتبة 63, الدول الـ5 (plural noun: a definite cardinal)."""
    noun = strip_prefixes(before[0]) if before else ""
    noun = dual_singular(noun) or noun  # القرنين 15 و16: the ordinals agree with القرن
    head = 0  # where the noun the number agrees with stands
    if (article and noun.startswith("ال") and noun.endswith(("ة", "ي", "ى")) and not is_plural(noun)
            and len(before) > 1 and is_plural(strip_prefixes(before[1]))):
        noun, head = strip_prefixes(before[1]), 1  # الدوائر الانتخابية الـ 33: the plural
    elif (article and noun in W.apposition_plural and len(before) > 1
          and is_plural(strip_prefixes(before[1]))):
        noun, head = strip_prefixes(before[1]), 1  # الدول الأعضاء الـ 27: it counts الدول
    gender = noun_gender(noun) if noun else "m"
    # Ordinal nouns (المرتبة، القرن) are nearly always objects or after prepositions, so the
    # oblique form is used (only the tens show it: الحادي والعشرين) — unless a verb that
    # takes no object stands right before the noun: it is the subject, and the ordinal
    # agrees with it (انطلقت الدورة 33 -> الثالثة والثلاثون).
    case = "nom" if len(before) > head + 1 and verb_before_subject(before[head + 1]) else "gen"
    if len(before) > head + 1 and before[head + 1] in W.nominal_pronoun:
        case = "nom"  # وهذا هو اللقب الـ 22: the predicate of a nominal sentence
    if article and noun and is_plural(noun):
        if not noun.startswith("ال") and head == 0:
            case = "gen"  # منتخبات الـ 32: an indefinite plural in construct with the number
        return with_article(cardinal(n, gender, case, marks=True))
    return ordinal(n, gender, True, case, marks=True)


def _counted(s: str, noun: Counted, case: str, before_noun: bool = False) -> str:
    """A number string followed by a known counted noun (currency, unit, ألف …)."""
    n = _as_int(s)
    if n is None:  # 2.5 كيلومتر: a decimal counts the singular
        return f"{_number(s, case)} {noun.singular}"
    return count(n, noun, case, before_noun)


def _money(s: str, currency: str, text: str, end: int, case: str) -> tuple[str, int]:
    """$5 -> خمسة دولارات; $5 مليار -> خمسة مليارات دولار (the currency after the scale)."""
    nxt = _word_after(text, end)
    scale = counted_noun(nxt[0]) if nxt else None
    if nxt and scale and scale.singular in W.scale:
        return f"{_counted(s, scale, case, before_noun=True)} {currency}", nxt[1]
    return _counted(s, W.counted[currency], case), end


def _range(m: re.Match, text: str, before: list[str], case: str) -> tuple[str, int]:
    a, b = m.group("ra"), m.group("rb")
    if len(b) < len(a) and int(a[: len(a) - len(b)] + b) > int(a):
        b = a[: len(a) - len(b)] + b  # 2012-14 -> 2012-2014
    nxt = _word_after(text, m.end())
    # فاز 3-1 على منافسه: only a noun after the pair gives it a gender (not على)
    gender = noun_gender(nxt[0]) if nxt and looks_like_noun(nxt[0]) else "m"
    pct = _PERCENT if m.group("rpct") else ""
    first = before[1] if before[:1] == ["و"] and len(before) > 1 else (before[0] if before else "")
    # خسر المنتخب أمام البرازيل 0-3: after a verb of a match, a small pair is a score
    # whichever side is larger (a range would be 0-3 سنوات), and an adverbial of the verb:
    # accusative where nothing else governs it (وفاز الوداد على الرجاء 2-1 -> اثنين)
    after_match = b.isdigit() and int(b) <= 40 and not m.group("rpct") and any(
        _score_verb(w) for w in before[:6])
    if after_match and case == "nom" and not (before and before[0][:1] in ("ب", "ل", "ك")):
        case = "acc"  # (بالتعادل 1-1 keeps the score a noun's complement: واحد مقابل واحد)
    # 6-4 و3-6 و7-5: a pair right after a score is a score too (tennis sets)
    # (only after a pair that is a score by itself, its first number the larger: 10-15
    # و20-25 are two ranges)
    prev = _SCORE_BEFORE.search(text, max(0, m.start() - 12), m.start())
    after_score = prev is not None and int(prev.group(2)) < int(prev.group(1))
    score = bool(before) and before[0] in W.score_word or after_match or after_score
    if _as_int(a) is not None and _as_int(b) is not None and (int(b) <= int(a) or score):
        return (f"{_number(a, case, gender)} {_VERSUS} {_number(b, 'gen', gender)}{pct}",
                m.end())
    A, B, end = _number(a, "gen", gender), _number(b, "gen", gender), m.end()
    unit = unit_abbreviation(nxt[0]) if nxt and not pct else None
    if nxt and unit:  # 3-5 كم: the unit is spelled out and counted by the last number
        B, end = _counted(b, unit, "gen"), nxt[1]
    if strip_prefixes(first) == "بين":
        return f"{A} {dates.AND}{B}{pct}", end
    if strip_prefixes(first) == "من":
        return f"{A} {dates.TO} {B}{pct}", end
    return f"{dates.FROM} {A} {dates.TO} {B}{pct}", end


def _slash(m: re.Match, text: str, before: list[str], case: str) -> tuple[str, int]:
    """a/b: a date or a fraction (dates.py), otherwise "a على b"."""
    a, b = m.group("sa"), m.group("sb")
    return dates.read_slash(a, b, text, m.start(), m.end(), before, case) or (
        f"{_number(a, case)} {dates.ON} {_number(b, 'gen')}", m.end())


def _degrees(s: str, mark: str, case: str) -> str:
    """25° -> خمس وعشرون درجة; 25°C -> … درجة مئوية (the adjective agrees with a dual)."""
    words = _counted(s, W.counted["درجة"], case)
    scale = mark.strip()[-1]
    if scale in "Fف":
        return f"{words} فهرنهايت"
    if scale not in "Cم":
        return words
    n = _as_int(s)
    if n == 1:
        return f"درجة مئوية {cardinal(1, 'f', case)}"
    if n == 2:
        return f"{words} {'مئويتان' if case == 'nom' else 'مئويتين'}"
    return f"{words} مئوية"
