#!/usr/bin/env bash
# Benchmarks `pipebook build` on generated sites of 1,000, 10,000 and 100,000 runbooks.
#
#   bench/build_bench.sh            # from any directory
#
# Environment (all optional):
#   PIPEBOOK_BENCH_DIR    work folder (default /dev/shm/pipebook-bench)
#   PIPEBOOK_BENCH_SIZES  runbook counts (default "1000 10000 100000")
#   PIPEBOOK_BENCH_RUNS   timed builds per size (default 3)
#   PIPEBOOK_BENCH_SEED   seed of gen_site.py (default 1)
#
# Beside each build runs the floor (examples/build_floor.rs: read the runbooks, render
# them with pulldown-cmark alone, write a page each, on every core), right after it, so
# that "pipebook = k x floor" compares two runs under the same load.
#
# Sites are cached in $PIPEBOOK_BENCH_DIR/sites/N and regenerated only when missing or
# older than gen_site.py. Every build writes into a fresh output folder; the folders are
# deleted when the script ends, so that deleting files is not part of any timing.
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname -- "$BENCH_DIR")
WORK=${PIPEBOOK_BENCH_DIR:-/dev/shm/pipebook-bench}
read -r -a SIZES <<<"${PIPEBOOK_BENCH_SIZES:-1000 10000 100000}"
RUNS=${PIPEBOOK_BENCH_RUNS:-3}
SEED=${PIPEBOOK_BENCH_SEED:-1}
GEN=$BENCH_DIR/gen_site.py
BIN=$REPO/target/release/pipebook
TIME=/usr/bin/time

# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

# ---------------------------------------------------------------- prerequisites

need_gnu_time
command -v python3 >/dev/null || die "python3 is needed to generate the sites"
command -v cargo >/dev/null || die "cargo is needed to build pipebook"

log "Building pipebook and the floor (cargo build --release --locked)..."
(cd "$REPO" && cargo build --release --locked -q --bin pipebook --example build_floor)
[ -x "$BIN" ] || die "$BIN was not built"
FLOOR=$REPO/target/release/examples/build_floor
[ -x "$FLOOR" ] || die "$FLOOR was not built"

mkdir -p "$WORK/sites"
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

# ---------------------------------------------------------------- helpers

# without_search SITE: prints a copy of SITE with `search: false` (hard links, but for
# site.yaml), for measuring what the search index costs
without_search() {
    local site=$1 copy="$1-nosearch"
    if [ ! -f "$copy/.complete" ] || [ "$site/.complete" -nt "$copy/.complete" ]; then
        rm -rf -- "$copy"
        cp -al -- "$site" "$copy"
        rm -f -- "$copy/content/site.yaml" "$copy/.complete"
        grep -v '^search:' "$site/content/site.yaml" >"$copy/content/site.yaml" || true
        echo 'search: false' >>"$copy/content/site.yaml"
        touch "$copy/.complete"
    fi
    printf '%s\n' "$copy"
}

# one_build SITE OUT: runs pipebook build -v, leaving `wall maxrss user sys` in $TMP/time
one_build() {
    "$TIME" -f '%e %M %U %S' -o "$TMP/time" \
        "$BIN" build -v --root "$1" --output "$2" >"$TMP/stdout" 2>"$TMP/stderr"
}

# render_phase STDOUT: the render phase's wall and CPU milliseconds from `-v`
render_phase() {
    sed -nE 's/^  render +([0-9.]+) ms +\(CPU ([0-9]+) ms.*/\1 \2/p' "$1" | head -1
}

# ---------------------------------------------------------------- benchmark

SUMMARY=()
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
for n in "${SIZES[@]}"; do
    site=$(ensure_site "$n")
    avg=$(grep -o 'average runbook size [0-9]* bytes' "$site/gen.log" | grep -o '[0-9]*' || true)
    nosearch=$(without_search "$site")
    walls=() rss=() cpus=() walls_ns=() cpus_ns=() pages="" warnings=0 size_mb="" files=""
    render_diffs=() render_cpu_diffs=() wall_diffs=() floor_walls=() floor_cpus=()
    declare -A phase_values=()
    phase_names=()
    for run in $(seq 1 "$RUNS"); do
        out="$WORK/out-$n-$run-$(date +%s%N)-$$"
        OUTPUTS+=("$out")
        log "Run $run/$RUNS: pipebook build -v --root $site --output $out"
        if ! one_build "$site" "$out"; then
            cat "$TMP/stderr" >&2
            die "pipebook build failed on the site of $n runbooks"
        fi
        read -r wall maxrss user sys <"$TMP/time"
        walls+=("$wall")
        rss+=("$maxrss")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
        summary=$(grep '^Built ' "$TMP/stdout" || die "no summary line in pipebook's output")
        pages=$(sed -E 's/^Built ([0-9]+) pages.*/\1/' <<<"$summary")
        log "  $wall s, $((maxrss / 1024)) MB: $summary"
        if [ -s "$TMP/stderr" ]; then
            w=$(grep -c '^warning' "$TMP/stderr" || true)
            warnings=$((warnings + w))
            log "  pipebook printed to stderr ($w warnings):"
            head -20 "$TMP/stderr" >&2
        fi
        while read -r name ms; do
            [ -n "${phase_values[$name]+x}" ] || phase_names+=("$name")
            phase_values[$name]="${phase_values[$name]:-} $ms"
        done < <(sed -nE 's/^  ([a-z]+) +([0-9.]+) ms.*/\1 \2/p' "$TMP/stdout")
        read -r render render_cpu < <(render_phase "$TMP/stdout")
        if [ "$run" -eq 1 ]; then
            size_mb=$(du -sm "$out" | cut -f1)
            files=$(find "$out" -type f | wc -l)
        fi
        # The same site without the search index, right after: the difference is what
        # the index costs.
        out_ns="$WORK/out-$n-$run-nosearch-$(date +%s%N)-$$"
        OUTPUTS+=("$out_ns")
        one_build "$nosearch" "$out_ns" || die "pipebook build failed on $nosearch"
        read -r wall_ns _ user_ns sys_ns <"$TMP/time"
        walls_ns+=("$wall_ns")
        read -r render_ns render_cpu_ns < <(render_phase "$TMP/stdout")
        render_diffs+=("$(awk -v a="$render" -v b="$render_ns" 'BEGIN { print a - b }')")
        render_cpu_diffs+=("$(awk -v a="$render_cpu" -v b="$render_cpu_ns" 'BEGIN { print a - b }')")
        wall_diffs+=("$(awk -v a="$wall" -v b="$wall_ns" 'BEGIN { print a - b }')")
        log "  without the index: $wall_ns s (render $render_ns ms against $render ms)"
        cpus_ns+=("$(awk -v u="$user_ns" -v s="$sys_ns" 'BEGIN { print u + s }')")
        # The floor, right after (it removes its output itself).
        out_floor="$WORK/out-$n-$run-floor-$$"
        OUTPUTS+=("$out_floor")
        "$FLOOR" "$site" "$out_floor" 1 >"$TMP/floor" || die "build_floor failed on $site"
        read -r floor_wall floor_cpu < <(sed -nE 's/^floor: median wall ([0-9.]+) s, CPU ([0-9.]+) s.*/\1 \2/p' "$TMP/floor")
        floor_walls+=("$floor_wall")
        floor_cpus+=("$floor_cpu")
        log "  the floor: $floor_wall s wall, $floor_cpu s CPU"
    done

    med_wall=$(median "${walls[@]}")
    peak_mb=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
    med_rss_mb=$(median "${rss[@]}" | awk '{ printf "%.0f", $1 / 1024 }')
    pps=$(awk -v p="$pages" -v t="$med_wall" 'BEGIN { if (t > 0) printf "%.0f", p / t; else print "n/a" }')
    # Time per page, to compare sizes: a build that scales linearly keeps it.
    med_cpu=$(median "${cpus[@]}")
    us_page=$(awk -v p="$pages" -v t="$med_wall" -v c="$med_cpu" 'BEGIN { printf "%.0f µs wall, %.0f µs CPU", 1e6 * t / p, 1e6 * c / p }')

    echo
    echo "### $n runbooks (${pages} pages; average runbook ${avg:-?} bytes)"
    echo
    echo "| metric | value |"
    echo "| --- | --- |"
    echo "| runs | $RUNS (wall times: ${walls[*]} s) |"
    echo "| median wall time | $med_wall s |"
    med_wall_ns=$(median "${walls_ns[@]}")
    med_cpu_ns=$(median "${cpus_ns[@]}")
    echo "| median CPU time (user + system) | $med_cpu s |"
    echo "| without the search index (\`search: false\`) | wall $med_wall_ns s, CPU $med_cpu_ns s (wall times: ${walls_ns[*]} s) |"
    index_cost=$(awk -v a="$med_wall" -v b="$med_wall_ns" 'BEGIN { printf "%.2f", a - b }')
    index_cpu=$(awk -v a="$med_cpu" -v b="$med_cpu_ns" 'BEGIN { printf "%.2f", a - b }')
    echo "| search index cost, difference of the medians of whole builds | wall $index_cost s, CPU $index_cpu s |"
    paired_wall=$(median "${wall_diffs[@]}")
    paired_render=$(median "${render_diffs[@]}" | awk '{ printf "%.0f", $1 }')
    paired_render_cpu=$(median "${render_cpu_diffs[@]}" | awk '{ printf "%.0f", $1 }')
    echo "| **search index cost**, median of the paired differences (each build and the build without the index right after it) | whole build $paired_wall s; render phase $paired_render ms wall, $paired_render_cpu ms CPU (differences: ${render_diffs[*]} ms) |"
    spread=$(printf '%s\n' "${walls_ns[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
    echo "| noise: the same build without the index, fastest to slowest | $spread s |"
    med_floor=$(median "${floor_walls[@]}")
    med_floor_cpu=$(median "${floor_cpus[@]}")
    times_floor=$(awk -v a="$med_wall" -v b="$med_floor" -v c="$med_cpu" -v d="$med_floor_cpu" \
        'BEGIN { if (b > 0 && d > 0) printf "%.1f× wall, %.1f× CPU", a / b, c / d; else print "n/a" }')
    echo "| the floor (\`examples/build_floor.rs\`, after each build) | wall $med_floor s, CPU $med_floor_cpu s (wall times: ${floor_walls[*]} s); pipebook = $times_floor |"
    echo "| pages per second | $pps |"
    echo "| time per page | $us_page |"
    echo "| peak memory (max RSS) | $peak_mb MB (median $med_rss_mb MB) |"
    echo "| output | $size_mb MB, $files files |"
    echo "| warnings printed | $warnings |"
    phase_cells=""
    for name in "${phase_names[@]}"; do
        # shellcheck disable=SC2086
        m=$(median ${phase_values[$name]})
        echo "| phase \`$name\` (median) | $m ms |"
        phase_cells+=" $m |"
    done
    SUMMARY+=("| $n | $pages | $med_wall | $med_floor | $med_cpu | $med_floor_cpu | $paired_render ms ($paired_render_cpu ms CPU) | $pps | $us_page | $peak_mb | $size_mb MB / $files |$phase_cells")
    unset phase_values
done

echo
echo "### Summary (medians of $RUNS runs; phases in ms)"
echo
echo "pipebook $COMMIT; $(nproc) CPUs; load average before the runs: $LOAD_BEFORE"
echo
header="| runbooks | pages | wall (s) | floor wall (s) | CPU (s) | floor CPU (s) | index cost (render phase, paired) | pages/s | per page | peak RSS (MB) | output |"
rule="| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in "${phase_names[@]}"; do header+=" $name |"; rule+=" --- |"; done
echo "$header"
echo "$rule"
printf '%s\n' "${SUMMARY[@]}"
