#!/usr/bin/env bash
# Train the model only when the training data, domain, config or NLU components changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
fingerprint=$(cat config.yml domain.yml $(find data bot/nlu -type f \( -name '*.yml' -o -name '*.txt' -o -name '*.py' \) | sort) | sha256sum | cut -c1-16)
model="models/xiaoer-$fingerprint.tar.gz"
if [ -f "$model" ] && [ "${1:-}" != "--force" ]; then
  echo "== model up to date: $model"
else
  echo "== training $model (about 1-2 minutes on 2 cores)"
  mkdir -p models
  PYTHONPATH=. .venv/bin/rasa train --fixed-model-name "xiaoer-$fingerprint" --out models
fi
ln -sf "$(basename "$model")" models/current.tar.gz
