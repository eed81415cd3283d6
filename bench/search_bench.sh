#!/usr/bin/env bash
# Search benchmark: pipebook's index against Pagefind on the same output (see
# bench/search_bench.py). Installs Pagefind (npm), selenium and Chromium when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tests/browser/install.sh
[ -x /usr/bin/time ] || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y time; }
cache="${PIPEBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipebook}"
if [ ! -x "$cache/pagefind/node_modules/.bin/pagefind" ]; then
  mkdir -p "$cache/pagefind"
  npm install --silent --no-audit --no-fund --prefix "$cache/pagefind" pagefind@1 >/dev/null
fi
cargo build --release --locked --quiet
PAGEFIND="$cache/pagefind/node_modules/.bin/pagefind" PYTHONDONTWRITEBYTECODE=1 python3 bench/search_bench.py
