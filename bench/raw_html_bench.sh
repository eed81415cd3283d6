#!/usr/bin/env bash
# What reading raw HTML for links costs: two pipebook binaries (before and after a change)
# build the same generated sites, in alternation, and the medians of their user and
# system CPU time are printed. The sites: N runbooks each with a <details> holding an
# <img> (`gen_site.py --raw-html`), and the same without.
#
#   bench/raw_html_bench.sh BEFORE_BIN AFTER_BIN [RUNS]   # RUNS=7 by default
#   optional: PIPEBOOK_BENCH_SIZE=5000 PIPEBOOK_BENCH_DIR=/dev/shm/pipebook-raw-html
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN [RUNS]" >&2; exit 2; }
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
RUNS=${3:-7}
N=${PIPEBOOK_BENCH_SIZE:-5000}
WORK=${PIPEBOOK_BENCH_DIR:-/dev/shm/pipebook-raw-html}
GEN="$(dirname "$0")/gen_site.py"
SEED=1
TIME=/usr/bin/time
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
need_gnu_time
TMP=$(mktemp -d)

mkdir -p "$WORK"
for kind in plain raw; do
    site="$WORK/$kind-$N"
    if [ ! -d "$site/content" ] || [ "$GEN" -nt "$site/content" ]; then
        flag=()
        [ "$kind" = raw ] && flag=(--raw-html)
        python3 "$GEN" "$site" --runbooks "$N" --seed "$SEED" --force "${flag[@]}" >&2
    fi
done

declare -A USER SYS
run=0
for i in $(seq "$RUNS"); do
    for kind in plain raw; do
        for which in before after; do
            bin=$BEFORE
            [ "$which" = after ] && bin=$AFTER
            run=$((run + 1))
            out="$WORK/out-$$-$run"
            OUTPUTS+=("$out")
            SOURCE_DATE_EPOCH=1795694400 "$TIME" -f '%U %S' -o "$TMP/t" \
                "$bin" build --root "$WORK/$kind-$N" --output "$out" >/dev/null 2>"$TMP/err" \
                || { cat "$TMP/err" >&2; die "$which failed on $kind"; }
            read -r u s <"$TMP/t"
            USER[$kind-$which]="${USER[$kind-$which]:-} $u"
            SYS[$kind-$which]="${SYS[$kind-$which]:-} $s"
        done
    done
    log "round $i of $RUNS done"
done

printf '%-6s %-7s %12s %12s   %s\n' site binary "user (s)" "system (s)" "all user times"
for kind in plain raw; do
    for which in before after; do
        # shellcheck disable=SC2086
        printf '%-6s %-7s %12s %12s   %s\n' "$kind" "$which" \
            "$(median ${USER[$kind-$which]})" "$(median ${SYS[$kind-$which]})" "${USER[$kind-$which]# }"
    done
done
