#!/usr/bin/env bash
# Everything CI checks: data validation, unit and action tests, conversation tests, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

echo "== system packages (chromium for the browser tests)"
bash scripts/system_packages.sh
echo "== rasa data validate (+ response checks)"
.venv/bin/python -m tools.validate
echo "== policy check"
.venv/bin/python -m bot.cli check
echo "== conversation tests (rasa test, both languages)"
# the catalogue entities (product, color) are read from a shop database: a freshly seeded one of their own
conversations_db="$PWD/var/test-conversations.db"
mkdir -p var && rm -f "$conversations_db"
XIAOER_DATABASE_URL="sqlite:///$conversations_db" .venv/bin/python -m bot.cli db-init >/dev/null
XIAOER_DATABASE_URL="sqlite:///$conversations_db" .venv/bin/rasa test core --stories tests/conversations \
  -m models/current.tar.gz --fail-on-prediction-errors --out results/conversations
echo "== pytest (unit, actions, end-to-end)"
.venv/bin/python -m pytest tests -q -p no:cacheprovider
