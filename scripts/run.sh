#!/usr/bin/env bash
# Start the action server and the Rasa server (REST channel + API); Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
mkdir -p var/log
source scripts/secrets.sh
.venv/bin/python -m bot.cli check
.venv/bin/python -m bot.cli db-init

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The action server keeps idle connections open longer than Rasa's client pool does, so Rasa never
# writes to a connection the action server is closing (seen under load: RasaHQ/rasa-sdk#1047).
SANIC_KEEP_ALIVE_TIMEOUT=120 .venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" >var/log/actions.log 2>&1 &
pids+=($!)
.venv/bin/rasa run --enable-api --auth-token "$XIAOER_API_TOKEN" --port "$RASA_PORT" -m models/current.tar.gz \
  --credentials credentials.yml --endpoints endpoints.yml >var/log/rasa.log 2>&1 &
pids+=($!)

echo "== starting servers (loading the model takes about a minute; logs in var/log/)"
for _ in $(seq 1 240); do
  if curl -sf "http://127.0.0.1:$RASA_PORT/status?token=$XIAOER_API_TOKEN" >/dev/null 2>&1 &&
     curl -sf "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null 2>&1; then
    cat <<TXT

Xiaoer is running.
  Demo shop with the chat widget:   http://127.0.0.1:$RASA_PORT/shop
  ...as the signed-in demo buyer:   http://127.0.0.1:$RASA_PORT/shop?buyer=demo_buyer
  Agent console:                    http://127.0.0.1:$RASA_PORT/console
                                    (create an account: .venv/bin/python -m bot.cli agent-add NAME --name 小美)
  Chat in a terminal:   make shell
  Chat over REST:       curl -s localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                          -d '{"sender": "buyer1", "message": "在吗"}'
  Demo orders (phone 13812345678, last 4 digits 5678): 1001202611000001 … 1001202611000009
Press Ctrl-C to stop.
TXT
    wait -n "${pids[@]}"
    echo "a server stopped; see var/log/" >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a server failed to start; see var/log/" >&2; tail -20 var/log/*.log >&2; exit 1; }
  done
  sleep 1
done
echo "servers did not become ready in 4 minutes; see var/log/" >&2
exit 1
