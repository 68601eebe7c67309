#!/usr/bin/env bash
# Start the action server and the Rasa server under one supervisor (tools/servers.py: a server that
# dies is restarted; Ctrl-C stops both). Secrets travel in the environment, never on a command line.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export XIAOER_DEMO_SHOP=${XIAOER_DEMO_SHOP:-true}
mkdir -p var/log
source scripts/secrets.sh
.venv/bin/python -m bot.cli check
.venv/bin/python -m bot.cli db-init
exec .venv/bin/python -m tools.servers run --port "${RASA_PORT:-5005}" --actions-port "${ACTIONS_PORT:-5055}"
