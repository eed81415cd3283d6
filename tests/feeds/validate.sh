#!/usr/bin/env bash
# Builds the example site, and a copy of it with an engineer who has no duty (whose feed
# is an empty calendar), and validates every feed with vobject, icalendar and ical.js,
# installing them (ical.js into a cache folder outside the repository) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${PIPEBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipebook}"
mkdir -p "$cache"

for module in vobject icalendar; do
  if ! python3 -c "import $module" 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check "$module"
  fi
done
if [ ! -f "$cache/node/node_modules/ical.js/package.json" ]; then
  npm install --silent --no-audit --no-fund --prefix "$cache/node" ical.js@2 >/dev/null
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"
cargo run --quiet --release --locked -- build --output "$out/public"
mkdir "$out/idle"
cp -r content themes "$out/idle/"
printf '  - id: idle\n    name: Idle Engineer\n' >>"$out/idle/content/team.yaml"
cargo run --quiet --release --locked -- build --root "$out/idle" >/dev/null
feeds=("$out/public/oncall.ics" "$out"/public/oncall/*.ics "$out/idle/public/oncall/idle.ics")

python3 tests/feeds/validate_vobject.py "${feeds[@]}"
python3 tests/feeds/validate_icalendar.py "${feeds[@]}"
NODE_PATH="$cache/node/node_modules" node tests/feeds/validate_icaljs.cjs "${feeds[@]}"
