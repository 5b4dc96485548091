"""One verbaliser per class: a token and its features -> fully vowelled words.

A verbaliser reads only its token and features, never the text (what a date or a/b takes
after it was found by classify.py, dates.find_*). It returns
a `Said`: the words, where the text they replace ends, and the case passed on to a number
coordinated after it (a year is genitive after its عام, a day takes the case of its place).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from narrator.frontend import dates
from narrator.frontend.agreement import count_by_noun, tamyiz
from narrator.frontend.arabic import FEM, GEN, KASRA, MASC, NOM, Case
from narrator.frontend.grammar import Tables
from narrator.frontend.numbers import tokens as t
from narrator.frontend.numbers.features import Features
from narrator.frontend.numbers.words import (
    PERCENT, VERSUS, as_int, attach, counted, minus, number)
from narrator.frontend.numwords import cardinal, digits, ordinal, with_article


class Said(NamedTuple):
    """(A tuple: one is made for every number.)"""

    words: str
    end: int
    case: Case


def say(gr: Tables, token: t.Token, f: Features) -> Said:
    """The words of `token` (its glued و/ف/ب/ك/ل before them)."""
    said = VERBALISERS[type(token)](gr, token, f)
    glued = token.clitics.glued
    return Said(attach(glued, said.words), said.end, said.case) if glued else said


def _plain(token: t.Token, f: Features, words: str) -> Said:
    return Said(words, token.end, f.case)


def phone(gr: Tables, token: t.Phone, f: Features) -> Said:
    """+966 50 123 4567 -> زائد تسعة ستة ستة، خمسة صفر، …: digit by digit, a pause
    between the groups as written."""
    s = token.number
    words = "، ".join(digits(g, marks=True) for g in re.split(r"[ \-]", s.lstrip("+")))
    return _plain(token, f, ("زَائِد " if s.startswith("+") else "") + words)


def section(gr: Tables, token: t.Section, f: Features) -> Said:
    """1.2.3 -> واحد نقطة اثنين نقطة ثلاثة; the first part takes the case of a label in
    construct (بالإصدار 2.1.3 -> اثنين), a heading's is nominative; the rest follow نقطة
    (genitive)."""
    first, *rest = token.number.split(".")
    case = GEN if f.case == GEN and not token.heading else NOM
    return _plain(token, f, " نُقْطَةُ ".join([number(first, case)]
                                             + [number(r, GEN) for r in rest]))


def dimensions(gr: Tables, token: t.Dimensions, f: Features) -> Said:
    """2400×1080 (a resolution, 4×5 metres): "A في B", A in the case of the place, B after
    في (genitive); a counted noun after it is counted by B."""
    first = number(token.first, f.case, f.gender)
    if token.unit:
        return _plain(token, f, f"{first} فِي {counted(gr, token.second, token.unit, GEN)}")
    return _plain(token, f, f"{first} فِي {number(token.second, GEN, f.gender)}")


def date(gr: Tables, token: t.Date, f: Features) -> Said:
    """d/m/y: الخامس من مارس عام …; not a date (31/02): its numbers joined by على."""
    return _plain(token, f, dates.say_date(token.date, f.case))


def slash(gr: Tables, token: t.Slash, f: Features) -> Said:
    """a/b: a date, a pair of years or a fraction (dates.py), otherwise "a على b"."""
    s = token.slash
    words = dates.say_slash(s, f.case)
    if words is None:
        words = f"{number(s.first, f.case)} {dates.ON} {number(s.second, GEN)}"
    return _plain(token, f, words)


# (singular, dual stem, plural after 3..10) of the parts of a duration h:mm:ss
_HMS_NOUNS = (("سَاعَة", "سَاعَت", "سَاعَات"), ("دَقِيقَة", "دَقِيقَت", "دَقَائِق"),
              ("ثَانِيَة", "ثَانِيَت", "ثَوَانٍ"))


def duration(gr: Tables, token: t.Duration, f: Features) -> Said:
    """2:04:15 (a race time) -> ساعتين وأربع دقائق وخمس عشرة ثانية: each part counts its
    feminine noun; zero parts are left out; the parts share the case of the place."""
    case, parts = f.case, []
    for value, (single, dual, plural) in zip(
            (token.hours, token.minutes, token.seconds), _HMS_NOUNS, strict=True):
        if value == 0:
            continue
        if value == 1:
            parts.append(single)
        elif value == 2:
            parts.append(dual + ("َانِ" if case == NOM else "َيْنِ"))
        elif 3 <= value % 100 <= 10:
            parts.append(f"{cardinal(value, FEM, case, construct=True, marks=True)} {plural}")
        else:
            parts.append(f"{cardinal(value, FEM, case, marks=True)} {single}")
    return _plain(token, f, f" {dates.AND}".join(parts) or cardinal(0, MASC, case, marks=True))


def time(gr: Tables, token: t.Time, f: Features) -> Said:
    return _plain(token, f, dates.say_time(gr, token.hour, token.minute, f.word_case or f.case,
                                           token.part))


def day_range(gr: Tables, token: t.DayRange, f: Features) -> Said:
    return _plain(token, f, dates.say_day_range(token.days))


def range_(gr: Tables, token: t.Range, f: Features) -> Said:
    """a-b: من A إلى B (after من: A إلى B; after بين: A وB), both genitive; a unit after it
    is counted by B (3-5 كم)."""
    pct = PERCENT if token.percent else ""
    a = number(token.first, GEN, f.gender)
    b = (counted(gr, token.last, token.unit, GEN) if token.unit
         else number(token.last, GEN, f.gender))
    if token.join == "and":
        return _plain(token, f, f"{a} {dates.AND}{b}{pct}")
    if token.join == "to":
        return _plain(token, f, f"{a} {dates.TO} {b}{pct}")
    return _plain(token, f, f"{dates.FROM} {a} {dates.TO} {b}{pct}")


def score(gr: Tables, token: t.Score, f: Features) -> Said:
    """a-b as a score: A مقابل B (B after مقابل: genitive)."""
    pct = PERCENT if token.percent else ""
    return _plain(token, f, f"{number(token.first, f.word_case or f.case, f.gender)} {VERSUS} "
                            f"{number(token.last, GEN, f.gender)}{pct}")


def money(gr: Tables, token: t.Money, f: Features) -> Said:
    """$5 -> خمسة دولارات; $5 مليار -> خمسة مليارات دولار (the currency after the scale)."""
    if token.scale:
        words = counted(gr, token.amount, token.scale, f.case, before_noun=True)
        return _plain(token, f, f"{words} {token.currency}")
    return _plain(token, f, counted(gr, token.amount, gr.counted[token.currency], f.case))


def percent(gr: Tables, token: t.Percent, f: Features) -> Said:
    return _plain(token, f, number(token.number, f.case) + PERCENT)


def _degrees(gr: Tables, s: str, mark: str, case: str) -> str:
    """25° -> خمس وعشرون درجة; 25°C -> … درجة مئوية (the adjective agrees with a dual)."""
    words = counted(gr, s, gr.counted["درجة"], case)
    scale = mark.strip()[-1]
    if scale in "Fف":
        return f"{words} فهرنهايت"
    if scale not in "Cم":
        return words
    n = as_int(s)
    if n == 1:
        return f"درجة مئوية {cardinal(1, FEM, case)}"
    if n == 2:
        return f"{words} {'مئويتان' if case == NOM else 'مئويتين'}"
    return f"{words} مئوية"


def degrees(gr: Tables, token: t.Degrees, f: Features) -> Said:
    return _plain(token, f, _degrees(gr, token.number, token.mark, f.case))


def negative(gr: Tables, token: t.Negative, f: Features) -> Said:
    """سالب and the number it governs: و-5 درجات -> وسالب خمس درجات."""
    if token.degrees:
        return _plain(token, f, minus(f.case) + _degrees(gr, token.number, token.degrees, GEN))
    if token.unit:
        return _plain(token, f, minus(f.case) + counted(gr, token.number, token.unit, GEN))
    words = minus(f.case) + number(token.number, GEN, f.gender, construct=f.construct)
    return _plain(token, f, words + (PERCENT if token.percent else ""))


def year(gr: Tables, token: t.Year, f: Features) -> Said:
    words, case = dates.say_year(token.year, f.case)
    return Said(words, token.end, case)


def day_month(gr: Tables, token: t.DayMonth, f: Features) -> Said:
    words, case = dates.say_day_month(token.day, f.case)
    return Said(words, token.end, case)


def clock_hour(gr: Tables, token: t.ClockHour, f: Features) -> Said:
    return _plain(token, f, dates.say_clock_hour(token.hour, f.word_case or f.case, token.part))


def age(gr: Tables, token: t.Age, f: Features) -> Said:
    return _plain(token, f, ordinal(token.value, f.gender, True, f.word_case or GEN, marks=True))


def definite_cardinal(gr: Tables, token: t.DefiniteCardinal, f: Features) -> Said:
    return _plain(token, f, with_article(cardinal(token.value, f.gender, f.case, marks=True)))


def ordinal_(gr: Tables, token: t.Ordinal, f: Features) -> Said:
    """الحادي والعشرين after القرن; after a plural noun a definite cardinal (الدول الـ5)."""
    case = f.word_case or f.case
    if token.plural:
        return _plain(token, f, with_article(cardinal(token.value, f.gender, case, marks=True)))
    return _plain(token, f, ordinal(token.value, f.gender, True, case, marks=True))


def _power_adjective(s: str, sign: str) -> str:
    """مربع/مكعب agreeing with the counted unit: a plural after 3..10 (كيلومترات مربعة), the
    accusative after 11..99 (كيلومترا مربعا), a dual after 2, else the genitive singular."""
    stem = "مُرَبَّع" if sign == "²" else "مُكَعَّب"
    n = as_int(s)
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


def counted_number(gr: Tables, token: t.CountedNumber, f: Features) -> Said:
    words = counted(gr, token.number, token.noun, f.case, token.before_noun)
    if token.power:
        words = f"{words} {_power_adjective(token.number, token.power)}"
    return _plain(token, f, words)


def decimal(gr: Tables, token: t.Decimal, f: Features) -> Said:
    return _plain(token, f, number(token.number, f.case))


def label(gr: Tables, token: t.Label, f: Features) -> Said:
    return _plain(token, f, cardinal(token.value, MASC, f.case, marks=True))


def cardinal_(gr: Tables, token: t.Cardinal, f: Features) -> Said:
    n = token.value
    if token.form == "noun":  # 1 نقطة -> نقطة واحدة; 2 نقطة -> نقطتان
        return _plain(token, f, count_by_noun(n, token.noun, f.gender, f.case))
    if token.form == "tamyiz":  # 15 عام -> خمسة عشر عاما
        words = cardinal(n, f.gender, f.case, marks=True)
        return _plain(token, f, f"{words} {tamyiz(gr, token.noun)}")
    return _plain(token, f, cardinal(n, f.gender, f.case, construct=f.construct, marks=True))


VERBALISERS: dict[type, Callable[[Tables, Any, Features], Said]] = {
    t.Phone: phone, t.Section: section, t.Version: section, t.Dimensions: dimensions,
    t.Date: date, t.Slash: slash, t.Duration: duration, t.Time: time, t.DayRange: day_range,
    t.Range: range_, t.Score: score, t.Money: money, t.Percent: percent, t.Degrees: degrees,
    t.Negative: negative, t.Year: year, t.DayMonth: day_month, t.ClockHour: clock_hour,
    t.Age: age, t.DefiniteCardinal: definite_cardinal, t.Ordinal: ordinal_,
    t.CountedNumber: counted_number, t.Decimal: decimal, t.Label: label,
    t.Cardinal: cardinal_,
}
"""Token class -> its verbaliser."""
