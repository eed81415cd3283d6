#!/usr/bin/env bash
# Builds the example site, a copy of it with an engineer who has no duty (whose feed
# is an empty calendar), and one whose title and names hold what TEXT escapes and
# multi-byte characters, in a half-hour daylight-saving zone with an override from one
# handoff to the next, and a deploy preview built over that one with an engineer renamed;
# validates every feed with vobject, icalendar and ical.js
# (installing them, ical.js into a cache folder outside the repository, when missing),
# and checks that the three read the same names, events and shifts (agree.py).
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
# The example's holidays end with 2027: add_holidays DIR adds ten more, as many a year as it
# lists, on the weekdays 3, 8, ... 48 weeks after the build's clock, so that the copies below
# have holiday duties and turns to come on any day CI runs (from 2028-01-24 on, the example
# alone had none to come and the greps for X-PIPEBOOK-DUTIES, -KEPT-DUTIES and -KEPT-TURN
# below failed).
add_holidays() {
  local weeks day
  for weeks in $(seq 3 5 48); do
    day="$(date -u -d "@$((SOURCE_DATE_EPOCH + weeks * 7 * 86400))" +%F)"
    case "$(date -u -d "$day" +%u)" in
      6) day="$(date -u -d "$day + 2 days" +%F)" ;;
      7) day="$(date -u -d "$day + 1 day" +%F)" ;;
    esac
    grep -q "date: $day," "$1/content/oncall.yaml" ||
      sed -i "s/^holidays:$/holidays:\n  - { date: $day, name: \"Team Day\" }/" "$1/content/oncall.yaml"
  done
}
mkdir "$out/idle"
cp -r content themes "$out/idle/"
printf '  - id: idle\n    name: Idle Engineer\n' >>"$out/idle/content/team.yaml"
cargo run --quiet --release --locked -- build --root "$out/idle" >/dev/null
feeds=("$out/public/oncall.ics" "$out"/public/oncall/*.ics "$out/idle/public/oncall/idle.ics")
# Eleven pipelines more of de2 and de4: de4's feed makes one event of each holiday's
# duties, with its record of them (X-PIPEBOOK-DUTIES), which every parser must pass over.
mkdir "$out/many"
cp -r content themes "$out/many/"
for i in $(seq 0 10); do
  sed -i "s/^pipelines:$/pipelines:\n  - { id: extra-$i, name: Extra $i, domain: profit, audience: finance, primary: de2, secondary: de4 }/" \
    "$out/many/content/pipelines.yaml"
done
add_holidays "$out/many"
cargo run --quiet --release --locked -- build --root "$out/many" >/dev/null
grep -q '^X-PIPEBOOK-DUTIES:' "$out/many/public/oncall/de4.ics"
# A deploy preview over it keeps production's records, the event's record of its duties
# among them (X-PIPEBOOK-KEPT-DUTIES, in the team feed).
cargo run --quiet --release --locked -- build --root "$out/many" --preview \
  --base-url https://deploy-preview-8--ops.netlify.app/ >/dev/null
grep -q '^X-PIPEBOOK-KEPT-DUTIES:' "$out/many/public/oncall.ics"
feeds+=("$out/many/public/oncall.ics" "$out/many/public/oncall/de4.ics")
mkdir "$out/odd"
cp -r content themes "$out/odd/"
add_holidays "$out/odd"
sed -i 's/^title: .*/title: "Ops; Data, Eng \\\\ Ünïcödé 日本語"/' "$out/odd/content/site.yaml"
sed -i 's/name: Data Engineer 1$/name: "Smith, Zoë; \\\\ 🚀"/; s/name: Data Engineer 2$/name: "éééééééééééééééééééééééééééééééééééé日本語"/' \
  "$out/odd/content/team.yaml"
sed -i 's#timezone: America/New_York#timezone: Australia/Lord_Howe#' "$out/odd/content/oncall.yaml"
printf 'overrides:\n  - { from: "2026-10-05 09:00", to: "2026-10-12 09:00", engineer: de2, reason: "a; b, c" }\n' \
  >>"$out/odd/content/oncall.yaml"
cargo run --quiet --release --locked -- build --root "$out/odd" >/dev/null
feeds+=("$out/odd/public/oncall.ics" "$out"/odd/public/oncall/*.ics)
# A deploy preview built over that output (Netlify's one build cache): its team feed keeps
# production's records, odd names and all, as long folded X-PIPEBOOK-KEPT TEXT lines,
# which every parser must pass over; and de3 renamed dana (formerly), whose feed is then
# written at both addresses.
cp -r "$out/odd" "$out/preview"
sed -i 's/^  - id: de3$/  - id: dana\n    formerly: [de3]/' "$out/preview/content/team.yaml"
sed -i 's/de2, de3, de4/de2, dana, de4/' "$out/preview/content/oncall.yaml"
sed -i 's/: de3$/: dana/' "$out/preview/content/pipelines.yaml"
cargo run --quiet --release --locked -- build --root "$out/preview" --preview \
  --base-url https://deploy-preview-7--ops.netlify.app/ >/dev/null
grep -q '^X-PIPEBOOK-KEPT:' "$out/preview/public/oncall.ics"
# and the holiday a kept shift was the turn for, on a line of its own (X-PIPEBOOK-KEPT-TURN)
grep -q '^X-PIPEBOOK-KEPT-TURN:' "$out/preview/public/oncall.ics"
feeds+=("$out/preview/public/oncall.ics" "$out/preview/public/oncall/de3.ics" "$out/preview/public/oncall/dana.ics")

python3 tests/feeds/validate_vobject.py "${feeds[@]}"
python3 tests/feeds/validate_icalendar.py "${feeds[@]}"
NODE_PATH="$cache/node/node_modules" node tests/feeds/validate_icaljs.cjs "${feeds[@]}"
NODE_PATH="$cache/node/node_modules" python3 tests/feeds/agree.py "$out/public" "$out/odd/public"
