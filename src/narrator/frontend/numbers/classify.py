"""What a number is: one token (tokens.py) per match of scan.NUMBER_RE.

The shape of the match decides most classes (a phone number, a date, a/b, a time, a-b …);
a plain number's class comes from its neighbours, tried in this order: percent, heading,
money, degrees, year, day of a month, clock hour, age, definite cardinal, ordinal, counted
noun, decimal, label, cardinal. Case and gender are not decided here (features.py): no
class depends on them.

Readings of the classes (the tests hold the examples):
- Phone numbers and codes (a leading + or 0): digit by digit.
- Section numbers: N.N.N anywhere, and N.N opening a short line followed by a word (a
  heading). Before a counted noun or in a sentence ending in a full stop, N.N stays a
  decimal. After a version noun (الإصدار 2.1.3) a section number is a version.
- a-b: days or years of dates.find_day_range first; else a score when b < a, after a result
  word (نتيجة، تعادل), after a verb of a match (فاز 0-3) or right after another score (6-4
  و3-6); else a range.
- الـ + number before a counted noun is a definite cardinal (خلال الـ 72 ساعة); after a
  plural noun الـ N is a definite cardinal too (الدول الـ5, an Ordinal token marked plural).
- An ordinal follows a sequence noun (الدورة 33، دورته 15) unless the word after it is the
  noun it counts (المؤتمر 1500 مشارك); the second number of a pair after a dual ordinal
  noun (القرنين 15 و16) is an ordinal of the same noun.
- A year is a year after عام/سنة, before an era mark, after a month, or in a pair (dates.py);
  a number with الـ or thousands separators never is.
- N مرة/نقطة after 1 and 2: the noun carries the number (نقطة واحدة، نقطتان); 11..99 before
  a bare masculine noun of the tamyiz list takes it in the accusative (خمسة عشر عاما).
"""

from __future__ import annotations

import re

from narrator.frontend import dates
from narrator.frontend.agreement import (
    counted_noun, dual_singular, hour_noun, is_plural, looks_like_noun,
    looks_like_singular_noun, ordinal_noun, scale_counts_noun, strip_prefixes, tamyiz,
    unit_abbreviation)
from narrator.frontend.arabic import bare
from narrator.frontend.calendars import PACKAGE as PACKAGE_CALENDARS
from narrator.frontend.calendars import Calendars, day_part_at
from narrator.frontend.grammar import Tables, default_tables
from narrator.frontend.numbers import tokens as t
from narrator.frontend.numbers.scan import AR, Context, word_after
from narrator.frontend.numbers.words import as_int

SYMBOL_CURRENCY = {"$": "دولار", "€": "يورو", "£": "جنيه"}
# (At most 24 links: every number of a chain looks ahead along it, so an unbounded chain
# made a long list of numbers quadratic; the noun after a longer list is not its count.)
CHAIN = re.compile(r"(?:[ \t]*(?:و|أو|او|إلى|الى|-|–)[ \t]*[0-9][0-9.,]*){1,24}(?![0-9.,])")
# A year after a year noun and another year joined by و/إلى (عامي 670 و675 م).
_YEAR_CHAIN = re.compile(
    rf"(?<![{AR}])[وف]?(?:عامي|سنتي|عام|سنة|العامين|السنتين)[ \t]+[0-9]{{3,4}}[ \t]*"
    rf"(?:و|إلى|الى|حتى)?[ \t]*$")
_RANGE_TAIL = re.compile(
    rf"(?<![{AR}])[وف]?(?:من|بين)[ \t]+[0-9]{{3,4}}[ \t]*(?:إلى|الى|حتى|و)[ \t]*$")
# How far back those tails are looked for: longer than any of them with single spaces.
_TAIL_WINDOW = 100
# An ordinal noun, a number and و before a second number (القرنين 15 و16).
_ORDINAL_PAIR = re.compile(rf"([{AR}]+)[ \t]+[0-9]+[ \t]*$")
# A pair right before a-b (6-4 و3-6): a score makes the next pair one.
_SCORE_BEFORE = re.compile(r"(?<![0-9])([0-9]{1,2}) ?[-–] ?([0-9]{1,2})[ \t]*[،,]?[ \t]*$")
# A unit abbreviation squared or cubed (كم²، م³): the adjective مربع/مكعب after the unit.
# كم² or كم2: a 2 or 3 glued to the unit is its power written without the superscript.
_POWER = re.compile(r"[ \t]?([²³])|(?<=[\u0621-\u064a])([23])(?![0-9]|[.,٫][0-9])")
_SUPERSCRIPT = {"2": "²", "3": "³"}
_HEADING_LEAD = re.compile(r"[\s#*>\-]*")
_HEADING_WORD = re.compile(rf"[ \t]*[-–:.)]?[ \t]*[{AR}A-Za-z]")
_SCALE_WITH_TANWEEN = ("ألفا", "الفا", "مليونا", "مليارا")


def classify(gr: Tables, m: re.Match, ctx: Context, cal: Calendars | None = None) -> t.Token:
    """The token of one match of NUMBER_RE standing in `ctx`; `cal`: the calendar tables in
    use (a front end's wordlists.calendars; by default the package's)."""
    cal = cal or PACKAGE_CALENDARS
    clitics = _clitics(m.group("pre") or "")
    num = m.group("num")
    common = {"written": m.group(), "clitics": clitics, "end": m.end(),
              "dotted": "." in num if num is not None else m.group("sect") is not None}
    if num is not None:  # (the branches of NUMBER_RE exclude each other; this one is common)
        return _plain(gr, cal, m, ctx, clitics, common)
    if m.group("phone"):
        return t.Phone(number=m.group("phone"), **common)
    if m.group("sect"):
        version = bool(ctx.before) and strip_prefixes(gr, ctx.before[0]) in gr.version_noun
        return (t.Version if version else t.Section)(number=m.group("sect"), **common)
    if m.group("dim"):
        return _dimensions(gr, m, ctx, common)
    if m.group("date") or m.group("iso"):
        if m.group("iso"):
            day, month, year = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
        else:
            day, month, year = int(m.group("d")), int(m.group("mo")), int(m.group("y"))
        parts = tuple(int(p) for p in re.findall(r"[0-9]+", m.group("date") or m.group("iso")))
        date = dates.find_date(gr, cal, ctx.text, parts, day, month, year, m.start(), m.end())
        common["end"] = date.end
        return t.Date(date=date, **common)
    if m.group("slash"):
        slash = dates.find_slash(gr, cal, m.group("sa"), m.group("sb"), ctx.text, m.end(),
                                  ctx.before)
        common["end"] = slash.end
        return t.Slash(slash=slash, **common)
    if m.group("hms"):
        return t.Duration(hours=int(m.group("th")), minutes=int(m.group("tm")),
                          seconds=int(m.group("ts")), **common)
    if m.group("time"):
        part = day_part_at(ctx.text, m.end(), cal)
        common["end"] = part[1] if part else m.end()
        return t.Time(hour=int(m.group("hh")), minute=int(m.group("mm")), part=part, **common)
    if m.group("range"):
        return _range(gr, cal, m, ctx, common)
    if m.group("psym"):
        return _money(gr, m.group("pnum"), SYMBOL_CURRENCY[m.group("psym")], ctx, common)
    if m.group("ppct") is not None:
        return t.Percent(number=m.group("ppct"), **common)
    return _negative(gr, m, ctx, common)  # (the last branch: a minus)


def _clitics(pre: str) -> t.Clitics:
    """The clitics of a prefix (the few spellings are kept: they repeat in every text)."""
    found = _CLITICS.get(pre)
    if found is None:
        found = _CLITICS[pre] = _parse_clitics(pre)
    return found


_CLITICS: dict[str, t.Clitics] = {}


def _parse_clitics(pre: str) -> t.Clitics:
    conj = pre[:1] if pre[:1] in ("و", "ف") else ""
    rest = pre[len(conj):]
    prep = rest[:1] if rest[:1] in ("ب", "ك") or rest in ("ل",) else ""
    if rest == "لل":
        prep = "ل"
    return t.Clitics(conj, prep, rest.endswith("ال") or rest == "لل")


def counts_noun(word: str, n: int | None = None, gr: Tables | None = None) -> bool:
    """A word right after a number that is the noun it counts (not بدقة، في، الجديد). With
    the number's value, its form must fit too: a plural after 3..10 (8 ساعات), an accusative
    singular (its alif) or a noun in ة after 11..99 (15 ساعة، 40 مليارا), so an adjective
    (iPhone 15 جديد) is not taken for one. `gr`: the tables in use (by default the
    package's)."""
    if gr is None:
        gr = default_tables()
    w = bare(word)
    if not looks_like_noun(gr, w) or prepositional(gr, w):
        return False
    if counted_noun(gr, w) or n is None:
        return True
    if 3 <= n % 100 <= 10:
        return is_plural(gr, w)
    if 11 <= n % 100 <= 99:
        return w.endswith(("ا", "ة"))
    return True


def prepositional(gr: Tables, word: str) -> bool:
    """A word with a glued preposition (للألعاب، بمشاركة): never the counted noun of a
    number before it, so المؤتمر 15 بمشاركة … is still the 15th conference."""
    if word.startswith("ل"):
        return True
    # بزمن، بقيمة، بمشاركة (four letters and more); a known noun in ب (بنود، بيوت) counts
    return (word.startswith("ب") and len(word) >= 4 and not word.endswith("ا")
            and word not in gr.b_noun
            and looks_like_noun(gr, word[1:]))


# --- classes of a shape ------------------------------------------------------------------

def _dimensions(gr: Tables, m: re.Match, ctx: Context, common: dict) -> t.Dimensions:
    """2400×1080, 4×5 أمتار: a counted noun after it is counted by the second number."""
    nxt = word_after(ctx.text, m.end())
    noun = counted_noun(gr, nxt[0]) if nxt else None
    counts = nxt is not None and looks_like_noun(gr, nxt[0]) and not prepositional(gr, nxt[0])
    unit = noun if nxt and noun and noun.singular not in gr.scale else None
    if nxt and unit:
        common["end"] = nxt[1]
    return t.Dimensions(first=m.group("xa"), second=m.group("xb"),
                        noun=nxt[0] if nxt and counts else "", unit=unit, **common)


def _score_verb(gr: Tables, word: str) -> bool:
    """A verb of a match, also with a dual or plural suffix (تعادلا، تعادلتا، فازوا)."""
    return word in gr.score_verb or any(
        word.endswith(suffix) and word[:-len(suffix)] in gr.score_verb
        for suffix in ("ا", "وا", "تا"))


def _range(gr: Tables, cal: Calendars, m: re.Match, ctx: Context, common: dict) -> t.Token:
    """a-b: days or years (dates.py), a score, or a range."""
    text, before = ctx.text, ctx.before
    a, b = m.group("ra"), m.group("rb")
    days = dates.find_day_range(gr, cal, a, b, text, m.start(), m.end(), before)
    if days is not None:
        common["end"] = days.end
        return t.DayRange(days=days, **common)
    if len(b) < len(a) and int(a[: len(a) - len(b)] + b) > int(a):
        b = a[: len(a) - len(b)] + b  # 2012-14 -> 2012-2014
    nxt = word_after(text, m.end())
    # فاز 3-1 على منافسه: only a noun after the pair gives it a gender (not على)
    noun = nxt[0] if nxt and looks_like_noun(gr, nxt[0]) else ""
    percent = bool(m.group("rpct"))
    # خسر المنتخب أمام البرازيل 0-3: after a verb of a match, a small pair is a score
    # whichever side is larger (a range would be 0-3 سنوات)
    after_match = b.isdigit() and int(b) <= 40 and not percent and any(
        _score_verb(gr, w) for w in before[:6])
    # 6-4 و3-6 و7-5: a pair right after a score is a score too (tennis sets)
    # (only after a pair that is a score by itself, its first number the larger: 10-15
    # و20-25 are two ranges)
    prev = _SCORE_BEFORE.search(text, max(0, m.start() - 12), m.start())
    after_score = prev is not None and int(prev.group(2)) < int(prev.group(1))
    score = bool(before) and before[0] in gr.score_word or after_match or after_score
    if as_int(a) is not None and as_int(b) is not None and (int(b) <= int(a) or score):
        return t.Score(first=a, last=b, percent=percent, noun=noun,
                       after_match_verb=after_match, **common)
    unit = unit_abbreviation(gr, nxt[0]) if nxt and not percent else None
    if nxt and unit:  # 3-5 كم: the unit is spelled out and counted by the last number
        common["end"] = nxt[1]
    first = before[1] if before[:1] == ["و"] and len(before) > 1 else (before[0] if before else "")
    join = dates.range_join(strip_prefixes(gr, first))
    return t.Range(first=a, last=b, join=join, percent=percent, noun=noun, unit=unit, **common)


def _money(gr: Tables, amount: str, currency: str, ctx: Context, common: dict) -> t.Money:
    """$5 -> خمسة دولارات; $5 مليار -> خمسة مليارات دولار (the currency after the scale)."""
    nxt = word_after(ctx.text, common["end"])
    scale = counted_noun(gr, nxt[0]) if nxt else None
    if nxt and scale and scale.singular in gr.scale:
        common["end"] = nxt[1]
    else:
        scale = None
    return t.Money(amount=amount, currency=currency, scale=scale, **common)


def _negative(gr: Tables, m: re.Match, ctx: Context, common: dict) -> t.Negative:
    """-5, و-5 درجات, -5°: a counted noun after it, or the noun after a chain, decides."""
    s = m.group("neg")
    if m.group("ndeg"):
        return t.Negative(number=s, degrees=m.group("ndeg"), unit=None, percent=False,
                          noun="", **common)
    nxt = word_after(ctx.text, m.end())  # -5 درجات: the counted noun still decides gender
    noun = nxt[0] if nxt else ""
    head = counted_noun(gr, noun) if nxt else None
    if not m.group("npct") and nxt and head:  # و-5 درجات: the noun is counted
        common["end"] = nxt[1]
        return t.Negative(number=s, degrees=None, unit=head, percent=False, noun=noun, **common)
    chain = CHAIN.match(ctx.text, m.end())  # بين -5 و10 درجات: the last noun decides
    if chain:
        later = word_after(ctx.text, chain.end())
        noun = later[0] if later else ""
    return t.Negative(number=s, degrees=None, unit=None, percent=bool(m.group("npct")),
                      noun=noun, **common)


def section_heading(gr: Tables, m: re.Match, text: str) -> bool:
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
    nxt = word_after(text, m.end())
    # 2.5 مليون، 9.4 كم: a counted noun or unit after it makes it a decimal; a heading is a
    # short line that is not a sentence (no final full stop).
    return (_HEADING_LEAD.fullmatch(text, line_start, m.start()) is not None
            and _HEADING_WORD.match(text, m.end()) is not None
            and not (nxt and counted_noun(gr, nxt[0]))
            and len(line) <= 80 and not line.rstrip().endswith((".", "؟", "?", "!")))


# --- plain numbers: the class from the neighbours -------------------------------------------

def _plain(gr: Tables, cal: Calendars, m: re.Match, ctx: Context, clitics: t.Clitics,
           common: dict) -> t.Token:
    text, s, end = ctx.text, m.group("num"), m.end()
    if m.group("pct"):
        return t.Percent(number=s, **common)
    if section_heading(gr, m, text):
        return t.Section(number=s, heading=True, **common)
    if m.group("sym"):
        return _money(gr, s, SYMBOL_CURRENCY[m.group("sym").strip()], ctx, common)
    if m.group("deg"):
        return t.Degrees(number=s, mark=m.group("deg"), **common)
    n = as_int(s)
    before = ctx.before
    nxt = word_after(text, end)
    if n is not None and not before and m.group("pre") in ("و", "وال"):
        # القرنين 15 و16: the second number of a pair after an ordinal noun is an ordinal too
        pair = _ORDINAL_PAIR.search(text, max(0, m.start() - 60), m.start())
        if pair and ordinal_noun(gr, bare(pair.group(1))):
            before = [bare(pair.group(1))]
    if n is not None:
        # (a bounded window: both tails are a few words long; searching the whole prefix
        # for every number made reading quadratic in paragraph length)
        window = max(0, m.start() - _TAIL_WINDOW)
        if _YEAR_CHAIN.search(text, window, m.start()):
            before = ["عام"]  # بين عامي 670 و675 م: the second year of the pair, no عام added
        # من 750 إلى 1258 م: the first number of the range has no عام, nor has the second
        second = _RANGE_TAIL.search(text, window, m.start()) is not None
        found = _by_neighbours(gr, cal, m, ctx, n, nxt, before, clitics.article, second, common)
        if found is not None:
            return found
    common["whole"] = n is not None
    if nxt and (head := counted_noun(gr, nxt[0])):
        then = word_after(text, nxt[1])
        # مليار عملية: a scale word before its own counted noun is in construct (no
        # tanween); one written with its tanween alif (60 ألفا يوم الجمعة) is not.
        before_noun = then is not None and head.singular in gr.scale and (
            scale_counts_noun(gr, then[0])) and nxt[0] not in _SCALE_WITH_TANWEEN
        common["end"] = nxt[1]
        power = _POWER.match(text, nxt[1])
        sign = None
        if power and unit_abbreviation(gr, nxt[0]):  # 40 كم² -> كيلومتر مربع
            sign = power.group(1) or _SUPERSCRIPT[power.group(2)]
            common["end"] = power.end()
        return t.CountedNumber(number=s, noun=head, before_noun=before_noun, power=sign,
                               lead=tuple(before), **common)
    if n is None:
        return t.Decimal(number=s, lead=tuple(before), **common)
    noun = nxt[0] if nxt else ""
    if before and strip_prefixes(gr, before[0]) in gr.label_noun:
        # القانون رقم 18 لسنة 2023: a label, not a count of the noun after it
        return t.Label(value=n, lead=tuple(before), **common)
    chain = CHAIN.match(text, end)  # بين 5 و10 دول: the noun after the last number decides
    if chain:
        later = word_after(text, chain.end())
        return t.Cardinal(value=n, noun=noun, chain_noun=later[0] if later else "",
                          form="plain", lead=tuple(before), **common)
    form = "plain"
    if nxt and n in (1, 2) and looks_like_singular_noun(gr, noun):
        form = "noun"
    else:
        # 12 مشروع قانون، 30 رجل أعمال: a tamyiz in construct with the noun after it keeps
        # no tanween alif
        then = word_after(text, nxt[1]) if nxt else None
        compound = then is not None and then[0] in gr.compound_second
        if nxt and 11 <= n % 100 <= 99 and tamyiz(gr, noun) and not compound:
            form = "tamyiz"
    if nxt and form != "plain":
        common["end"] = nxt[1]
    return t.Cardinal(value=n, noun=noun, chain_noun=None, form=form, lead=tuple(before),
                      **common)


def _by_neighbours(gr: Tables, cal: Calendars, m: re.Match, ctx: Context, n: int,
                   nxt: tuple[str, int] | None, before: list[str], article: bool, second: bool,
                   common: dict) -> t.Token | None:
    """A whole number's class from the words around it: year, day, hour, age, definite
    cardinal, ordinal; None for a count or a cardinal. second: the number closes a range
    of years (من 750 إلى 1258 م), so no عام is said before it."""
    text, s, end = ctx.text, m.group("num"), m.end()
    # للعام الـ 3 على التوالي: a number with الـ is an ordinal, never a year
    # 4,312 ولادة: a number written with thousands separators is an amount, not a year
    year = None if article or "," in s else dates.find_year(gr, cal, n, text, end, before,
                                                                 add_noun=not second)
    lead = tuple(before)
    if year:
        common["end"] = year.end
        return t.Year(year=year, lead=lead, **common)
    day = dates.find_day_month(gr, cal, n, text, m.start(), end, before)
    if day:
        common["end"] = day.end
        return t.DayMonth(day=day, lead=lead, **common)
    if before and hour_noun(gr, before[0]) and n <= 24:  # الساعة 5 م: an hour, not metres
        part = day_part_at(text, end, cal)
        common["end"] = part[1] if part else end
        return t.ClockHour(hour=n, part=part, lead=lead, **common)
    # المؤتمر 15 is the 15th conference, but المؤتمر 1500 مشارك counts participants.
    counts = (nxt is not None and looks_like_noun(gr, nxt[0]) and not prepositional(gr, nxt[0])
              and not (before and _never_counts(gr, before[0], n)))
    if article and 0 < n < 200 and _age_after(text, end):
        # في الـ 9 من عمرها: an age is the ordinal of the year (السنة), feminine
        return t.Age(value=n, lead=lead, **common)
    if article and n > 2 and nxt and counts_noun(nxt[0], n, gr) and nxt[0] not in gr.pointer:
        # خلال الـ 72 ساعة الماضية: الـ before a counted noun makes the cardinal definite
        # (الاثنتين والسبعين ساعة), not an ordinal; the noun stays as written
        return t.DefiniteCardinal(value=n, noun=nxt[0], lead=lead, **common)
    if n > 0 and (article or (before and ordinal_noun(gr, before[0]) and not counts)):
        return _ordinal(gr, n, before, article, common)
    return None


def _ordinal(gr: Tables, n: int, before: list[str], article: bool, common: dict) -> t.Ordinal:
    """الـ21 after القرن, المرتبة 63, الدول الـ5 (plural noun: a definite cardinal)."""
    noun = strip_prefixes(gr, before[0]) if before else ""
    noun = dual_singular(gr, noun) or noun  # القرنين 15 و16: the ordinals agree with القرن
    head = 0  # where the noun the number agrees with stands
    if (article and noun.startswith("ال") and noun.endswith(("ة", "ي", "ى"))
            and not is_plural(gr, noun)
            and len(before) > 1 and is_plural(gr, strip_prefixes(gr, before[1]))):
        noun, head = strip_prefixes(gr, before[1]), 1  # الدوائر الانتخابية الـ 33: the plural
    elif (article and noun in gr.apposition_plural and len(before) > 1
          and is_plural(gr, strip_prefixes(gr, before[1]))):
        noun, head = strip_prefixes(gr, before[1]), 1  # الدول الأعضاء الـ 27: it counts الدول
    return t.Ordinal(value=n, noun=noun, head=head,
                     plural=bool(article and noun and is_plural(gr, noun)), lead=tuple(before),
                     **common)


def _never_counts(gr: Tables, word: str, n: int) -> bool:
    noun = strip_prefixes(gr, word)
    return (noun == "القرن" and n <= 30) or noun in gr.section_noun


def _age_after(text: str, end: int) -> bool:
    """"من عمره/عمرها/العمر" after the number: الـ N is then an age."""
    nxt = word_after(text, end)
    if not nxt or nxt[0] != "من":
        return False
    then = word_after(text, nxt[1])
    return then is not None and (then[0] == "العمر" or then[0].startswith("عمر"))
