#!/usr/bin/env bash
# Writes themes/default/search.min.js: the search client's parts (themes/default/static/
# search/*.js, joined in the order of SEARCH_PARTS in src/load/theme.rs) minified by
# terser, the version pinned in tools/minify/package-lock.json; and themes/default/
# site.min.js, themes/default/static/site.js minified alike (every page loads it, twice
# on a first visit: the page, then the service worker's install). pipebook serves each
# (as static/search.js, static/site.js) when its sources are the ones it was made from
# (the SHA-256 in its first line), else the sources as written; `cargo test` fails while
# either is stale.
#
#   tools/minify/run.sh          # after editing a source: rewrite them
#   tools/minify/run.sh --check  # CI: fail unless the committed copies are what terser makes
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

if [ ! -x "$here/node_modules/.bin/terser" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
version=$(node -p "require('$here/node_modules/terser/package.json').version")

# minify SOURCE OUT WHAT [INPUT [COMMENTS]]: OUT is SOURCE minified (or INPUT, SOURCE made into
# JavaScript, as the worker's template is below), its first line naming SOURCE's SHA-256.
# COMMENTS: which comments terser keeps (`false`: none; `some`: licences).
# Compress and mangle local names; property names and the globals a script shares with
# the others (window.pipebookSearch, pipebookWhen...) stay: terser leaves a script's
# top-level names alone. ASCII only: terser writes a string's "\u0001" as the control
# character itself otherwise, and no served file holds one (tests/redteam28.rs).
status=0
minify() {
  local source=$1 out=$2 what=$3 input=${4:-$1} comments=${5:-false} sum
  sum=$(sha256sum "$source" | cut -d' ' -f1)
  "$here/node_modules/.bin/terser" "$input" --compress --mangle --comments "$comments" \
    --format ascii_only=true \
    -o "$tmp/min.js"
  {
    printf '// sha256 %s: %s minified by terser %s (tools/minify/run.sh)\n' \
      "$sum" "$what" "$version"
    if [ "$input" = "$source" ]; then cat "$tmp/min.js"; else unplaceholder <"$tmp/min.js"; fi
    printf '\n'
  } >"$tmp/out.js"
  local name=${out#"$repo"/}
  if $check; then
    if ! cmp -s "$tmp/out.js" "$out"; then
      echo "$name is not what tools/minify/run.sh makes of $what: run it and commit the file" >&2
      status=1
      return
    fi
    echo "$name matches its sources ($(wc -c <"$out") bytes, from $(wc -c <"$source"))"
  else
    mv -- "$tmp/out.js" "$out"
    echo "wrote $name ($(wc -c <"$out") bytes, from $(wc -c <"$source"))"
  fi
}
minify "$tmp/joined.js" "$out" "themes/default/static/search/*.js"
minify "$repo/themes/default/static/site.js" "$repo/themes/default/site.min.js" "themes/default/static/site.js"
minify "$repo/themes/default/static/offline.js" "$repo/themes/default/offline.min.js" "themes/default/static/offline.js"
# fflate's gunzip, vendored: its licence (the /*! comment) stays.
minify "$repo/themes/default/static/search-inflate.js" "$repo/themes/default/search-inflate.min.js" \
  "themes/default/static/search-inflate.js" "$repo/themes/default/static/search-inflate.js" some

# The service worker is a template: each `{{ name }}` in it stands for a JavaScript value
# (`version`'s inside quotes). terser reads each as a global name, which it leaves alone,
# and they go back to `{{ name }}` after: pipebook fills in the minified copy.
# Its parts, joined in the order of src/load/sw_parts.rs (the one list, as for search).
mapfile -t sw_parts < <(sed '/^#\[cfg(test)\]/q' "$repo/src/load/sw_parts.rs" | grep -o '"sw/[a-z_]*\.js"' | tr -d '"')
[ "${#sw_parts[@]}" -ge 2 ] || { echo "tools/minify/run.sh: no worker parts found in src/load/sw_parts.rs" >&2; exit 1; }
sw=$tmp/sw.joined.js
for p in "${sw_parts[@]}"; do cat -- "$repo/themes/default/templates/$p"; done >"$sw"
sed -E 's/"\{\{ ([a-z_]+) \}\}"/__pipebook_q_\1__/g; s/\{\{ ([a-z_]+) \}\}/__pipebook_\1__/g' "$sw" >"$tmp/sw.js"
if grep -q -e '{{' -e '{%' -e '{#' "$tmp/sw.js" || grep -q __pipebook_ "$sw"; then
  echo "tools/minify/run.sh: templates/sw/*.js hold Tera other than {{ name }}: extend this script" >&2
  exit 1
fi
unplaceholder() { sed -E 's/__pipebook_q_([a-z_]+)__/"{{ \1 }}"/g; s/__pipebook_([a-z_]+)__/{{ \1 }}/g'; }
minify "$sw" "$repo/themes/default/sw.min.js" "themes/default/templates/sw/*.js" "$tmp/sw.js"
if grep -q -e '{{' -e '{%' -e '{#' "$tmp/min.js"; then
  echo "tools/minify/run.sh: terser wrote Tera's brackets into the worker (other than its {{ name }}s)" >&2
  exit 1
fi
exit $status
