#!/usr/bin/env bash
# Writes themes/default/search.min.js: the search client's parts (themes/default/static/
# search/*.js, joined in the order of SEARCH_PARTS in src/load/theme.rs) minified by
# terser, the version pinned in tools/minify/package-lock.json. pipebook serves it as
# static/search.js when the joined parts are the ones it was made from (the SHA-256 in
# its first line), else the parts as written; `cargo test` fails while it is stale.
#
#   tools/minify/run.sh          # after editing a part: rewrite it
#   tools/minify/run.sh --check  # CI: fail unless the committed copy is what terser makes
#
# Needs node and npm (the package registry); installs terser into tools/minify/node_modules.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname -- "$(dirname -- "$here")")
out=$repo/themes/default/search.min.js
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: tools/minify/run.sh [--check]" >&2; exit 2 ;;
esac
command -v npm >/dev/null || { echo "tools/minify/run.sh: npm is needed (apt-get install nodejs npm)" >&2; exit 1; }

# The parts, in the order theme.rs joins them: the one list, read from where it is.
mapfile -t parts < <(grep -o '"\.\./\.\./themes/default/static/search/[a-z_]*\.js"' \
  "$repo/src/load/theme.rs" | tr -d '"' | sed 's|^\.\./\.\./||')
[ "${#parts[@]}" -ge 2 ] || { echo "tools/minify/run.sh: no search parts found in src/load/theme.rs" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in "${parts[@]}"; do cat -- "$repo/$p"; done >"$tmp/joined.js"
sum=$(sha256sum "$tmp/joined.js" | cut -d' ' -f1)

if [ ! -x "$here/node_modules/.bin/terser" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
version=$(node -p "require('$here/node_modules/terser/package.json').version")
# Compress and mangle the names inside the client's one function; property names and
# the globals it shares with the other scripts (window.pipebookSearch...) stay. ASCII only:
# terser writes a string's "\u0001" as the control character itself otherwise, and
# no served file holds one (tests/redteam28.rs).
"$here/node_modules/.bin/terser" "$tmp/joined.js" --compress --mangle --comments false \
  --format ascii_only=true \
  -o "$tmp/min.js"
{
  printf '// sha256 %s: themes/default/static/search/*.js minified by terser %s (tools/minify/run.sh)\n' \
    "$sum" "$version"
  cat "$tmp/min.js"
  printf '\n'
} >"$tmp/search.min.js"

if $check; then
  if ! cmp -s "$tmp/search.min.js" "$out"; then
    echo "themes/default/search.min.js is not what tools/minify/run.sh makes of the search parts: run it and commit the file" >&2
    exit 1
  fi
  echo "themes/default/search.min.js matches its sources ($(wc -c <"$out") bytes, from $(wc -c <"$tmp/joined.js"))"
else
  mv -- "$tmp/search.min.js" "$out"
  echo "wrote themes/default/search.min.js ($(wc -c <"$out") bytes, from $(wc -c <"$tmp/joined.js"))"
fi
