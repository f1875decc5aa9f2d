#!/usr/bin/env bash
# Installs Debian's redis-server for tests/OpenAIImages.Redis.Tests, whose fixture starts its own server on a free
# loopback port (and stops it after). Idempotent: returns at once when redis-server is on PATH. The test fixture runs
# this when the server is missing. Usage: bash .ci/install-redis.sh
# Waits up to 5 minutes for the package lock, which another installer may hold meanwhile.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "install-redis.sh: $(redis-server --version) already installed"
  exit 0
fi

fail() {
  echo "install-redis.sh: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available; install redis-server by hand."
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing redis-server needs root (or sudo)."
  sudo="sudo"
fi

$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq || fail "apt-get update failed (is the Debian mirror reachable?)."
# Tests start their own server on a free port; whether the package starts its own service does not matter to them.
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends redis-server || fail "apt-get install redis-server failed."

command -v redis-server >/dev/null 2>&1 || fail "apt-get finished but redis-server is not on PATH."
echo "install-redis.sh: installed $(redis-server --version)"
