# Shared by build_bench.sh and compare.sh (sourced after they set WORK, GEN, SEED, TIME).
# shellcheck shell=bash

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Output folders and the temporary folder, deleted when the script ends.
OUTPUTS=()
TMP=""
cleanup() {
    if [ -n "$TMP" ]; then rm -rf -- "$TMP"; fi
    if [ "${#OUTPUTS[@]}" -gt 0 ]; then
        log "Deleting ${#OUTPUTS[@]} output folders..."
        rm -rf -- "${OUTPUTS[@]}"
    fi
}
trap cleanup EXIT

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# need_gnu_time: installs Debian's `time` when /usr/bin/time is missing
need_gnu_time() {
    if [ ! -x "$TIME" ]; then
        log "Installing GNU time (/usr/bin/time is missing)..."
        command -v apt-get >/dev/null || die "/usr/bin/time is missing and apt-get is not available"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get install -y -q time >&2 || {
            as_root apt-get update -q >&2
            as_root apt-get install -y -q time >&2
        }
        [ -x "$TIME" ] || die "installing the Debian package 'time' did not provide $TIME"
    fi
}

# median of the numbers given as arguments
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) { print "n/a"; exit }
              if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ensure_site N: prints the site root, generating it if missing or stale
ensure_site() {
    local n=$1 site="$WORK/sites/$1"
    if [ ! -f "$site/.complete" ] || [ "$GEN" -nt "$site/.complete" ]; then
        log "Generating a site of $n runbooks in $site..."
        local tmp="$WORK/sites/.gen-$n-$$"
        rm -rf -- "$tmp"
        python3 "$GEN" "$tmp" --runbooks "$n" --seed "$SEED" >"$TMP/gen.log"
        cat "$TMP/gen.log" >&2
        mv "$TMP/gen.log" "$tmp/gen.log"
        touch "$tmp/.complete"
        rm -rf -- "$site"
        mv -- "$tmp" "$site"
    fi
    printf '%s\n' "$site"
}
