#!/usr/bin/env bash
# Chat with Xiaoer in the terminal (starts the action server in the background).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var/log
source scripts/secrets.sh
.venv/bin/python -m bot.cli check
.venv/bin/python -m bot.cli db-init
.venv/bin/python -m bot.launcher actions --actions-port 5055 >var/log/actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
.venv/bin/rasa shell -m models/current.tar.gz --endpoints endpoints.yml
