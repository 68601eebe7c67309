#!/usr/bin/env bash
# Start the action server and the Rasa server under one supervisor (a server that dies is
# restarted; Ctrl-C stops both). Secrets travel in the environment, never on a command line.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export XIAOER_DEMO_SHOP=${XIAOER_DEMO_SHOP:-true}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
mkdir -p var/log
source scripts/secrets.sh
.venv/bin/python -m bot.cli check
.venv/bin/python -m bot.cli db-init

endpoints=endpoints.yml
if [ "$ACTIONS_PORT" != 5055 ]; then
  endpoints=var/endpoints.yml
  sed "s#127.0.0.1:5055#127.0.0.1:$ACTIONS_PORT#" endpoints.yml > "$endpoints"
fi
.venv/bin/python -m bot.launcher supervise --port "$RASA_PORT" --actions-port "$ACTIONS_PORT" \
  --model models/current.tar.gz --credentials credentials.yml --endpoints "$endpoints" --log-dir var/log \
  >var/log/supervisor.log 2>&1 &
supervisor=$!
stop() { kill "$supervisor" 2>/dev/null || true; wait "$supervisor" 2>/dev/null || true; }
trap stop EXIT INT TERM

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
A server that stops is restarted (var/log/supervisor.log). Press Ctrl-C to stop.
TXT
    wait "$supervisor"
    exit $?
  fi
  kill -0 "$supervisor" 2>/dev/null || { echo "the supervisor stopped; see var/log/" >&2; tail -20 var/log/*.log >&2; exit 1; }
  sleep 1
done
echo "servers did not become ready in 4 minutes; see var/log/" >&2
exit 1
