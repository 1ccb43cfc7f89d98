#!/usr/bin/env bash
# What the OS resolver returns after `fshosts apply` and after `fshosts revert`, on the system
# hosts path (no --hosts-file). Runs in a private mount + network namespace with a temporary
# file bind-mounted over /etc/hosts, so this machine's real /etc/hosts is never touched and
# no lookup leaves the namespace. Usage: resolve_in_namespace.sh /path/to/fshosts
set -euo pipefail

fshosts=${1:?usage: $0 FSHOSTS_BINARY}
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"

if [[ ${FSHOSTS_IN_NAMESPACE:-} != 1 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIPPED: needs root for a private mount namespace (unshare -m)"
        exit 77
    fi
    fshosts_require_tools unshare mount getent setpriv sha256sum cmp
    real_before=$(sha256sum /etc/hosts)
    status=0
    FSHOSTS_IN_NAMESPACE=1 unshare --mount --net --propagation private -- "$0" "$@" || status=$?
    real_after=$(sha256sum /etc/hosts)
    if [[ $real_before != "$real_after" ]]; then
        echo "FAIL: the machine's real /etc/hosts changed" >&2
        exit 1
    fi
    exit "$status"
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
check_resolves() {  # name expected-address
    local got
    got=$(getent hosts "$1" | awk '{print $1; exit}') || true
    [[ $got == "$2" ]] || fail "getent hosts $1 returned '${got}', expected '$2'"
    echo "ok: $1 -> $2"
}
check_not_resolves() {  # name
    if out=$(getent hosts "$1"); then
        fail "getent hosts $1 still returns: $out"
    fi
    echo "ok: $1 does not resolve"
}

ip link set lo up 2>/dev/null || true
work=$(mktemp -d)
trap 'umount /var/lib 2>/dev/null || true; umount /etc/hosts 2>/dev/null || true; rm -rf "$work"' EXIT
printf '127.0.0.1\tlocalhost\r\n::1\tlocalhost ip6-localhost\r\n# 開発用\r\n10.0.0.5 intranet.local' > "$work/hosts"
mount --bind "$work/hosts" /etc/hosts
# fshosts keeps backups, its lock and the audit log for the system hosts file in
# /var/lib/fshosts: give this namespace its own empty /var/lib.
mount -t tmpfs -o mode=0755 tmpfs /var/lib
cp /etc/hosts "$work/original"

check_not_resolves www.example.jp

out=$("$fshosts" apply --json --ip 127.0.0.1 https://www.example.jp/ --with-twin)
# /etc/hosts is a bind mount here, as in Docker: rename onto it fails with EBUSY, so the
# writer must have used its journaled in-place fallback.
[[ $out == *'"written_in_place": true'* ]] || fail "apply did not report the in-place write: $out"
[[ $(stat -c %a /var/lib/fshosts/backups) == 700 ]] || fail "the backup directory is not root-only"
# The backup store names each content by its SHA-256: the original must be there, byte for byte.
backup=/var/lib/fshosts/backups/sha256-$(sha256sum "$work/original" | cut -d' ' -f1)
cmp -s "$backup" "$work/original" || fail "no backup of the original was taken: $(ls /var/lib/fshosts/backups)"
check_resolves www.example.jp 127.0.0.1
check_resolves example.jp 127.0.0.1
check_resolves intranet.local 10.0.0.5

"$fshosts" apply --ip 2001:db8::10 www.example.jp
getent ahosts www.example.jp | grep -q '^2001:db8::10 ' || fail "www.example.jp does not resolve to 2001:db8::10"
echo "ok: www.example.jp -> 2001:db8::10 after an update"

"$fshosts" revert
check_not_resolves www.example.jp
check_not_resolves example.jp
cmp "$work/original" /etc/hosts || fail "/etc/hosts is not byte-identical after revert"
echo "ok: /etc/hosts byte-identical after revert"

# Without rights the CLI refuses, says how to elevate, and changes nothing. uid 65534 runs a copy
# of the build's programs: it may not reach the build tree itself (a checkout in a 0700 directory).
staged=$("$(dirname "$0")/../support/stage-for-other-user" "$(dirname "$(dirname "$fshosts")")")
# shellcheck disable=SC2064  # expand $staged now
trap "rm -rf '$staged'" EXIT
set +e
err=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- "$staged/bin/fshosts" apply --ip 127.0.0.1 www.example.jp 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc -eq 4 ]] || fail "unprivileged apply exited $rc, expected 4: $err"
[[ $err == *"sudo "*"apply --ip 127.0.0.1 www.example.jp"* ]] || fail "no sudo hint in: $err"
cmp "$work/original" /etc/hosts || fail "/etc/hosts changed after a refused apply"
echo "ok: unprivileged apply refused with exit 4 and a sudo hint"
