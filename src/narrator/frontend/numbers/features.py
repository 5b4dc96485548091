"""The grammar of one number in its sentence: case, gender, construct state, definiteness,
and the name of the rule that decided the case.

The case of the number's place comes first from what is glued to it and from the number
before it (this stage's own rules), then from the words before it (case_rules.decide: an
ordered table of named rules), and may be overruled by the words after it. After a time
phrase (خلال السنة 4,312 ولادة) the rules look past its two words. The rule names
of this stage, as `narrator script --explain` and the golden tables' rule column name them:
- glued-preposition: بـ/لـ/كـ on the number (بـ38): genitive;
- coordinated: joined by و to the number before it (بين 5 و10): that number's case;
- explanation: after أي and a comma (150 دقيقة، أي 30 دقيقة): the case it explains;
- elliptic-verb: a second subject and object of the same verb (…، ومساحة الجهة 40 ألفا);
- duration-adverb: a time it lasted (بالسجن 25 عاما): accusative;
- vos-subject: people after a verb of attending (يحضر المؤتمر 2000 مشارك): nominative;
- subject-before-object: the object after the counted noun (فقد 50 ألف موظف وظائفهم);
- unagreeing-verb: a verb that cannot agree with it, so it is the object (ترجم 12 رواية);
- version-label: a dotted number after الإصدار (in construct: genitive);
- absolute-object: N مرة (شوهد ألفا ومئتي مرة): accusative.

`word_case` is set where the words take another case than the number's place: an ordinal
or an hour is the adjective of the noun before it (انطلقت الدورة 33 -> الثالثة والثلاثون;
في الساعة 5), a score the adverbial of a verb of a match (فاز 2-1 -> اثنين مقابل واحد).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrator.frontend.agreement import (
    duration_adverb, hour_noun, looks_like_noun, noun_gender, strip_prefixes,
    subject_before_object, verb_before_subject, vos_subject)
from narrator.frontend.arabic import ACC, FEM, GEN, MASC, NOM, Case, Gender, bare
from narrator.frontend.case_rules import case_after, decide
from narrator.frontend.grammar import Tables
from narrator.frontend.numbers import coordination
from narrator.frontend.numbers import tokens as t
from narrator.frontend.numbers.classify import prepositional
from narrator.frontend.numbers.scan import AR, Context, word_after, words_after
from narrator.frontend.verbs import intransitive, is_verb, masculine_form, transitive

Last = tuple[int, Case]
"""Where the number before ended and the case it passed on."""


@dataclass(slots=True)
class Features:
    """(Not frozen: one is made for every number, and a frozen dataclass is four times
    slower to make.)"""

    case: Case
    """The case of the number's place."""
    gender: Gender
    """The gender of the noun it counts or agrees with."""
    construct: bool
    """In construct with the noun after it (ثلاثةُ أيامٍ، مئتا عملية)."""
    definite: bool
    rule: str
    """The rule that decided `case` (case_rules.RULES names or this module's)."""
    word_case: Case | None = None
    """The case its words take where it is not the place's (see the module docstring)."""


def features(gr: Tables, token: t.Token, ctx: Context, last: Last | None) -> Features:
    case, rule = place_case(gr, token, ctx, last)
    if isinstance(token, t.Plain) and token.whole and not isinstance(token, t.Year):
        lead = token.lead
        if len(lead) > 1 and lead[0] in ("العام", "السنة") and lead[1] in gr.time_preposition:
            # خلال السنة 4,312 ولادة: a time phrase, not a year's noun governing the number
            case, rule = decide(lead[2:], gr=gr)
    if isinstance(token, t.Cardinal) and case == NOM and strip_prefixes(gr, token.noun) in (
            "مرة", "مرات"):
        case, rule = ACC, "absolute-object"  # 1200 مرة: شوهد ألفا ومئتي مرة
    return _agreement(gr, token, ctx, case, rule)


def place_case(gr: Tables, token: t.Token, ctx: Context, last: Last | None) -> tuple[Case, str]:
    """(case, rule) of the number's place: its clitic, the number before it, the words
    before it (case_rules.decide), then the words after it."""
    before, text, clitics = ctx.before, ctx.text, token.clitics
    joined = bool(clitics.conj) or before[:1] in (["و"], ["أو"], ["او"])
    case, rule = _before(gr, joined, clitics.prep, ctx, last)
    # The words after the number may overrule the rules that look only before it.
    if not joined and not clitics.prep:
        nxt = word_after(text, ctx.end)
        if case == NOM and nxt and duration_adverb(gr, before, nxt[0]):
            case, rule = ACC, "duration-adverb"  # بالسجن 25 عاما: an adverb of time
        elif case == ACC and nxt and vos_subject(gr, before, nxt[0]):
            # يحضر المؤتمر 2000 مشارك: the people are the subject
            case, rule = NOM, "vos-subject"
        elif case == ACC and subject_before_object(gr, before, words_after(text, ctx.end, 4)):
            # فقد 50 ألف موظف وظائفهم: the object comes after the number
            case, rule = NOM, "subject-before-object"
        elif case == NOM and nxt and _unagreeing_verb(gr, before, words_after(text, ctx.end, 2)):
            # وترجم 12 رواية: a masculine verb is not its feminine noun's verb
            case, rule = ACC, "unagreeing-verb"
    if before and token.dotted and strip_prefixes(gr, before[0]) in gr.version_noun:
        # بالإصدار 2.1.3، صدر الإصدار 2.0: a label in construct with its noun
        case, rule = GEN, "version-label"
    return case, rule


def _before(gr: Tables, joined: bool, prep: str, ctx: Context,
            last: Last | None) -> tuple[Case, str]:
    """The number's own clitic and the number before it first, then the words before it."""
    if prep:
        return GEN, "glued-preposition"
    before = ctx.before
    between = ctx.text[last[0]:ctx.start] if last is not None else ""
    if joined and last is not None and coordination.coordinated(gr, between):
        # بين 5 و10، 3 طوابق و40 قاعة: the second number follows the first
        return last[1], "coordinated"
    if before[:1] == ["أي"] and last is not None and coordination.explanation(between):
        # 150 دقيقة أسبوعيا، أي 30 دقيقة: an explanation takes the case it explains
        return last[1], "explanation"
    if last is not None and last[1] == ACC and coordination.elliptic(gr, between):
        # تبلغ مساحة المدينة 320 كم، ومساحة الجهة 40 ألفا: the verb left out
        return ACC, "elliptic-verb"
    return decide(before, gr=gr)


def _unagreeing_verb(gr: Tables, before: list[str], after: list[str]) -> bool:
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
        return looks_like_noun(gr, noun) and noun_gender(gr, noun) == FEM
    return len(noun) > 4 and noun.endswith(("ين", "ون")) and looks_like_noun(gr, noun)


# --- gender, construct state and the words' own case, per class -----------------------------

def _gender_of(gr: Tables, noun: str) -> Gender:
    return noun_gender(gr, noun) if noun else MASC


def _agreement(gr: Tables, token: t.Token, ctx: Context, case: Case, rule: str) -> Features:
    definite = token.clitics.article
    gender, construct, word_case = MASC, False, None
    if isinstance(token, t.Cardinal):
        gender, construct = _cardinal(gr, token, ctx)
    elif isinstance(token, t.CountedNumber):
        gender, construct = token.noun.gender, token.before_noun
    elif isinstance(token, t.Ordinal):
        gender, word_case, definite = _gender_of(gr, token.noun), _ordinal_case(gr, token), True
    elif isinstance(token, (t.ClockHour, t.Time)):
        lead = token.lead if isinstance(token, t.ClockHour) else ctx.before
        gender, word_case, definite = FEM, _hour_case(gr, lead, case), True
    elif isinstance(token, t.Score):
        gender = _gender_of(gr, token.noun)
        # وفاز الوداد على الرجاء 2-1: the score is an adverbial of the verb, accusative where
        # nothing else governs it (بالتعادل 1-1 keeps it a noun's complement)
        if token.after_match_verb and case == NOM and not (
                ctx.before and ctx.before[0][:1] in ("ب", "ل", "ك")):
            word_case = ACC
    elif isinstance(token, (t.Range, t.Dimensions)):
        gender = _gender_of(gr, token.noun)
    elif isinstance(token, t.Negative):
        gender = token.unit.gender if token.unit else _gender_of(gr, token.noun)
        construct = token.unit is None and looks_like_noun(gr, token.noun)
    elif isinstance(token, t.DefiniteCardinal):
        gender, definite = _gender_of(gr, token.noun), True
    elif isinstance(token, t.Age):
        gender, word_case, definite = FEM, GEN, True  # في الـ 9 من عمرها: (السنة) التاسعة
    elif isinstance(token, (t.Degrees, t.Money)):
        gender = FEM if isinstance(token, t.Degrees) else gr.counted[token.currency].gender
    return Features(case, gender, construct, definite, rule, word_case)


_PERIOD_TAIL = re.compile(
    rf"(?<![{AR}])(?:الفترة|المدة|الحقبة|الأعوام|السنوات|عامي|سنتي)[ \t]+(?:[{AR}]+[ \t]+)?"
    rf"(?:ما[ \t]+)?(?:من|بين)[ \t]+[0-9]{{4}}[ \t]*(?:إلى|الى|حتى|و)[ \t]*$")
_EARLIER_COUNT = re.compile(rf"[0-9][ \t]+([{AR}]+)")


def _cardinal(gr: Tables, token: t.Cardinal, ctx: Context) -> tuple[Gender, bool]:
    """The gender of the noun counted and whether the number is in construct with it."""
    n, noun, lead = token.value, token.noun, token.lead
    if token.chain_noun is not None:  # بين 5 و10 دول: the noun after the chain
        return _gender_of(gr, token.chain_noun), False
    # ميزانية 2025 البالغة: a definite word after the number is not its counted noun
    gender = _gender_of(gr, noun) if not noun.startswith("ال") else MASC
    if 1000 <= n <= 2100 and noun and prepositional(gr, noun):
        gender = MASC  # في 2025 باستثمارات: a year, not a count of the phrase after it
    if n < 100 and lead and lead[0] in gr.ellipsis_word and not (
            noun and looks_like_noun(gr, noun)):
        # لعبنا 12 مباراة ولم نخسر سوى 2: a number without its noun agrees with the noun
        # counted before it in the sentence (اثنتين)
        gender = _earlier_noun_gender(gr, ctx.text, ctx.start) or gender
    if token.form != "plain":
        return gender, False
    # في الفترة من 1990 إلى 2000 تضاعف …: the second year of a period counts no noun
    period = _PERIOD_TAIL.search(ctx.text, max(0, ctx.start - 80), ctx.start) is not None
    construct = (looks_like_noun(gr, noun) or noun in gr.data_unit) and not (
        period and 1000 <= n <= 2100)
    return gender, construct


def _earlier_noun_gender(gr: Tables, text: str, start: int) -> Gender | None:
    """The gender of the noun after the last number earlier in the same sentence."""
    window = text[max(0, start - 100):start]
    window = re.split(r"[.!?؟\n]", window)[-1]
    found = [m.group(1) for m in _EARLIER_COUNT.finditer(window)]
    if found and looks_like_noun(gr, bare(found[-1])):
        return noun_gender(gr, bare(found[-1]))
    return None


def _ordinal_case(gr: Tables, token: t.Ordinal) -> Case:
    """Ordinal nouns (المرتبة، القرن) are nearly always objects or after prepositions, so the
    oblique form is used (only the tens show it: الحادي والعشرين) — unless a verb that takes
    no object stands right before the noun: it is the subject, and the ordinal agrees with
    it (انطلقت الدورة 33 -> الثالثة والثلاثون); after inna or a sister the noun is
    accusative, and so is the ordinal (إن الدورة 33 -> الثالثة والثلاثين)."""
    lead, head = token.lead, token.head
    case = NOM if len(lead) > head + 1 and verb_before_subject(gr, lead[head + 1]) else GEN
    if len(lead) > head + 1 and lead[head + 1] in gr.nominal_pronoun:
        case = NOM  # وهذا هو اللقب الـ 22: the predicate of a nominal sentence
    if len(lead) > head + 1 and lead[head + 1] in gr.inna:
        case = ACC  # وأن الدورةَ الثالثةَ والثلاثين: inna's noun, the ordinal its adjective
    if token.plural and not token.noun.startswith("ال") and head == 0:
        case = GEN  # منتخبات الـ 32: an indefinite plural in construct with the number
    return case


def _hour_case(gr: Tables, before: tuple[str, ...] | list[str], case: Case) -> Case:
    """After الساعة the hour is its adjective: the case of الساعة itself (في الساعة
    العاشرةِ، يبدأ الحفل الساعةَ الثامنةَ)."""
    if before and hour_noun(gr, before[0]):
        if before[0][:1] in ("ب", "ل", "ك"):
            return GEN
        if len(before) > 1 and (is_verb(before[1]) or verb_before_subject(gr, before[1])):
            # تنطلق الساعةَ العاشرةَ: right after a verb, الساعة with an hour is an adverb of
            # time, not the verb's subject (the hour does not launch)
            return ACC
        return case_after(list(before[1:]), gr=gr)
    return case
