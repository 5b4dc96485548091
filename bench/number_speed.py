"""Number reading on long paragraphs (issue 18: it was quadratic in paragraph length).

    PYTHONPATH=src python bench/number_speed.py [--sizes 10,100,1000] [--limit 120]

Times `numbers.verbalise` (the stage that was quadratic) on one paragraph, no line break, of
number-dense natural Arabic (news sentences with a number about every five words, repeated
up to the size) at each size in KB, and on a pathological paragraph of `1:` repeated. Then
the whole words stage and render of the front end (no diacritisation: that model is timed by
bench/reading.py) on bench/articles/*.txt, in chars/s on one core. A size whose estimated
time passes --limit seconds is skipped (the quadratic code would take hours at 1,000 KB).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# News sentences with a number every four to six words (casualties, money, years, ranges,
# percentages, dates, scores, times): the mix the numbers stage meets in real articles.
SENTENCES = (
    "قتل 12 شخصا وأصيب 30 آخرون في هجوم وقع صباح 5 مارس 2024 قرب الحدود.",
    "بلغت قيمة الصفقة 1,250 مليون دولار، أي ما يعادل 4.7 مليار ريال سعودي.",
    "ارتفع المؤشر 35 نقطة أو 1.2% ليغلق عند 11,420 نقطة في نهاية الجلسة.",
    "استمرت المفاوضات 3 أيام بين عامي 2019 و2021 بمشاركة 27 دولة.",
    "فاز الفريق 3-1 على منافسه وسجل المهاجم هدفين في الدقيقة 75 من المباراة.",
    "يعيش في المدينة نحو 2.5 مليون نسمة على مساحة 320 كم مربع منذ عام 1990.",
    "تراوحت درجات الحرارة بين 18 و25 درجة مئوية يوم 12/4/2023 في 15 مدينة.",
    "افتتح المعرض الساعة 10:30 صباحا بحضور 1500 زائر من 40 دولة عربية.",
    "خصصت الحكومة 600 مليون دينار لبناء 120 مدرسة و45 مستشفى خلال 5 سنوات.",
    "تراجعت الصادرات بنسبة 8% في الربع الثالث مقارنة بـ 12% في الفترة من 2015 إلى 2018.",
)


def natural(size: int) -> str:
    """One paragraph of about `size` characters."""
    out, n = [], 0
    while n < size:
        s = SENTENCES[len(out) % len(SENTENCES)]
        out.append(s)
        n += len(s) + 1
    return " ".join(out)[:size].rsplit(" ", 1)[0]


def pathological(size: int) -> str:
    return ("1:" * (size // 2))[:size]


def timed(fn, text: str) -> float:
    start = time.process_time()
    fn(text)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="paragraph sizes in KB")
    parser.add_argument("--pathological", default="10,40,1000", help="sizes in KB of `1:` repeated")
    parser.add_argument("--limit", type=float, default=120.0,
                        help="skip a size whose time, extrapolated from the last one, passes this")
    args = parser.parse_args(argv)

    from narrator.frontend import Stage, make_frontend
    from narrator.frontend.numbers import verbalise
    from narrator.voices.espeak import ESPEAK_AR

    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; CPU seconds of one process")
    print("| text | size | CPU s | chars/s |\n|---|---:|---:|---:|")
    for label, make, sizes in (("natural, number-dense", natural, args.sizes),
                               ("`1:` repeated", pathological, args.pathological)):
        done: list[tuple[int, float]] = []  # (size, seconds) measured so far
        for kb in (int(k) for k in sizes.split(",")):
            text = make(kb * 1000)
            if done:  # extrapolate with the growth seen so far (quadratic until two sizes ran)
                (s0, t0), (s1, t1) = done[-2] if len(done) > 1 else (0, 0.0), done[-1]
                power = 2.0 if not (s0 and t0 > 0.05) else min(2.0, max(1.0, math.log(t1 / t0) / math.log(s1 / s0)))
                estimate = t1 * (len(text) / s1) ** power
                if estimate > args.limit:
                    print(f"| {label} | {kb:,} KB | skipped (≈ {estimate:,.0f} s at the growth "
                          f"seen, n^{power:.1f}) | |")
                    continue
            seconds = timed(verbalise, text)
            done.append((len(text), seconds))
            print(f"| {label} | {kb:,} KB | {seconds:.2f} | {len(text) / max(seconds, 1e-9):,.0f} |",
                  flush=True)

    frontend = make_frontend(ESPEAK_AR, diacritise=False)
    paragraphs = [p for path in sorted((ROOT / "bench" / "articles").glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    chars = sum(map(len, paragraphs))
    start = time.process_time()
    frontend.speak_many(paragraphs)  # imports, tables and the Latin language detector
    cold = time.process_time() - start
    runs = []
    for _ in range(3):
        start = time.process_time()
        frontend.speak_many(paragraphs, Stage.VOICE)
        runs.append(time.process_time() - start)
    best = min(runs)
    print(f"| front end, words + render (no diacritisation), bench/articles | {chars:,} chars "
          f"| {best:.3f} | {chars / best:,.0f} |")
    print(f"| the same, first pass (imports, tables, detector load) | {chars:,} chars "
          f"| {cold:.3f} | {chars / cold:,.0f} |")


if __name__ == "__main__":
    sys.exit(main())
