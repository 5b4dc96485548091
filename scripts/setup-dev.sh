#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine, in one place:
#   a virtual environment with narrator and its test extras, the Coqui extra
#   (CPU recipe, see install-coqui.sh) and Debian's chromium for the page test.
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON3:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

# Coqui TTS (optional extra) on CPU-only machines.
PYTHON=.venv/bin/python bash scripts/install-coqui.sh

# Headless browser for the episode-page test (Debian's chromium; Playwright drives it).
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup-dev: no /usr/bin/chromium (install Debian's chromium); the browser test will be skipped" >&2
  fi
fi
