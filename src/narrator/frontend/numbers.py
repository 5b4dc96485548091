"""Find numbers in Arabic text and read them as words that agree with their context.

`verbalise(text)` replaces every numeric expression; the words come from numwords.py.
Agreement is decided from neighbouring words (word lists in the second half of this file):
- case: genitive after a preposition or a governing noun (من، في، عام، نسبة …) or a glued
  ب/ل/ك; a number joined by و to the previous one takes its case; otherwise nominative.
- gender: from the counted noun after the number (ة/ات, lists of broken plurals); the
  fallback is masculine.

Readings chosen here (documented for the lead and the tests):
- A glued prefix stays glued: و2022 -> وألفان…, بـ38 -> بثمانية وثلاثين, الـ21 -> الحادي…
- Dates are day/month/year: 17/5/2024 -> السابع عشر من مايو عام ألفين وأربعة وعشرين, with
  Egyptian/Gulf month names (يناير … ديسمبر); followed by هـ: Hijri month names and للهجرة.
- 1244 هـ -> عام ألف ومئتين وأربعة وأربعين للهجرة ("عام" added unless already there).
- Times: 10:30 العاشرة والنصف, 10:15 والربع, 9:45 العاشرة إلا ربعا, otherwise minutes counted:
  العاشرة وعشرون دقيقة. Hours are 24-hour ordinals (الساعة الخامسة عشرة), 0 is الثانية عشرة.
- Decimals: 1.49 -> واحد فاصلة تسعة وأربعون (leading zeros of the fraction read صفر).
- Percent: خمسة وعشرون بالمئة. Money: the currency noun follows with the counted form.
- Ranges a-b: من A إلى B (after من: A إلى B; after بين: A وB); b < a reads A مقابل B (scores).
- Strings of more than 12 digits, or with a leading zero, are read digit by digit.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from narrator.frontend.numwords import MAX_CARDINAL, cardinal, digits, ordinal, with_article

log = logging.getLogger(__name__)
_ANY_DIGIT = re.compile(r"\d")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Persian and other digit sets
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%", "−": "-"})
_AR = "\u0621-\u064a\u0640\u064b-\u0652\u0670"

_INT = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9])|[0-9]+"
_NUM = rf"(?:{_INT})(?:\.[0-9]+)?"
_PREFIX = rf"(?:(?<![{_AR}])(?P<pre>[وف]?(?:بال|كال|لل|ال|[بكل])?)(?P<tat>ـ ?)?)?"
_NUMBER_RE = re.compile(
    rf"(?:"
    rf"{_PREFIX}(?:"
    rf"(?P<date>(?P<d>[0-9]{{1,2}})(?P<ds>[/.\-])(?P<mo>[0-9]{{1,2}})(?P=ds)(?P<y>[0-9]{{4}}))"
    rf"|(?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))"
    rf"|(?P<time>(?P<hh>[01]?[0-9]|2[0-4]):(?P<mm>[0-5][0-9]))(?![0-9:])"
    rf"|(?P<range>(?P<ra>[0-9]+) ?[-–—] ?(?P<rb>[0-9]+))(?![0-9.,])(?P<rpct> ?%)?"
    rf"|(?P<num>{_NUM})(?P<pct> ?%)?(?P<sym> ?[$€£])?"
    rf")"
    rf"|(?P<psym>[$€£]) ?(?P<pnum>{_NUM})"
    rf"|(?<![\w%])%(?P<ppct>{_NUM})"
    rf"|(?<![\w\-])-(?P<neg>{_NUM})(?P<npct> ?%)?"
    rf")(?![0-9])"
)
_WORD_BEFORE = re.compile(rf"([{_AR}]+)[ \t\u00a0]+$")
_WORD_AFTER = re.compile(rf"[ \t\u00a0]*([{_AR}]+)")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_CHAIN = re.compile(r"(?:[ \t]*(?:و|أو|او|إلى|الى|-|–)[ \t]*[0-9][0-9.,]*)+(?![0-9.,])")
_SYMBOL_CURRENCY = {"$": "دولار", "€": "يورو", "£": "جنيه"}


def verbalise(text: str) -> str:
    """Replace every number in `text` by Arabic words; text without digits is returned as is."""
    if not _ANY_DIGIT.search(text):
        return text
    text = _ascii_digits(text).translate(_SEPARATORS)
    out: list[str] = []
    pos = 0
    last: tuple[int, str] | None = None  # (end, case) of the previous number, for و-chains
    while (m := _NUMBER_RE.search(text, pos)) is not None:
        out.append(text[pos:m.start()])
        try:
            words, end, case = _read(m, text, last)
        except Exception:  # never drop a number: plain nominative masculine reading
            log.debug("number %r read plainly", m.group(), exc_info=True)
            words, end, case = _fallback(m.group()), m.end(), "nom"
        out.append(words)
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


def _bare(word: str) -> str:
    return _DIACRITICS.sub("", word)


def _words_before(text: str, start: int, k: int = 2) -> list[str]:
    """Up to k bare Arabic words right before `start`, nearest first (no punctuation between)."""
    words = []
    while len(words) < k:
        m = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if not m:
            break
        words.append(_bare(m.group(1)))
        start = m.start()
    return words


def _word_after(text: str, pos: int) -> tuple[str, int] | None:
    m = _WORD_AFTER.match(text, pos)
    return (_bare(m.group(1)), m.end()) if m else None


# --- the readings ----------------------------------------------------------------------

def _read(m: re.Match, text: str, last: tuple[int, str] | None) -> tuple[str, int, str]:
    """(words, end of the consumed text, case used) for one match."""
    pre = m.group("pre") or ""
    conj = pre[:1] if pre[:1] in ("و", "ف") else ""
    rest = pre[len(conj):]
    prep = rest[:1] if rest[:1] in ("ب", "ك") or rest in ("ل",) else ""
    article = rest.endswith("ال") or rest == "لل"
    if rest == "لل":
        prep = "ل"
    before = _words_before(text, m.start())
    joined = bool(conj) or before[:1] == ["و"]
    case = _case(joined, prep, before, m.start(), text, last)
    if m.group("date") or m.group("iso"):
        words, end = _date(m, text, case)
    elif m.group("time"):
        words, end = _time(m, text, case)
    elif m.group("range"):
        words, end = _range(m, text, before, case)
    elif m.group("psym"):
        words, end = _money(m.group("pnum"), _SYMBOL_CURRENCY[m.group("psym")], text, m.end(), case)
    elif m.group("ppct") is not None:
        words, end = _number(m.group("ppct"), case) + " بالمئة", m.end()
    elif m.group("neg") is not None:
        words = "سالب " + _number(m.group("neg"), case)
        words, end = words + (" بالمئة" if m.group("npct") else ""), m.end()
    else:
        words, end, case = _plain(m, text, before, case, article)
    return _attach(conj + prep, words), end, case


def _attach(prefix: str, words: str) -> str:
    if prefix.endswith("ل") and words.startswith("ال"):
        return prefix + words[1:]  # ل + الحادي -> للحادي
    return prefix + words


def _case(joined: bool, prep: str, before: list[str], start: int, text: str,
          last: tuple[int, str] | None) -> str:
    if prep:
        return "gen"
    if joined and last is not None and re.fullmatch(r"[\s،,و]*", text[last[0]:start]):
        return last[1]  # بين 5 و10: the second number follows the first
    words = before[1:] if before[:1] == ["و"] else before
    if words and governs_genitive(words[0]):
        return "gen"
    return "nom"


def _as_int(s: str) -> int | None:
    """The value of an integer string that reads as a cardinal, else None.

    Bare digit strings longer than 12 digits or with a leading zero are codes or phone
    numbers (read digit by digit); with thousands separators they are amounts.
    """
    if "," in s or s.count(".") > 1:
        value = int(s.replace(",", "").replace(".", ""))
        return value if value <= MAX_CARDINAL else None
    if s.isdigit() and len(s) <= 12 and not (len(s) > 1 and s[0] == "0"):
        return int(s)
    return None


def _number(s: str, case: str, gender: str = "m", construct: bool = False) -> str:
    """Integer or decimal string (ASCII, separators allowed) in words."""
    n = _as_int(s)
    if n is not None:
        return cardinal(n, gender, case, construct)
    whole, _, frac = s.replace(",", "").partition(".")
    if not frac or "." in frac:
        return digits(s)
    return f"{_number(whole, case)} فاصلة {_fraction(frac, case)}"


def _fraction(frac: str, case: str) -> str:
    """Digits after the point: leading zeros one by one, then the rest as a number."""
    if len(frac) > 12:
        return digits(frac)
    zeros = len(frac) - len(frac.lstrip("0"))
    words = ["صفر"] * zeros + ([cardinal(int(frac), "m", case)] if frac.strip("0") else [])
    return " ".join(words) or "صفر"


def _plain(m: re.Match, text: str, before: list[str], case: str,
           article: bool) -> tuple[str, int, str]:
    s, end = m.group("num"), m.end()
    if m.group("pct"):
        return _number(s, case) + " بالمئة", end, case
    if m.group("sym"):
        return (*_money(s, _SYMBOL_CURRENCY[m.group("sym").strip()], text, end, case), case)
    n = _as_int(s)
    nxt = _word_after(text, end)
    if n is not None:
        year = _year(n, text, end, before, case)
        if year:
            return year
        day = _day_month(n, text, end, case)
        if day:
            return day
        if n > 0 and (article or (before and ordinal_noun(before[0]))):
            return _ordinal(n, before, article), end, case
    if nxt and counted_noun(nxt[0]):
        then = _word_after(text, nxt[1])
        before_noun = bool(then) and counted_noun(nxt[0]).singular in SCALE_WORDS and (
            looks_like_noun(then[0]))
        return _counted(s, counted_noun(nxt[0]), case, before_noun), nxt[1], case
    if n is None:
        return _number(s, case), end, case
    noun = nxt[0] if nxt else ""
    chain = _CHAIN.match(text, end)  # بين 5 و10 دول: the noun after the last number decides
    if chain:
        later = _word_after(text, chain.end())
        gender = noun_gender(later[0]) if later else "m"
        return cardinal(n, gender, case), end, case
    gender = noun_gender(noun) if noun else "m"
    if n in (1, 2) and looks_like_singular_noun(noun):
        return _one_or_two(n, noun, gender, case), nxt[1], case
    return cardinal(n, gender, case, construct=looks_like_noun(noun)), end, case


def _year(n: int, text: str, end: int, before: list[str], case: str):
    """Years: after عام/سنة, before هـ, or after a month name. None if not a year."""
    hijri = HIJRI_MARK.match(text, end)
    after_month = before and month_before(before) and 100 <= n <= 2100
    era = AD_MARK.match(text, end) if 1000 <= n <= 2100 else None
    if not (hijri or era or after_month or (before and year_noun(before[0]))):
        return None
    lead = "" if before and year_noun(before[0]) else "عام "
    if hijri:
        return f"{lead}{cardinal(n, 'm', 'gen')} للهجرة", hijri.end(), "gen"
    era = AD_MARK.match(text, end)
    if era and n >= 100:
        return f"{lead}{cardinal(n, 'm', 'gen')} للميلاد", era.end(), "gen"
    return lead + cardinal(n, "m", "gen"), end, "gen"


def _day_month(n: int, text: str, end: int, case: str):
    """3 ديسمبر 1828 -> الثالث من ديسمبر عام …; None if no month name follows."""
    month = MONTH_AFTER.match(text, end)
    if not month or not 1 <= n <= 31:
        return None
    words = f"{ordinal(n, 'm', True, 'gen')} من {month.group('month')}"
    end = month.end()
    year = re.compile(r"[ \t]+([0-9]{3,4})(?![0-9.,])").match(text, end)
    if year:
        hijri = HIJRI_MARK.match(text, year.end())
        words += " عام " + cardinal(int(year.group(1)), "m", "gen")
        end = year.end()
        if hijri:
            words, end = words + " للهجرة", hijri.end()
    return words, end, case


def _ordinal(n: int, before: list[str], article: bool) -> str:
    """الـ21 after القرن, المرتبة 63, الدول الـ5 (plural noun: a definite cardinal)."""
    noun = strip_prefixes(before[0]) if before else ""
    gender = noun_gender(noun) if noun else "m"
    # Ordinal nouns (المرتبة، القرن) are nearly always objects or after prepositions, so the
    # oblique form is used (only the tens show it: الحادي والعشرين).
    if article and noun and is_plural(noun):
        return with_article(cardinal(n, gender, "gen"))
    return ordinal(n, gender, True, "gen")


def _one_or_two(n: int, noun: str, gender: str, case: str) -> str:
    """1 نقطة -> نقطة واحدة; 2 نقطة -> نقطتان (the noun carries the number)."""
    if n == 1:
        return f"{noun} {cardinal(1, gender, case)}"
    return noun_dual(noun, case)


def _counted(s: str, noun: Counted, case: str, before_noun: bool = False) -> str:
    """A number followed by a known counted noun (currency, ألف/مليون …), noun re-formed.

    before_noun: a scale word that is itself followed by a noun (مليار دولار) takes the
    construct form (مليارا دولار) and drops واحد (مليار دولار).
    """
    n = _as_int(s)
    if n is None:
        return f"{_number(s, case)} {noun.singular}"
    if n == 1:
        return noun.singular if before_noun else f"{noun.singular} {cardinal(1, noun.gender, case)}"
    if n == 2:
        dual = noun.dual_obl if case != "nom" else noun.dual_nom
        return dual[:-1] if before_noun else dual
    last2 = n % 100
    construct = last2 == 0
    words = cardinal(n, noun.gender, case, construct)
    if 3 <= last2 <= 10:
        return f"{words} {noun.plural}"
    if 11 <= last2 <= 99:  # أحد عشر ألفا, but أحد عشر ألف دولار (construct, no tanween)
        return f"{words} {noun.singular if before_noun else noun.tamyiz}"
    return f"{words} {noun.singular}"


def _money(s: str, currency: str, text: str, end: int, case: str) -> tuple[str, int]:
    """$5 -> خمسة دولارات; $5 مليار -> خمسة مليارات دولار (the currency after the scale)."""
    nxt = _word_after(text, end)
    scale = counted_noun(nxt[0]) if nxt else None
    if scale and scale.singular in SCALE_WORDS:
        return f"{_counted(s, scale, case, before_noun=True)} {currency}", nxt[1]
    return _counted(s, COUNTED[currency], case), end


def _date(m: re.Match, text: str, case: str) -> tuple[str, int]:
    if m.group("iso"):
        d, mo, y = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
    else:
        d, mo, y = int(m.group("d")), int(m.group("mo")), int(m.group("y"))
    hijri = HIJRI_MARK.match(text, m.end())
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return _fallback(m.group()), m.end()
    months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
    day = ordinal(d, "m", True, "gen")  # dates are adverbs or after في: oblique
    words = f"{day} من {months[mo - 1]} عام {cardinal(y, 'm', 'gen')}"
    if hijri:
        return words + " للهجرة", hijri.end()
    return words, m.end()


def _time(m: re.Match, text: str, case: str) -> tuple[str, int]:
    h, mins = int(m.group("hh")), int(m.group("mm"))
    if mins == 45:
        words = f"{_hour(h + 1, case)} إلا ربعا"
    elif mins in (0, 15, 30):
        words = _hour(h, case) + {0: "", 15: " والربع", 30: " والنصف"}[mins]
    else:
        words = f"{_hour(h, case)} و{_counted(str(mins), COUNTED['دقيقة'], case)}"
    part = DAY_PART.match(text, m.end())
    if part:
        return f"{words} {DAY_PARTS[part.group(1)]}", part.end()
    return words, m.end()


def _hour(h: int, case: str) -> str:
    h = h % 24 or 12
    return "الواحدة" if h == 1 else ordinal(h, "f", True, case)


def _range(m: re.Match, text: str, before: list[str], case: str) -> tuple[str, int]:
    a, b = m.group("ra"), m.group("rb")
    if len(b) < len(a) and int(a[: len(a) - len(b)] + b) > int(a):
        b = a[: len(a) - len(b)] + b  # 2012-14 -> 2012-2014
    nxt = _word_after(text, m.end())
    gender = noun_gender(nxt[0]) if nxt else "m"
    pct = " بالمئة" if m.group("rpct") else ""
    first = before[1] if before[:1] == ["و"] and len(before) > 1 else (before[0] if before else "")
    if _as_int(a) is not None and _as_int(b) is not None and int(b) <= int(a):
        return f"{_number(a, case, gender)} مقابل {_number(b, 'gen', gender)}{pct}", m.end()
    A, B = _number(a, "gen", gender), _number(b, "gen", gender)
    if strip_prefixes(first) == "بين":
        return f"{A} و{B}{pct}", m.end()
    if strip_prefixes(first) == "من":
        return f"{A} إلى {B}{pct}", m.end()
    return f"من {A} إلى {B}{pct}", m.end()


# --- agreement: word lists and the rules that use them ---------------------------------
# Words are compared bare (no harakat, no tatweel). Lists are short on purpose: the
# endings ة/ات decide most nouns; the lists hold the common exceptions in news prose.

_NOT_AR = r"(?![\u0621-\u064a\u0640])"

GEN_GOVERNORS = frozenset(
    "من في الى إلى على عن منذ مذ حتى مع بين حوالي حوالى نحو خلال حدود بعد قبل عند لدى "
    "دون فوق تحت أمام خلف حول ضد عبر قرابة زهاء مدة طوال طيلة نسبة معدل مقابل أصل "
    "مجموع إجمالي قيمة بقيمة".split())
YEAR_NOUNS = frozenset("عام العام سنة السنة عامي سنتي أعوام الأعوام".split())
ORDINAL_NOUNS = frozenset(
    "المرتبة المركز الدورة القرن الطبعة الفصل البند الجزء المادة الحلقة النسخة الموسم "
    "الجولة الفقرة الباب المرة الذكرى الدرس الطابق المؤتمر القمة الأسبوع اليوم".split())

# Feminine without ة/ات, and broken plurals whose singular is feminine (خمس دول).
FEM_WORDS = frozenset(
    "دول مدن قرى نقاط سفن رسائل قضايا مناطق حروب أراض أراضي نساء جوائز وثائق حقائب مواد "
    "قواعد دوائر مراحل دقائق ثوان ثواني ليال ليالي سنين ضحايا مدارس كنائس عواصم جزر جمل "
    "خطط فرص قصص صور غرف أسر أمم قمم حزم أرض شمس حرب نفس دار عين يد بئر ريح نار".split())
# Masculine despite ة/ات (قادة، اجتماعات) and masculine broken plurals (أيام).
MASC_WORDS = frozenset(
    "قادة طلبة قضاة أساتذة دعاة ولاة أئمة سادة رعاة أدوية أبنية أندية أودية "
    "اجتماعات مشروعات مليارات تريليونات دولارات ملفات مستشفيات مستويات قطارات مطارات "
    "حيوانات بيانات إجراءات مؤتمرات امتحانات اتفاقات مسلسلات منتجات معسكرات حسابات "
    "طلبات سجلات مجالات اتصالات ممرات مكونات مخططات كيلومترات كيلوغرامات جنيهات ريالات "
    "روبلات يوانات "
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

GREGORIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
_MONTHS_1 = set(GREGORIAN_MONTHS) | set(
    "إبريل ابريل اغسطس يونيه يوليه اكتوبر كانون شباط آذار اذار نيسان أيار ايار حزيران تموز "
    "آب اب أيلول ايلول تشرين محرم رجب شعبان رمضان شوال".split())
_MONTHS_2 = ("كانون الثاني", "كانون الأول", "تشرين الأول", "تشرين الثاني", "ربيع الأول",
             "ربيع الآخر", "ربيع الثاني", "جمادى الأولى", "جمادى الآخرة", "جمادى الأولى",
             "ذو القعدة", "ذو الحجة", "ذي القعدة", "ذي الحجة")
_ONE_WORD_MONTHS = sorted(_MONTHS_1 - {"كانون", "تشرين"}, key=len, reverse=True)
MONTH_AFTER = re.compile(
    r"[ \t]+(?P<month>" + "|".join(_MONTHS_2 + tuple(_ONE_WORD_MONTHS)) + ")" + _NOT_AR)
HIJRI_MARK = re.compile(r"[ \t]?(?:هـ|ه)" + _NOT_AR)
AD_MARK = re.compile(r"[ \t]?م" + _NOT_AR)
DAY_PARTS = {"ص": "صباحا", "م": "مساء", "صباحا": "صباحا", "مساء": "مساء", "مساءا": "مساء"}
DAY_PART = re.compile(r"[ \t]?(صباحا|مساءا|مساء|ص|م)" + _NOT_AR)


class Counted(tuple):
    """Forms of a noun that numbers re-shape: 1 دولار واحد, 2 دولاران, 3 دولارات, 11 دولارا."""

    __slots__ = ()

    def __new__(cls, singular, dual_nom, dual_obl, plural, tamyiz, gender):
        return super().__new__(cls, (singular, dual_nom, dual_obl, plural, tamyiz, gender))

    singular = property(lambda self: self[0])
    dual_nom = property(lambda self: self[1])
    dual_obl = property(lambda self: self[2])
    plural = property(lambda self: self[3])
    tamyiz = property(lambda self: self[4])
    gender = property(lambda self: self[5])


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
)}
SCALE_WORDS = frozenset(("ألف", "مليون", "مليار", "تريليون"))
_COUNTED_FORMS = {form: c for c in COUNTED.values() for form in c[:5]}
_COUNTED_FORMS.update({"الف": COUNTED["ألف"], "الاف": COUNTED["ألف"]})


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


def year_noun(word: str) -> bool:
    return any(v in YEAR_NOUNS for v in _variants(word))


def ordinal_noun(word: str) -> bool:
    return any(v in ORDINAL_NOUNS for v in _variants(word))


def strip_prefixes(word: str) -> str:
    """The form of a prefixed word that carries the article or is known (بالمرتبة -> المرتبة)."""
    for v in _variants(word):
        if v in ORDINAL_NOUNS or v in GEN_GOVERNORS or v.startswith("ال"):
            return v
    return word


def month_before(before: list[str]) -> bool:
    return before[0] in _MONTHS_1 or (
        len(before) > 1 and f"{before[1]} {before[0]}" in _MONTHS_2)


def counted_noun(word: str) -> Counted | None:
    return _COUNTED_FORMS.get(word) or _COUNTED_FORMS.get(word[:-1] if word.endswith("ا") else "")


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
    w = _bare(word)
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
        if stem[0] in "اإ" and len(stem) >= 5 and not stem.endswith("ي"):
            return "m"  # افتعال/استفعال verbal nouns: اجتماعات، استثمارات
        if len(stem) == 5 and stem[0] == "ت" and stem[3] == "ي":
            return "m"  # تفعيل: تصريحات، تعديلات
        return "f"
    if w.endswith("ى") and len(w) > 2:
        return "m" if w[0] == "م" else "f"  # مستشفى، مبنى vs ذكرى، فتوى
    return "m"


def is_plural(word: str) -> bool:
    w = _core(_bare(word))
    return w in PLURALS or (len(w) > 3 and w.endswith(("ات", "ون", "ين")))


def looks_like_noun(word: str) -> bool:
    """A plausible counted noun after a number (decides the construct form مئتا/ألفا)."""
    w = _bare(word)
    if not w or w in PARTICLES or w.startswith("ال"):
        return False
    c = _core(w)
    return (c.endswith(("ة", "ات")) or c in FEM_WORDS or c in MASC_WORDS
            or c in _COUNTED_FORMS or w.endswith("ا"))


def looks_like_singular_noun(word: str) -> bool:
    """A singular noun that can carry 1 or 2 itself (نقطة واحدة، يومان)."""
    w = _bare(word)
    return (looks_like_noun(w) and not is_plural(w) and not w.endswith(("ا", "ى", "و", "ي"))
            and (w.endswith("ة") or w in MASC_WORDS or w in FEM_WORDS))


def noun_dual(noun: str, case: str) -> str:
    """نقطة -> نقطتان/نقطتين, يوم -> يومان/يومين."""
    stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
    return stem + ("ين" if case != "nom" else "ان")
