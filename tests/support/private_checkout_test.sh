#!/usr/bin/env bash
# The tests that run programs as another user (uid 65534) work wherever the checkout lives, also
# inside a private directory such as /root or a 0700 home directory (Debian 12's default).
#
# In a private mount namespace the build tree is bind-mounted below a new 0700 directory, and
# those tests run from there: the test binaries find the programs from their own location, so
# they test the tree under the private directory, which uid 65534 cannot traverse. First it
# proves that uid 65534 really cannot reach it; then every case must pass (none may skip).
#
#   tests/support/private_checkout_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
src=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
# shellcheck source=tools.sh
source "$src/tests/support/tools.sh"

if [[ ${FSHOSTS_PRIVATE_INSIDE:-} != 1 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIPPED: needs root (a private mount namespace and another user)"
        exit 77
    fi
    fshosts_require_tools unshare mount setpriv
    tmp=$(mktemp -d /tmp/fshosts-private.XXXXXX)
    status=0
    FSHOSTS_PRIVATE_INSIDE=1 FSHOSTS_PRIVATE_TMP=$tmp unshare --mount --propagation private -- "$0" "$@" || status=$?
    rm -rf "$tmp"
    exit "$status"
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
private=$FSHOSTS_PRIVATE_TMP/home
mkdir -m 0700 "$private"
mkdir "$private/build"
mount --bind "$build" "$private/build"
tree=$private/build

if setpriv --reuid=65534 --regid=65534 --clear-groups -- test -x "$tree/bin/fshosts"; then
    fail "uid 65534 can reach $tree/bin/fshosts: the set-up does not make the tree private"
fi
echo "ok: uid 65534 cannot reach $tree"

run_case() {  # binary "test case name"
    local out status=0
    out=$("$tree/tests/$1" "$2" 2>&1) || status=$?
    if [[ $status -ne 0 ]]; then
        echo "$out" >&2
        fail "$1 \"$2\" failed from a private checkout (exit $status)"
    fi
    if grep -q "FSHOSTS-SKIPPED" <<<"$out"; then
        echo "$out" >&2
        fail "$1 \"$2\" skipped"
    fi
    grep -qE "All tests passed \(([1-9][0-9]*) assertions? in 1 test case\)" <<<"$out" ||
        { echo "$out" >&2; fail "$1 \"$2\" did not run exactly one test case"; }
    echo "ok: $1 \"$2\""
}

run_case test_helper "not root*"
run_case test_cli "no write permission is exit 4 and changes nothing"
run_case test_filesystems "a user without write permission gets exit 4 and the file stays as it was"
run_case test_macos_platform "macOS elevation: the prompt*"
"$src/tests/integration/resolve_in_namespace.sh" "$tree/bin/fshosts" >"$FSHOSTS_PRIVATE_TMP/resolve.log" 2>&1 ||
    { cat "$FSHOSTS_PRIVATE_TMP/resolve.log" >&2; fail "resolve_in_namespace.sh failed from a private checkout"; }
echo "ok: resolve_in_namespace.sh (apply as uid 65534 refused with exit 4)"
