#!/bin/sh
# Builds one-file sites of every hostile shape (deep nesting, repeated headings, deep YAML,
# broken anchors, wide tables, ...) at three sizes up to the 4 MiB file limit, and prints
# wall time, peak memory and output size per size. Fails when a shape is not linear, takes
# more than 5 s or 500 MB at 4 MiB, writes a page more than 40 times its source (plus the
# theme), or fails other than by a `file:line` refusal. See bench/README.md.
#
#   bench/adversarial.sh [--only SHAPE,...] [--sizes 1,2,4]
set -eu
cd "$(dirname "$0")/.."
cargo build --release --locked >&2
exec python3 bench/adversarial.py --bin target/release/pipebook "$@"
