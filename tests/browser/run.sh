#!/usr/bin/env bash
# Headless-browser tests: installs what is missing (Chromium, chromedriver, selenium,
# pytest), builds the example site into a temporary folder and runs the tests against it.
# Extra arguments go to pytest: tests/browser/run.sh -k oncall -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

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

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"
cargo run --release --locked -- build --output "$out/public"

status=0
PIPEBOOK_SITE="$out/public" PYTHONDONTWRITEBYTECODE=1 \
  python3 -m pytest tests/browser -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "tests/browser/run.sh: pytest collected no tests" >&2
fi
exit "$status"
