#!/usr/bin/env bash
# Install step of the gclint action: puts a gclint binary on the job's PATH.
#
# Inputs (mapped explicitly by action.yml, since composite actions set no INPUT_* of their own):
#   INPUT_VERSION   ""        the version in the action's own Cargo.toml (the release that matches
#                             the action's code; `latest` when that release does not exist)
#                   "latest"  the newest release
#                   "0.1.0"   that release ("v0.1.0" is accepted too)
#                   "source"  `cargo install --locked --path` of the action's own checkout
# Environment the runner sets: RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH, GITHUB_PATH, GITHUB_OUTPUT,
# GITHUB_ACTION_PATH. Overridable for mirrors and for the local test:
#   GCLINT_RELEASE_URL  base of the download URLs (<base>/v<version>/<archive>)
#   GCLINT_LATEST_URL   a URL that redirects to <...>/tag/v<version> (GitHub's releases/latest)
#
# Outputs: path (the binary), version, source (path|release|cargo).
#
# Written for bash 3.2 (macOS) and Git Bash (Windows) as well as Linux.
set -euo pipefail

release_url="${GCLINT_RELEASE_URL:-https://github.com/gclint/gclint/releases/download}"
latest_url="${GCLINT_LATEST_URL:-https://github.com/gclint/gclint/releases/latest}"
release_url="${release_url%/}"

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fail() { fail_with "gclint install" 1 "$@"; }

: "${RUNNER_TEMP:?RUNNER_TEMP is not set}"

# A version goes into a URL and a directory name, so only the characters of a semantic version
# are allowed (no `/`, `..`, `?` or spaces from a hostile input).
valid_version() {
  printf '%s' "$1" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$'
}

# The version the action's own checkout was released as: its Cargo.toml's [package] version.
# Reading the file, not github.action_ref, because the ref is empty inside composite actions
# (actions/runner#2473) and is a commit SHA when the action is pinned to one.
own_version() {
  local toml="${GITHUB_ACTION_PATH:-}/Cargo.toml"
  [ -n "${GITHUB_ACTION_PATH:-}" ] && [ -f "$toml" ] || return 0
  # CRs are dropped first: a Windows checkout may have CRLF line ends.
  awk '
    { sub(/\r$/, "") }
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version[ \t]*=/ {
      v = $0; sub(/^version[ \t]*=[ \t]*"/, "", v); sub(/".*$/, "", v); print v; exit
    }' "$toml"
}

# GitHub answers releases/latest with a redirect to releases/tag/v<version>: follow it and read
# the tag off the final URL (no API call, so no rate limit and no token).
resolve_latest() {
  local final tag
  final="$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$latest_url")" ||
    fail "could not resolve the latest release from $latest_url"
  case "$final" in
    */tag/*) tag="${final##*/tag/}" ;;
    *) fail "$latest_url did not lead to a release tag (ended at $final)" ;;
  esac
  tag="${tag%%[/?#]*}"
  tag="${tag#v}"
  valid_version "$tag" || fail "the latest release's tag is not a version: $tag"
  printf '%s\n' "$tag"
}

# The Rust target triple of the release archive for this runner.
target_triple() {
  local os="${RUNNER_OS:-}" arch="${RUNNER_ARCH:-}"
  if [ -z "$os" ]; then
    case "$(uname -s)" in
      Linux) os=Linux ;; Darwin) os=macOS ;; MINGW* | MSYS* | CYGWIN*) os=Windows ;; *) os="$(uname -s)" ;;
    esac
  fi
  if [ -z "$arch" ]; then
    case "$(uname -m)" in
      x86_64 | amd64) arch=X64 ;; aarch64 | arm64) arch=ARM64 ;; *) arch="$(uname -m)" ;;
    esac
  fi
  case "$os/$arch" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) fail "no gclint release for $os/$arch; use version: source (needs a Rust toolchain)" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | awk '{print $NF}'
  else
    fail "no sha256sum, shasum or openssl to verify the download with"
  fi
}

# The binary of the installed gclint, if it is exactly the wanted version.
on_path_with_version() {
  local found
  found="$(command -v gclint 2>/dev/null)" || return 1
  [ "$("$found" --version 2>/dev/null || true)" = "gclint $1" ] || return 1
  printf '%s\n' "$found"
}

finish() {
  # $1 binary, $2 version, $3 how it was found
  local bin="$1" dir
  dir="$(dirname "$bin")"
  "$bin" --version >/dev/null 2>&1 || fail "the installed gclint does not run: $bin"
  if [ "$3" != path ]; then
    # The runner reads GITHUB_PATH as a native path; on Windows, Git Bash paths (/d/a/...) need
    # converting, RUNNER_TEMP-based ones (D:\a\_temp/...) are already fine.
    if command -v cygpath >/dev/null 2>&1; then dir="$(cygpath -w "$dir")"; fi
    printf '%s\n' "$dir" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
  fi
  set_output path "$bin"
  set_output version "$2"
  set_output source "$3"
  echo "gclint $2 ($3): $bin"
}

install_from_source() {
  [ -n "${GITHUB_ACTION_PATH:-}" ] && [ -f "$GITHUB_ACTION_PATH/Cargo.toml" ] ||
    fail "version: source needs the action's own checkout (GITHUB_ACTION_PATH) with its Cargo.toml"
  command -v cargo >/dev/null 2>&1 ||
    fail "version: source needs cargo on PATH (e.g. a dtolnay/rust-toolchain step before this one)"
  local root="$RUNNER_TEMP/gclint-source" exe=gclint
  case "$target" in *windows*) exe=gclint.exe ;; esac
  # --locked: the exact dependency versions of the action's Cargo.lock.
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$root" ||
    fail "cargo install of gclint from $GITHUB_ACTION_PATH failed"
  [ -x "$root/bin/$exe" ] || fail "cargo install did not produce $root/bin/$exe"
  finish "$root/bin/$exe" "$(own_version)" cargo
}

# Downloads release $1's archive and checksum into $dest. Returns 1 when the archive cannot be
# had (missing or unreachable), so that a defaulted version can fall back to the latest. Called in
# an `if`, where set -e does not hold, so every command checks its own status.
fetch_archive() {
  version="$1"
  case "$target" in
    *windows*) archive="gclint-$version-$target.zip" ;;
    *) archive="gclint-$version-$target.tar.gz" ;;
  esac
  url="$release_url/v$version/$archive"
  dest="$RUNNER_TEMP/gclint-$version-$target"
  if ! { rm -rf "$dest" && mkdir -p "$dest"; }; then fail "cannot create $dest"; fi
  echo "Downloading $url"
  curl -fsSL --retry 3 -o "$dest/$archive" "$url" || return 1
  curl -fsSL --retry 3 -o "$dest/$archive.sha256" "$url.sha256" ||
    fail "could not download the checksum $url.sha256"
}

# Checks the downloaded archive against its .sha256 and unpacks it; fails the step on a mismatch.
verify_and_unpack() {
  local expected actual bin
  # The .sha256 file is `<hex>  <name>` (sha256sum's layout) or the bare hex digest.
  expected="$(awk 'NR == 1 {print tolower($1)}' "$dest/$archive.sha256")"
  printf '%s' "$expected" | grep -Eq '^[0-9a-f]{64}$' ||
    fail "$url.sha256 does not hold a SHA-256 digest"
  actual="$(sha256_of "$dest/$archive")"
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: expected $expected, got $actual. The download is corrupt or was tampered with; not installing it."
  fi
  mkdir -p "$dest/unpacked"
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q -o "$dest/$archive" -d "$dest/unpacked"
      elif command -v 7z >/dev/null 2>&1; then
        7z x -y -o"$dest/unpacked" "$dest/$archive" >/dev/null
      else
        fail "no unzip or 7z to unpack $archive"
      fi
      ;;
    *) tar -xzf "$dest/$archive" -C "$dest/unpacked" ;;
  esac
  # The binary sits at the top of the archive or in its one top-level directory.
  bin="$(find "$dest/unpacked" -maxdepth 2 -type f \( -name gclint -o -name gclint.exe \) | head -n 1)"
  [ -n "$bin" ] || fail "$archive holds no gclint binary"
  chmod +x "$bin"
  finish "$bin" "$version" release
}

requested="${INPUT_VERSION:-}"
requested="${requested#"${requested%%[![:space:]]*}"}"
requested="${requested%"${requested##*[![:space:]]}"}"
defaulted=false
target="$(target_triple)"
case "$requested" in
  source)
    install_from_source
    exit 0
    ;;
  latest) version="$(resolve_latest)" ;;
  "")
    defaulted=true
    version="$(own_version)"
    if [ -z "$version" ]; then version="$(resolve_latest)"; fi
    ;;
  *)
    version="${requested#v}"
    valid_version "$version" || fail "version must be a release like 0.1.0, latest or source (got: $requested)"
    ;;
esac
valid_version "$version" || fail "not a release version: $version"

if found="$(on_path_with_version "$version")"; then
  finish "$found" "$version" path
  exit 0
fi

if ! fetch_archive "$version"; then
  wanted="$version"
  [ "$defaulted" = true ] ||
    fail "could not download gclint $wanted for $target from $url (is $wanted a release?)"
  # The action's checkout may be ahead of its last release (a branch, not a tag).
  latest="$(resolve_latest)"
  [ "$latest" != "$wanted" ] || fail "could not download gclint $wanted for $target from $url"
  printf '::warning title=gclint install::no release %s (the action'"'"'s own version); installing the latest, %s\n' "$wanted" "$latest"
  fetch_archive "$latest" || fail "could not download gclint $latest for $target from $url"
fi
verify_and_unpack
