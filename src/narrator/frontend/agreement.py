"""Agreement of a number with its context: the gender of the counted noun, the word-level
tests of the case rules, and the form a counted noun takes after a number (3 دولارات، 11 دولارا).

Words are compared bare (no harakat, no tatweel). Lists are short on purpose: the endings
ة/ات decide most nouns; the lists hold the common exceptions in news prose.
- gender (arabic.Gender): feminine for a noun in ة (except أفعلة plurals of masculine
  nouns: أسلحة), for an ات
  plural (its singular ends in ة: انتفاضات، مباريات) unless it is a listed masculine ات
  plural (اجتماعات، مطارات) or a تفعيل verbal noun (تصريحات), and for listed feminine words
  and broken plurals (دول); otherwise masculine.
- case: the ordered rule table of case_rules.py (decide / case_after); the word-level tests
  it shares with the rules of this module (a verb by its shape, a noun between a verb and
  the number, a noun in construct, a glued preposition) are here.
- the word lists are data (data/grammar/*.tsv): every function that reads them takes the
  tables in use (`gr`, a grammar.Tables) as its first argument.
- verb transitivity (verbs.py, data/verbs.tsv): a listed intransitive verb right before the
  number makes it the subject (توفي 30 شخصا، تقدم 25 مرشحا: nominative); any listed verb,
  its subject, then the number: accusative (تراجع المؤشر 20 نقطة، عرض المهرجان 85 فيلما);
  a transitive verb right before number + noun + another object has the number as its
  subject (فقد 50 ألف موظف وظائفهم: subject_before_object, which needs the words after).
  A listed verb spelt like a noun (a bare فعل: عمل، وصل; a verbal noun: تراجع) is taken as
  the verb only where a clause opens with it.
"""

from __future__ import annotations

from narrator.frontend import verbs
from narrator.frontend.arabic import (
    ACC, FATHA, FEM, GEN, KASRA, MASC, NOM, POSSESSIVE_SUFFIXES, SUKUN, Gender, bare,
    drop_conj, split_suffix, variants)
from narrator.frontend.grammar import Counted, Tables
from narrator.frontend.numwords import cardinal, inflect


def governs_genitive(gr: Tables, word: str) -> bool:
    return any(v in gr.gen_governor or v in gr.year_noun for v in variants(word))


def _any(word: str, table: frozenset[str]) -> bool:
    return any(v in table for v in variants(word))


def _noun_between(gr: Tables, word: str) -> bool:
    """A word that can be the subject between a verb and its object (عدد، القتلى، الوزارة)."""
    return (word not in gr.particle and not _any(word, gr.preposition)
            and not _preposition_with_pronoun(gr, word) and not _any(word, gr.time_adverb)
            and not _glued_preposition(gr, word)
            and not _accusative_verb(gr, word) and not _any(word, gr.kana)
            and not _any(word, gr.inna))


def _accusative_verb(gr: Tables, word: str) -> bool:
    return _any(word, gr.transitive) or _any(word, gr.extent)


def _masdar_shape(w: str) -> bool:
    """A verbal noun by its pattern alone: إفعال (إصلاح), تفعيل (تسريح), افتعال/انفعال
    (اعتقال), استفعال (استخدام). Verbs never take these shapes."""
    if len(w) < 5:  # also "": a lone tatweel before a number leaves no word
        return False
    if len(w) == 5 and w[0] == "إ" and w[3] == "ا":
        return True
    if len(w) == 5 and w[0] == "ت" and w[3] == "ي":
        return True
    return w[0] == "ا" and not w.startswith("ال") and len(w) in (6, 7) and w[-2] == "ا"


def _glued_preposition(gr: Tables, word: str) -> bool:
    """بالتعادل، للألعاب، بسعر: a preposition and its noun in one word (never a subject)."""
    w = drop_conj(word, 3)
    if w.startswith(("بال", "كال", "لل")) and len(w) > 4:
        return True
    if w[:1] in ("ب", "ك", "ل") and len(w) > 3:
        rest = w[1:]
        return (not _accusative_verb(gr, w) and not _any(w, gr.kana)
                and rest not in gr.particle and not rest.startswith("ال")
                and not (rest.endswith("ت") and not rest.endswith("ات")))
    return False


def _construct_noun(gr: Tables, word: str) -> bool:
    """An indefinite noun right before the number, which it governs in construct: a listed
    verbal noun (مقتل، توقيع), a verbal noun by its shape (إصلاح 73 ثغرة، تسريح 600),
    any indefinite noun in ة or in ات (إصابة 40 آخرين، بيانات 533 مليون), and any noun
    after a glued preposition (بمقدار 25 نقطة، بسعر 999 دولارا، بطول 256 بت)."""
    if _accusative_verb(gr, word) or _any(word, gr.kana) or _any(word, gr.have_adverb):
        return False
    for v in variants(word):
        if v in gr.construct_noun:
            return True
    if verbs.is_verb(word) and not verbs.noun_like(word):
        return False  # استقال، استفاد: a listed verb, not the verbal noun its shape suggests
    w = drop_conj(word, 3)
    if w[:1] in ("ب", "ك", "ل") and len(w) > 3:
        rest = w[1:]
        # بسعر، بمقدار: a preposition and its noun. بلغت، بدأت، بنى are verbs: a two-letter
        # rest or a feminine past ending.
        if (not rest.startswith("ال") and rest not in gr.particle
                and not (rest.endswith("ت") and not rest.endswith("ات"))):
            return True
    if len(w) > 4 and w[:1] in ("ب", "ك", "ل") and w.endswith(("ة", "ات")):
        w = w[1:]
    if w.startswith("ال") or w in gr.particle or _any(w, gr.inna):
        return False
    return ((w.endswith("ة") and len(w) > 2) or (w.endswith("ات") and len(w) >= 5)
            or _masdar_shape(w))


def _verb_shape(gr: Tables, word: str) -> bool:
    """A finite verb by its shape: an imperfect (يضم، يرتفع), a feminine perfect (دمرت،
    سرحت), أفعل (أطلق، أمضى) or افتعل/انفعل/استفعل (اعتقل، افتتح، استقبل)."""
    if _accusative_verb(gr, word) or _any(word, gr.kana):
        return True
    w = drop_conj(word, 3)
    if w in gr.verb_shaped_noun or w in gr.particle or w.startswith("ال"):
        return False
    if w[0] == "ي" and len(w) >= 3 and not w.endswith(("ة", "ات")):
        return True
    if w.endswith("ت") and not w.endswith("ات") and len(w) >= 3:
        return True
    # تنطلق، تستهلك: an imperfect in ت of five letters or more; the verbal nouns in ت have
    # a long vowel inside (تسجيل، تعاون، تكرار) or end in ة.
    if (w[0] == "ت" and len(w) >= 5 and "ا" not in w[2:4] and "ي" not in w[2:4]
            and not w.endswith(("ة", "ات", "ي", "ى"))):
        return True
    # تشغل، ترفع: a four-letter imperfect in ت has no long vowel inside (تمور، تراث are nouns)
    if len(w) == 4 and w[0] == "ت" and not any(c in "اوى" for c in w[1:]) and (
            w[-1] != "ي"):
        return True
    if len(w) == 4 and w[0] == "أ" and w not in gr.afal_noun:
        return True
    return w[0] == "ا" and len(w) in (5, 6) and "ا" not in w[1:]


def verb_before_subject(gr: Tables, word: str) -> bool:
    """An intransitive-looking verb right before a noun (انطلقت الدورة 33): the noun is its
    subject, so an ordinal after the noun is nominative."""
    if verbs.intransitive(word) and not verbs.noun_like(word):
        return True  # تنص المادة 30: a listed verb too short to be told by its shape
    return _verb_shape(gr, word) and not _accusative_verb(gr, word) and not _any(word, gr.kana)



def duration_adverb(gr: Tables, before: list[str], noun: str) -> bool:
    """Is a number before a noun of duration an accusative adverb of time where the other
    rules found no governor (nominative)? After a definite noun with a glued preposition
    (حكم عليه بالسجن 25 عاما) and after a verb and a prepositional phrase of place (عاش في
    المنفى 30 عاما) it is. After على the time is what passes or remains (مر على الحادث 30
    عاما، بقي على الموعد 5 أيام: the subject), so that stays nominative."""
    if bare(noun) not in gr.duration_noun:
        return False
    words = before[1:] if before[:1] == ["و"] else before
    if not words:
        return False
    first = drop_conj(words[0], 0)
    if first.startswith(("بال", "كال")) and len(first) > 4:
        return True
    for i in (1, 2):  # بممارسة النشاط البدني 150 دقيقة: a verbal noun, its object, the time
        if len(words) > i and all(w.startswith("ال") for w in words[:i]) and (
                words[i][:1] == "ب" and not words[i].startswith("بال") and len(words[i]) > 4
                and not _any(words[i], gr.preposition) and not governs_genitive(gr, words[i])):
            return True
    if (len(words) >= 2 and first.startswith("ال") and not _any(words[1], gr.time_passing)
            and (_verb_shape(gr, words[1]) or len(bare(words[1])) == 3)
            and words[1] not in gr.particle and not words[1].startswith("ال")):
        return True  # عاش العالم 63 عاما: a verb, its subject, then the time it lasted
    for p in (1, 2):
        if len(words) > p + 1 and words[p] in gr.stay_preposition and all(
                _noun_between(gr, w) for w in words[:p]):
            verb = words[p + 1]
            if verb.startswith("ال") and len(words) > p + 2:
                verb = words[p + 2]  # ينتظر المرضى في المتوسط 45 يوما: the subject first
            return _verb_shape(gr, verb) or (len(bare(verb)) == 3
                                             and not _any(verb, gr.time_passing)
                                         and verb not in gr.particle)
    return False


def vos_subject(gr: Tables, before: list[str], noun: str) -> bool:
    """Is a number read as an object in fact the subject of a verb of attending (يحضر
    المؤتمر 2000 مشارك)? Only with one definite noun between and a noun of people after."""
    scale = counted_noun(gr, bare(noun))
    if bare(noun) not in gr.people_noun and not (scale and scale.singular in gr.scale):
        return False
    words = before[1:] if before[:1] == ["و"] else before
    return (len(words) >= 2 and words[0].startswith("ال") and _any(words[1], gr.vos_verb))


def _preposition_with_pronoun(gr: Tables, word: str) -> bool:
    """فيها، عليهم، لديه: a preposition or adverb with a pronoun, never a noun."""
    forms = (word, word[1:]) if drop_conj(word) != word else (word,)
    return any(suffix and stem in gr.pronoun_host
               for stem, suffix in map(split_suffix, forms))


def _object_word(gr: Tables, word: str) -> bool:
    """A word that can be a verb's direct object after its subject: a definite noun
    (السباق) or a noun with a possessive pronoun (وظائفهم، منازلهم)."""
    w = drop_conj(word, 4)
    if w in gr.particle or w in gr.time_word or _any(w, gr.have_adverb) or verbs.is_verb(w):
        return False
    if w.startswith("ال"):
        return len(w) > 3 and not _glued_preposition(gr, w)
    stem, suffix = split_suffix(w)
    if suffix and len(stem) >= 3:
        return stem not in gr.pronoun_host and not _glued_preposition(gr, w) and not (
            _verb_shape(gr, stem) or _verb_shape(gr, w))
    return False


def subject_before_object(gr: Tables, before: list[str], after: list[str]) -> bool:
    """Is a number read as the object of the transitive verb right before it in fact its
    subject, because the object comes after the counted noun? فقد 50 ألف موظف وظائفهم،
    أنهى 70 عداء السباق، يملك 40% من السكان منازلهم. `after` holds the bare words after
    the number (its counted noun first), up to the end of the clause."""
    words = before[1:] if before[:1] == ["و"] else before
    if not words or not (verbs.transitive(words[0]) or _any(words[0], gr.transitive)):
        return False
    rest = list(after)
    head = counted_noun(gr, rest[0]) if rest else None
    if head is not None and head.singular in gr.scale:
        rest = rest[1:]  # 50 ألف موظف: the scale word, then the noun counted
    if rest and not rest[0].startswith("ال") and rest[0] not in gr.particle:
        # the counted noun (indefinite): a definite word after it is no adjective of it
        return _object_at(gr, rest[1:])  # أنهى 70 عداء السباق، عبرت 60 سفينة قناة السويس
    if rest[:1] == ["من"] and len(rest) > 2 and rest[1].startswith("ال"):
        # 40% من السكان منازلهم: after a partitive phrase a definite word may be its
        # adjective (4.2% من الناتج المحلي), so only an indefinite object counts
        return not rest[2].startswith("ال") and _object_at(gr, rest[2:])
    return False


def _object_at(gr: Tables, rest: list[str]) -> bool:
    """A direct object opens `rest`: a definite or possessed noun, or an indefinite noun in
    construct with a definite one (نصف الثروة، قناة السويس)."""
    if not rest:
        return False
    if _object_word(gr, rest[0]):
        return True
    w = rest[0]
    return (len(rest) > 1 and rest[1].startswith("ال") and not w.startswith("ال")
            and len(w) >= 3 and w not in gr.particle and not _any(w, gr.preposition)
            and not _any(w, gr.gen_governor) and not _glued_preposition(gr, w)
            and not w.endswith(_ADVERB_ENDINGS) and not verbs.is_verb(w)
            and not _verb_shape(gr, w) and not _preposition_with_pronoun(gr, w)
            and not _any(w, gr.time_adverb))


def year_noun(gr: Tables, word: str) -> bool:
    return any(v in gr.year_noun for v in variants(word))


def _possessed(word: str):
    """The definite noun behind a possessed one: دورته -> الدورة, موسمها -> الموسم."""
    stem, suffix = split_suffix(word, POSSESSIVE_SUFFIXES)
    if suffix and len(stem) >= 3:
        yield "ال" + (stem[:-1] + "ة" if stem.endswith("ت") else stem)


def ordinal_noun(gr: Tables, word: str) -> bool:
    """A noun of sequence that makes a number after it an ordinal (الدورة 33، في دورته 15)."""
    return any(v in gr.ordinal_noun
               for w in variants(word) for v in (w, *_possessed(w), *_singular_of_dual(w)))


def dual_singular(gr: Tables, word: str) -> str | None:
    """The singular of a definite dual ordinal noun (القرنين -> القرن), or None."""
    return next((v for v in _singular_of_dual(word) if v in gr.ordinal_noun), None)


def _singular_of_dual(word: str):
    """القرنين -> القرن, الدورتين -> الدورة: the singular behind a definite dual."""
    for suffix in ("ين", "ان"):
        if word.startswith("ال") and word.endswith(suffix) and len(word) > 5:
            stem = word[:-2]
            yield stem[:-1] + "ة" if stem.endswith("ت") else stem


def hour_noun(gr: Tables, word: str) -> bool:
    return any(v in gr.hour_noun for v in variants(word))


def strip_prefixes(gr: Tables, word: str) -> str:
    """The form of a prefixed word that carries the article or is known (بالمرتبة -> المرتبة)."""
    for v in variants(word):
        if v in gr.ordinal_noun or v in gr.gen_governor or v.startswith("ال"):
            return v
        for p in _possessed(v):
            if p in gr.ordinal_noun:
                return p
    return word


def counted_noun(gr: Tables, word: str) -> Counted | None:
    """The re-shapeable noun a word is a form of (دولارا -> دولار, كم -> كيلومتر), or None."""
    if word in gr.units:
        return gr.counted[gr.units[word]]
    return gr.counted_forms.get(word) or gr.counted_forms.get(
        word[:-1] if word.endswith("ا") else "")


def unit_abbreviation(gr: Tables, word: str) -> Counted | None:
    """The unit an abbreviation stands for (كم -> كيلومتر), or None for any other word."""
    name = gr.units.get(word)
    return gr.counted[name] if name else None


def _core(gr: Tables, word: str) -> str:
    """Without the article and a tanween alif: العاما -> عام."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.endswith("ا") and len(word) > 3 and not word.endswith("اا"):
        stem = word[:-1]
        if stem in gr.m or stem in gr.f or not stem.endswith(("ا", "ى", "ي", "و")):
            word = stem
    return word


def noun_gender(gr: Tables, word: str) -> Gender:
    """Gender of the singular behind a counted noun (masculine is the fallback)."""
    w = bare(word)
    if w in gr.units:
        return gr.counted[gr.units[w]].gender
    for v in (w, _core(gr, w)):
        if v in gr.f:
            return FEM
        if v in gr.m:
            return MASC
        if v in gr.counted_forms:
            return gr.counted_forms[v].gender
    w = _core(gr, w)
    if w.endswith("ة"):
        # أفعلة (أسلحة، أجهزة، أنظمة) is a plural of masculine nouns.
        return MASC if len(w) == 5 and w[0] == "أ" and w[3] != "ي" else FEM
    if w.endswith("ات") and len(w) > 3:
        stem = w[:-2]
        # تفعيل is the verbal noun of فعّل, always masculine (تصريحات، تعديلات); its
        # feminine twin تفعلة has a shorter stem (توصيات). Other masculine ات plurals
        # cannot be told from their shape (اجتماعات vs انتفاضات): they are listed.
        if len(stem) == 5 and stem[0] == "ت" and stem[3] == "ي":
            return MASC
        # The verbal nouns of تفاعل and تفعّل are masculine too (تعادلات، تحالفات، تطورات);
        # a feminine noun of that shape is listed (تظاهرات), and تفعلة nouns end in ي
        # (توصيات، تسويات).
        if stem[0] == "ت" and not stem.endswith("ي") and w not in gr.ta_plural_f and (
                (len(stem) == 5 and stem[2] == "ا") or len(stem) == 4):
            return MASC
        return FEM
    if w.endswith("ى") and len(w) > 2:
        return MASC if w[0] == "م" else FEM  # مستشفى، مبنى vs ذكرى، فتوى
    return MASC


def is_plural(gr: Tables, word: str) -> bool:
    w = _core(gr, bare(word))
    return w in gr.pl or (len(w) > 3 and w.endswith(("ات", "ون", "ين")))


def looks_like_noun(gr: Tables, word: str) -> bool:
    """A plausible counted noun after a number (decides the construct form مئتا/ألفا)."""
    w = bare(word)
    if not w or w in gr.particle or w.startswith("ال") or w in gr.time_adverb:
        return False  # تبدأ الدورة 21 غدا: an adverb of time is never the counted noun
    c = _core(gr, w)
    if w.endswith("يا") and c not in gr.f and w not in gr.f:
        return False  # عالميا، سنويا: a nisba adverb (ضحايا and قضايا are listed nouns)
    if w.endswith("وا") and len(w) > 4:
        return False  # أصيبوا، قتلوا: a plural verb
    if (c.endswith(("ة", "ات")) or c in gr.f or c in gr.m
            or c in gr.counted_forms or w.endswith("ا")):
        return True
    # Any other content word, unless its shape is a verb's: an imperfect (يعيش), a plural
    # or feminine past (وصلوا، تراجعت), or a listed verb/particle (2000 طالب، 200 مشارك).
    if len(w) < 3 or w[0] == "ي" or w.endswith(("وا", "ون")):
        return False
    if w.endswith("ت") and len(w) >= 5:
        return False
    return not (_any(w, gr.transitive) or _any(w, gr.kana) or _any(w, gr.inna)
                or governs_genitive(gr, w))


def looks_like_singular_noun(gr: Tables, word: str) -> bool:
    """A singular noun that can carry 1 or 2 itself (نقطة واحدة، يومان)."""
    w = bare(word)
    return looks_like_noun(gr, w) and not is_plural(gr, w) and not w.endswith(("ا", "ى", "و", "ي"))


def _form(gr: Tables, noun: Counted, which: str, case: str, construct: bool = False) -> str:
    """One vowelled form of a counted noun: "single"/"plural" with its case ending, or the
    dual ("dual"). Nouns without a vowelled entry keep their bare letters."""
    entry = gr.vowelled.get(noun.singular)
    if entry is None:
        if which == "dual":
            dual = noun.dual_obl if case != NOM else noun.dual_nom
            return dual[:-1] if construct else dual
        return noun.plural if which == "plural" else noun.singular
    single, plural, diptote = entry
    if diptote is None:  # يورو
        return single
    if which == "dual":
        stem = single[:-1] + "ت" if single.endswith("ة") else single
        if case != NOM:
            return stem + FATHA + "ي" + SUKUN + ("" if construct else "ن" + KASRA)
        return stem + FATHA + "ا" + ("" if construct else "ن" + KASRA)
    if which == "plural":
        return inflect(plural, case, construct, diptote)
    return inflect(single, case, construct)


def count(gr: Tables, n: int, noun: Counted, case: str, before_noun: bool = False) -> str:
    """n and a re-shapeable noun in the form the number governs (تمييز العدد), fully
    vowelled: 1 دولار واحد, 2 دولاران, 3..10 plural (genitive), 11..99 accusative singular,
    100.. genitive singular.

    before_noun: a scale word that is itself followed by a noun (مليار دولار) takes the
    construct form (مليارا دولار, no tanween: مِلْيَارَ) and drops واحد (مليار دولار).
    """
    if n == 1:
        if before_noun:
            return _form(gr, noun, "single", case, True)
        return f"{_form(gr, noun, 'single', case)} {cardinal(1, noun.gender, case, marks=True)}"
    if n == 2:
        return _form(gr, noun, "dual", case, before_noun)
    last2 = n % 100
    if 3 <= last2 <= 10:
        words = cardinal(n, noun.gender, case, construct=True, marks=True)
        return f"{words} {_form(gr, noun, 'plural', GEN, before_noun)}"
    if 11 <= last2 <= 99:  # أحد عشر ألفا, but أحد عشر ألف دولار (no tanween before a noun)
        words = cardinal(n, noun.gender, case, marks=True)
        if gr.vowelled.get(noun.singular, (0, 0, 0))[2] is None:
            return f"{words} {_form(gr, noun, 'single', ACC)}"
        if noun.singular not in gr.vowelled:
            return f"{words} {noun.singular if before_noun else noun.tamyiz}"
        return f"{words} {_form(gr, noun, 'single', ACC, before_noun)}"
    words = cardinal(n, noun.gender, case, construct=last2 == 0, marks=True)
    return f"{words} {_form(gr, noun, 'single', GEN, before_noun)}"


_ADVERB_ENDINGS = ("يا", "ًا")


def tamyiz(gr: Tables, word: str) -> str | None:
    """The accusative singular a bare masculine noun takes after 11..99 (عام -> عامًا)."""
    return word + "\u064bا" if bare(word) == word and word in gr.tamyiz_alif else None


def scale_counts_noun(gr: Tables, word: str) -> bool:
    """Is the word after ألف/مليون/مليار its counted noun (مليار عملية، مليون حساب)?

    Any content word is, except particles, definite words, verbs (يعيشون، تتجاوز) and
    adverbs in يا (سنويا، تقريبا)."""
    w = bare(word)
    if not w or w in gr.particle or w.startswith("ال") or w.endswith(_ADVERB_ENDINGS):
        return False
    # عام/سنة govern a year after them (عام 2020) but are counted after a scale word
    # (13 مليار سنة ضوئية)
    if _any(w, gr.transitive) or _any(w, gr.kana) or (
            governs_genitive(gr, w) and not year_noun(gr, w)):
        return False
    known = (_core(gr, w) in gr.m or _core(gr, w) in gr.f or w in gr.counted_forms
             or w in gr.y_noun)
    if w[0] == "ي" and not known:
        return False  # يعيش، يتوقع: an imperfect verb
    if w[0] in "تن" and w.endswith(("ون", "ان", "وا")) and not known:
        return False
    return True


def count_by_noun(n: int, noun: str, gender: str, case: str) -> str:
    """1 نقطة -> نقطة واحدة; 2 نقطة -> نقطتان/نقطتين (the noun carries the number)."""
    if n == 1:
        return f"{noun} {cardinal(1, gender, case, marks=True)}"
    stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
    return stem + ("ين" if case != NOM else "ان")
