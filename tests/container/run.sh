#!/usr/bin/env bash
# The Linux x86_64 musl binary and the container image, here (issue 20, must-holds 3 and 4).
#
# Builds the release binary for x86_64-unknown-linux-musl as .github/workflows/release.yml
# does, checks that it is static and builds a site, and prints its size; then builds the
# Dockerfile's runtime stage around it with podman and runs the image on a small site as
# its non-root user. The Dockerfile's builder stage (FROM rust:…) cannot run here: no
# container registry can be reached, only package registries, so `--build-context build=`
# stands in the binary built above for that stage's /out. Installs what it needs
# (rustup's musl target, Debian's musl-tools, podman and runc).
set -euo pipefail
cd "$(dirname "$0")/../.."
target=x86_64-unknown-linux-musl

if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
if ! command -v musl-gcc >/dev/null; then
  apt-get update -qq && apt-get install -y -qq musl-tools >/dev/null
fi

echo "== cargo build --release --locked --target $target"
start=$(date +%s)
CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --target "$target"
echo "built in $(( $(date +%s) - start )) s"
bin="target/$target/release/pipebook"
file "$bin"
file "$bin" | grep -Eq 'statically linked|static-pie linked' || { echo "error: $bin is not static" >&2; exit 1; }
echo "size: $(stat -c %s "$bin") bytes, $(gzip -9 -c "$bin" | wc -c) gzipped"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
site="$work/site"
mkdir -p "$site/content/runbooks"
printf 'title: Ops\n' >"$site/content/site.yaml"
printf '# Disk full\n\n## Steps\n\n1. Run df -h.\n' >"$site/content/runbooks/disk-full.md"
"$bin" --version
"$bin" build --root "$site"
grep -q 'Disk full' "$site/public/runbooks/disk-full/index.html"
rm -rf "$site/public"

echo "== the container image (podman)"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  apt-get update -qq && apt-get install -y -qq podman runc >/dev/null
fi
# This sandbox refuses setrlimit (podman's default ulimits) and has hybrid cgroups that crun
# will not use: no default ulimits, runc, cgroupfs.
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
podman=(podman --runtime runc --cgroup-manager cgroupfs)
image=localhost/pipebook-test:ci
mkdir -p "$work/ctx/out"
cp "$bin" "$work/ctx/out/pipebook"
"${podman[@]}" build --quiet --build-context "build=$work/ctx" -t "$image" . >/dev/null
trap '"${podman[@]}" rmi -f "$image" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
echo "image size: $("${podman[@]}" image ls "$image" --format '{{.Size}}')"
config="$("${podman[@]}" inspect "$image" --format '{{.Config.User}} {{.Config.WorkingDir}} {{.Config.Entrypoint}} {{.Config.Cmd}}')"
echo "user, workdir, entrypoint, cmd: $config"
[ "$config" = "65532:65532 /site [/usr/local/bin/pipebook] [build]" ] || { echo "error: unexpected image config" >&2; exit 1; }
[ "$("${podman[@]}" run --rm "$image" --version)" = "$("$bin" --version)" ]
chown -R 65532:65532 "$site"
"${podman[@]}" run --rm -v "$site:/site" "$image"
grep -q 'Disk full' "$site/public/runbooks/disk-full/index.html"
owner="$(stat -c %u "$site/public/index.html")"
[ "$owner" = 65532 ] || { echo "error: the site was written by uid $owner, not 65532" >&2; exit 1; }
# A content error is status 1 from the container too.
printf 'title: [\n' >"$site/content/site.yaml"
status=0
"${podman[@]}" run --rm -v "$site:/site" "$image" check 2>/dev/null || status=$?
[ "$status" = 1 ] || { echo "error: check on a broken site.yaml gave status $status, not 1" >&2; exit 1; }
echo "container: ok"
