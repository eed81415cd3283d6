#!/usr/bin/env bash
# Builds the example site and validates every feed with vobject and ical.js, installing
# both (into a cache folder outside the repository) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${PIPEBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipebook}"
mkdir -p "$cache"

if ! python3 -c "import vobject" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check vobject
fi
if [ ! -f "$cache/node/node_modules/ical.js/package.json" ]; then
  npm install --silent --no-audit --no-fund --prefix "$cache/node" ical.js@2 >/dev/null
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}" cargo run --quiet --release --locked -- build --output "$out/public"
feeds=("$out/public/oncall.ics" "$out"/public/oncall/*.ics)

python3 tests/feeds/validate_vobject.py "${feeds[@]}"
NODE_PATH="$cache/node/node_modules" node tests/feeds/validate_icaljs.cjs "${feeds[@]}"
