#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed, for the core interop tests that trace a real
# Redis (packages/core/src/interop/redis.test.ts). Without it those tests are skipped, with a
# message that points here. Safe to run more than once.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(redis-server --version)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system service on port 6379 on some systems; the tests start their own
# server on a free port, so the service is not needed.
if command -v service >/dev/null 2>&1; then
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi
echo "redis-server installed: $(redis-server --version)"
