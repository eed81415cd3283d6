#!/bin/sh
# Installs pipebook $PIPEBOOK_VERSION as .pipebook/cache/bin/pipebook, for the build
# commands in netlify.toml and the GitHub workflow. Written by `pipebook init`; it is
# build code: review a change to it as you would one to netlify.toml.
#
# 1. The release archive for this machine, verified by its SHA-256 sum: PIPEBOOK_SHA256
#    when set (pin it: then a changed archive, or a cache that a pull request's build
#    tampered with, is refused), else the sum published beside the archive. The archive
#    is kept in the cache and verified again on every run, so a build downloads only
#    the sum, not the archive.
# 2. Where there is no release to verify against (no archive for this machine, or the
#    release cannot be reached), `cargo install --locked` from the tag v$PIPEBOOK_VERSION;
#    the compiled binary stays in the cache, so only the first build compiles.
#
# A sum that does not match is an error (status 1), never a reason to compile instead.
set -eu

version="${PIPEBOOK_VERSION:?set PIPEBOOK_VERSION to the pipebook release to install, such as 0.1.0}"
repository="${PIPEBOOK_REPOSITORY:-@REPOSITORY@}"
releases="${PIPEBOOK_RELEASES:-$repository/releases/download}"
cache="${PIPEBOOK_CACHE:-.pipebook/cache}"
pin="${PIPEBOOK_SHA256:-}"
bin="$cache/bin/pipebook"

say() { printf 'pipebook install: %s\n' "$*" >&2; }
fail() {
  say "error: $*"
  exit 1
}

mkdir -p "$cache/bin"
# The cache is never committed.
[ -f "$cache/.gitignore" ] || printf '*\n' >"$cache/.gitignore"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Only https (and file:, for a mirror on disk) and no downgrade on a redirect.
fetch() { curl --proto '=https,file' --proto-redir '=https' -fsSL --retry 3 -o "$2" "$1"; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Puts a binary in place if it runs and is the wanted version.
install_binary() {
  got="$("$1" --version 2>/dev/null || true)"
  [ "$got" = "pipebook $version" ] || fail "$2 gives \`${got:-nothing}\` for --version, not \`pipebook $version\`"
  cp "$1" "$tmp/pipebook.new"
  chmod 755 "$tmp/pipebook.new"
  mv -f "$tmp/pipebook.new" "$bin"
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64 | Linux-amd64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) target= ;;
esac

if [ -n "$target" ]; then
  archive="pipebook-$target.tar.gz"
  url="$releases/v$version/$archive"
  expected="$pin"
  if [ -z "$expected" ] && fetch "$releases/v$version/pipebook-$target.sha256" "$tmp/sums" 2>/dev/null; then
    expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/sums")"
    [ -n "$expected" ] || fail "$releases/v$version/pipebook-$target.sha256 has no line for $archive"
  fi
  if [ -n "$expected" ]; then
    expected="$(printf '%s' "$expected" | tr 'A-F' 'a-f')"
    from=cache
    if [ ! -f "$cache/$archive" ] || [ "$(cat "$cache/version" 2>/dev/null)" != "$version" ] ||
      [ "$(sha256 "$cache/$archive")" != "$expected" ]; then
      from="$url"
      if ! fetch "$url" "$tmp/$archive"; then
        [ -n "$pin" ] || fail "cannot download $url"
        say "cannot download $url; compiling instead"
        expected=
      fi
    fi
    if [ -n "$expected" ]; then
      if [ "$from" = cache ]; then
        cp "$cache/$archive" "$tmp/archive"
      else
        mv "$tmp/$archive" "$tmp/archive"
      fi
      actual="$(sha256 "$tmp/archive")"
      [ "$actual" = "$expected" ] || fail "SHA-256 of $from is $actual, expected $expected${pin:+ (PIPEBOOK_SHA256)}; nothing was installed"
      mkdir "$tmp/x"
      tar -xzf "$tmp/archive" -C "$tmp/x"
      [ -f "$tmp/x/pipebook" ] || fail "$archive holds no pipebook"
      install_binary "$tmp/x/pipebook" "the binary in $archive"
      if [ "$from" != cache ]; then
        mv -f "$tmp/archive" "$cache/$archive"
        printf '%s\n' "$version" >"$cache/version"
      fi
      say "pipebook $version for $target, SHA-256 $actual verified (${pin:+pinned}${pin:-published sum}), from $from"
      exit 0
    fi
  fi
  say "no release v$version of pipebook for $target at $releases; compiling it"
else
  say "no release build for $(uname -s) $(uname -m); compiling pipebook"
fi

if [ -x "$bin" ] && [ "$(cat "$cache/version" 2>/dev/null)" = "$version (cargo)" ] &&
  [ "$("$bin" --version 2>/dev/null || true)" = "pipebook $version" ]; then
  say "pipebook $version, compiled by an earlier build, from the cache"
  exit 0
fi
command -v cargo >/dev/null 2>&1 || fail "cargo is needed to compile pipebook $version (https://rustup.rs)"
cargo install --locked --git "$repository" --tag "v$version" --root "$tmp/root" pipebook ||
  fail "cargo install of pipebook $version from $repository failed"
install_binary "$tmp/root/bin/pipebook" "the pipebook compiled from v$version"
printf '%s (cargo)\n' "$version" >"$cache/version"
rm -f "$cache"/pipebook-*.tar.gz
say "pipebook $version compiled from $repository (tag v$version); kept in $cache for the next build"
