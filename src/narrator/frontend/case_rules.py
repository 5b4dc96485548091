"""The case of a number (or of any noun) from the words before it: an ordered table of
named rules. Each rule is a predicate on the bare words before the number, nearest first;
the first that holds decides the case, and its name says why (`narrator script --explain`,
the optional rule column of the golden tables). Their order is their precedence: `RULES`
is configuration, and `decide(before, rules)` takes another order or a subset.

In short (details in each rule's docstring):
- genitive right after a preposition or a governing noun (من، في، بعد، منذ، كل، بعض، نحو،
  حوالي، قرابة، عام، نسبة …) and after an indefinite noun that takes the number in construct
  (a listed verbal noun: مقتل، توقيع; any indefinite noun in ة or ات; a verbal noun by its
  pattern: إصلاح، تسريح; a noun with a glued preposition: بمقدار، بسعر);
- accusative after إنّ and its sisters (the number is their noun), right after a transitive
  news verb (يشهد 24 مليار عملية) or a verb of extent (استمر، تبعد: an adverb), after a verb
  or كان and its subject (بلغ عدد القتلى 50، كان عددهم 50), after a verb whose subject is
  before it or in it (التي نالت 54 مقعدا، يمثلون 22 فريقا، خلقنا 30 ألف وظيفة), after a
  listed verb, its subject and prepositional phrases (يبعد المطار عن وسط المدينة 25 كم),
  after من العمر and البالغ;
- nominative otherwise: right after an intransitive verb (توفي 30 شخصا: the subject), right
  after كان (its subject), in a nominal clause opened by a noun with a pronoun (نسبته 2.1%),
  and after a verb with only an adverb or a phrase after it (قتل في الهجوم 25 شخصا).
Bare three-letter perfects are not recognised by shape: VOS (حضر المؤتمر 1500 مشارك) is as
common with them as VSO. Verbs whose passive is spelt the same and is the norm in casualty
reports (قتل، اعتقل: قُتِلَ خمسةُ أشخاص) take an object only after an explicit subject.
A listed verb spelt like a noun (عمل، وصل، تراجع) is the verb only where a clause opens with
it. The word tables are data (data/grammar/): every rule takes the tables in use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from narrator.frontend import verbs
from narrator.frontend.agreement import (
    _accusative_verb, _any, _construct_noun, _glued_preposition, _masdar_shape, _noun_between,
    _preposition_with_pronoun, _verb_shape, governs_genitive)
from narrator.frontend.arabic import (
    ACC, CONJUNCTIONS, GEN, NOM, POSSESSIVE_SUFFIXES, Case, drop_conj, split_suffix)
from narrator.frontend.grammar import Tables, default_tables


@dataclass(frozen=True, slots=True)
class Rule:
    """One case rule: when `test(words)` holds, the number is in `case`."""

    name: str
    case: Case | None
    """None: the rule skips the nearest word and asks the table again (an adverb between)."""
    test: Callable[[Tables, list[str]], bool]
    """test(tables, words): the tables of the grammar in use, the words before, nearest first."""

    @property
    def doc(self) -> str:
        return (self.test.__doc__ or "").strip().split("\n\n")[0]


def _measure_with_pronoun(gr: Tables, word: str) -> bool:
    w = drop_conj(word, 4)
    stem, suffix = split_suffix(w, POSSESSIVE_SUFFIXES)
    return bool(suffix) and (stem[:-1] + "ة" if stem.endswith("ت") else stem) in gr.measure_noun


def _with_pronoun(gr: Tables, word: str) -> bool:
    """An indefinite noun with a possessive pronoun (نسبته، قيمتها، عددهم)."""
    return (not word.startswith("ال") and len(word) >= 4
            and word.endswith(("ه", "ها", "هم", "هما")) and not _verb_shape(gr, word))


def _svo_verb(gr: Tables, words: list[str], relative: bool = True) -> bool:
    """A verb whose subject stands before it, so the number after it is its object:
    after a relative pronoun (التي نالت 54 مقعدا: the subject is the relative's pronoun),
    and after إنّ/أنّ and their definite noun (أن القوات اعتقلت 22 مشتبها، أن البطالة تطال
    23%), there also with a one-noun phrase after the verb (أن المستشفى استقبل منذ الصباح 60
    مصابا). Passive look-alikes (اعتقلت) are active there; an imperfect in ت/ي is a verb even
    when its shape alone is not enough (تطال)."""
    if len(words) < 2:
        return False
    if words[0] in gr.time_adverb:  # أن الشرطة اعتقلت أمس 22 شخصا
        return _svo_verb(gr, words[1:], relative)
    if (len(words) > 4 and words[0].startswith("ال") and _any(words[1], gr.preposition)
            and not words[2].startswith("ال")):
        return _svo_verb(gr, words[2:], relative=False)
    w = drop_conj(words[0], 3)
    if w.startswith("ال") or w in gr.particle or w.endswith((*POSSESSIVE_SUFFIXES, "ة", "ات")):
        return False  # حضره 500 شخص: an object pronoun, the number is the subject
    if _any(w, gr.kana) or _any(w, gr.time_passing):
        return False  # التي مرت 20 عاما: the time that passes is the subject
    if words[1] in gr.relative:
        # الذي قطع 493 مليون كيلومتر: a relative clause opens with its verb (but التي شارك
        # في التنظيم 500 شخص: after a phrase the number is the verb's subject)
        return relative and len(w) >= 3
    verb = _verb_shape(gr, w) or (w[:1] in ("ت", "ي") and len(w) >= 3) or verbs.is_verb(w)
    if not verb:
        return False
    for k in (1, 2):  # أن القوات (الأمنية) اعتقلت: inna's noun and its adjective
        if (len(words) > k + 1 and all(x.startswith("ال") for x in words[1:k + 1])
                and _any(words[k + 1], gr.inna)):
            return True
    return False


def _plural_verb(gr: Tables, word: str) -> bool:
    """An imperfect with the plural suffix (يمثلون، تحملون) or a perfect in وا (قتلوا): its
    subject is in the verb, so a number after it cannot be the subject."""
    w = drop_conj(word, 5)
    if w.startswith("ال") or w in gr.particle:
        return False
    if w[:1] in ("ي", "ت") and w.endswith("ون") and len(w) >= 5:
        return True
    if w.endswith("وا") and len(w) == 4:
        # قضوا، مضوا، بقوا: a listed verb whose last weak letter drops before وا (four
        # letters: too short to tell from a noun in وا, عضوا، نحوا, by its shape)
        return any(verbs.is_verb(w[:-2] + weak) for weak in ("ى", "ا", "ي"))
    return w.endswith("وا") and len(w) >= 5 and w[:1] not in ("ا",)


def _we_verb(gr: Tables, word: str) -> bool:
    """A perfect verb with the subject suffix نا (خلقنا، عالجنا، أنفقنا), from its shape:
    فعل، فاعل، أفعل or a verb shape or listed verb before the suffix."""
    w = drop_conj(word, 5)
    if not w.endswith("نا") or w in gr.na_not_verb or w.startswith("ال"):
        return False
    base = w[:-2]
    if len(base) < 3 or base.endswith(("ة", "ت", "ا", "ي")) or base in gr.m or (
            base in gr.f):
        return False
    return (_accusative_verb(gr, base) or _verb_shape(gr, base) or len(base) == 3
            or (len(base) == 4 and base[1] == "ا"))


def _masdar_object(gr: Tables, words: list[str]) -> bool:
    """بتغريم الشركة 50 ألف دينار، بعد إعلان الوزارة 12 إصابة: a verbal noun after a
    preposition, then its definite subject or first object, then the number — the verbal
    noun's object, accusative. A verbal noun that opens the clause (إنتاج المصنع 500 طن)
    may be a subject with the number its predicate, so the preposition is required."""
    if len(words) < 2 or not words[0].startswith(("ال", "وال")):
        return False
    noun, prep = words[1], bool(words[2:3]) and _any(words[2], gr.preposition)
    if noun[:1] in ("ب", "ل", "ك") and len(noun) > 4 and not noun.startswith(("ال", "لل")):
        noun, prep = noun[1:], True
    # تفعيل and إفعال are verbal nouns of transitive verbs (تغريم، إعلان); افتعال/استفعال
    # shapes are as often nouns of intransitives or plain nouns (لامتحان البكالوريا 520
    # ألف مترشح: the number is the subject), so only the listed ones count.
    transitive = len(noun) == 5 and ((noun[0] == "ت" and noun[3] == "ي")
                                     or (noun[0] == "إ" and noun[3] == "ا"))
    return prep and (noun in gr.construct_noun or transitive)


def _construct_after_subject(gr: Tables, words: list[str]) -> bool:
    """يتطلب تشكيل الحكومة دعم 151 نائبا: after a verb and its definite subject, a bare
    indefinite noun cannot extend the subject (a construct chain ends at its definite
    noun): it is the object, and the number after it is in construct with it, genitive."""
    if len(words) < 3:
        return False
    w = words[0]
    if (w.startswith(("ال", "و", "ف")) or len(w) < 3 or w.endswith(("ا", "ى"))
            or _verb_shape(gr, w) or _with_pronoun(gr, w) or not _noun_between(gr, w)
            or not words[1].startswith("ال")):
        return False
    # Only a verbal noun by its shape (دعم، نقل، إطلاق، تمويل): a name after a definite
    # title is the subject's apposition (سجل البرتغالي رونالدو 21 هدفا: the object).
    if not (len(w) == 3 or w in gr.construct_noun or _masdar_shape(w)):
        return False
    for i in (2, 3):
        if len(words) > i and all(_noun_between(gr, x) for x in words[1:i]):
            if _accusative_verb(gr, words[i]) or _verb_shape(gr, words[i]):
                return True
    return False


def _listed_verb_at(gr: Tables, words: list[str], i: int) -> bool:
    """Is words[i] a verb of verbs.tsv here? A form that is also a noun (عمل، وصل، تراجع)
    only where the clause opens with it: first in the sentence, with a glued و/ف, or after a
    particle such as قد (شهد المؤشر تراجع 40 نقطة: a verbal noun in construct)."""
    word = words[i]
    if not verbs.is_verb(word):
        return False
    if not (verbs.noun_like(word) or _any(word, gr.construct_noun)):
        return True
    return (i + 1 == len(words) or words[i + 1] in gr.clause_opener
            or (word[:1] in CONJUNCTIONS and verbs.is_verb(word[1:])))


def _intransitive_before(gr: Tables, words: list[str]) -> bool:
    """توفي 30 شخصا، نجا 12 راكبا، تقدم 25 مرشحا: a verb that takes no object right
    before the number — the number is its subject."""
    # استمر، تمتد: verbs of extent take the number as an adverb (تستمر 39 يوما)
    return (verbs.intransitive(words[0]) and _listed_verb_at(gr, words, 0)
            and not _any(words[0], gr.extent))


def _verb_after_its_subject(gr: Tables, words: list[str]) -> bool:
    """طائرات تحمل 120 طنا، الشركة توظف 70 مهندسا: a listed transitive imperfect after a
    noun (its subject, or the noun a descriptive clause refers to) — the subject is in the
    verb, the number its object. Imperfects only: a perfect right before a number is as
    often a passive (قتل 22 مدنيا)."""
    if len(words) < 2 or not verbs.transitive(words[0]):
        return False
    w = words[0][1:] if words[0][:1] in ("و", "ف", "س") else words[0]
    noun = words[1]
    # دراسة شملت 12 ألف شخص: a feminine perfect right after a feminine noun agrees with
    # it (a passive would agree with the number's noun), so the number is the object
    # (not after a preposition: خلال سنة سجلت 12 شركة أرباحا, the companies are the subject)
    feminine_perfect = (w.endswith("ت") and noun.endswith("ة") and not noun.startswith("ال")
                        and not (len(words) > 2 and (_any(words[2], gr.preposition)
                                                     or governs_genitive(gr, words[2]))))
    return ((w[:1] in ("ي", "ت") or feminine_perfect) and not verbs.intransitive(w)
            and len(noun) >= 3
            and noun not in gr.particle and noun not in gr.clause_opener
            and not _any(noun, gr.preposition) and not _any(noun, gr.gen_governor)
            and not _any(noun, gr.time_adverb) and not _preposition_with_pronoun(gr, noun)
            and not _any(noun, gr.have_adverb) and not _any(noun, gr.inna)
            and not _any(noun, gr.kana) and not _any(noun, gr.relative)
            and not verbs.is_verb(noun) and not _verb_shape(gr, noun)
            and not _glued_preposition(gr, noun))


def _verb_subject_phrases(gr: Tables, words: list[str]) -> bool:
    """تستغرق الرحلة من أول الخط إلى آخره 58 دقيقة: a listed transitive verb or verb of
    extent, its definite subject right after it, then two or more prepositional phrases
    before the number (one phrase is handled in case_after): the number is its object."""
    for i in range(3, len(words)):
        w = words[i]
        if _noun_between(gr, w) or _any(w, gr.preposition):
            continue
        if not (_accusative_verb(gr, w) and _listed_verb_at(gr, words, i)) or verbs.intransitive(w):
            return False
        between = words[:i]  # nearest first; between[-1] is the verb's subject
        preps = sum(1 for x in between[:-1] if _any(x, gr.preposition))
        return between[-1].startswith("ال") and preps >= 2
    return False


# --- the rules, as predicates on the words before the number (nearest first) -------------

def _time_adverb_between(gr: Tables, words: list[str]) -> bool:
    """افتتح الرئيس أمس 12 مشروعا، قتل اليوم 5 أشخاص: an adverb of time between a verb (or a
    definite subject) and the number changes nothing: the rules look past it."""
    return (words[0] in gr.time_adverb and len(words) > 1
            and not words[1].startswith(CONJUNCTIONS) and (
                words[1].startswith("ال") or _verb_shape(gr, words[1]) or verbs.is_verb(words[1])))


def _construct_after_preposition(gr: Tables, words: list[str]) -> bool:
    """على منح 45 رخصة، على طول 270 كيلومترا، في منتصف 2024: after a preposition a
    verb-shaped word is a verbal noun, and a noun of measure or of a point in time is in
    construct with the number (not a place name: في مراكش 68%)."""
    first = words[0]
    return (len(words) > 1 and words[1] in gr.noun_preposition and not first.startswith("ال")
            and first not in gr.clause_demonstrative and (
                _any(first, gr.extent_point_noun) or _accusative_verb(gr, first)
                or verbs.is_verb(first)))


def _adverbial_demonstrative(gr: Tables, words: list[str]) -> bool:
    """وتتخطى بذلك 4 ملايين: an adverbial (بذلك، لهذا) between the verb and its object."""
    first = words[0]
    return (first[:1] in ("ب", "ل") and first[1:] in gr.demonstrative and len(words) > 1
            and _accusative_verb(gr, words[1]) and not _any(words[1], gr.passive_lookalike))


def _change_participle(gr: Tables, words: list[str]) -> bool:
    """أغلق المؤشر مرتفعا 2.3%: the extent of an accusative participle of change."""
    return drop_conj(words[0], 0) in gr.change_participle


def _genitive_governor(gr: Tables, words: list[str]) -> bool:
    """من 5، منذ 2020، نحو 30، عام 2020: a preposition or a governing noun."""
    return governs_genitive(gr, words[0])


def _construct_noun_before(gr: Tables, words: list[str]) -> bool:
    """مقتل 15 شخصا، إصابة 40 آخرين، بسعر 999 دولارا: an indefinite noun that takes the
    number in construct (see agreement._construct_noun)."""
    return _construct_noun(gr, words[0])


def _inna(gr: Tables, words: list[str]) -> bool:
    """إن 20 دولة، لأن 5 أشخاص: the noun of inna or a sister."""
    return words[0] in gr.inna or _any(words[0], gr.inna)


def _inna_after_fronted_predicate(gr: Tables, words: list[str]) -> bool:
    """إن لدينا 21 مشروعا: inna's noun after its fronted predicate."""
    return _any(words[0], gr.have_adverb) and len(words) > 1 and _any(words[1], gr.inna)


def _transitive_verb_before(gr: Tables, words: list[str]) -> bool:
    """يشهد 24 مليار عملية، تستمر 39 يوما: a transitive news verb or a verb of extent right
    before the number (the object, the subject in the verb; or an adverb of extent), unless
    its passive is spelt alike (قتل 22 مدنيا: the passive's subject)."""
    return _accusative_verb(gr, words[0]) and not _any(words[0], gr.passive_lookalike)


def _age(gr: Tables, words: list[str]) -> bool:
    """يبلغ من العمر 45 عاما، البالغ من العمر: the object of بلغ."""
    return words[0] in ("العمر", "عمر") and words[1:2] == ["من"]


def _plural_verb_before(gr: Tables, words: list[str]) -> bool:
    """يمثلون 22 فريقا: the subject is the verb's suffix, the number its object."""
    return _plural_verb(gr, words[0])


def _we_verb_before(gr: Tables, words: list[str]) -> bool:
    """«خلقنا 30 ألف وظيفة»: a perfect with its subject نا, then the object."""
    return _we_verb(gr, words[0])


def _verb_subject_then_number(gr: Tables, words: list[str]) -> bool:
    """دمرت الغارات 35 منزلا، حكم السلطان 46 عاما، كان عددهم 50: a verb or كان, its subject
    (one to five nouns), then the number: the object, an adverb of time or extent, or
    kana's predicate, all accusative. Not after a measure with a pronoun (صفقة قيمتها 5
    مليارات: a nominal clause)."""
    for i in (1, 2, 3, 4, 5):  # verb/kana, its subject (one to five nouns), then the number
        if i > 1 and _with_pronoun(gr, words[0]) and _measure_with_pronoun(gr, words[0]):
            # لانكماش نسبته 2.1%، صفقة قيمتها 5 مليارات: a nominal clause (the measure its
            # subject, the number the predicate). Any other noun with a pronoun ends the
            # verb's subject (يبلغ عدد سكانها 20 ألف نسمة: the object).
            return False
        # (غرمت المحكمة كل متهم 200 ألف: كل + noun is a noun phrase, a second object)
        if len(words) > i and all(_noun_between(gr, w) or (j > 0 and w in ("كل", "بعض"))
                                  for j, w in enumerate(words[:i])):
            # After a verb and its subject a bare number can no longer be the subject:
            # it is the object, an adverb of time or extent, or a tamyiz, all accusative
            # (دمرت الغارات 35 منزلا، حكم السلطان 46 عاما، يرتفع الجبل 3088 مترا).
            if _accusative_verb(gr, words[i]) or _any(words[i], gr.kana):
                return True
            # a listed verb of either kind (تراجع المؤشر 20 نقطة: an adverb of extent;
            # عرض المهرجان 85 فيلما: the object)
            if i < 4 and _listed_verb_at(gr, words, i):
                return True
            # An unlisted verb needs a definite subject between (دمرت الغارات 35 منزلا):
            # one bare word between may be an adverb or the start of a phrase.
            # Bare three-letter perfects are left out: VOS is as common with them
            # (حضر المؤتمر 1500 مشارك: the number is the subject).
            # Four or five nouns (a subject and an object of two words each: خفض البنك
            # المركزي سعر الفائدة 50 نقطة; عدد سكان المملكة العربية السعودية) only after
            # a listed verb.
            if i < 4 and _verb_shape(gr, words[i]) and (i > 1 or words[0].startswith("ال")):
                return True
    return False


def _verb_subject_phrase(gr: Tables, words: list[str]) -> bool:
    """يبعد المطار عن وسط المدينة 25 كم: a listed verb, its subject, a prepositional phrase,
    then the number; only with a subject before the phrase (قتل في الهجوم 5 أشخاص has none:
    the number is the passive's subject)."""
    for p in (1, 2, 3):
        # (لهذا الغرض: a glued preposition and a demonstrative open the phrase too)
        if len(words) > p + 2 and (_any(words[p], gr.preposition) or (
                words[p][:1] in ("ل", "ب") and words[p][1:] in gr.clause_demonstrative)) and all(
                _noun_between(gr, w) for w in words[:p]):
            rest = words[p + 1:]
            for i in (1, 2):
                # (كان سعرها في السوق 300 دينار: kana's predicate after the phrase too)
                if (len(rest) > i and all(_noun_between(gr, w) for w in rest[:i])
                        and (_accusative_verb(gr, rest[i]) or _any(rest[i], gr.kana))):
                    return True
            return False
    return False


def _always(gr: Tables, words: list[str]) -> bool:
    """No rule above holds: the number is the subject or the predicate (nominative)."""
    return True


RULES: tuple[Rule, ...] = (
    Rule("time-adverb-between", None, _time_adverb_between),
    Rule("construct-after-preposition", GEN, _construct_after_preposition),
    Rule("intransitive-verb-before", NOM, _intransitive_before),
    Rule("adverbial-demonstrative", ACC, _adverbial_demonstrative),
    Rule("change-participle", ACC, _change_participle),
    Rule("genitive-governor", GEN, _genitive_governor),
    Rule("construct-noun", GEN, _construct_noun_before),
    Rule("inna", ACC, _inna),
    Rule("inna-after-fronted-predicate", ACC, _inna_after_fronted_predicate),
    Rule("transitive-verb-before", ACC, _transitive_verb_before),
    Rule("age", ACC, _age),
    Rule("subject-before-verb", ACC, _svo_verb),
    Rule("verb-after-its-subject", ACC, _verb_after_its_subject),
    Rule("plural-verb", ACC, _plural_verb_before),
    Rule("we-verb", ACC, _we_verb_before),
    Rule("masdar-object", ACC, _masdar_object),
    Rule("construct-after-subject", GEN, _construct_after_subject),
    Rule("verb-subject-then-number", ACC, _verb_subject_then_number),
    Rule("verb-subject-phrase", ACC, _verb_subject_phrase),
    Rule("verb-subject-phrases", ACC, _verb_subject_phrases),
    Rule("nominative", NOM, _always),
)
"""The case rules in order of precedence: the first that holds decides."""


def decide(before: Sequence[str], rules: Sequence[Rule] = RULES,
           gr: Tables | None = None) -> tuple[Case, str]:
    """(case, name of the rule that decided) for a number or noun after `before`, the bare
    words before it, nearest first. A word after و is governed by the word before the و
    (من 3 و5). A rule that looks past a word (an adverb between) names itself and the rule
    that then decided: "time-adverb-between>transitive-verb-before". `gr`: the tables of
    the grammar in use (a front end's; by default the package's)."""
    if gr is None:
        gr = default_tables()
    words = list(before[1:]) if before[:1] == ["و"] else list(before)
    if not words:
        return NOM, "nothing-before"
    for rule in rules:
        if rule.test(gr, words):
            if rule.case is None:
                case, name = decide(words[1:], rules, gr)
                return case, f"{rule.name}>{name}"
            return rule.case, rule.name
    return NOM, "nominative"


def case_after(before: Sequence[str], gr: Tables | None = None) -> Case:
    """The case alone (see decide)."""
    return decide(before, gr=gr)[0]
