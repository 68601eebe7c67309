#!/usr/bin/env bash
# The Debian packages the tests need: chromium for the widget's browser tests, with Chinese glyphs.
# Installs what is missing (as root, or with sudo); fails loudly when it cannot.
set -euo pipefail
missing=()
for package in chromium fonts-noto-cjk; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: the browser tests need ${missing[*]} and this is not a Debian/Ubuntu machine; install chromium yourself." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ERROR: the browser tests need ${missing[*]}: run 'apt-get install ${missing[*]}' as root." >&2
    exit 1
  fi
fi
echo "== apt-get install ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
