#!/usr/bin/env bash
# Headless-browser tests: installs what is missing (Chromium, chromedriver, selenium,
# pytest), builds the example site into a temporary folder and runs the tests against it.
# Extra arguments go to pytest: tests/browser/run.sh -k oncall -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash tests/browser/install.sh

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"
# The example as it is, or a copy with holidays to come when the clock is past its list's
# end (tests/browser/example_root.py).
root="$(python3 tests/browser/example_root.py "$SOURCE_DATE_EPOCH" "$out")"
cargo run --release --locked -- build --root "$root" --output "$out/public"

status=0
PIPEBOOK_SITE="$out/public" PYTHONDONTWRITEBYTECODE=1 \
  python3 -m pytest tests/browser -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "tests/browser/run.sh: pytest collected no tests" >&2
fi
exit "$status"
