#!/usr/bin/env bash
# The fshosts program inside a macOS-style bundle (fshosts.app/Contents/Helpers/fshosts, as
# cmake/macos_bundle.cmake lays it out) reads its catalogs from Contents/Resources/locale: with the
# Japanese catalog there it answers in Japanese, without it in English. Runs the Linux build of
# the CLI: the layout logic (core/installed_layout.cpp) is the same code on macOS. Label macos.
#   tests/macos/bundle_layout.sh FSHOSTS_BINARY LOCALE_BUILD_DIR
set -euo pipefail

fshosts=${1:?usage: $0 FSHOSTS_BINARY LOCALE_BUILD_DIR}
locale_dir=${2:?usage: $0 FSHOSTS_BINARY LOCALE_BUILD_DIR}
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools env cmp

fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
contents="$tmp/fshosts.app/Contents"
mkdir -p "$contents/Helpers" "$contents/Resources"
cp "$fshosts" "$contents/Helpers/fshosts"
printf '127.0.0.1 localhost\n' >"$tmp/hosts"

# A refused name (one label) gives a translated message and exit code 2.
run() {
    local status=0
    env -i PATH=/usr/bin:/bin HOME="$tmp" LANGUAGE=ja LANG=C.UTF-8 \
        "$contents/Helpers/fshosts" --hosts-file "$tmp/hosts" apply --ip 203.0.113.10 localhost >"$tmp/out" 2>&1 || status=$?
    [[ $status -eq 2 ]] || fail "exit code $status, expected 2: $(cat "$tmp/out")"
}

run
grep -qF '。' "$tmp/out" && fail "Japanese without a catalog in the bundle: $(cat "$tmp/out")"
echo "without Contents/Resources/locale: $(head -n 1 "$tmp/out")"

cp -R "$locale_dir" "$contents/Resources/locale"
run
grep -qF '。' "$tmp/out" || fail "no Japanese with the catalog in Contents/Resources/locale: $(cat "$tmp/out")"
echo "with Contents/Resources/locale: $(head -n 1 "$tmp/out")"
cmp -s "$tmp/hosts" <(printf '127.0.0.1 localhost\n') || fail "the hosts file changed"
