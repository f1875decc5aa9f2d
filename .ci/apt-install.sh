#!/usr/bin/env bash
# Installs Debian packages for the tests' own services and tools, idempotently, waiting up to 5 minutes for the package
# lock another installer may hold. Usage: bash .ci/apt-install.sh NAME CHECK PACKAGE... where NAME labels the output and
# CHECK is a shell test that is true once the tool is there (the install is skipped when it already is).
set -euo pipefail

name=$1 check=$2
shift 2

if eval "$check"; then
  echo "$name: already installed"
  exit 0
fi

fail() {
  echo "$name: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available; install $* by hand."
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing $* needs root (or sudo)."
  sudo="sudo"
fi

$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq || fail "apt-get update failed (is the Debian mirror reachable?)."
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" || fail "apt-get install $* failed."

eval "$check" || fail "apt-get finished but the check '$check' still fails."
echo "$name: installed $*"
