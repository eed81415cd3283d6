#!/usr/bin/env bash
# Side-by-side build benchmark: pipebook against Zola (with its search index) and Hugo
# followed by Pagefind, on the same generated site (bench/gen_site.py, converted for Zola
# and Hugo by bench/to_zola_hugo.py).
#
#   ZOLA=/path/to/zola bench/compare.sh          # from any directory
#
# Environment:
#   ZOLA                  Zola binary (required; see bench/README.md for building it)
#   HUGO                  Hugo binary (default: `hugo` on PATH; Debian: apt-get install hugo)
#   PAGEFIND              Pagefind binary (default: npm's pagefind@1, installed in
#                         $PIPEBOOK_CACHE/pagefind like bench/search_bench.sh, and run
#                         through its native binary rather than the Node.js wrapper)
#   PIPEBOOK_BENCH_DIR    work folder (default /dev/shm/pipebook-bench)
#   PIPEBOOK_BENCH_SIZES  runbook counts (default "10000")
#   PIPEBOOK_BENCH_RUNS   timed builds per tool and size (default 3)
#   PIPEBOOK_BENCH_SEED   seed of gen_site.py (default 1)
#
# The runs are interleaved (pipebook, the floor, Zola, Hugo, Pagefind, then again), each
# with /usr/bin/time -f '%e %M %U %S' into a fresh output folder, deleted right after its
# checks so that no build runs beside another's output in RAM (kept outputs in /dev/shm
# doubled pipebook's system time in session 19). Every tool's output is checked for one
# page per Markdown file of the site. The floor (examples/build_floor.rs: the runbooks
# read, rendered by pulldown-cmark alone and written, on every core) runs right after
# pipebook; its wall and CPU are its own timing of the work, without the deletion of its
# output that it does before exiting.
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname -- "$BENCH_DIR")
WORK=${PIPEBOOK_BENCH_DIR:-/dev/shm/pipebook-bench}
read -r -a SIZES <<<"${PIPEBOOK_BENCH_SIZES:-10000}"
RUNS=${PIPEBOOK_BENCH_RUNS:-3}
SEED=${PIPEBOOK_BENCH_SEED:-1}
GEN=$BENCH_DIR/gen_site.py
CONVERT=$BENCH_DIR/to_zola_hugo.py
BIN=$REPO/target/release/pipebook
TIME=/usr/bin/time

# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

# ---------------------------------------------------------------- prerequisites

[ -n "${ZOLA:-}" ] || die "ZOLA is not set: pass the Zola binary, e.g. ZOLA=/tmp/zola-target/release/zola $0 (bench/README.md says how to build it)"
ZOLA_BIN=$(command -v -- "$ZOLA" || true)
[ -n "$ZOLA_BIN" ] && [ -x "$ZOLA_BIN" ] || die "ZOLA=$ZOLA is not an executable file"
HUGO=${HUGO:-hugo}
HUGO_BIN=$(command -v -- "$HUGO" || true)
[ -n "$HUGO_BIN" ] || die "Hugo not found (HUGO=$HUGO); install Debian's package with: apt-get install hugo"

need_gnu_time
command -v python3 >/dev/null || die "python3 is needed to generate the sites"
command -v cargo >/dev/null || die "cargo is needed to build pipebook"

if [ -z "${PAGEFIND:-}" ]; then
    cache="${PIPEBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipebook}"
    if [ ! -x "$cache/pagefind/node_modules/.bin/pagefind" ]; then
        command -v npm >/dev/null || die "npm is needed to install Pagefind (or set PAGEFIND)"
        log "Installing Pagefind (npm pagefind@1) into $cache/pagefind..."
        mkdir -p "$cache/pagefind"
        npm install --silent --no-audit --no-fund --prefix "$cache/pagefind" pagefind@1 >/dev/null
    fi
    PAGEFIND=$cache/pagefind/node_modules/.bin/pagefind
    # The npm command is a Node.js wrapper that runs a native binary: time the binary.
    for native in "$cache"/pagefind/node_modules/@pagefind/*/bin/pagefind_extended \
                  "$cache"/pagefind/node_modules/@pagefind/*/bin/pagefind; do
        if [ -x "$native" ]; then PAGEFIND=$native; break; fi
    done
fi
PAGEFIND_BIN=$(command -v -- "$PAGEFIND" || true)
[ -n "$PAGEFIND_BIN" ] || die "PAGEFIND=$PAGEFIND is not an executable file"

log "Building pipebook and the floor (cargo build --release --locked)..."
(cd "$REPO" && cargo build --release --locked -q --bin pipebook --example build_floor)
[ -x "$BIN" ] || die "$BIN was not built"
FLOOR=$REPO/target/release/examples/build_floor
[ -x "$FLOOR" ] || die "$FLOOR was not built"

mkdir -p "$WORK/sites" "$WORK/compare"
TMP=$(mktemp -d "$WORK/.tmp.XXXXXX")
# Time a private copy: target/ may be rebuilt by someone else while the benchmark runs.
cp -- "$BIN" "$TMP/pipebook"
BIN=$TMP/pipebook
cp -- "$FLOOR" "$TMP/build_floor"
FLOOR=$TMP/build_floor
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$REPO" status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null)" ]; then
    COMMIT+=" (with uncommitted changes)"
fi
V_PIPEBOOK="pipebook $COMMIT"
V_ZOLA=$("$ZOLA_BIN" --version | head -1)
V_HUGO=$("$HUGO_BIN" version | head -1 | awk '{ print $1, $2 }')
V_PAGEFIND=$("$PAGEFIND_BIN" --version | head -1)

# ---------------------------------------------------------------- helpers

# ensure_converted N SITE: prints the folder holding zola/ and hugo/ for that site
ensure_converted() {
    local n=$1 site=$2 dir="$WORK/compare/$1"
    if [ ! -f "$dir/.complete" ] || [ "$site/.complete" -nt "$dir/.complete" ] \
        || [ "$CONVERT" -nt "$dir/.complete" ]; then
        log "Converting the site of $n runbooks for Zola and Hugo in $dir..."
        local tmp="$WORK/compare/.conv-$n-$$"
        rm -rf -- "$tmp"
        python3 "$CONVERT" "$site" "$tmp/zola" "$tmp/hugo" >&2
        touch "$tmp/.complete"
        rm -rf -- "$dir"
        mv -- "$tmp" "$dir"
    fi
    printf '%s\n' "$dir"
}

# timed NAME CMD...: runs CMD under /usr/bin/time, appends to WALL[NAME], CPU[NAME] (user +
# system seconds, less sensitive than wall time to other processes) and RSS[NAME] (kB)
declare -A WALL=() CPU=() RSS=()
timed() {
    local name=$1
    shift
    if ! "$TIME" -f '%e %M %U %S' -o "$TMP/time" "$@" >"$TMP/stdout" 2>"$TMP/stderr"; then
        tail -n 30 "$TMP/stdout" "$TMP/stderr" >&2
        die "$name failed: $*"
    fi
    local wall maxrss user sys cpu
    read -r wall maxrss user sys <"$TMP/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    WALL[$name]="${WALL[$name]:-} $wall"
    CPU[$name]="${CPU[$name]:-} $cpu"
    RSS[$name]="${RSS[$name]:-} $maxrss"
    log "  $name: $wall s, $cpu CPU s, $((maxrss / 1024)) MB"
}

# floor SITE OUT: runs the floor under /usr/bin/time (for its peak), then replaces the wall
# and CPU that timed appended by the floor's own figures, which leave out the removal of
# its output
floor() {
    timed floor "$FLOOR" "$1" "$2" 1
    local own wall cpu
    own=$(sed -nE 's/^floor: median wall ([0-9.]+) s, CPU ([0-9.]+) s.*/\1 \2/p' "$TMP/stdout")
    read -r wall cpu <<<"$own"
    [ -n "$cpu" ] || die "the floor printed no timing: $(head -3 "$TMP/stdout")"
    WALL[floor]="${WALL[floor]% *} $wall"
    CPU[floor]="${CPU[floor]% *} $cpu"
    log "  floor, own timing: $wall s, $cpu CPU s"
}

# describe DIR: "<html files> <files> <MB>"
describe() {
    printf '%s %s %s\n' "$(find "$1" -type f -name '*.html' | wc -l)" \
        "$(find "$1" -type f | wc -l)" "$(du -sm "$1" | cut -f1)"
}

# check_pages TOOL OUT EXPECTED: fails unless OUT has every page listed in EXPECTED
check_pages() {
    local missing
    missing=$(cd "$2" && find . -name index.html | sed 's|^\./||' | sort | comm -23 "$3" -)
    if [ -n "$missing" ]; then
        log "$(wc -l <<<"$missing") of $(wc -l <"$3") expected pages are missing from $1's output $2, e.g.:"
        head -5 <<<"$missing" >&2
        die "$1 did not render every page"
    fi
}

# ---------------------------------------------------------------- benchmark

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
REPORT=()
for n in "${SIZES[@]}"; do
    site=$(ensure_site "$n")
    conv=$(ensure_converted "$n" "$site")
    expected=$conv/zola/expected_pages.txt
    n_md=$(wc -l <"$expected")
    WALL=() CPU=() RSS=()
    declare -A DESC=()
    for run in $(seq 1 "$RUNS"); do
        stamp="$(date +%s%N)-$$"
        log "Run $run/$RUNS, $n runbooks:"

        out="$WORK/cmp-pipebook-$n-$run-$stamp"
        OUTPUTS+=("$out")
        timed pipebook "$BIN" build --root "$site" --output "$out"
        [ "$run" -gt 1 ] || { check_pages pipebook "$out" "$expected"; DESC[pipebook]=$(describe "$out"); }
        rm -rf -- "$out"

        out="$WORK/cmp-floor-$n-$run-$stamp"
        OUTPUTS+=("$out")
        floor "$site" "$out"
        DESC[floor]="- - -"

        out="$WORK/cmp-zola-$n-$run-$stamp"
        OUTPUTS+=("$out")
        timed zola "$ZOLA_BIN" --root "$conv/zola" build --output-dir "$out"
        if [ "$run" -eq 1 ]; then
            check_pages Zola "$out" "$expected"
            ls "$out"/search_index.*.js >/dev/null 2>&1 || die "Zola wrote no search index in $out"
            DESC[zola]=$(describe "$out")
        fi
        rm -rf -- "$out"

        out="$WORK/cmp-hugo-$n-$run-$stamp"
        OUTPUTS+=("$out")
        timed hugo "$HUGO_BIN" --source "$conv/hugo" --destination "$out" --noBuildLock
        [ "$run" -gt 1 ] || { check_pages Hugo "$out" "$expected"; DESC[hugo]=$(describe "$out"); }
        timed pagefind "$PAGEFIND_BIN" --site "$out"
        if [ "$run" -eq 1 ]; then
            indexed=$(sed -nE 's/.*Indexed ([0-9]+) pages?.*/\1/p' "$TMP/stdout" | head -1)
            html=$(describe "$out" | cut -d' ' -f1)
            [ "${indexed:-0}" -eq "$html" ] || die "Pagefind indexed ${indexed:-no} pages of $html"
            DESC[hugo+pagefind]=$(describe "$out")
            pf=$(describe "$out/pagefind")
            DESC[pagefind]="0 $(cut -d' ' -f2- <<<"$pf")"
        fi
        rm -rf -- "$out"
    done

    # Hugo + Pagefind: per run, times add up and the peak is the larger of the two.
    read -r -a hw <<<"${WALL[hugo]}"; read -r -a pw <<<"${WALL[pagefind]}"
    read -r -a hc <<<"${CPU[hugo]}"; read -r -a pc <<<"${CPU[pagefind]}"
    read -r -a hr <<<"${RSS[hugo]}"; read -r -a pr <<<"${RSS[pagefind]}"
    for i in "${!hw[@]}"; do
        WALL[hugo+pagefind]="${WALL[hugo+pagefind]:-} $(awk -v a="${hw[$i]}" -v b="${pw[$i]}" 'BEGIN { print a + b }')"
        CPU[hugo+pagefind]="${CPU[hugo+pagefind]:-} $(awk -v a="${hc[$i]}" -v b="${pc[$i]}" 'BEGIN { print a + b }')"
        RSS[hugo+pagefind]="${RSS[hugo+pagefind]:-} $(( hr[i] > pr[i] ? hr[i] : pr[i] ))"
    done

    declare -A MED_WALL=() MED_CPU=() MED_MB=()
    echo
    echo "### $n runbooks ($n_md Markdown files; medians of $RUNS runs)"
    echo
    echo "| tool | version | wall (s) | CPU (s) | peak RSS (MB) | HTML files | output files | output (MB) | wall times (s) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for tool in pipebook floor zola hugo pagefind hugo+pagefind; do
        # shellcheck disable=SC2086
        MED_WALL[$tool]=$(median ${WALL[$tool]})
        # shellcheck disable=SC2086
        MED_CPU[$tool]=$(median ${CPU[$tool]})
        # shellcheck disable=SC2086
        MED_MB[$tool]=$(median ${RSS[$tool]} | awk '{ printf "%.0f", $1 / 1024 }')
        read -r html files mb <<<"${DESC[$tool]}"
        case $tool in
            pipebook) v=$V_PIPEBOOK ;; zola) v=$V_ZOLA ;; hugo) v=$V_HUGO ;;
            floor) v="build_floor (runbooks only; output deleted)" ;;
            pagefind) v=$V_PAGEFIND; html="(index)" ;; *) v="" ;;
        esac
        echo "| $tool | $v | ${MED_WALL[$tool]} | ${MED_CPU[$tool]} | ${MED_MB[$tool]} | $html | $files | $mb |${WALL[$tool]} |"
    done
    echo
    echo "| ratio (medians) | value | target | result | same ratio in CPU time |"
    echo "| --- | --- | --- | --- | --- |"
    ratio() {  # ratio LABEL A B TARGET [CPU_A CPU_B]
        awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" -v ca="${5:-}" -v cb="${6:-}" 'BEGIN {
            r = a / b; c = (cb == "" ? "" : sprintf("%.3f", ca / cb))
            printf "| %s | %.3f | <= %s | %s | %s |\n", l, r, t, (r <= t ? "pass" : "FAIL"), c }'
    }
    ratio "pipebook / Zola, wall time" "${MED_WALL[pipebook]}" "${MED_WALL[zola]}" 0.25 \
        "${MED_CPU[pipebook]}" "${MED_CPU[zola]}"
    ratio "pipebook / (Hugo + Pagefind), wall time" "${MED_WALL[pipebook]}" "${MED_WALL[hugo+pagefind]}" 0.20 \
        "${MED_CPU[pipebook]}" "${MED_CPU[hugo+pagefind]}"
    ratio "pipebook / Zola, peak RSS" "${MED_MB[pipebook]}" "${MED_MB[zola]}" 0.5
    awk -v a="${MED_WALL[pipebook]}" -v b="${MED_WALL[floor]}" -v ca="${MED_CPU[pipebook]}" -v cb="${MED_CPU[floor]}" \
        'BEGIN { printf "| pipebook / the floor, wall time | %.2f | | | %.2f |\n", a / b, ca / cb }'
    REPORT+=("| $n | ${MED_WALL[pipebook]} s (${MED_CPU[pipebook]} s CPU), ${MED_MB[pipebook]} MB | ${MED_WALL[floor]} s (${MED_CPU[floor]} s CPU) | ${MED_WALL[zola]} s (${MED_CPU[zola]} s CPU), ${MED_MB[zola]} MB | ${MED_WALL[hugo]} + ${MED_WALL[pagefind]} s (${MED_CPU[hugo+pagefind]} s CPU), ${MED_MB[hugo+pagefind]} MB |")
    unset DESC MED_WALL MED_CPU MED_MB
done

echo
echo "### Summary (median wall time, median peak RSS)"
echo
echo "$V_PIPEBOOK; $V_ZOLA; $V_HUGO; $V_PAGEFIND; $(nproc) CPUs;" \
    "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
echo "| runbooks | pipebook | the floor | Zola | Hugo + Pagefind |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${REPORT[@]}"
