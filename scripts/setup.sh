#!/usr/bin/env bash
# Create .venv with Python 3.10 and the pinned dependencies (skipped when already up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in python3.10 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  for candidate in "$HOME"/.pyenv/versions/3.10.*/bin/python /usr/local/bin/python3.10 /usr/bin/python3.10; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

stamp=.venv/.installed-$(cat requirements.txt requirements.lock 2>/dev/null | sha256sum | cut -c1-16)
if [ -f "$stamp" ]; then exit 0; fi

if [ ! -x .venv/bin/python ]; then
  if ! python=$(find_python); then
    echo "ERROR: Xiaoer needs Python 3.10 (Rasa 3.6 supports 3.8-3.10 only)." >&2
    echo "Looked for python3.10/python3 on PATH and ~/.pyenv/versions/3.10.*; install 3.10 (e.g. 'pyenv install 3.10') and retry." >&2
    exit 1
  fi
  echo "== creating .venv with $python"
  "$python" -m venv .venv
fi
echo "== installing pinned dependencies (2-3 minutes the first time)"
.venv/bin/pip install --quiet --upgrade "pip<26" "wheel==0.45.1" "setuptools==70.3.0"
.venv/bin/pip install --quiet -r requirements.txt -c requirements.lock
rm -f .venv/.installed-*
touch "$stamp"
echo "== environment ready"
