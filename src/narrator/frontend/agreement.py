"""Agreement of a number with its context: the gender of the counted noun, the case from
the governing word, and the form a counted noun takes after a number (3 دولارات، 11 دولارا).

Words are compared bare (no harakat, no tatweel). Lists are short on purpose: the endings
ة/ات decide most nouns; the lists hold the common exceptions in news prose.
- gender: "f" for a noun in ة (except أفعلة plurals of masculine nouns: أسلحة), for an ات
  plural (its singular ends in ة: انتفاضات، مباريات) unless it is a listed masculine ات
  plural (اجتماعات، مطارات) or a تفعيل verbal noun (تصريحات), and for listed feminine words
  and broken plurals (دول); otherwise "m".
- case (case_after): a data table of governors, nearest word first:
  * "gen" right after a preposition or a governing noun (من، في، بعد، منذ، حتى، كل، بعض، نحو،
    حوالي، قرابة، زهاء، عام، نسبة …), and after an indefinite noun that takes the number in
    construct: a listed verbal noun (مقتل، توقيع، تسجيل) or any indefinite noun in ة
    (إصابة 40 آخرين، بتكلفة 20 مليون);
  * "acc" right after إنّ and its sisters (إن، أن، لأن، لكن، بأن، كأن: the number is the noun
    of inna); right after a transitive news verb from TRANSITIVE_VERBS (يشهد 24 مليار عملية:
    the object, the subject being the pronoun in the verb); after such a verb or after كان
    and its sisters when one or two nouns stand between (بلغ عدد القتلى 50، كان عددهم 50: the
    verb's subject, then the number as object / predicate of kana); verbs of extent
    (استمر، تبعد، يمتد) count as such verbs: their number is an accusative adverb;
  * "acc" also after any verb recognised by its shape (an imperfect in ي or in ت of five
    letters, a feminine perfect in ت, أفعل, افتعل/استفعل) with a definite subject between
    (دمرت الغارات 35 منزلا), after one to three subject nouns (بلغ عدد سكان المملكة 32
    مليون), after a listed verb, its subject and a prepositional phrase (يبعد المطار عن
    وسط المدينة 25 كم), and after من العمر and البالغ;
  * "gen" also after an indefinite noun in ات, a verbal noun by its pattern (إصلاح، تسريح،
    اعتقال) and any noun with a glued preposition (بمقدار، بسعر، بطول);
  * "nom" otherwise, and right after كان (كان 5 أشخاص: the number is kana's subject), in a
    nominal clause opened by a noun with a pronoun (لانكماش نسبته 2.1%), and when only an
    adverb or a prepositional phrase stands after the verb (قتل في الهجوم 25 شخصا).
  Bare three-letter perfects are not recognised by shape: VOS (حضر المؤتمر 1500 مشارك) is
  as common with them as VSO.
  Verbs whose passive is spelt the same and is the norm in casualty reports (قتل، اعتقل،
  جرح، أسر: قُتِلَ خمسةُ أشخاص) are objects only after an explicit subject
  (قتل الجيش 5 مسلحين).
- verb transitivity (verbs.py, data/verbs.tsv): a listed intransitive verb right before the
  number makes it the subject (توفي 30 شخصا، تقدم 25 مرشحا: nominative); any listed verb,
  its subject, then the number: accusative (تراجع المؤشر 20 نقطة، عرض المهرجان 85 فيلما);
  a transitive verb right before number + noun + another object has the number as its
  subject (فقد 50 ألف موظف وظائفهم: subject_before_object, which needs the words after).
  A listed verb spelt like a noun (a bare فعل: عمل، وصل; a verbal noun: تراجع) is taken as
  the verb only where a clause opens with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrator.frontend import verbs
from narrator.frontend.numwords import FATHA, KASRA, SUKUN, cardinal, inflect

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")

GEN_GOVERNORS = frozenset(
    "من في الى إلى على عن منذ مذ حتى مع بين حوالي حوالى نحو خلال حدود بعد قبل عند لدى "
    "دون فوق تحت أمام خلف حول ضد عبر قرابة زهاء مدة طوال طيلة نسبة معدل مقابل أصل "
    "مجموع إجمالي قيمة بقيمة كل بعض لكل بكل مدار مدى غضون إثر عقب جراء سوى "
    # a number after رقم is in construct with it (الديربي رقم 132: مئة واثنين وثلاثين)
    "رقم".split())
# إنّ and its sisters: the number right after them is their noun (accusative).
INNA_SISTERS = frozenset("إن أن ان لأن لان لكن ولكن بأن بان كأن ليت لعل وإن فإن وأن".split())
# Prepositions and adverbs among the genitive governors: never a verb's subject.
_PREPOSITIONS = frozenset(
    "من في الى إلى على عن منذ مذ حتى مع بين حوالي حوالى نحو خلال حدود بعد قبل عند لدى "
    "دون فوق تحت أمام خلف حول ضد عبر قرابة زهاء كل بعض مدة طوال طيلة".split())
# Participles of change in the accusative (a حال) whose complement is an amount.
_CHANGE_PARTICIPLES = frozenset(
    "مرتفعا منخفضا متراجعا متقدما متأخرا متجاوزا مقتربا متخطيا مسجلا محققا رابحا خاسرا "
    "صاعدا هابطا فاقدا مضيفا".split())
# Nouns of extent and of a point in time in construct with a number after a preposition.
_EXTENT_POINT_NOUNS = frozenset(
    "طول عرض عمق ارتفاع مسافة بعد منتصف مطلع أواخر أوائل نهاية بداية أعقاب".split())
# (and حين/حال: في حين 12 منهم، في حال 3 … open a clause)
_DEMONSTRATIVES = frozenset("ذلك هذا هذه تلك هؤلاء أولئك حين حال".split())
# Demonstratives proper, after a glued ب/ل an adverbial (بذلك، لهذا).
_POINTING = frozenset("ذلك هذا هذه تلك".split())
# Prepositions never followed by a verb (unlike من "who", حتى, منذ, بعد/قبل ما).
_NOUN_PREPOSITIONS = frozenset("في على إلى الى عن مع".split())
# كان and its sisters: accusative predicate after their subject (كان عددهم 50).
KANA_SISTERS = frozenset(
    "كان كانت كانوا يكون تكون أصبح أصبحت يصبح تصبح صار صارت يصير تصير ظل ظلت يظل تظل "
    "بات باتت يبات ليس ليست مازال مازالت زال زالت يزال تزال أضحى أمسى بقي بقيت يبقى تبقى".split())
# Transitive verbs of news prose (perfect and imperfect, both genders) whose object is
# often a number: يشهد 24 مليار عملية، بلغ عدد القتلى 50، تضم 5 دول.
TRANSITIVE_VERBS = frozenset(
    "شهد شهدت يشهد تشهد بلغ بلغت يبلغ تبلغ سجل سجلت يسجل تسجل ضم ضمت يضم تضم حقق حققت "
    "يحقق تحقق أصاب أصابت يصيب تصيب جمع جمعت يجمع تجمع خسر خسرت يخسر تخسر ربح ربحت يربح "
    "تربح تجاوز تجاوزت يتجاوز تتجاوز تخطى تخطت يتخطى تتخطى استقبل استقبلت يستقبل تستقبل "
    "أنفق أنفقت ينفق تنفق دفع دفعت يدفع تدفع باع باعت يبيع تبيع اشترى اشترت يشتري تشتري "
    "يملك تملك يمتلك تمتلك استغرق استغرقت يستغرق تستغرق يتطلب تتطلب تطلب تطلبت يعادل "
    "تعادل يساوي تساوي أطلق أطلقت يطلق تطلق نشر نشرت ينشر تنشر وظف وظفت يوظف توظف "
    "خصص خصصت يخصص تخصص رصد رصدت يرصد ترصد أضاف أضافت يضيف تضيف صدر صدرت يصدر "
    "تصدر استورد استوردت يستورد تستورد أنتج أنتجت ينتج تنتج يستوعب تستوعب استوعب "
    "يستخدم تستخدم استخدم استخدمت يقتل تقتل يعتقل تعتقل قتل قتلت اعتقل اعتقلت جرح "
    "جرحت أسر أسرت يقارب تقارب قارب قاربت يناهز تناهز ناهز ناهزت يفوق تفوق فاق فاقت "
    "يتخطى يحصد تحصد حصد حصدت يمثل تمثل مثلت يوفر توفر وفر وفرت "
    # covering a distance (يقطع النهر 1300 كيلومتر)
    "قطع قطعت يقطع تقطع "
    # authoring (وألف 150 كتابا: ألف before digits is the verb, never the numeral)
    "ألف ألفت يؤلف تؤلف "
    # three-letter perfects and ت-imperfects cannot be told from nouns by their shape
    # (كتب books/wrote, تغطي): those met before numbers are listed.
    "كتب حكم ترك فقد قدم نقل هزم قضى شن طرح سرح دمر خفض رفع وزع نفذ عقد أجرى أمضى "
    "احتل احتلت يحتل تحتل تغطي يغطي غطى غطت تشكل يشكل شكل شكلت تستهلك يستهلك استهلك "
    "تتضمن يتضمن تضمن تتيح يتيح أتاح أتاحت يعرض تقدم يقدم تنتج تطرح تمنح يمنح منح "
    "منحت تحقق تكسب يكسب كسب كسبت تدير يدير تخسر تربح تزن يزن وزن كلف كلفت يكلف تكلف "
    # active participles of such verbs take an object too (البالغ 52 عاما)
    "البالغ البالغة البالغين البالغون البالغتين "
    # imperatives of recipes and instructions (أضف 200 غرام، اترك العجين 30 دقيقة)
    "أضف أضيفي ضع ضعي اترك اتركي خذ خذي اخلط اخلطي امزج امزجي اطبخ اسكب اغسل اشرب "
    # building in real-estate news (شيد المطور 240 وحدة)
    "شيد شيدت يشيد تشيد".split())
# Verbs of extent after which a number is an accusative adverb of time or distance
# (استمرت المفاوضات 3 أيام، تبعد المدينة 60 كم): read like objects.
EXTENT_VERBS = frozenset(
    "يبعد تبعد يمتد تمتد امتد امتدت استمر استمرت يستمر تستمر دام دامت يدوم تدوم "
    "يستغرق".split())
# Verbal nouns that govern a number after them in construct (مقتل 15 شخصا، توقيع 12
# اتفاقية: genitive). Indefinite nouns in ة are recognised by their shape.
CONSTRUCT_NOUNS = frozenset(
    "مقتل مصرع اعتقال إجلاء نزوح تسجيل توقيع إطلاق تدمير شراء بيع إنتاج تصدير استيراد "
    "إرسال نشر سقوط ارتفاع انخفاض تراجع نمو هبوط صعود تشريد إخلاء تعيين توظيف استقبال "
    "إصدار إنفاق تخصيص اعتماد تمويل إعدام فقدان تعداد مستوى سقف مرور".split())
# Spelt like their passive (قُتِلَ), which is the usual reading right before a number.
PASSIVE_LOOKALIKES = frozenset(
    "قتل قتلت اعتقل اعتقلت جرح جرحت أسر أسرت نقل نقلت دمر دمرت نفذ نفذت وزع وزعت سرح سرحت "
    "عقد عقدت طرح طرحت شيد شيدت".split())
YEAR_NOUNS = frozenset("عام العام سنة السنة عامي سنتي أعوام الأعوام".split())
ORDINAL_NOUNS = frozenset(
    "المرتبة المركز الدورة القرن الطبعة الفصل البند الجزء المادة الحلقة النسخة الموسم "
    "الجولة الفقرة الباب المرة الذكرى الدرس الطابق المؤتمر القمة الأسبوع اليوم "
    "الجيل الإصدار الدقيقة الشوط المرحلة المستوى الفئة النسخة العيد الخط".split())
HOUR_NOUNS = frozenset(("الساعة",))

# Feminine without ة/ات, and broken plurals whose singular is feminine (خمس دول).
FEM_WORDS = frozenset(
    "دول مدن قرى نقاط سفن رسائل قضايا مناطق حروب أراض أراضي نساء جوائز وثائق حقائب مواد "
    "قواعد دوائر مراحل دقائق ثوان ثواني ليال ليالي سنين ضحايا مدارس كنائس عواصم جزر جمل "
    "خطط فرص قصص صور غرف أسر أمم قمم حزم أرض شمس حرب نفس دار عين يد بئر ريح نار "
    "نسخ أوراق خرائط حجج ملاعق شرائح "
    # broken plurals of feminine nouns in ة met after numbers (3 حصص، 5 شقق، 4 مزارع)
    "حصص مهام قوائم مزارع حدائق مقابر قبائل سلع قذائف شقق فلل قطع خيم قصائد كتل مآذن".split())
# ات plurals of masculine singulars (اجتماع، مطار): every other ات plural is feminine.
MASC_AT_PLURALS = frozenset(
    "اجتماعات استثمارات انتخابات امتحانات اختبارات اتفاقات اتصالات احتجاجات اعتداءات "
    "انتهاكات استطلاعات اشتباكات انفجارات اقتراحات اعتقالات استفتاءات انسحابات امتيازات "
    "اعتبارات انتقادات افتراضات استعدادات استخدامات انطباعات إجراءات إصلاحات إنجازات "
    "انتصارات احتفالات انتقالات اتهامات اعترافات ابتكارات اختراعات اكتشافات اختراقات "
    "اغتيالات انقلابات انشقاقات ارتفاعات انخفاضات "
    "إعلانات إصدارات إضرابات إحصاءات إمكانات إيرادات إنذارات إعفاءات "
    "منتخبات مشروعات مليارات تريليونات دولارات ملفات مستشفيات مستويات قطارات مطارات حيوانات "
    "بيانات مؤتمرات مسلسلات منتجات معسكرات حسابات طلبات سجلات مجالات ممرات مكونات "
    "مخططات مخيمات مقترحات مستندات مصطلحات مستودعات منشورات مهرجانات مختبرات "
    "قرارات حوارات مسارات خيارات شعارات كيلومترات كيلوغرامات جنيهات ريالات روبلات يوانات "
    "تطورات تغيرات تحركات تدخلات توقعات تحديات أصوات أوقات أبيات طرازات محركات "
    "معالجات مفاعلات مولدات مسدسات مدرجات "
    # units with a masculine singular (7 هكتارات، 5 لترات)
    "هكتارات لترات ميغاواطات كيلوواطات غيغاواطات فولتات غرامات ميليمترات".split())
# ات plurals of feminine nouns shaped like تفاعل/تفعّل verbal nouns (تظاهرة، ترجمة).
_FEM_TA_PLURALS = frozenset("تظاهرات ترجمات".split())
# Masculine despite ة (قادة، أدوية), masculine broken plurals (أيام) and singulars.
MASC_WORDS = MASC_AT_PLURALS | frozenset(
    "قادة طلبة قضاة أساتذة دعاة ولاة أئمة سادة رعاة أدوية أبنية أندية أودية "
    "أيام أشهر شهور أعوام أسابيع ملايين آلاف رجال أطفال أشخاص أفراد جنود قتلى جرحى أسرى "
    "أهداف أسباب أمور أشياء دروس كتب بنود فصول أجزاء أقسام قرون عقود أحزاب نواب وزراء "
    "صواريخ أطنان أمتار دنانير دراهم قروش أعضاء علماء أطباء خبراء أجيال مصانع حواسيب "
    "أقمار ملاعب طوابق "
    "يوم شهر عام أسبوع قرن عقد شخص طفل رجل جندي قتيل جريح عضو نائب وزير هدف مليون مليار "
    "ألف كيلومتر متر طن صاروخ بلد مواطن لاعب".split())
PLURALS = frozenset(
    "دول مدن قرى نقاط سفن رسائل قضايا مناطق حروب أراض أراضي نساء جوائز وثائق حقائب مواد "
    "قواعد دوائر مراحل دقائق ثوان ثواني ليال ليالي سنين ضحايا مدارس كنائس عواصم جزر جمل "
    "خطط فرص قصص صور غرف أسر أمم قمم حزم قادة طلبة قضاة أساتذة "
    "أيام أشهر شهور أعوام أسابيع ملايين آلاف رجال أطفال أشخاص أفراد جنود قتلى جرحى أسرى "
    "أهداف أسباب أمور أشياء دروس كتب بنود فصول أجزاء أقسام قرون عقود أحزاب نواب وزراء "
    "صواريخ أطنان أمتار دنانير دراهم قروش أعضاء علماء أطباء خبراء "
    # broken plurals مفاعل/مفاعيل (their singular مُفاعِل participles look the same shape)
    "مقاعد مراكز مساجد منازل مشاريع مواقع مكاتب مصانع ملاعب مراحل".split())
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
    Counted("مليغرام", "مليغرامان", "مليغرامين", "مليغرامات", "مليغراما", "m"),
)}
# Vowelled stems of the counted nouns: (singular, plural after 3..10, plural is a diptote).
# Indeclinable loan words (يورو) have no case ending: the stem is the whole word.
VOWELLED = {
    "دولار": ("دُولَار", "دُولَارَات", False), "يورو": ("يُورُو", "يُورُو", None),
    "ريال": ("رِيَال", "رِيَالَات", False), "جنيه": ("جُنَيْه", "جُنَيْهَات", False),
    "درهم": ("دِرْهَم", "دَرَاهِم", True), "دينار": ("دِينَار", "دَنَانِير", True),
    "قرش": ("قِرْش", "قُرُوش", False), "ليرة": ("لِيرَة", "لِيرَات", False),
    "روبل": ("رُوبْل", "رُوبْلَات", False), "يوان": ("يُوَان", "يُوَانَات", False),
    "ألف": ("أَلْف", "آلَاف", False), "مليون": ("مِلْيُون", "مَلَايِين", True),
    "مليار": ("مِلْيَار", "مِلْيَارَات", False), "تريليون": ("تِرِيلْيُون", "تِرِيلْيُونَات", False),
    "دقيقة": ("دَقِيقَة", "دَقَائِق", True), "درجة": ("دَرَجَة", "دَرَجَات", False),
    "كيلومتر": ("كِيلُومِتْر", "كِيلُومِتْرَات", False), "متر": ("مِتْر", "أَمْتَار", False),
    "سنتيمتر": ("سَنْتِيمِتْر", "سَنْتِيمِتْرَات", False),
    "مليمتر": ("مِلِّيمِتْر", "مِلِّيمِتْرَات", False),
    "كيلوغرام": ("كِيلُوغْرَام", "كِيلُوغْرَامَات", False),
    "مليغرام": ("مِلِّيغْرَام", "مِلِّيغْرَامَات", False),
}
SCALE_WORDS = frozenset(("ألف", "مليون", "مليار", "تريليون"))
# Unit abbreviations after a number, matched exactly (كما and سما are words, not units).
UNIT_ABBREVIATIONS = {
    "كم": "كيلومتر", "كلم": "كيلومتر", "م": "متر", "سم": "سنتيمتر", "ملم": "مليمتر",
    "كغ": "كيلوغرام", "كغم": "كيلوغرام", "كلغ": "كيلوغرام",
    "ملغ": "مليغرام", "ملغم": "مليغرام",  # doses in health news (500 ملغ)
}
_COUNTED_FORMS = {form: c for c in COUNTED.values() for form in c.forms}
_COUNTED_FORMS.update({"الف": COUNTED["ألف"], "الاف": COUNTED["ألف"]})


def bare(word: str) -> str:
    """The word without harakat and tatweel."""
    return _DIACRITICS.sub("", word)


def _variants(word: str):
    """The word, then without a glued و/ف, then without a glued ب/ك/ل (لل -> ال)."""
    yield word
    if word[:1] in ("و", "ف") and len(word) > 2:  # وفي، ومن: the bare governor
        word = word[1:]
        yield word
    if word.startswith("لل") and len(word) > 3:
        yield "ال" + word[2:]
    elif word[:1] in ("ب", "ك", "ل") and len(word) > 3:
        yield word[1:]


def governs_genitive(word: str) -> bool:
    return any(v in GEN_GOVERNORS or v in YEAR_NOUNS for v in _variants(word))


def _any(word: str, table: frozenset[str]) -> bool:
    return any(v in table for v in _variants(word))


# Adverbs of time that stand between a verb and its subject (قتل اليوم 5 أشخاص).
_TIME_ADVERBS = frozenset(
    "أمس اليوم الليلة غدا مؤخرا حاليا أيضا فقط أخيرا سابقا لاحقا صباحا مساء الأحد الاثنين "
    "الثلاثاء الأربعاء الخميس الجمعة السبت".split())


def _noun_between(word: str) -> bool:
    """A word that can be the subject between a verb and its object (عدد، القتلى، الوزارة)."""
    return (word not in PARTICLES and not _any(word, _PREPOSITIONS)
            and not _preposition_with_pronoun(word) and not _any(word, _TIME_ADVERBS)
            and not _glued_preposition(word)
            and not _accusative_verb(word) and not _any(word, KANA_SISTERS)
            and not _any(word, INNA_SISTERS))


def _accusative_verb(word: str) -> bool:
    return _any(word, TRANSITIVE_VERBS) or _any(word, EXTENT_VERBS)


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


def _glued_preposition(word: str) -> bool:
    """بالتعادل، للألعاب، بسعر: a preposition and its noun in one word (never a subject)."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    if w.startswith(("بال", "كال", "لل")) and len(w) > 4:
        return True
    if w[:1] in ("ب", "ك", "ل") and len(w) > 3:
        rest = w[1:]
        return (not _accusative_verb(w) and not _any(w, KANA_SISTERS)
                and rest not in PARTICLES and not rest.startswith("ال")
                and not (rest.endswith("ت") and not rest.endswith("ات")))
    return False


# لدى/عند/لـ with a pronoun: the number after them is the delayed subject (لدينا 21 مشروعا:
# واحد وعشرون), not a noun in construct; لدينا looks like ل + a noun.
_HAVE_ADVERBS = frozenset(
    "لدي لديه لديها لديهم لديهما لدينا لديك لديكم لديكما لديهن لهما لكما "
    # بين with a pronoun (بينهم 83 امرأة: the delayed subject, nominative)
    "بينهم بينها بينهما بينهن".split())


def _construct_noun(word: str) -> bool:
    """An indefinite noun right before the number, which it governs in construct: a listed
    verbal noun (مقتل، توقيع), a verbal noun by its shape (إصلاح 73 ثغرة، تسريح 600),
    any indefinite noun in ة or in ات (إصابة 40 آخرين، بيانات 533 مليون), and any noun
    after a glued preposition (بمقدار 25 نقطة، بسعر 999 دولارا، بطول 256 بت)."""
    if _accusative_verb(word) or _any(word, KANA_SISTERS) or _any(word, _HAVE_ADVERBS):
        return False
    for v in _variants(word):
        if v in CONSTRUCT_NOUNS:
            return True
    if verbs.is_verb(word) and not verbs.noun_like(word):
        return False  # استقال، استفاد: a listed verb, not the verbal noun its shape suggests
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    if w[:1] in ("ب", "ك", "ل") and len(w) > 3:
        rest = w[1:]
        # بسعر، بمقدار: a preposition and its noun. بلغت، بدأت، بنى are verbs: a two-letter
        # rest or a feminine past ending.
        if (not rest.startswith("ال") and rest not in PARTICLES
                and not (rest.endswith("ت") and not rest.endswith("ات"))):
            return True
    if len(w) > 4 and w[:1] in ("ب", "ك", "ل") and w.endswith(("ة", "ات")):
        w = w[1:]
    if w.startswith("ال") or w in PARTICLES or _any(w, INNA_SISTERS):
        return False
    return ((w.endswith("ة") and len(w) > 2) or (w.endswith("ات") and len(w) >= 5)
            or _masdar_shape(w))


# Nouns whose shape is a verb's (يوم looks like an imperfect, وقت like a feminine past).
_VERB_SHAPED_NOUNS = frozenset(
    "يوم يوما يومي يد يمين يسار يورو يناير يونيو يونيه يوليو يوليه يهود ينبوع "
    "وقت بيت صوت موت زيت بنت أخت سبت ذات ست تحت ثبت نعت تشرين تلفزيون تونس".split())
# أفعل words that are comparatives or nouns, not perfects of أفعل verbs.
_AFAL_NOUNS = frozenset(
    "أكثر أقل أكبر أصغر أعلى أدنى أول أحد أهم أفضل أسوأ أمس أرض أسر أمر أجل أطول أقصى "
    "أقرب أبعد أعظم أشهر أيضا أكد".split())


def _verb_shape(word: str) -> bool:
    """A finite verb by its shape: an imperfect (يضم، يرتفع), a feminine perfect (دمرت،
    سرحت), أفعل (أطلق، أمضى) or افتعل/انفعل/استفعل (اعتقل، افتتح، استقبل)."""
    if _accusative_verb(word) or _any(word, KANA_SISTERS):
        return True
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    if w in _VERB_SHAPED_NOUNS or w in PARTICLES or w.startswith("ال"):
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
    if len(w) == 4 and w[0] == "أ" and w not in _AFAL_NOUNS:
        return True
    return w[0] == "ا" and len(w) in (5, 6) and "ا" not in w[1:]


def verb_before_subject(word: str) -> bool:
    """An intransitive-looking verb right before a noun (انطلقت الدورة 33): the noun is its
    subject, so an ordinal after the noun is nominative."""
    if verbs.intransitive(word) and not verbs.noun_like(word):
        return True  # تنص المادة 30: a listed verb too short to be told by its shape
    return _verb_shape(word) and not _accusative_verb(word) and not _any(word, KANA_SISTERS)


# Nouns of measure that open a descriptive nominal clause with a pronoun (قيمتها، نسبته).
_MEASURE_NOUNS = frozenset(
    "قيمة قدر نسبة عدد مساحة طول عرض حجم ارتفاع عمق وزن سعر تكلفة كلفة مدة سعة قوام "
    "إجمالي مجموع حصيلة معدل قطر".split())


def _measure_with_pronoun(word: str) -> bool:
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    for suffix in ("هما", "هم", "ها", "ه"):
        if w.endswith(suffix):
            stem = w[:-len(suffix)]
            return (stem[:-1] + "ة" if stem.endswith("ت") else stem) in _MEASURE_NOUNS
    return False


def _with_pronoun(word: str) -> bool:
    """An indefinite noun with a possessive pronoun (نسبته، قيمتها، عددهم)."""
    return (not word.startswith("ال") and len(word) >= 4
            and word.endswith(("ه", "ها", "هم", "هما")) and not _verb_shape(word))


# Words in نا that are not verbs: prepositions and adverbs with the pronoun (لدينا 5 مشاريع:
# the number is the subject), inna's sisters with it, and nouns met before numbers.
_NA_NOT_VERBS = frozenset(
    "لدينا عندنا معنا لنا بيننا منا علينا إلينا فينا عنا أمامنا حولنا إننا أننا لأننا بأننا "
    "لكننا كأننا عددنا".split())


_RELATIVES = frozenset("التي الذي الذين اللذين اللتين اللواتي اللاتي".split())


def _svo_verb(words: list[str], relative: bool = True) -> bool:
    """A verb whose subject stands before it, so the number after it is its object:
    after a relative pronoun (التي نالت 54 مقعدا: the subject is the relative's pronoun),
    and after إنّ/أنّ and their definite noun (أن القوات اعتقلت 22 مشتبها، أن البطالة تطال
    23%), there also with a one-noun phrase after the verb (أن المستشفى استقبل منذ الصباح 60
    مصابا). Passive look-alikes (اعتقلت) are active there; an imperfect in ت/ي is a verb even
    when its shape alone is not enough (تطال)."""
    if len(words) < 2:
        return False
    if words[0] in _TIME_ADVERBS:  # أن الشرطة اعتقلت أمس 22 شخصا
        return _svo_verb(words[1:], relative)
    if (len(words) > 4 and words[0].startswith("ال") and _any(words[1], _PREPOSITIONS)
            and not words[2].startswith("ال")):
        return _svo_verb(words[2:], relative=False)
    w = words[0][1:] if words[0][:1] in ("و", "ف") and len(words[0]) > 3 else words[0]
    if w.startswith("ال") or w in PARTICLES or w.endswith(("ه", "ها", "هم", "هما", "ة", "ات")):
        return False  # حضره 500 شخص: an object pronoun, the number is the subject
    if _any(w, KANA_SISTERS) or _any(w, _TIME_PASSING):
        return False  # التي مرت 20 عاما: the time that passes is the subject
    if words[1] in _RELATIVES:
        # الذي قطع 493 مليون كيلومتر: a relative clause opens with its verb (but التي شارك
        # في التنظيم 500 شخص: after a phrase the number is the verb's subject)
        return relative and len(w) >= 3
    verb = _verb_shape(w) or (w[:1] in ("ت", "ي") and len(w) >= 3) or verbs.is_verb(w)
    if not verb:
        return False
    for k in (1, 2):  # أن القوات (الأمنية) اعتقلت: inna's noun and its adjective
        if (len(words) > k + 1 and all(x.startswith("ال") for x in words[1:k + 1])
                and _any(words[k + 1], INNA_SISTERS)):
            return True
    return False


def _plural_verb(word: str) -> bool:
    """An imperfect with the plural suffix (يمثلون، تحملون) or a perfect in وا (قتلوا): its
    subject is in the verb, so a number after it cannot be the subject."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 5 else word
    if w.startswith("ال") or w in PARTICLES:
        return False
    if w[:1] in ("ي", "ت") and w.endswith("ون") and len(w) >= 5:
        return True
    return w.endswith("وا") and len(w) >= 5 and w[:1] not in ("ا",)


def _we_verb(word: str) -> bool:
    """A perfect verb with the subject suffix نا (خلقنا، عالجنا، أنفقنا), from its shape:
    فعل، فاعل، أفعل or a verb shape or listed verb before the suffix."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 5 else word
    if not w.endswith("نا") or w in _NA_NOT_VERBS or w.startswith("ال"):
        return False
    base = w[:-2]
    if len(base) < 3 or base.endswith(("ة", "ت", "ا", "ي")) or base in MASC_WORDS or (
            base in FEM_WORDS):
        return False
    return (_accusative_verb(base) or _verb_shape(base) or len(base) == 3
            or (len(base) == 4 and base[1] == "ا"))


def _masdar_object(words: list[str]) -> bool:
    """بتغريم الشركة 50 ألف دينار، بعد إعلان الوزارة 12 إصابة: a verbal noun after a
    preposition, then its definite subject or first object, then the number — the verbal
    noun's object, accusative. A verbal noun that opens the clause (إنتاج المصنع 500 طن)
    may be a subject with the number its predicate, so the preposition is required."""
    if len(words) < 2 or not words[0].startswith(("ال", "وال")):
        return False
    noun, prep = words[1], bool(words[2:3]) and _any(words[2], _PREPOSITIONS)
    if noun[:1] in ("ب", "ل", "ك") and len(noun) > 4 and not noun.startswith(("ال", "لل")):
        noun, prep = noun[1:], True
    # تفعيل and إفعال are verbal nouns of transitive verbs (تغريم، إعلان); افتعال/استفعال
    # shapes are as often nouns of intransitives or plain nouns (لامتحان البكالوريا 520
    # ألف مترشح: the number is the subject), so only the listed ones count.
    transitive = len(noun) == 5 and ((noun[0] == "ت" and noun[3] == "ي")
                                     or (noun[0] == "إ" and noun[3] == "ا"))
    return prep and (noun in CONSTRUCT_NOUNS or transitive)


def _construct_after_subject(words: list[str]) -> bool:
    """يتطلب تشكيل الحكومة دعم 151 نائبا: after a verb and its definite subject, a bare
    indefinite noun cannot extend the subject (a construct chain ends at its definite
    noun): it is the object, and the number after it is in construct with it, genitive."""
    if len(words) < 3:
        return False
    w = words[0]
    if (w.startswith(("ال", "و", "ف")) or len(w) < 3 or w.endswith(("ا", "ى"))
            or _verb_shape(w) or _with_pronoun(w) or not _noun_between(w)
            or not words[1].startswith("ال")):
        return False
    # Only a verbal noun by its shape (دعم، نقل، إطلاق، تمويل): a name after a definite
    # title is the subject's apposition (سجل البرتغالي رونالدو 21 هدفا: the object).
    if not (len(w) == 3 or w in CONSTRUCT_NOUNS or _masdar_shape(w)):
        return False
    for i in (2, 3):
        if len(words) > i and all(_noun_between(x) for x in words[1:i]):
            if _accusative_verb(words[i]) or _verb_shape(words[i]):
                return True
    return False


# Words after which a clause opens, so a listed verb spelt like a noun is the verb.
_CLAUSE_OPENERS = frozenset(
    "قد لقد وقد فقد ثم كما حيث عندما بعدما حين حينما إذ إذا لما كلما بينما فيما وفيما".split())


def _listed_verb_at(words: list[str], i: int) -> bool:
    """Is words[i] a verb of verbs.tsv here? A form that is also a noun (عمل، وصل، تراجع)
    only where the clause opens with it: first in the sentence, with a glued و/ف, or after a
    particle such as قد (شهد المؤشر تراجع 40 نقطة: a verbal noun in construct)."""
    word = words[i]
    if not verbs.is_verb(word):
        return False
    if not (verbs.noun_like(word) or _any(word, CONSTRUCT_NOUNS)):
        return True
    return (i + 1 == len(words) or words[i + 1] in _CLAUSE_OPENERS
            or (word[:1] in ("و", "ف") and verbs.is_verb(word[1:])))


def _intransitive_before(words: list[str]) -> bool:
    """توفي 30 شخصا، نجا 12 راكبا، تقدم 25 مرشحا: a verb that takes no object right
    before the number — the number is its subject."""
    # استمر، تمتد: verbs of extent take the number as an adverb (تستمر 39 يوما)
    return (verbs.intransitive(words[0]) and _listed_verb_at(words, 0)
            and not _any(words[0], EXTENT_VERBS))


def _verb_after_its_subject(words: list[str]) -> bool:
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
                        and not (len(words) > 2 and (_any(words[2], _PREPOSITIONS)
                                                     or governs_genitive(words[2]))))
    return ((w[:1] in ("ي", "ت") or feminine_perfect) and not verbs.intransitive(w)
            and len(noun) >= 3
            and noun not in PARTICLES and noun not in _CLAUSE_OPENERS
            and not _any(noun, _PREPOSITIONS) and not _any(noun, GEN_GOVERNORS)
            and not _any(noun, _TIME_ADVERBS) and not _preposition_with_pronoun(noun)
            and not _any(noun, _HAVE_ADVERBS) and not _any(noun, INNA_SISTERS)
            and not _any(noun, KANA_SISTERS) and not _any(noun, _RELATIVES)
            and not verbs.is_verb(noun) and not _verb_shape(noun)
            and not _glued_preposition(noun))


def case_after(before: list[str]) -> str:
    """Case of a number from the bare words before it, nearest first: "gen", "acc" or
    "nom" (the rules are in the module docstring).

    A number after و is governed by the word before the و (من 3 و5).
    """
    words = before[1:] if before[:1] == ["و"] else before
    if not words:
        return "nom"
    first = words[0]
    if first in _TIME_ADVERBS and len(words) > 1 and not words[1].startswith(("و", "ف")) and (
            words[1].startswith("ال") or _verb_shape(words[1]) or verbs.is_verb(words[1])):
        # افتتح الرئيس أمس 12 مشروعا، قتل اليوم 5 أشخاص: an adverb of time between changes
        # nothing
        return case_after(words[1:])
    if (len(words) > 1 and words[1] in _NOUN_PREPOSITIONS and not first.startswith("ال")
            and first not in _DEMONSTRATIVES and (
                _any(first, _EXTENT_POINT_NOUNS) or _accusative_verb(first)
                or verbs.is_verb(first))):
        # على منح 45 رخصة، على طول 270 كيلومترا، في منتصف 2024: after a preposition a
        # verb-shaped word is a verbal noun, and a noun of measure or of a point in time is
        # in construct with the number (not a place name: في مراكش 68%)
        return "gen"
    if _intransitive_before(words):
        return "nom"
    if (first[:1] in ("ب", "ل") and first[1:] in _POINTING and len(words) > 1
            and _accusative_verb(words[1]) and not _any(words[1], PASSIVE_LOOKALIKES)):
        return "acc"  # وتتخطى بذلك 4 ملايين: an adverbial between the verb and its object
    if (first[1:] if first[:1] in ("و", "ف") else first) in _CHANGE_PARTICIPLES:
        return "acc"  # أغلق المؤشر مرتفعا 2.3%: the extent of an accusative participle
    if governs_genitive(first) or _construct_noun(first):
        return "gen"
    if first in INNA_SISTERS or _any(first, INNA_SISTERS):
        return "acc"
    if _any(first, _HAVE_ADVERBS) and len(words) > 1 and _any(words[1], INNA_SISTERS):
        return "acc"  # إن لدينا 21 مشروعا: inna's noun after its fronted predicate
    if _accusative_verb(first) and not _any(first, PASSIVE_LOOKALIKES):
        return "acc"
    if first in ("العمر", "عمر") and words[1:2] == ["من"]:
        return "acc"  # يبلغ من العمر 45 عاما، البالغ من العمر: the object of بلغ
    if _svo_verb(words):
        return "acc"
    if _verb_after_its_subject(words):
        return "acc"
    if _plural_verb(first):
        return "acc"  # يمثلون 22 فريقا: the subject is the verb's suffix, the number its object
    if _we_verb(first):
        return "acc"  # «خلقنا 30 ألف وظيفة»: a perfect with its subject نا, then the object
    if _masdar_object(words):
        return "acc"
    if _construct_after_subject(words):
        return "gen"
    for i in (1, 2, 3, 4, 5):  # verb/kana, its subject (one to five nouns), then the number
        if i > 1 and _with_pronoun(words[0]) and _measure_with_pronoun(words[0]):
            # لانكماش نسبته 2.1%، صفقة قيمتها 5 مليارات: a nominal clause (the measure its
            # subject, the number the predicate). Any other noun with a pronoun ends the
            # verb's subject (يبلغ عدد سكانها 20 ألف نسمة: the object).
            break
        # (غرمت المحكمة كل متهم 200 ألف: كل + noun is a noun phrase, a second object)
        if len(words) > i and all(_noun_between(w) or (j > 0 and w in ("كل", "بعض"))
                                  for j, w in enumerate(words[:i])):
            # After a verb and its subject a bare number can no longer be the subject:
            # it is the object, an adverb of time or extent, or a tamyiz, all accusative
            # (دمرت الغارات 35 منزلا، حكم السلطان 46 عاما، يرتفع الجبل 3088 مترا).
            if _accusative_verb(words[i]) or _any(words[i], KANA_SISTERS):
                return "acc"
            # a listed verb of either kind (تراجع المؤشر 20 نقطة: an adverb of extent;
            # عرض المهرجان 85 فيلما: the object)
            if i < 4 and _listed_verb_at(words, i):
                return "acc"
            # An unlisted verb needs a definite subject between (دمرت الغارات 35 منزلا):
            # one bare word between may be an adverb or the start of a phrase.
            # Bare three-letter perfects are left out: VOS is as common with them
            # (حضر المؤتمر 1500 مشارك: the number is the subject).
            # Four or five nouns (a subject and an object of two words each: خفض البنك
            # المركزي سعر الفائدة 50 نقطة; عدد سكان المملكة العربية السعودية) only after
            # a listed verb.
            if i < 4 and _verb_shape(words[i]) and (i > 1 or words[0].startswith("ال")):
                return "acc"
    # يبعد المطار عن وسط المدينة 25 كم: a verb, its subject, a prepositional phrase, then
    # the number — only for listed verbs, and only with a subject before the phrase (قتل في
    # الهجوم 5 أشخاص has none: the number is the passive's subject).
    for p in (1, 2, 3):
        # (لهذا الغرض: a glued preposition and a demonstrative open the phrase too)
        if len(words) > p + 2 and (_any(words[p], _PREPOSITIONS) or (
                words[p][:1] in ("ل", "ب") and words[p][1:] in _DEMONSTRATIVES)) and all(
                _noun_between(w) for w in words[:p]):
            rest = words[p + 1:]
            for i in (1, 2):
                # (كان سعرها في السوق 300 دينار: kana's predicate after the phrase too)
                if (len(rest) > i and all(_noun_between(w) for w in rest[:i])
                        and (_accusative_verb(rest[i]) or _any(rest[i], KANA_SISTERS))):
                    return "acc"
            break
    if _verb_subject_phrases(words):
        return "acc"
    return "nom"


def _verb_subject_phrases(words: list[str]) -> bool:
    """تستغرق الرحلة من أول الخط إلى آخره 58 دقيقة: a listed transitive verb or verb of
    extent, its definite subject right after it, then two or more prepositional phrases
    before the number (one phrase is handled in case_after): the number is its object."""
    for i in range(3, len(words)):
        w = words[i]
        if _noun_between(w) or _any(w, _PREPOSITIONS):
            continue
        if not (_accusative_verb(w) and _listed_verb_at(words, i)) or verbs.intransitive(w):
            return False
        between = words[:i]  # nearest first; between[-1] is the verb's subject
        preps = sum(1 for x in between[:-1] if _any(x, _PREPOSITIONS))
        return between[-1].startswith("ال") and preps >= 2
    return False


# Nouns of duration: a number counting them is often an adverb of time (accusative).
DURATION_NOUNS = frozenset(
    "عام عاما أعوام سنة سنوات سنين شهر شهرا أشهر شهور أسبوع أسبوعا أسابيع يوم يوما أيام "
    "ساعة ساعات دقيقة دقائق عقد عقدا عقود".split())
# Verbs whose subject is the time that passes or remains (مر على الحادث 30 عاما).
_TIME_PASSING = frozenset(
    "مر مرت يمر تمر مضى مضت يمضي تمضي انقضى انقضت بقي بقيت يبقى تبقى تبقت".split())
# Prepositions after which a place or state, not a deadline, stands (عاش في المنفى).
_STAY_PREPOSITIONS = frozenset("في داخل خارج مع".split())


def duration_adverb(before: list[str], noun: str) -> bool:
    """Is a number before a noun of duration an accusative adverb of time where the other
    rules found no governor (nominative)? After a definite noun with a glued preposition
    (حكم عليه بالسجن 25 عاما) and after a verb and a prepositional phrase of place (عاش في
    المنفى 30 عاما) it is. After على the time is what passes or remains (مر على الحادث 30
    عاما، بقي على الموعد 5 أيام: the subject), so that stays nominative."""
    if bare(noun) not in DURATION_NOUNS:
        return False
    words = before[1:] if before[:1] == ["و"] else before
    if not words:
        return False
    first = words[0][1:] if words[0][:1] in ("و", "ف") else words[0]
    if first.startswith(("بال", "كال")) and len(first) > 4:
        return True
    for i in (1, 2):  # بممارسة النشاط البدني 150 دقيقة: a verbal noun, its object, the time
        if len(words) > i and all(w.startswith("ال") for w in words[:i]) and (
                words[i][:1] == "ب" and not words[i].startswith("بال") and len(words[i]) > 4
                and not _any(words[i], _PREPOSITIONS) and not governs_genitive(words[i])):
            return True
    if (len(words) >= 2 and first.startswith("ال") and not _any(words[1], _TIME_PASSING)
            and (_verb_shape(words[1]) or len(bare(words[1])) == 3)
            and words[1] not in PARTICLES and not words[1].startswith("ال")):
        return True  # عاش العالم 63 عاما: a verb, its subject, then the time it lasted
    for p in (1, 2):
        if len(words) > p + 1 and words[p] in _STAY_PREPOSITIONS and all(
                _noun_between(w) for w in words[:p]):
            verb = words[p + 1]
            if verb.startswith("ال") and len(words) > p + 2:
                verb = words[p + 2]  # ينتظر المرضى في المتوسط 45 يوما: the subject first
            return _verb_shape(verb) or (len(bare(verb)) == 3 and not _any(verb, _TIME_PASSING)
                                         and verb not in PARTICLES)
    return False


# Verbs of attending and visiting: after them and a definite noun (the event or the place),
# a number of people is the subject (VOS: يحضر المؤتمر 2000 مشارك، زار المعرض 50 ألف شخص);
# a number of anything else is the object (زار الرئيس 3 دول).
_VOS_VERBS = frozenset(
    "حضر حضرت يحضر تحضر زار زارت يزور تزور يرتاد ترتاد ارتاد ارتادت "
    # inhabiting (يسكن العاصمة 12 مليون نسمة: the people are the subject)
    "سكن سكنت يسكن تسكن قطن قطنت يقطن تقطن".split())
PEOPLE_NOUNS = frozenset(
    "شخص أشخاص شخصا مشارك مشاركا مشاركين زائر زائرا زوار سائح سائحا سياح متفرج متفرجا "
    "مشجع مشجعا طالب طالبا طلاب مصل مصليا حاج حاجا حجاج معتمر متظاهر متظاهرا ناخب ناخبا "
    "عضو عضوا مندوب مندوبا ضيف ضيفا مواطن مواطنا وزير وزيرا وزراء نائب نائبا نواب "
    "مسؤول مسؤولا خبير خبيرا صحفي صحفيا رئيس رئيسا زعيم زعيما قائد قائدا نسمة".split())


def vos_subject(before: list[str], noun: str) -> bool:
    """Is a number read as an object in fact the subject of a verb of attending (يحضر
    المؤتمر 2000 مشارك)? Only with one definite noun between and a noun of people after."""
    scale = counted_noun(bare(noun))
    if bare(noun) not in PEOPLE_NOUNS and not (scale and scale.singular in SCALE_WORDS):
        return False
    words = before[1:] if before[:1] == ["و"] else before
    return (len(words) >= 2 and words[0].startswith("ال") and _any(words[1], _VOS_VERBS))


# Definite words of time after a counted noun: adverbs, not a second object (سجل 12 هدفا
# الموسم الماضي).
_TIME_WORDS = frozenset(
    "الموسم العام الشهر الأسبوع اليوم الليلة الصباح المساء الماضي الماضية الجاري الجارية "
    "الحالي الحالية المقبل المقبلة الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت".split())
_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "كم", "نا")
# Prepositions and adverbs that take a pronoun (منهم، لديهم، عليها): never an object.
_PRONOUN_HOSTS = frozenset(
    "من عن على الى إلى في مع ل ب لدي لدى عند بين مثل كل بعض جميع نفس عبر حول ضد دون "
    "بعد قبل فوق تحت أمام خلف إلي علي عل في فيه منه عنه لدي ل ب معه".split())


def _preposition_with_pronoun(word: str) -> bool:
    """فيها، عليهم، لديه: a preposition or adverb with a pronoun, never a noun."""
    forms = (word, word[1:]) if word[:1] in ("و", "ف") and len(word) > 3 else (word,)
    return any(w.endswith(sfx) and w[:-len(sfx)] in _PRONOUN_HOSTS
               for w in forms for sfx in _PRONOUN_SUFFIXES)


def _object_word(word: str) -> bool:
    """A word that can be a verb's direct object after its subject: a definite noun
    (السباق) or a noun with a possessive pronoun (وظائفهم، منازلهم)."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    if w in PARTICLES or w in _TIME_WORDS or _any(w, _HAVE_ADVERBS) or verbs.is_verb(w):
        return False
    if w.startswith("ال"):
        return len(w) > 3 and not _glued_preposition(w)
    for suffix in _PRONOUN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[:-len(suffix)]
            return stem not in _PRONOUN_HOSTS and not _glued_preposition(w) and not (
                _verb_shape(stem) or _verb_shape(w))
    return False


def subject_before_object(before: list[str], after: list[str]) -> bool:
    """Is a number read as the object of the transitive verb right before it in fact its
    subject, because the object comes after the counted noun? فقد 50 ألف موظف وظائفهم،
    أنهى 70 عداء السباق، يملك 40% من السكان منازلهم. `after` holds the bare words after
    the number (its counted noun first), up to the end of the clause."""
    words = before[1:] if before[:1] == ["و"] else before
    if not words or not (verbs.transitive(words[0]) or _any(words[0], TRANSITIVE_VERBS)):
        return False
    rest = list(after)
    if rest and counted_noun(rest[0]) and counted_noun(rest[0]).singular in SCALE_WORDS:
        rest = rest[1:]  # 50 ألف موظف: the scale word, then the noun counted
    if rest and not rest[0].startswith("ال") and rest[0] not in PARTICLES:
        # the counted noun (indefinite): a definite word after it is no adjective of it
        return _object_at(rest[1:])  # أنهى 70 عداء السباق، عبرت 60 سفينة قناة السويس
    if rest[:1] == ["من"] and len(rest) > 2 and rest[1].startswith("ال"):
        # 40% من السكان منازلهم: after a partitive phrase a definite word may be its
        # adjective (4.2% من الناتج المحلي), so only an indefinite object counts
        return not rest[2].startswith("ال") and _object_at(rest[2:])
    return False


def _object_at(rest: list[str]) -> bool:
    """A direct object opens `rest`: a definite or possessed noun, or an indefinite noun in
    construct with a definite one (نصف الثروة، قناة السويس)."""
    if not rest:
        return False
    if _object_word(rest[0]):
        return True
    w = rest[0]
    return (len(rest) > 1 and rest[1].startswith("ال") and not w.startswith("ال")
            and len(w) >= 3 and w not in PARTICLES and not _any(w, _PREPOSITIONS)
            and not _any(w, GEN_GOVERNORS) and not _glued_preposition(w)
            and not w.endswith(_ADVERB_ENDINGS) and not verbs.is_verb(w)
            and not _verb_shape(w) and not _preposition_with_pronoun(w)
            and not _any(w, _TIME_ADVERBS))


def year_noun(word: str) -> bool:
    return any(v in YEAR_NOUNS for v in _variants(word))


def _possessed(word: str):
    """The definite noun behind a possessed one: دورته -> الدورة, موسمها -> الموسم."""
    for suffix in ("هما", "هم", "ها", "ه"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[:-len(suffix)]
            yield "ال" + (stem[:-1] + "ة" if stem.endswith("ت") else stem)
            return


def ordinal_noun(word: str) -> bool:
    """A noun of sequence that makes a number after it an ordinal (الدورة 33، في دورته 15)."""
    return any(v in ORDINAL_NOUNS
               for w in _variants(word) for v in (w, *_possessed(w), *_singular_of_dual(w)))


def dual_singular(word: str) -> str | None:
    """The singular of a definite dual ordinal noun (القرنين -> القرن), or None."""
    return next((v for v in _singular_of_dual(word) if v in ORDINAL_NOUNS), None)


def _singular_of_dual(word: str):
    """القرنين -> القرن, الدورتين -> الدورة: the singular behind a definite dual."""
    for suffix in ("ين", "ان"):
        if word.startswith("ال") and word.endswith(suffix) and len(word) > 5:
            stem = word[:-2]
            yield stem[:-1] + "ة" if stem.endswith("ت") else stem


def hour_noun(word: str) -> bool:
    return any(v in HOUR_NOUNS for v in _variants(word))


def strip_prefixes(word: str) -> str:
    """The form of a prefixed word that carries the article or is known (بالمرتبة -> المرتبة)."""
    for v in _variants(word):
        if v in ORDINAL_NOUNS or v in GEN_GOVERNORS or v.startswith("ال"):
            return v
        for p in _possessed(v):
            if p in ORDINAL_NOUNS:
                return p
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
        # The verbal nouns of تفاعل and تفعّل are masculine too (تعادلات، تحالفات، تطورات);
        # a feminine noun of that shape is listed (تظاهرات), and تفعلة nouns end in ي
        # (توصيات، تسويات).
        if stem[0] == "ت" and not stem.endswith("ي") and w not in _FEM_TA_PLURALS and (
                (len(stem) == 5 and stem[2] == "ا") or len(stem) == 4):
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
    if not w or w in PARTICLES or w.startswith("ال") or w in _TIME_ADVERBS:
        return False  # تبدأ الدورة 21 غدا: an adverb of time is never the counted noun
    c = _core(w)
    if w.endswith("يا") and c not in FEM_WORDS and w not in FEM_WORDS:
        return False  # عالميا، سنويا: a nisba adverb (ضحايا and قضايا are listed nouns)
    if w.endswith("وا") and len(w) > 4:
        return False  # أصيبوا، قتلوا: a plural verb
    if (c.endswith(("ة", "ات")) or c in FEM_WORDS or c in MASC_WORDS
            or c in _COUNTED_FORMS or w.endswith("ا")):
        return True
    # Any other content word, unless its shape is a verb's: an imperfect (يعيش), a plural
    # or feminine past (وصلوا، تراجعت), or a listed verb/particle (2000 طالب، 200 مشارك).
    if len(w) < 3 or w[0] == "ي" or w.endswith(("وا", "ون")):
        return False
    if w.endswith("ت") and len(w) >= 5:
        return False
    return not (_any(w, TRANSITIVE_VERBS) or _any(w, KANA_SISTERS) or _any(w, INNA_SISTERS)
                or governs_genitive(w))


def looks_like_singular_noun(word: str) -> bool:
    """A singular noun that can carry 1 or 2 itself (نقطة واحدة، يومان)."""
    w = bare(word)
    return looks_like_noun(w) and not is_plural(w) and not w.endswith(("ا", "ى", "و", "ي"))


def _form(noun: Counted, which: str, case: str, construct: bool = False) -> str:
    """One vowelled form of a counted noun: "single"/"plural" with its case ending, or the
    dual ("dual"). Nouns without a vowelled entry keep their bare letters."""
    entry = VOWELLED.get(noun.singular)
    if entry is None:
        bare_form = {"single": noun.singular, "plural": noun.plural}.get(which)
        if which == "dual":
            bare_form = noun.dual_obl if case != "nom" else noun.dual_nom
            return bare_form[:-1] if construct else bare_form
        return bare_form
    single, plural, diptote = entry
    if diptote is None:  # يورو
        return single
    if which == "dual":
        stem = single[:-1] + "ت" if single.endswith("ة") else single
        if case != "nom":
            return stem + FATHA + "ي" + SUKUN + ("" if construct else "ن" + KASRA)
        return stem + FATHA + "ا" + ("" if construct else "ن" + KASRA)
    if which == "plural":
        return inflect(plural, case, construct, diptote)
    return inflect(single, case, construct)


def count(n: int, noun: Counted, case: str, before_noun: bool = False) -> str:
    """n and a re-shapeable noun in the form the number governs (تمييز العدد), fully
    vowelled: 1 دولار واحد, 2 دولاران, 3..10 plural (genitive), 11..99 accusative singular,
    100.. genitive singular.

    before_noun: a scale word that is itself followed by a noun (مليار دولار) takes the
    construct form (مليارا دولار, no tanween: مِلْيَارَ) and drops واحد (مليار دولار).
    """
    if n == 1:
        if before_noun:
            return _form(noun, "single", case, True)
        return f"{_form(noun, 'single', case)} {cardinal(1, noun.gender, case, marks=True)}"
    if n == 2:
        return _form(noun, "dual", case, before_noun)
    last2 = n % 100
    if 3 <= last2 <= 10:
        words = cardinal(n, noun.gender, case, construct=True, marks=True)
        return f"{words} {_form(noun, 'plural', 'gen', before_noun)}"
    if 11 <= last2 <= 99:  # أحد عشر ألفا, but أحد عشر ألف دولار (no tanween before a noun)
        words = cardinal(n, noun.gender, case, marks=True)
        if VOWELLED.get(noun.singular, (0, 0, 0))[2] is None:
            return f"{words} {_form(noun, 'single', 'acc')}"
        if noun.singular not in VOWELLED:
            return f"{words} {noun.singular if before_noun else noun.tamyiz}"
        return f"{words} {_form(noun, 'single', 'acc', before_noun)}"
    words = cardinal(n, noun.gender, case, construct=last2 == 0, marks=True)
    return f"{words} {_form(noun, 'single', 'gen', before_noun)}"


# Masculine singulars that take the accusative alif after 11..99 (خمسة عشر عاما) when the
# text writes them bare (15 عام).
_TAMYIZ_ALIF = frozenset(
    "يوم شهر عام أسبوع قرن عقد شخص طفل رجل جندي قتيل جريح عضو نائب وزير هدف صاروخ بلد "
    "مواطن لاعب طن مشروع قرار منزل بيت مقعد صوت طالب موظف عامل مهاجر لاجئ "
    # units and counted nouns of economy and technology articles, often written bare
    "واط فولت غرام لتر برميل سطر إطار جهاز موقع تطبيق حساب مستخدم مشترك معالج منتخب فريق "
    "مرشح مسلح مقاتل معتقل أسير مصاب ضابط شرطي طبيب مركز مصنع فيلم كتاب بحث".split())
_ADVERB_ENDINGS = ("يا", "ًا")


def tamyiz(word: str) -> str | None:
    """The accusative singular a bare masculine noun takes after 11..99 (عام -> عامًا)."""
    return word + "\u064bا" if bare(word) == word and word in _TAMYIZ_ALIF else None


# Nouns that begin with ي like an imperfect (17 مليون يمني).
_Y_NOUNS = frozenset("يمني يمنيا يمنيين ياباني يابانيين يوناني يونانيين يهودي يهود".split())


def scale_counts_noun(word: str) -> bool:
    """Is the word after ألف/مليون/مليار its counted noun (مليار عملية، مليون حساب)?

    Any content word is, except particles, definite words, verbs (يعيشون، تتجاوز) and
    adverbs in يا (سنويا، تقريبا)."""
    w = bare(word)
    if not w or w in PARTICLES or w.startswith("ال") or w.endswith(_ADVERB_ENDINGS):
        return False
    # عام/سنة govern a year after them (عام 2020) but are counted after a scale word
    # (13 مليار سنة ضوئية)
    if _any(w, TRANSITIVE_VERBS) or _any(w, KANA_SISTERS) or (
            governs_genitive(w) and not year_noun(w)):
        return False
    known = (_core(w) in MASC_WORDS or _core(w) in FEM_WORDS or w in _COUNTED_FORMS
             or w in _Y_NOUNS)
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
    return stem + ("ين" if case != "nom" else "ان")
