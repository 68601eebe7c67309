#!/usr/bin/env bash
# Source me: exports the local secrets, creating var/secrets.env (mode 600) on first use.
# Values already in the environment win; nothing secret is ever written to the repository.
mkdir -p var
if [ ! -f var/secrets.env ] || ! grep -q XIAOER_ACTION_TOKEN var/secrets.env; then
  umask 077
  {
    echo "XIAOER_IDENTITY_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "XIAOER_AGENT_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "XIAOER_API_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "XIAOER_CONSOLE_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "XIAOER_ACTION_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  } > var/secrets.env
fi
while IFS='=' read -r key value; do
  [ -n "$key" ] && [ -z "${!key:-}" ] && export "$key=$value"
done < var/secrets.env
