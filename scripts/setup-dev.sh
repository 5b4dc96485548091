#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine, in one place:
#   a virtual environment with narrator and its test extras, the Coqui extra
#   (CPU recipe, see install-coqui.sh), Debian's chromium for the page test and Debian's
#   ffmpeg for the second pass of the episode tests.
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON3:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

# Coqui TTS (optional extra) on CPU-only machines.
PYTHON=.venv/bin/python bash scripts/install-coqui.sh

# Debian packages the tests use when present:
#  - chromium: the headless browser of the episode-page test (Playwright drives it);
#  - ffmpeg: narrator runs the ffmpeg pinned with imageio-ffmpeg, but tests/episode/test_episode.py runs
#    every episode test a second time with the system ffmpeg (Debian 12's is 5.1, which once
#    failed narrator's filter chain), so CI covers what most Linux users have.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/ffmpeg ] || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup-dev: missing ${missing[*]} (install Debian's packages); tests needing them will be skipped" >&2
  fi
fi
