#!/usr/bin/env bash
# Real-time factor of an MMS-sized random-weight VITS (default VitsArgs: hidden 192, ~36 M
# parameters, no stochastic duration predictor) through narrator's CoquiVoice, on a GPU and,
# for comparison, on that machine's CPU. Written for the device machine (python3 = 3.12 with
# torch/torchaudio; no network): coqui-tts and what it needs that the image lacks travel as
# wheels in .gpu/ (see bench/GPU.md for the list and how to fetch them).
#
#   device:  bash bench/gpu_coqui.sh            (results also written under $OUT)
#   here:    PY=.venv/bin/python WHEELS=0 DEVICES=cpu THREADS=2 bash bench/gpu_coqui.sh
#
# Then, on CHECK_DEVICE (cuda; `cpu` with CHECK_MODEL=tiny to try the script here), the checks
# of issue 20, in $OUT/checks.txt (one short run; not yet run on a GPU):
#   1. batching equality: every chunk batched (buckets of 16) vs alone, same seed: max |diff|
#   2. bf16 / fp16 sanity: finite, not silent, length within 5 % of float32, for each dtype
#   3. RTF at batch 1 / 16 / 64 (bench/batch_speed.py, 64 chunks of 60-200 chars)
#   4. one `narrator build --executor ray --device cuda` of 3 articles (needs ray importable:
#      a wheel in .gpu/ or the image's; otherwise the section says it was skipped)
# CHECKS=0 skips them; SKIP_RTF=1 skips the first part.
#
# Random weights say noise, but the network does the same work per frame as Meta's MMS
# Arabic model, so RTF (synthesis seconds / audio seconds) stands in for it.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
OUT=${OUT:-$(mktemp -d)}
DEVICES=${DEVICES:-cuda cpu}
THREADS=${THREADS:-16}
CHARS=${CHARS:-50,150,300}
REPEAT=${REPEAT:-3}
export PYTHONUNBUFFERED=1

if [ "${WHEELS:-1}" = 1 ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu/*.whl || exit 1
  export PYTHONPATH=/tmp/site:src:tests
else
  export PYTHONPATH=src:tests
fi

{
  date -u +%Y-%m-%dT%H:%M:%SZ
  nvidia-smi -L 2>/dev/null || echo "no nvidia-smi"
  nproc
  "$PY" - <<'EOF'
import importlib.metadata as md, sys
print("python", sys.version.split()[0])
for name in ("torch", "torchaudio", "torchcodec", "coqui-tts", "coqui-tts-trainer", "numpy", "scipy", "librosa", "soundfile", "transformers"):
    try:
        print(f"{name} {md.version(name)}")
    except md.PackageNotFoundError:
        print(f"{name} MISSING")
EOF
} 2>&1 | tee "$OUT/env.txt"

MODEL=$(mktemp -d)/mms-size
# The model is built in its own process, and each device is timed in a fresh process, so each
# starts as narrator does (CoquiVoice sets flush-denormal before torch makes its CPU threads).
"$PY" tests/support/tiny_coqui.py "$MODEL" --mms-size 2>&1 | tee "$OUT/build.txt" || exit 1

[ "${SKIP_RTF:-0}" = 1 ] && DEVICES=""
for device in $DEVICES; do
  "$PY" - "$MODEL/checkpoint_1.pth" "$device" "$THREADS" "$CHARS" "$REPEAT" <<'EOF' 2>&1 | tee "$OUT/rtf-$device.txt"
import statistics, sys, time

from narrator.voices import get_voice

checkpoint, device, threads, chars, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
WORDS = ("قال الرئيس الصيني ان العلاقات بين البلدين وصلت الى مستوى غير مسبوق من الثقة والتعاون "
         "في مجالات الطاقة والتجارة والامن").split()


def text_of(n: int) -> str:
    words, length = [], 0
    while length < n:
        word = WORDS[len(words) % len(WORDS)]
        words.append(word)
        length += len(word) + 1
    return " ".join(words)


started = time.perf_counter()
voice = get_voice(f"coqui:{checkpoint}", device=device, threads=threads)
torch = voice._torch
model = voice._tts.synthesizer.tts_model
params = sum(p.numel() for p in model.parameters()) / 1e6
where = torch.cuda.get_device_name(0) if device == "cuda" else f"cpu, {torch.get_num_threads()} threads"
print(f"loaded in {time.perf_counter() - started:.1f}s: {params:.1f} M parameters on {where} "
      f"(parameters on {next(model.parameters()).device}), {voice.sample_rate} Hz, torch {torch.__version__}")


def timed(text: str) -> tuple[float, float]:
    if device == "cuda":
        torch.cuda.synchronize()
    t = time.perf_counter()
    audio = voice.synthesise(text)
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - t, len(audio) / voice.sample_rate


first, _ = timed(text_of(40))
timed(text_of(40))
print(f"warm-up: first call {first:.2f}s")
print(f"{'chars':>6} {'audio s':>8} {'runs (wall s)':>24} {'best s':>7} {'median s':>8} {'RTF best':>8} {'RTF med':>8}")
for n in (int(c) for c in chars.split(",")):
    text = text_of(n)
    runs = [timed(text) for _ in range(repeat)]
    walls = [w for w, _ in runs]
    seconds = runs[-1][1]  # manual_seed(0) in synthesise: every run gives the same length
    best, median = min(walls), statistics.median(walls)
    print(f"{len(text):>6} {seconds:>8.2f} {' '.join(f'{w:.3f}' for w in walls):>24} {best:>7.3f} {median:>8.3f} "
          f"{best / seconds:>8.4f} {median / seconds:>8.4f}")
# narrator's chunks differ in length, and a shape the GPU has not seen costs more (first runs
# above): time lengths not seen yet, once each, as a book's chunks would come.
seen = {len(text_of(int(c))) for c in chars.split(",")} | {len(text_of(40))}
texts = [t for t in dict.fromkeys(text_of(n) for n in range(60, 300, 20)) if len(t) not in seen]
runs = [timed(t) for t in texts]
print(f"unseen lengths, once each: chars {' '.join(str(len(t)) for t in texts)}")
print(f"  wall s {' '.join(f'{w:.3f}' for w, _ in runs)}")
total_wall, total_audio = sum(w for w, _ in runs), sum(a for _, a in runs)
print(f"  total {total_wall:.2f}s for {total_audio:.1f}s of audio: RTF {total_wall / total_audio:.4f}")
if device == "cuda":
    print(f"peak CUDA memory {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB")
EOF
done

if [ "${CHECKS:-1}" = 1 ]; then
  CHECK_DEVICE=${CHECK_DEVICE:-cuda}
  CHECK_MODEL=${CHECK_MODEL:-mms-size}
  CHECK_DIR=$(mktemp -d)
  "$PY" tests/support/tiny_coqui.py "$CHECK_DIR" $([ "$CHECK_MODEL" = mms-size ] && echo --mms-size) >/dev/null 2>&1 || exit 1
  {
  echo "== 1-2. batching equality and reduced precision ($CHECK_MODEL on $CHECK_DEVICE)"
  PYTHONPATH="$PYTHONPATH:bench" "$PY" - "$CHECK_DIR/checkpoint_1.pth" "$CHECK_DEVICE" "$THREADS" <<'EOF'
import sys

import numpy as np

from coqui_speed import text_of
from narrator.batching import buckets
from narrator.voices import get_voice

checkpoint, device, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [text_of(60 + (140 * i) // 31) for i in range(32)]
voice = get_voice(f"coqui:{checkpoint}", device=device, threads=threads)
alone = [voice.synthesise(t) for t in texts]  # synthesise seeds per chunk: the same noise every time
together = [None] * len(texts)
for group in buckets([len(t) for t in texts], 16):
    for i, wave in zip(group, voice.synthesise_batch([texts[i] for i in group])):
        together[i] = wave
same_length = all(len(a) == len(b) for a, b in zip(alone, together))
worst = max(float(np.max(np.abs(a - b))) for a, b in zip(alone, together)) if same_length else float("nan")
print(f"batched (16) vs alone, {len(texts)} chunks: same lengths {same_length}, max |diff| {worst:.2e} "
      f"-> {'PASS' if same_length and worst <= 1e-3 else 'FAIL'} (CPU tests allow 1e-5; GPU kernels differ by batch shape)")
if device != "cuda":
    print("reduced precision: skipped (cuda only)")
    raise SystemExit(0)
reference = {t: len(a) for t, a in zip(texts[:8], alone[:8])}
for dtype in ("bfloat16", "float16"):
    try:
        low = get_voice(f"coqui:{checkpoint}", device=device, threads=threads, dtype=dtype)
        waves = [low.synthesise(t) for t in texts[:8]]
    except Exception as exc:  # noqa: BLE001 - the report says what failed
        print(f"{dtype}: FAIL {type(exc).__name__}: {exc}")
        continue
    finite = all(np.isfinite(w).all() for w in waves)
    loud = min(float(np.sqrt(np.mean(np.square(w, dtype=np.float64)))) for w in waves)
    drift = max(abs(len(w) - reference[t]) / reference[t] for t, w in zip(texts[:8], waves))
    ok = finite and loud > 1e-4 and drift <= 0.05
    print(f"{dtype}: finite {finite}, min RMS {loud:.4f}, length drift vs float32 {drift:.1%} -> {'PASS' if ok else 'FAIL'}")
EOF
  echo "== 3. RTF at batch 1 / 16 / 64"
  "$PY" bench/batch_speed.py --model "$CHECK_MODEL" --device "$CHECK_DEVICE" --threads "$THREADS" --sizes 1,16,64 \
    --chunks 64 --repeat 2
  echo "== 4. narrator build --executor ray --device $CHECK_DEVICE"
  if "$PY" -c "import ray" 2>/dev/null; then
    WS=$(mktemp -d)
    for n in 1 2 3; do
      printf '# مقال %s\n\nالتقى الرئيسان في بكين يوم الخميس. وتحدثا عن التجارة والطاقة والامن في المنطقة.\n' "$n" > "$WS/a$n.md"
    done
    ( cd "$WS" && time "$PY" -m narrator build a1.md a2.md a3.md --executor ray \
        --voice "coqui:$CHECK_DIR/checkpoint_1.pth" --device "$CHECK_DEVICE" --batch-size 16 ) && ls -l "$WS/audio"
  else
    echo "skipped: ray is not importable here (add its wheel to .gpu/, see bench/CLUSTER.md)"
  fi
  } 2>&1 | tee "$OUT/checks.txt"
fi
echo "results in $OUT"
