#!/bin/sh
# Runs every fuzz target for SECONDS each (default 60), one after another, and fails on
# the first crash (a panic or abort, a problem without a place, one input taking over 2 s,
# or 2 GB of memory).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New inputs go to
# fuzz/corpus/<target>/ (not committed), seeded from fuzz/seeds/<target>/; a crashing input
# goes to fuzz/artifacts/<target>/ and the run stops with cargo-fuzz's instructions to
# reproduce it. Each target's log is fuzz/artifacts/<target>.log.
#
# Targets are built without a sanitizer (`-s none`): pipebook and its parsers are safe
# Rust, and AddressSanitizer made runs six times slower.
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"highlight markdown_gen runbook site_yaml team_yaml pipelines_yaml oncall_yaml"}
cargo +nightly fuzz build -s none
for target in $targets; do
    # The highlighter's scanners fail on long inputs (a YAML indentation stack of 254
    # entries is 520 bytes): let libFuzzer try long inputs from the start.
    len_control=""
    case $target in
        highlight) dict=runbook.dict len_control="-len_control=0" ;;
        runbook | markdown_gen) dict=runbook.dict ;;
        *) dict=yaml.dict ;;
    esac
    mkdir -p "corpus/$target" "artifacts/$target"
    log="artifacts/$target.log"
    echo "fuzzing $target for $seconds s (log: fuzz/$log)"
    # Not niced: on a busy machine a niced fuzzer waits for seconds at a time, and the
    # 2-second limit would measure the neighbours instead of the input.
    if ! cargo +nightly fuzz run -s none "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -max_len=65536 \
        -dict="$dict" $len_control -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz/run.sh: $target crashed; see fuzz/$log and fuzz/artifacts/$target/" >&2
        exit 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "  $target: ${runs:-?} executions in $seconds s, no crash"
done
