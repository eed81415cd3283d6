#!/usr/bin/env bash
# Installs what the browser tests and benchmarks need when it is missing: Debian's
# chromium and chromium-driver, and selenium and pytest from PyPI.
set -euo pipefail
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
fi
missing=()
python3 -c "import selenium" 2>/dev/null || missing+=(selenium)
python3 -c "import pytest" 2>/dev/null || missing+=(pytest)
if [ ${#missing[@]} -gt 0 ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi
cache="${PIPEBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipebook}"
if [ ! -f "$cache/axe/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$cache/axe"
  npm install --silent --no-audit --no-fund --prefix "$cache/axe" axe-core@4 >/dev/null
fi
