#!/usr/bin/env bash
# Install narrator's optional Coqui extra (coqui-tts, import name TTS) for CPU-only machines.
#
# The one place this recipe lives. Usage:  PYTHON=/path/to/venv/bin/python scripts/install-coqui.sh
# ($PYTHON defaults to `python`). Safe to run again: it stops early when TTS.api already imports
# with the pinned versions, and the clean-up step only removes files that are still there.
#
# Why this exact set (see shared notes/coqui.md):
#  - torch 2.13.0 is a CPU build available from local disk here; any other torch version
#    downloads gigabytes of CUDA wheels. Hence the exact pin.
#  - coqui-tts 0.28.0 refuses to import without torchaudio (and, with torch >= 2.9, torchcodec),
#    and TTS/tts/models/vits.py imports torchaudio at module level. It also imports `six`
#    without declaring it.
#  - Every torchaudio wheel on PyPI links against CUDA; 2.11.0 is the one that does not pin a
#    torch version, so it installs beside the CPU torch without pulling CUDA torch.
#  - torchcodec 0.11.1 is the newest that does not pull CUDA builds; VITS inference never uses it.
#  - torchaudio 2.11.0's compiled extensions under torchaudio/lib/ need CUDA libraries that a
#    CPU machine lacks, so `import torchaudio` fails. With those .so files removed torchaudio
#    falls back to pure Python: what VITS uses (Resample, mel transforms) works; torchaudio's
#    load/save do not, and narrator never calls them (it reads Coqui's float samples directly).
#    This is an environment workaround, not a fix: a machine with CUDA can skip that step
#    (NARRATOR_KEEP_TORCHAUDIO_LIBS=1).
set -euo pipefail

PY=${PYTHON:-python}

TORCH=2.13.0
COQUI=0.28.0
TORCHAUDIO=2.11.0
TORCHCODEC=0.11.1

installed() {
  "$PY" - "$TORCH" "$COQUI" "$TORCHAUDIO" <<'EOF' >/dev/null 2>&1
import sys
from importlib.metadata import version
torch, coqui, torchaudio = sys.argv[1:4]
assert version("torch").split("+")[0] == torch
assert version("coqui-tts") == coqui
assert version("torchaudio").split("+")[0] == torchaudio
import TTS.api  # noqa: F401  (the real check: the API imports)
EOF
}

if installed; then
  echo "install-coqui: coqui-tts $COQUI with torch $TORCH already works in $PY"
  exit 0
fi

"$PY" -m pip install -q \
  "torch==$TORCH" \
  "coqui-tts==$COQUI" \
  "torchaudio==$TORCHAUDIO" \
  "torchcodec==$TORCHCODEC" \
  six

if [ "${NARRATOR_KEEP_TORCHAUDIO_LIBS:-0}" != 1 ]; then
  # Locate torchaudio without importing it (the import is what fails).
  LIBDIR=$("$PY" -c 'import importlib.util, os; s = importlib.util.find_spec("torchaudio"); print(os.path.join(s.submodule_search_locations[0], "lib"))')
  if [ -d "$LIBDIR" ]; then
    find "$LIBDIR" -maxdepth 1 -name '*.so' -print -delete | sed 's/^/install-coqui: removed CUDA-linked /'
  fi
fi

if installed; then
  echo "install-coqui: coqui-tts $COQUI with torch $TORCH works in $PY"
else
  echo "install-coqui: TTS.api still does not import in $PY; run: $PY -c 'import TTS.api'" >&2
  exit 1
fi
