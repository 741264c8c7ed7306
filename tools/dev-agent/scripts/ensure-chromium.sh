#!/usr/bin/env bash
# Installs Debian's Chromium for the trace viewer's browser tests when it is missing.
# The tests drive it through playwright-core (no browser download); CHROMIUM_PATH overrides the path.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  echo "chromium present: $chromium"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium missing at $chromium and apt-get is not available; the browser tests will be skipped" >&2
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "chromium missing at $chromium; run as root (or with sudo): apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "installing chromium (Debian package)..."
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
echo "chromium installed: $("$chromium" --version 2>/dev/null | tail -n 1)"
