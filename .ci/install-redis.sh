#!/usr/bin/env bash
# Installs Debian's redis-server for tests/OpenAIImages.Redis.Tests, whose fixture starts its own server on a free
# loopback port (and stops it after). The test fixture runs this when the server is missing. Usage: bash .ci/install-redis.sh
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-redis.sh 'command -v redis-server >/dev/null 2>&1' redis-server
