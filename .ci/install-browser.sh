#!/usr/bin/env bash
# Installs Debian's Chromium for the web sample's browser tests (tests/OpenAIImages.Web.Tests drive it through
# Playwright at /usr/bin/chromium; Playwright's own browser downloads are not used). The test fixture runs this when
# the browser is missing. Usage: bash .ci/install-browser.sh
set -euo pipefail
# Recommended packages are left out, so the fonts the pages render with are named explicitly.
exec bash "$(dirname "$0")/apt-install.sh" install-browser.sh '[ -x /usr/bin/chromium ]' chromium fonts-liberation
