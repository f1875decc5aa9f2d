#!/usr/bin/env bash
# Installs Stoplight Prism and the official openai-node SDK (npm package `openai`) for the contract tests into
# tests/OpenAIImages.ContractTests/.prism (git-ignored). Installs Node.js and npm from Debian first when they are
# missing. Idempotent: returns at once when the pinned versions are already there.
# Usage: bash tests/OpenAIImages.ContractTests/install-prism.sh
set -euo pipefail

PRISM_VERSION="5.14.2"
# Keep in step with NodeClientFixture.OpenAINodeVersion. It declares node >= 22; on Debian's node 20 npm only warns
# (EBADENGINE) and every call node/clients.mjs makes works.
OPENAI_NODE_VERSION="7.59.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$here/.prism"
bin="$prefix/node_modules/.bin/prism"
installed_pkg="$prefix/node_modules/@stoplight/prism-cli/package.json"
installed_openai="$prefix/node_modules/openai/package.json"

fail() {
  echo "install-prism.sh: $*" >&2
  exit 1
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-prism.sh: node or npm is missing; installing Debian's nodejs and npm" >&2
  command -v apt-get >/dev/null 2>&1 ||
    fail "node and npm are required for the contract tests (Stoplight Prism), and apt-get is not available to install them. Install Node.js 18+ and npm, then run this script again."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "node and npm are missing and installing them needs root (or sudo)."
    sudo="sudo"
  fi
  if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y nodejs npm; }; then
    fail "could not install nodejs and npm with apt-get; install Node.js 18+ and npm, then run this script again."
  fi
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    fail "apt-get finished but node or npm is still not on PATH."
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  fail "Prism $PRISM_VERSION needs Node.js 18 or later; found $(node --version)."
fi
# Prism declares node >= 18.20.1; Debian 12's nodejs is 18.19, on which npm only warns (EBADENGINE) and Prism runs.
if [ "$(node -p 'const [a, b] = process.versions.node.split(".").map(Number); a > 18 || (a === 18 && b >= 20) ? 1 : 0')" = 0 ]; then
  echo "install-prism.sh: note: Prism $PRISM_VERSION asks for Node.js >= 18.20.1; found $(node --version), trying anyway" >&2
fi

version_of() {
  [ -f "$1" ] && node -p "require('$1').version" 2>/dev/null || true
}

# Already installed at the pinned versions: nothing to do.
if [ -x "$bin" ] && [ "$(version_of "$installed_pkg")" = "$PRISM_VERSION" ] &&
  [ "$(version_of "$installed_openai")" = "$OPENAI_NODE_VERSION" ]; then
  echo "install-prism.sh: Prism $PRISM_VERSION and openai $OPENAI_NODE_VERSION already installed in $prefix"
  exit 0
fi

mkdir -p "$prefix"
# A package.json of its own keeps npm from walking up to another project's.
[ -f "$prefix/package.json" ] || echo '{ "name": "openaiimages-contract-tests-prism", "private": true }' >"$prefix/package.json"

# Both in one install: a --no-save install of one package prunes any other that package.json does not list.
echo "install-prism.sh: installing @stoplight/prism-cli@$PRISM_VERSION and openai@$OPENAI_NODE_VERSION into $prefix"
npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$prefix" "@stoplight/prism-cli@$PRISM_VERSION" "openai@$OPENAI_NODE_VERSION" ||
  fail "npm install @stoplight/prism-cli@$PRISM_VERSION openai@$OPENAI_NODE_VERSION failed (is the npm registry reachable?)."

[ -x "$bin" ] || fail "npm install finished but $bin is missing."
[ "$(version_of "$installed_openai")" = "$OPENAI_NODE_VERSION" ] || fail "npm install finished but openai $OPENAI_NODE_VERSION is not in $prefix/node_modules."
echo "install-prism.sh: installed openai $OPENAI_NODE_VERSION"
echo "install-prism.sh: installed $("$bin" --version 2>/dev/null || echo "prism $PRISM_VERSION")"
