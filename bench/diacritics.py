"""Diacritisation benchmark: narrator's `--stage diacritised` against a multi-reference file.

    PYTHONPATH=src .venv/bin/python bench/diacritics.py REF.diac [REF2.diac ...] [--limit N]
        [--system narrator|rawi-v3] [--errors FILE] [--out FILE]

REF files are in the format of the WikiNews multi-reference benchmarks (public repository
qcri/advancing-arabic-diacritization, `WikiNews_Benchmarks/*_Multi_Ref.txt.diac`; Mohamed &
Mubarak, EMNLP 2025): one sentence a line, tokens separated by spaces, punctuation as its own
token, a word's accepted forms separated by "/". The files are not shipped here (no licence is
stated); tests/data/diacritics/ holds a short sample that the suite scores.

Scoring follows the benchmark's own scorer (Evaluation/EvalDiac.java there):
* a word is right when, after removing the marks that carry no choice (a short vowel before its
  long letter, every sukun, marks on a wasl alif, the article's sukun), its marks equal those
  of one of its accepted forms;
* "without case" compares the words without the marks of their last letter (tanwin fath before a
  final alif counts as the last letter's);
* DER: of the letters of the scored words, the share whose marks differ from the closest
  accepted form;
* the 2014 file writes a sukun before hamzat al-wasl (مِنْ الـ): a helping vowel there is right
  (the scorer removes every sukun, so this only matters for the vowel: it is accepted);
* numbers and Latin words are left out; only Arabic words the system kept as written letters
  are aligned (narrator verbalises numbers, so its output is aligned to the reference by the
  bare letters of the words, with difflib); a reference word with no aligned system word counts
  as wrong.

Errors are sorted into kinds: `case` (only the last letter differs), `name` (the reference ends
the word in sukun and no analyser-free rule explains it: a heuristic for foreign names and
loanwords, see _looks_foreign), `internal` (anything else).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_MARK_RE = re.compile(f"[{MARKS}\u0670\u0640]")
_ARABIC = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670]+$")
_SEATS = str.maketrans("أإآٱ", "اااا")
SUKUN = "\u0652"
_PARTICLES_WITH_SUKUN = {"من", "عن", "لم", "قد", "لن", "بل", "هل", "كم", "إن", "أن", "منذ", "لكن", "إذ", "مذ", "كي"}


def bare(word: str) -> str:
    return _MARK_RE.sub("", word)


def _align_key(word: str) -> str:
    return bare(word).translate(_SEATS).replace("ى", "ي").replace("ة", "ه")


def default_free(word: str) -> str:
    """EvalDiac's removeDefaultDiac: drop the marks that carry no choice."""
    w = unicodedata.normalize("NFC", word).replace("\u0670", "").replace("\u0640", "")
    w = w.replace("اً", "ًا")
    for vowel, letter in (("\u064e", "ا"), ("\u0650", "ي"), ("\u064f", "و")):
        w = w.replace(vowel + letter, letter)
    w = w.replace("ال" + SUKUN, "ال").replace(SUKUN, "")
    w = re.sub("^([وفبكل]?)ا[\u064e\u0650\u064f]", r"\1ا", w)  # a vowel on a wasl alif
    return w.replace("ل\u0650ا", "لا")


def clusters(word: str) -> list[tuple[str, str]]:
    """(letter, its marks sorted) pairs."""
    out: list[tuple[str, str]] = []
    for c in word:
        if c in MARKS and out:
            out[-1] = (out[-1][0], out[-1][1] + c)
        elif c not in MARKS:
            out.append((c, ""))
    return [(c, "".join(sorted(m))) for c, m in out]


def _last_index(pairs: list[tuple[str, str]]) -> int:
    """The letter that carries the case ending (before a final alif of tanwin fath)."""
    i = len(pairs) - 1
    if i > 0 and pairs[i][0] in "اى" and not pairs[i][1] and "\u064b" in pairs[i - 1][1]:
        return i - 1
    return i


def _marks(word: str, case: bool) -> tuple[str, ...]:
    pairs = clusters(default_free(word))
    if not case and pairs:
        last = _last_index(pairs)
        pairs = pairs[:last] + [(c, "") for c, _ in pairs[last:]]
    return tuple(m for _, m in pairs)


def _looks_foreign(ref: str) -> bool:
    """A reference word written with a final sukun that is not a particle or a jussive/imperative
    shape: mostly foreign names and loanwords (the references' convention)."""
    w = unicodedata.normalize("NFC", ref)
    if not w.endswith(SUKUN):
        return False
    b = bare(w)
    core = re.sub("^[وف]", "", b)
    return core not in _PARTICLES_WITH_SUKUN and len(core) >= 3 and not re.match("^(ل?[يتنأ])", core)


@dataclass
class Score:
    words: int = 0
    wrong: int = 0
    wrong_no_case: int = 0
    letters: int = 0
    wrong_letters: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: {"case": 0, "internal": 0, "name": 0})
    unaligned: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k in ("words", "wrong", "wrong_no_case", "letters", "wrong_letters", "unaligned"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k, v in other.kinds.items():
            self.kinds[k] += v
        self.errors.extend(other.errors)

    def pct(self, n: int, d: int | None = None) -> float:
        d = self.words if d is None else d
        return 100.0 * n / d if d else 0.0

    def line(self, label: str) -> str:
        k = self.kinds
        return (f"| {label} | {self.words} | {self.pct(self.wrong):.2f} | {self.pct(self.wrong_no_case):.2f} | "
                f"{self.pct(self.wrong_letters, self.letters):.2f} | {self.pct(k['case']):.2f} | "
                f"{self.pct(k['internal']):.2f} | {self.pct(k['name']):.2f} | {self.unaligned} |")


HEADER = ("| system | words | WER % | WER no case % | DER % | case % | internal % | names % | unaligned |\n"
          "|---|---|---|---|---|---|---|---|---|")


def read_reference(path: Path) -> list[list[list[str]]]:
    """Lines -> tokens -> accepted forms."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if raw:
            lines.append([tok.split("/") for tok in raw.split()])
    return lines


def bare_line(tokens: list[list[str]]) -> str:
    return " ".join(bare(forms[0]) for forms in tokens)


def score_word(forms: list[str], sys_word: str, next_ref: str | None) -> tuple[bool, bool, int, int, str]:
    """(right, right without case, letters, wrong letters, kind)."""
    candidates = list(forms)
    if next_ref is not None and next_ref.startswith("ا"):
        # The 2014 file's sukun before hamzat al-wasl: a helping vowel is right too.
        for f in forms:
            if unicodedata.normalize("NFC", f).endswith(SUKUN):
                candidates += [f[:-1] + v for v in "\u064e\u0650\u064f"]
    mine = _marks(sys_word, True)
    best_diff, best_len, right, right_nc = None, 0, False, False
    for f in candidates:
        theirs = _marks(f, True)
        if len(theirs) != len(mine):
            continue
        diff = sum(a != b for a, b in zip(mine, theirs))
        if best_diff is None or diff < best_diff:
            best_diff, best_len = diff, len(theirs)
        right = right or diff == 0
        right_nc = right_nc or _marks(sys_word, False) == _marks(f, False)
    if best_diff is None:  # letters differ: every letter counts as wrong
        best_diff = best_len = len(clusters(default_free(forms[0])))
    kind = ""
    if not right:
        kind = "name" if _looks_foreign(forms[0]) else "case" if right_nc else "internal"
    return right, right_nc, best_len, best_diff, kind


def score_line(ref: list[list[str]], system: str) -> Score:
    s = Score()
    ref_words = [(i, forms) for i, forms in enumerate(ref) if _ARABIC.match(forms[0])]
    sys_words = [w for w in system.split() if _ARABIC.match(w.strip("،؛؟.,:;!?()«»\"'"))]
    sys_words = [w.strip("،؛؟.,:;!?()«»\"'") for w in sys_words]
    a = [_align_key(f[0]) for _, f in ref_words]
    b = [_align_key(w) for w in sys_words]
    matched: dict[int, str] = {}
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            matched[block.a + k] = sys_words[block.b + k]
    for n, (i, forms) in enumerate(ref_words):
        s.words += 1
        nxt = ref[i + 1][0] if i + 1 < len(ref) else None
        if n not in matched:
            s.unaligned += 1
            s.wrong += 1
            s.wrong_no_case += 1
            s.kinds["internal"] += 1
            s.letters += len(bare(forms[0]))
            s.wrong_letters += len(bare(forms[0]))
            continue
        right, right_nc, letters, wrong_letters, kind = score_word(forms, matched[n], nxt)
        s.letters += letters
        s.wrong_letters += wrong_letters
        if not right:
            s.wrong += 1
            s.kinds[kind] += 1
            s.errors.append(("/".join(forms), matched[n], kind))
        if not right_nc:
            s.wrong_no_case += 1
    return s


def run_system(name: str, lines: list[str]) -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    if name == "rawi-v3":
        from narrator.frontend.tashkeel import _model

        return [_model().diacritize(line) for line in lines]
    from narrator.frontend import Stage, make_frontend
    from narrator.voices.espeak import ESPEAK_AR

    frontend = make_frontend(ESPEAK_AR)
    return frontend.speak_many(lines, Stage.DIACRITISED)


def score_file(path: Path, system: str, limit: int | None = None) -> tuple[Score, float, int]:
    ref = read_reference(path)[:limit]
    lines = [bare_line(tokens) for tokens in ref]
    start = time.perf_counter()
    out = run_system(system, lines)
    seconds = time.perf_counter() - start
    total = Score()
    for tokens, text in zip(ref, out):
        total.add(score_line(tokens, text))
    return total, seconds, sum(map(len, lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("refs", nargs="+", type=Path)
    ap.add_argument("--system", default="narrator", choices=["narrator", "rawi-v3"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=Path, help="write each wrong word (reference, system, kind) here")
    args = ap.parse_args(argv)
    print(HEADER)
    errors = []
    for path in args.refs:
        score, seconds, chars = score_file(path, args.system, args.limit)
        print(score.line(f"{args.system} on {path.name}"))
        print(f"<!-- {chars} chars in {seconds:.1f} s: {chars / seconds:,.0f} chars/s -->", file=sys.stderr)
        errors += [(path.name, *e) for e in score.errors]
    if args.errors:
        args.errors.write_text("".join("\t".join(e) + "\n" for e in errors), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
