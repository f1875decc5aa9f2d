#!/usr/bin/env bash
# Installs Debian's Chromium for the web sample's browser tests (tests/OpenAIImages.Web.Tests drive it through
# Playwright at /usr/bin/chromium; Playwright's own browser downloads are not used). Idempotent: returns at once when
# /usr/bin/chromium is there. The test fixture runs this when the browser is missing. Usage: bash .ci/install-browser.sh
# Waits up to 5 minutes for the package lock, which another installer (install-prism.sh) may hold meanwhile.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

fail() {
  echo "install-browser.sh: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available; install Chromium at /usr/bin/chromium by hand."
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing chromium needs root (or sudo)."
  sudo="sudo"
fi

$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq || fail "apt-get update failed (is the Debian mirror reachable?)."
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium || fail "apt-get install chromium failed."

[ -x /usr/bin/chromium ] || fail "apt-get finished but /usr/bin/chromium is missing."
echo "install-browser.sh: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
