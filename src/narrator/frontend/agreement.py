"""Agreement of a number with its context: the gender of the counted noun, the case from
the governing word, and the form a counted noun takes after a number (3 دولارات، 11 دولارا).

Words are compared bare (no harakat, no tatweel). Lists are short on purpose: the endings
ة/ات decide most nouns; the lists hold the common exceptions in news prose.
- gender: "f" for a noun in ة (except أفعلة plurals of masculine nouns: أسلحة), for an ات
  plural (its singular ends in ة: انتفاضات، مباريات) unless it is a listed masculine ات
  plural (اجتماعات، مطارات) or a تفعيل verbal noun (تصريحات), and for listed feminine words
  and broken plurals (دول); otherwise "m".
- case: "gen" after a preposition or a governing noun (من، في، عام، نسبة …), else "nom".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrator.frontend.numwords import cardinal

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")

GEN_GOVERNORS = frozenset(
    "من في الى إلى على عن منذ مذ حتى مع بين حوالي حوالى نحو خلال حدود بعد قبل عند لدى "
    "دون فوق تحت أمام خلف حول ضد عبر قرابة زهاء مدة طوال طيلة نسبة معدل مقابل أصل "
    "مجموع إجمالي قيمة بقيمة".split())
YEAR_NOUNS = frozenset("عام العام سنة السنة عامي سنتي أعوام الأعوام".split())
ORDINAL_NOUNS = frozenset(
    "المرتبة المركز الدورة القرن الطبعة الفصل البند الجزء المادة الحلقة النسخة الموسم "
    "الجولة الفقرة الباب المرة الذكرى الدرس الطابق المؤتمر القمة الأسبوع اليوم".split())
HOUR_NOUNS = frozenset(("الساعة",))

# Feminine without ة/ات, and broken plurals whose singular is feminine (خمس دول).
FEM_WORDS = frozenset(
    "دول مدن قرى نقاط سفن رسائل قضايا مناطق حروب أراض أراضي نساء جوائز وثائق حقائب مواد "
    "قواعد دوائر مراحل دقائق ثوان ثواني ليال ليالي سنين ضحايا مدارس كنائس عواصم جزر جمل "
    "خطط فرص قصص صور غرف أسر أمم قمم حزم أرض شمس حرب نفس دار عين يد بئر ريح نار".split())
# ات plurals of masculine singulars (اجتماع، مطار): every other ات plural is feminine.
MASC_AT_PLURALS = frozenset(
    "اجتماعات استثمارات انتخابات امتحانات اختبارات اتفاقات اتصالات احتجاجات اعتداءات "
    "انتهاكات استطلاعات اشتباكات انفجارات اقتراحات اعتقالات استفتاءات انسحابات امتيازات "
    "اعتبارات انتقادات افتراضات استعدادات استخدامات انطباعات إجراءات إصلاحات إنجازات "
    "إعلانات إصدارات إضرابات إحصاءات إمكانات إيرادات إنذارات إعفاءات "
    "مشروعات مليارات تريليونات دولارات ملفات مستشفيات مستويات قطارات مطارات حيوانات "
    "بيانات مؤتمرات مسلسلات منتجات معسكرات حسابات طلبات سجلات مجالات ممرات مكونات "
    "مخططات مخيمات مقترحات مستندات مصطلحات مستودعات منشورات مهرجانات مختبرات "
    "قرارات حوارات مسارات خيارات شعارات كيلومترات كيلوغرامات جنيهات ريالات روبلات يوانات "
    "تطورات تغيرات تحركات تدخلات توقعات تحديات أصوات أوقات أبيات".split())
# Masculine despite ة (قادة، أدوية), masculine broken plurals (أيام) and singulars.
MASC_WORDS = MASC_AT_PLURALS | frozenset(
    "قادة طلبة قضاة أساتذة دعاة ولاة أئمة سادة رعاة أدوية أبنية أندية أودية "
    "أيام أشهر شهور أعوام أسابيع ملايين آلاف رجال أطفال أشخاص أفراد جنود قتلى جرحى أسرى "
    "أهداف أسباب أمور أشياء دروس كتب بنود فصول أجزاء أقسام قرون عقود أحزاب نواب وزراء "
    "صواريخ أطنان أمتار دنانير دراهم قروش أعضاء علماء أطباء خبراء "
    "يوم شهر عام أسبوع قرن عقد شخص طفل رجل جندي قتيل جريح عضو نائب وزير هدف مليون مليار "
    "ألف كيلومتر متر طن صاروخ بلد مواطن لاعب".split())
PLURALS = frozenset(
    "دول مدن قرى نقاط سفن رسائل قضايا مناطق حروب أراض أراضي نساء جوائز وثائق حقائب مواد "
    "قواعد دوائر مراحل دقائق ثوان ثواني ليال ليالي سنين ضحايا مدارس كنائس عواصم جزر جمل "
    "خطط فرص قصص صور غرف أسر أمم قمم حزم قادة طلبة قضاة أساتذة "
    "أيام أشهر شهور أعوام أسابيع ملايين آلاف رجال أطفال أشخاص أفراد جنود قتلى جرحى أسرى "
    "أهداف أسباب أمور أشياء دروس كتب بنود فصول أجزاء أقسام قرون عقود أحزاب نواب وزراء "
    "صواريخ أطنان أمتار دنانير دراهم قروش أعضاء علماء أطباء خبراء".split())
PARTICLES = frozenset(
    "من في الى إلى على عن مع منذ حتى أو او ثم بل لكن إن أن ان قد لا لم لن ما هو هي هم "
    "التي الذي الذين بين عند خلال بعد قبل حول نحو دون ضد لدى عبر أمام تحت فوق كان كانت "
    "فقط تقريبا أيضا منها منهم منه عليه عليها".split())


@dataclass(frozen=True, slots=True)
class Counted:
    """Forms of a noun that numbers re-shape: 1 دولار واحد, 2 دولاران, 3 دولارات, 11 دولارا."""

    singular: str
    dual_nom: str
    dual_obl: str
    plural: str
    tamyiz: str
    """The accusative singular after 11..99 (دولارا); feminine nouns in ة keep ة."""
    gender: str

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.singular, self.dual_nom, self.dual_obl, self.plural, self.tamyiz)


COUNTED = {c.singular: c for c in (
    Counted("دولار", "دولاران", "دولارين", "دولارات", "دولارا", "m"),
    Counted("يورو", "يوروان", "يوروين", "يورو", "يورو", "m"),
    Counted("ريال", "ريالان", "ريالين", "ريالات", "ريالا", "m"),
    Counted("جنيه", "جنيهان", "جنيهين", "جنيهات", "جنيها", "m"),
    Counted("درهم", "درهمان", "درهمين", "دراهم", "درهما", "m"),
    Counted("دينار", "ديناران", "دينارين", "دنانير", "دينارا", "m"),
    Counted("قرش", "قرشان", "قرشين", "قروش", "قرشا", "m"),
    Counted("ليرة", "ليرتان", "ليرتين", "ليرات", "ليرة", "f"),
    Counted("روبل", "روبلان", "روبلين", "روبلات", "روبلا", "m"),
    Counted("يوان", "يوانان", "يوانين", "يوانات", "يوانا", "m"),
    Counted("ألف", "ألفان", "ألفين", "آلاف", "ألفا", "m"),
    Counted("مليون", "مليونان", "مليونين", "ملايين", "مليونا", "m"),
    Counted("مليار", "ملياران", "مليارين", "مليارات", "مليارا", "m"),
    Counted("تريليون", "تريليونان", "تريليونين", "تريليونات", "تريليونا", "m"),
    Counted("دقيقة", "دقيقتان", "دقيقتين", "دقائق", "دقيقة", "f"),
    Counted("درجة", "درجتان", "درجتين", "درجات", "درجة", "f"),
    Counted("كيلومتر", "كيلومتران", "كيلومترين", "كيلومترات", "كيلومترا", "m"),
    Counted("متر", "متران", "مترين", "أمتار", "مترا", "m"),
    Counted("سنتيمتر", "سنتيمتران", "سنتيمترين", "سنتيمترات", "سنتيمترا", "m"),
    Counted("مليمتر", "مليمتران", "مليمترين", "مليمترات", "مليمترا", "m"),
    Counted("كيلوغرام", "كيلوغرامان", "كيلوغرامين", "كيلوغرامات", "كيلوغراما", "m"),
)}
SCALE_WORDS = frozenset(("ألف", "مليون", "مليار", "تريليون"))
# Unit abbreviations after a number, matched exactly (كما and سما are words, not units).
UNIT_ABBREVIATIONS = {
    "كم": "كيلومتر", "كلم": "كيلومتر", "م": "متر", "سم": "سنتيمتر", "ملم": "مليمتر",
    "كغ": "كيلوغرام", "كغم": "كيلوغرام", "كلغ": "كيلوغرام",
}
_COUNTED_FORMS = {form: c for c in COUNTED.values() for form in c.forms}
_COUNTED_FORMS.update({"الف": COUNTED["ألف"], "الاف": COUNTED["ألف"]})


def bare(word: str) -> str:
    """The word without harakat and tatweel."""
    return _DIACRITICS.sub("", word)


def _variants(word: str):
    """The word, then without a glued و/ف, then without a glued ب/ك/ل (لل -> ال)."""
    yield word
    if word[:1] in ("و", "ف") and len(word) > 3:
        word = word[1:]
        yield word
    if word.startswith("لل") and len(word) > 3:
        yield "ال" + word[2:]
    elif word[:1] in ("ب", "ك", "ل") and len(word) > 3:
        yield word[1:]


def governs_genitive(word: str) -> bool:
    return any(v in GEN_GOVERNORS or v in YEAR_NOUNS for v in _variants(word))


def case_after(before: list[str]) -> str:
    """Case of a number from the bare words before it, nearest first: "gen" or "nom".

    A number after و is governed by the word before the و (من 3 و5).
    """
    words = before[1:] if before[:1] == ["و"] else before
    return "gen" if words and governs_genitive(words[0]) else "nom"


def year_noun(word: str) -> bool:
    return any(v in YEAR_NOUNS for v in _variants(word))


def ordinal_noun(word: str) -> bool:
    return any(v in ORDINAL_NOUNS for v in _variants(word))


def hour_noun(word: str) -> bool:
    return any(v in HOUR_NOUNS for v in _variants(word))


def strip_prefixes(word: str) -> str:
    """The form of a prefixed word that carries the article or is known (بالمرتبة -> المرتبة)."""
    for v in _variants(word):
        if v in ORDINAL_NOUNS or v in GEN_GOVERNORS or v.startswith("ال"):
            return v
    return word


def counted_noun(word: str) -> Counted | None:
    """The re-shapeable noun a word is a form of (دولارا -> دولار, كم -> كيلومتر), or None."""
    if word in UNIT_ABBREVIATIONS:
        return COUNTED[UNIT_ABBREVIATIONS[word]]
    return _COUNTED_FORMS.get(word) or _COUNTED_FORMS.get(word[:-1] if word.endswith("ا") else "")


def unit_abbreviation(word: str) -> Counted | None:
    """The unit an abbreviation stands for (كم -> كيلومتر), or None for any other word."""
    name = UNIT_ABBREVIATIONS.get(word)
    return COUNTED[name] if name else None


def _core(word: str) -> str:
    """Without the article and a tanween alif: العاما -> عام."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.endswith("ا") and len(word) > 3 and not word.endswith("اا"):
        stem = word[:-1]
        if stem in MASC_WORDS or stem in FEM_WORDS or not stem.endswith(("ا", "ى", "ي", "و")):
            word = stem
    return word


def noun_gender(word: str) -> str:
    """Gender of the singular behind a counted noun: "f" or "m" (the fallback)."""
    w = bare(word)
    if w in UNIT_ABBREVIATIONS:
        return COUNTED[UNIT_ABBREVIATIONS[w]].gender
    for v in (w, _core(w)):
        if v in FEM_WORDS:
            return "f"
        if v in MASC_WORDS:
            return "m"
        if v in _COUNTED_FORMS:
            return _COUNTED_FORMS[v].gender
    w = _core(w)
    if w.endswith("ة"):
        # أفعلة (أسلحة، أجهزة، أنظمة) is a plural of masculine nouns.
        return "m" if len(w) == 5 and w[0] == "أ" and w[3] != "ي" else "f"
    if w.endswith("ات") and len(w) > 3:
        stem = w[:-2]
        # تفعيل is the verbal noun of فعّل, always masculine (تصريحات، تعديلات); its
        # feminine twin تفعلة has a shorter stem (توصيات). Other masculine ات plurals
        # cannot be told from their shape (اجتماعات vs انتفاضات): they are listed.
        if len(stem) == 5 and stem[0] == "ت" and stem[3] == "ي":
            return "m"
        return "f"
    if w.endswith("ى") and len(w) > 2:
        return "m" if w[0] == "م" else "f"  # مستشفى، مبنى vs ذكرى، فتوى
    return "m"


def is_plural(word: str) -> bool:
    w = _core(bare(word))
    return w in PLURALS or (len(w) > 3 and w.endswith(("ات", "ون", "ين")))


def looks_like_noun(word: str) -> bool:
    """A plausible counted noun after a number (decides the construct form مئتا/ألفا)."""
    w = bare(word)
    if not w or w in PARTICLES or w.startswith("ال"):
        return False
    c = _core(w)
    return (c.endswith(("ة", "ات")) or c in FEM_WORDS or c in MASC_WORDS
            or c in _COUNTED_FORMS or w.endswith("ا"))


def looks_like_singular_noun(word: str) -> bool:
    """A singular noun that can carry 1 or 2 itself (نقطة واحدة، يومان)."""
    w = bare(word)
    return (looks_like_noun(w) and not is_plural(w) and not w.endswith(("ا", "ى", "و", "ي"))
            and (w.endswith("ة") or w in MASC_WORDS or w in FEM_WORDS))


def count(n: int, noun: Counted, case: str, before_noun: bool = False) -> str:
    """n and a re-shapeable noun in the form the number governs (تمييز العدد):
    1 دولار واحد, 2 دولاران, 3..10 plural, 11..99 accusative singular, 100.. singular.

    before_noun: a scale word that is itself followed by a noun (مليار دولار) takes the
    construct form (مليارا دولار) and drops واحد (مليار دولار).
    """
    if n == 1:
        return noun.singular if before_noun else f"{noun.singular} {cardinal(1, noun.gender, case)}"
    if n == 2:
        dual = noun.dual_obl if case != "nom" else noun.dual_nom
        return dual[:-1] if before_noun else dual
    last2 = n % 100
    words = cardinal(n, noun.gender, case, construct=last2 == 0)
    if 3 <= last2 <= 10:
        return f"{words} {noun.plural}"
    if 11 <= last2 <= 99:  # أحد عشر ألفا, but أحد عشر ألف دولار (construct, no tanween)
        return f"{words} {noun.singular if before_noun else noun.tamyiz}"
    return f"{words} {noun.singular}"


def count_by_noun(n: int, noun: str, gender: str, case: str) -> str:
    """1 نقطة -> نقطة واحدة; 2 نقطة -> نقطتان/نقطتين (the noun carries the number)."""
    if n == 1:
        return f"{noun} {cardinal(1, gender, case)}"
    stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
    return stem + ("ين" if case != "nom" else "ان")
