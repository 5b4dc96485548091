"""The numbers stage as classify -> features -> verbalise (issue 17, item 3): each class's
token comes from classify for a real sentence, the features step names the rule that
decided the case, and the class's verbaliser alone gives the words. The expected words are
written from Arabic grammar (case, gender polarity of 3..10, the tamyiz after 11..99), not
printed by the code; most are compared without their marks."""

from __future__ import annotations

import dataclasses
import json
import unicodedata

import pytest

from conftest import run_narrator
from narrator.errors import TextError
from narrator.frontend import numwords
from narrator.frontend.agreement import noun_gender
from narrator.frontend.calendars import GREGORIAN, HIJRI
from narrator.frontend.dates import NumericDate, Slashed, YearPhrase, say_date, say_slash
from narrator.frontend.arabic import ACC, FEM, GEN, MASC, NOM, Case, Gender, strip_marks
from narrator.frontend.grammar import default_tables, load
from narrator.frontend.numbers import Reading, verbalise
from narrator.frontend.numbers import tokens as t
from narrator.frontend.numbers.classify import classify
from narrator.frontend.numbers.features import Features, features
from narrator.frontend.numbers.scan import NUMBER_RE, Context, words_before
from narrator.frontend.numbers.verbalisers import VERBALISERS, say


GR = default_tables()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _nth(text: str, i: int = 0):
    """The i-th number of `text`: its match and context."""
    m = list(NUMBER_RE.finditer(text))[i]
    return m, Context(text, m.start(), m.end(), words_before(text, m.start(), 8))


def read(text: str, i: int = 0, last=None):
    """(token, features, bare words) of the i-th number of `text`."""
    m, ctx = _nth(text, i)
    token = classify(GR, m, ctx)
    f = features(GR, token, ctx, last)
    return token, f, strip_marks(say(GR, token, f).words)


# (sentence, token class, rule, case of the place, bare words of the number)
CLASSES = [
    # 25 counts a feminine noun (مدرسة): خمس; the verb's object after its subject: accusative
    ("تضم المدينة 25 مدرسة", t.Cardinal, "verb-subject-then-number", ACC, "خمسا وعشرين"),
    # the ordinal agrees with الدورة, the subject of انطلقت: nominative
    ("انطلقت الدورة 33", t.Ordinal, "verb-subject-then-number", ACC, "الثالثة والثلاثون"),
    ("بقيمة $5 مليار", t.Money, "genitive-governor", GEN, "خمسة مليارات دولار"),
    # مليار before its own counted noun is in construct (no tanween alif)
    ("يشهد 24 مليار عملية", t.CountedNumber, "transitive-verb-before", ACC,
     "أربعة وعشرين مليار"),
    ("بنسبة 25%", t.Percent, "genitive-governor", GEN, "خمسة وعشرين بالمئة"),
    ("في 5/3/2024", t.Date, "genitive-governor", GEN,
     "الخامس من مارس عام ألفين وأربعة وعشرين"),
    ("في الساعة 10:30", t.Time, "nominative", NOM, "العاشرة والنصف"),
    # each part counts its feminine noun: ساعتان، أربع دقائق، خمس عشرة ثانية
    ("2:04:15", t.Duration, "nothing-before", NOM, "ساعتان وأربع دقائق وخمس عشرة ثانية"),
    # two thirds in construct with الأعضاء, genitive after بأغلبية: ثلثي
    ("بأغلبية 2/3 الأعضاء", t.Slash, "construct-noun", GEN, "ثلثي"),
    ("على بعد 3-5 كم", t.Range, "construct-after-preposition", GEN,
     "من ثلاثة إلى خمسة كيلومترات"),
    ("فاز الفريق 3-1", t.Score, "verb-subject-then-number", ACC, "ثلاثة مقابل واحد"),
    ("+966 50 123", t.Phone, "nothing-before", NOM,
     "زائد تسعة ستة ستة، خمسة صفر، واحد اثنان ثلاثة"),
    ("ورد في البند 1.2.3 من", t.Section, "nominative", NOM, "واحد نقطة اثنين نقطة ثلاثة"),
    # a version label is in construct with الإصدار: its first part genitive (اثنين)
    ("بالإصدار 2.1.3", t.Version, "version-label", GEN, "اثنين نقطة واحد نقطة ثلاثة"),
    ("غرفة 4×5 أمتار", t.Dimensions, "construct-noun", GEN, "أربعة في خمسة أمتار"),
    # سالب governs the number: خمس درجات (درجة is feminine)
    ("و-5 درجات", t.Negative, "nothing-before", NOM, "سالب خمس درجات"),
    ("عام 2024", t.Year, "genitive-governor", GEN, "ألفين وأربعة وعشرين"),
    ("في 25 مايو", t.DayMonth, "genitive-governor", GEN, "الخامس والعشرين من مايو"),
    ("في الساعة 5 مساء", t.ClockHour, "nominative", NOM, "الخامسة مساء"),
    # الـ before a counted noun: a definite cardinal agreeing with ساعة (feminine)
    ("خلال الـ 72 ساعة", t.DefiniteCardinal, "genitive-governor", GEN, "الاثنتين والسبعين"),
    ("في الـ 9 من عمرها", t.Age, "genitive-governor", GEN, "التاسعة"),
    ("نما 2.5", t.Decimal, "intransitive-verb-before", NOM, "اثنان فاصلة خمسة"),
    ("القانون رقم 18", t.Label, "genitive-governor", GEN, "ثمانية عشر"),
    ("بلغت 25°C", t.Degrees, "transitive-verb-before", ACC, "خمسا وعشرين درجة مئوية"),
]


@pytest.mark.parametrize("text, cls, rule, case, words", CLASSES, ids=[c[0] for c in CLASSES])
def test_each_class_from_a_sentence(text, cls, rule, case, words):
    token, f, said = read(text)
    assert type(token) is cls
    assert (f.rule, f.case) == (rule, case)
    assert isinstance(f.case, Case) and isinstance(f.gender, Gender)
    assert said == words


def test_every_class_has_a_verbaliser_and_a_tested_sentence():
    tested = {c[1] for c in CLASSES} | {t.Cardinal}
    classes = {c for c in VERBALISERS}
    assert classes - tested == {t.DayRange}  # tested below
    assert all(c.kind for c in classes)


def test_tokens_carry_their_parts_and_end():
    token, _, _ = read("بقيمة $5 مليار دولار")
    assert (token.amount, token.currency, token.scale.singular) == ("5", "دولار", "مليار")
    assert token.end == len("بقيمة $5 مليار")  # the scale word is read with it
    token, _, _ = read("على بعد 3-5 كم")
    assert (token.first, token.last, token.join, token.unit.singular) == (
        "3", "5", "from-to", "كيلومتر")
    token, _, _ = read("بين عامي 2012-14")
    assert type(token) is t.DayRange and (token.days.first, token.days.last) == (2012, 2014)
    token, _, _ = read("وبالـ21")
    assert token.clitics == t.Clitics("و", "ب", True)
    with pytest.raises(AttributeError):
        token.end = 0  # frozen


def test_day_range_reads_both_days_before_the_month():
    token, f, said = read("من 10-15 مايو")
    assert type(token) is t.DayRange and token.kind == "range"
    assert said == "العاشر إلى الخامس عشر من مايو"


def test_cardinal_forms_with_the_noun_after_it():
    # 1 and 2 before a singular noun: the noun carries the number (نقطة واحدة)
    token, f, said = read("سجل 1 نقطة")
    assert (token.form, said, f.gender) == ("noun", "نقطة واحدة", FEM)
    # 11..99 before a bare masculine noun: the accusative singular (tamyiz)
    token, f, said = read("منذ 15 عام")
    assert (token.form, said) == ("tamyiz", "خمسة عشر عاما")
    # بين 5 و10 دول: the noun after the chain gives the first number its gender
    token, f, said = read("بين 5 و10 دول")
    assert token.chain_noun == "دول" and f.gender == FEM and said == "خمس"


@pytest.mark.parametrize("text, rule, case", [
    ("بـ38 صوتا", "glued-preposition", GEN),
    ("حكم عليه بالسجن 25 عاما", "duration-adverb", ACC),    # an adverb of time
    ("يحضر المؤتمر 2000 مشارك", "vos-subject", NOM),       # the people attend
    ("شوهد 1200 مرة", "absolute-object", ACC),
])
def test_features_name_the_rules_of_the_numbers_stage(text, rule, case):
    _, f, _ = read(text)
    assert (f.rule, f.case) == (rule, case)


def test_a_coordinated_number_takes_the_case_of_the_one_before():
    text = "قتل 5 و10"
    first = _nth(text, 0)[0]
    _, f, said = read(text, 1, last=(first.end(), ACC))
    assert (f.rule, f.case, said) == ("coordinated", ACC, "وعشرة")


def test_word_case_of_an_adjective_number():
    # the ordinal agrees with its noun, not with the number's place
    _, f, said = read("في القرن 21")
    assert (f.case, f.word_case, said) == (NOM, GEN, "الحادي والعشرين")
    # a score after a verb of a match is its adverbial: accusative
    _, f, said = read("وفاز الوداد على الرجاء 2-1")
    assert (f.case, f.word_case, said) == (NOM, ACC, "اثنين مقابل واحد")


def test_a_verbaliser_alone_takes_only_token_and_features():
    token, _, _ = read("في 3 مدن")
    assert type(token) is t.Cardinal
    # three with a masculine noun takes ة; with a feminine one it has none
    masc = Features(NOM, MASC, False, False, "test")
    fem = Features(GEN, FEM, True, False, "test")
    assert strip_marks(VERBALISERS[t.Cardinal](GR, token, masc).words) == "ثلاثة"
    assert VERBALISERS[t.Cardinal](GR, token, fem).words == "ثَلَاثِ"  # in construct, genitive
    token, _, _ = read("انطلقت الدورة 33")
    said = VERBALISERS[t.Ordinal](GR, token, Features(ACC, FEM, False, True, "test", NOM))
    # (shadda and vowel in either order)
    assert _nfc(said.words) == _nfc("الثَّالِثَةُ وَالثَّلَاثُونَ")


def test_reading_derives_from_token_and_features():
    readings: list[Reading] = []
    verbalise("خصصت الحكومة 600 مليون دينار لبناء 120 مدرسة", readings=readings)
    assert [(r.kind, r.rule) for r in readings] == [
        ("counted", "verb-subject-then-number"), ("cardinal", "construct-noun")]
    assert (readings[1].gender, readings[1].construct) == (FEM, True)
    assert readings[0].case is ACC and isinstance(readings[0].gender, Gender)


def test_case_and_gender_enums_equal_their_strings():
    assert numwords.cardinal(3, "f", "gen") == numwords.cardinal(3, FEM, GEN) == "ثلاث"
    assert numwords.ordinal(21, Gender.M, True, Case.GEN) == "الحادي والعشرين"
    assert Case("acc") is ACC and Gender("m") is MASC and ACC == "acc"
    assert {"nom": 1}[NOM] == 1  # tables keyed by the strings are read with the members
    assert noun_gender(GR, "مدرسة") is FEM and noun_gender(GR, "يوم") is MASC
    assert GR.counted["دولار"].gender is MASC
    with pytest.raises(TextError):
        numwords.cardinal(3, "x")


def test_script_explain_json_shows_gender_and_construct(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("عنوان\n\nافتتحت الوزارة 12 مدرسة في 2024 وتبقى مفتوحة حتى الساعة 8 مساء.\n",
                       encoding="utf-8")
    out = run_narrator("script", article, "--explain", "--json", "-w", tmp_path,
                       check=True).stdout.decode()
    numbers = json.loads(out)[0]["numbers"]
    assert numbers[0] == {"number": "12", "class": "cardinal", "case": "acc", "gender": "f",
                          "construct": True, "definite": False,
                          "rule": "verb-subject-then-number", "words_case": "acc"}
    assert numbers[1]["rule"] == "genitive-governor" and numbers[1]["case"] == "gen"
    # حتى الساعةِ الثامنةِ: the hour agrees with الساعة after حتى, whatever its own place
    assert numbers[2]["class"] == "clock-hour" and numbers[2]["words_case"] == "gen"


def test_the_tables_are_passed_forward_not_activated(tmp_path):
    # a workspace grammar read by one call does not change the next call's reading
    folder = tmp_path / "grammar"
    folder.mkdir()
    (folder / "particles.tsv").write_text("إزاء\tpreposition\n", encoding="utf-8")
    mine = load(folder).tables
    assert verbalise("وقف إزاء 20 شخصا", tables=mine) == "وقف إزاء عشرين شخصا"
    assert verbalise("وقف إزاء 20 شخصا") == "وقف إزاء عشرون شخصا"  # the package's tables
    assert verbalise("وقف إزاء 20 شخصا", tables=mine) == "وقف إزاء عشرين شخصا"
    assert default_tables() is load().tables and mine is load(folder).tables


# --- numeric dates and a/b: found by classify, said from what was found --------------------

def test_date_and_slash_tokens_carry_what_was_found_not_the_text():
    # the verbaliser gets a plain record of the parts; nothing in the token holds the text
    for cls in (t.Date, t.Slash):
        assert not any(f.type in (Context, "Context") for f in dataclasses.fields(cls))
    token, _, _ = read("صدر القرار في 15/3/2024، وبدأ تطبيقه")
    d = token.date
    assert (type(token), d.parts, d.day, d.month, d.year) == (t.Date, (15, 3, 2024), 15, 3, 2024)
    assert (d.calendar, d.phrase.era, _nfc(d.month_words)) == (GREGORIAN, None, _nfc("مَارِسَ"))
    assert token.end == len("صدر القرار في 15/3/2024")


def test_a_hijri_date_reads_its_era_mark_along():
    text = "وصل الوفد يوم 10/12/1445 هـ إلى مكة"
    token, f, said = read(text)
    d = token.date
    assert (d.day, d.month, d.calendar, d.phrase.era.words) == (10, 12, HIJRI, "للهجرة")
    assert token.end == len("وصل الوفد يوم 10/12/1445 هـ")  # the mark is taken with it
    # an adverb of time after the verb: accusative (the tens would show it; the tenth does not)
    assert said == "العاشر من ذي الحجة عام ألف وأربعمئة وخمسة وأربعين للهجرة"


def test_an_impossible_date_is_found_as_no_date():
    token, _, said = read("تاريخ 31/02/2023 خاطئ")
    assert token.date.phrase is None and token.date.parts == (31, 2, 2023)
    # after the construct noun تاريخ: genitive, the later numbers after على
    assert said == "واحد وثلاثين على اثنين على ألفين وثلاثة وعشرين"


@pytest.mark.parametrize("text, reading, taken, parts", [
    # a quarter of the students: the fraction is the first term of الطلاب (the noun is not taken)
    ("حضر 1/4 الطلاب الاجتماع", "fraction", "حضر 1/4", {"before_noun": True}),
    ("بأغلبية 2/3 الأعضاء", "fraction", "بأغلبية 2/3",
     {"before_noun": True, "after_indefinite": True}),
    # 12 > 5: no fraction, no date; nothing after it makes it one
    ("سجل اللاعب 12/5 في الرميات", "numbers", "سجل اللاعب 12/5", {}),
    # after يوم a/b is a day and a month
    ("ولد يوم 3/4 في القاهرة", "day-month", "ولد يوم 3/4", {"day": 3}),
    ("خلال موسم 2024/25 فاز الفريق", "years", "خلال موسم 2024/25", {}),
    ("صدر القانون رقم 13/2020 أمس", "label-year", "صدر القانون رقم 13/2020", {}),
    ("في 11/1445 هـ", "month-year", "في 11/1445 هـ", {"calendar": HIJRI}),
])
def test_find_slash_tells_what_a_b_is(text, reading, taken, parts):
    token, _, _ = read(text)
    s = token.slash
    assert type(token) is t.Slash and s.reading == reading
    assert text[:token.end] == taken
    assert all(getattr(s, k) == v for k, v in parts.items())


def test_find_slash_parses_the_month_and_the_years():
    s = read("ولد يوم 3/4 في القاهرة")[0].slash
    assert _nfc(s.month[0]) == _nfc("أَبْرِيلَ")
    s = read("في 11/1445 هـ")[0].slash
    # the genitive and the nominative of ذو القعدة differ
    assert [_nfc(m) for m in s.month] == [_nfc("ذِي الْقَعْدَةِ"), _nfc("ذُو الْقَعْدَةِ")]
    assert (s.year.year, s.year.era.words) == (1445, "للهجرة")
    s = read("خلال موسم 2024/25 فاز الفريق")[0].slash
    assert (s.year.year, s.year.second, s.year.pair) == (2024, 2025, "range")


@pytest.mark.parametrize("found, case, words", [
    # two thirds: the dual, its ن dropped before a noun (construct): ثلثا / ثلثي / ثلثان
    (Slashed("2", "3", "fraction", 0, before_noun=True), NOM, "ثلثا"),
    (Slashed("2", "3", "fraction", 0, before_noun=True), GEN, "ثلثي"),
    (Slashed("2", "3", "fraction", 0), NOM, "ثلثان"),
    # 3..10 take the plural of the part in the genitive: ثلاثة أرباع (the part is masculine)
    (Slashed("3", "4", "fraction", 0), ACC, "ثلاثة أرباع"),
    # a subject in construct after an indefinite noun in ة: governed by it (genitive)
    (Slashed("1", "2", "fraction", 0, before_noun=True, after_indefinite=True), NOM, "نصف"),
    (Slashed("3", "4", "day-month", 0, day=3, month=("أَبْرِيلَ", "أَبْرِيلَ")), NOM,
     "الثالث من أبريل"),
    # ذو القعدة as a subject, ذي القعدة after في
    (Slashed("11", "1445", "month-year", 0, HIJRI, month=("ذِي الْقَعْدَةِ", "ذُو الْقَعْدَةِ"),
             year=YearPhrase(1445, None, 0)), NOM, "ذو القعدة عام ألف وأربعمئة وخمسة وأربعين"),
    (Slashed("11", "1445", "month-year", 0, HIJRI, month=("ذِي الْقَعْدَةِ", "ذُو الْقَعْدَةِ"),
             year=YearPhrase(1445, None, 0)), GEN, "ذي القعدة عام ألف وأربعمئة وخمسة وأربعين"),
    # a law's number (its case) and its year after لسنة (genitive)
    (Slashed("13", "2020", "label-year", 0), NOM, "ثلاثة عشر لسنة ألفين وعشرين"),
    # a season names one period: A إلى B, no عام before it
    (Slashed("2024", "25", "years", 0, year=YearPhrase(2024, None, 0, "range", 2025)), GEN,
     "ألفين وأربعة وعشرين إلى ألفين وخمسة وعشرين"),
    # a Hijri year and its Gregorian one: عام said unless a year noun is written before
    (Slashed("1267", "1851", "years", 0, year=YearPhrase(1267, None, 0, "hijri-ad", 1851)), GEN,
     "عام ألف ومئتين وسبعة وستين للهجرة الموافق ألف وثمانمئة وواحد وخمسين للميلاد"),
    (Slashed("1267", "1851", "years", 0, year=YearPhrase(1267, None, 0, "hijri-ad", 1851),
             year_noun=True), GEN,
     "ألف ومئتين وسبعة وستين للهجرة الموافق ألف وثمانمئة وواحد وخمسين للميلاد"),
])
def test_say_slash_alone_gives_the_words(found, case, words):
    assert strip_marks(say_slash(found, case)) == words


def test_say_slash_leaves_two_numbers_to_the_numbers_stage():
    assert say_slash(Slashed("12", "5", "numbers", 0), NOM) is None
    token, f, said = read("سجل اللاعب 12/5 في الرميات")
    # the object of سجل: accusative (اثني عشر), the second number after على: genitive
    assert (f.case, said) == (ACC, "اثني عشر على خمسة")


@pytest.mark.parametrize("place, case, words", [
    # a date opening a sentence that goes on is its subject: the tens nominative
    (NOM, NOM, "الخامس والعشرون من مارس عام ألفين وأربعة وعشرين"),
    (ACC, NOM, "الخامس والعشرين من مارس عام ألفين وأربعة وعشرين"),  # an adverb of time
    (NOM, GEN, "الخامس والعشرين من مارس عام ألفين وأربعة وعشرين"),  # governed: genitive
])
def test_say_date_alone_gives_the_words(place, case, words):
    found = NumericDate((25, 3, 2024), 25, 3, 2024, 0, month_words="مَارِسَ",
                        phrase=YearPhrase(2024, None, 0), place=place)
    assert strip_marks(say_date(found, case)) == words
    no_date = NumericDate((31, 2, 2023), 31, 2, 2023, 0)
    assert strip_marks(say_date(no_date, NOM)) == "واحد وثلاثون على اثنين على ألفين وثلاثة وعشرين"
