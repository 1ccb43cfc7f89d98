#!/usr/bin/env bash
# Runs INSIDE the clean Debian root of package_test.sh, after `apt-get install ./fshosts_*.deb`:
# the installed package used as a user would, through the e2e harness (tests/e2e/lib.sh) in a
# private mount + network namespace: the system bus and polkitd running, `pkaction` knows our
# action with the packaged defaults, and an allowed user's preview goes through the installed
# /usr/bin/fshosts, pkexec and /usr/libexec/fshosts/fshosts-helper to /etc/hosts and back.
# Usage: installed_preview.sh      (root; lib.sh beside tests/e2e/)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../e2e/lib.sh
source "$here/../e2e/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_INSTALLED_PREFIX=/usr
# shellcheck disable=SC2034
E2E_TOOLS=("${E2E_POLKIT_TOOLS[@]}" pkaction)
e2e_enter_namespace "$(readlink -f "$0")" /nonexistent "${E2E_SHADOWED[@]}"

# --- inside the namespace ------------------------------------------------------------------------
action=jp.fshosts.modify-hosts
e2e_setup_namespace
e2e_check_installed_policy
e2e_add_test_users
e2e_start_polkit

out=$(pkaction --action-id "$action" --verbose) || e2e_fail "pkaction --action-id $action failed: $out"
echo "$out"
grep -q "^$action:" <<<"$out" || e2e_fail "pkaction does not list $action"
grep -qE 'implicit active: +auth_admin$' <<<"$out" || e2e_fail "pkaction: the active default is not auth_admin"
grep -qF "org.freedesktop.policykit.exec.path -> /usr/libexec/fshosts/fshosts-helper" <<<"$out" ||
    e2e_fail "pkaction: exec.path is not /usr/libexec/fshosts/fshosts-helper"
e2e_ok "pkaction (polkitd running) knows $action: auth_admin, exec.path the installed helper"

as_ok_user() {
    setpriv --reuid="$E2E_OK_UID" --regid="$E2E_OK_UID" --clear-groups -- \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 /usr/bin/fshosts "$@" </dev/null
}
as_ok_user apply --ip 127.0.0.1 www.example.jp || e2e_fail "$E2E_OK_USER: installed fshosts apply exited $?"
e2e_resolves www.example.jp 127.0.0.1
grep -q "pkexec_uid=$E2E_OK_UID" /var/lib/fshosts/audit.log ||
    e2e_fail "the audit log does not show the change went through pkexec for $E2E_OK_USER"
e2e_ok "the preview went through the installed CLI, pkexec and helper"
as_ok_user revert || e2e_fail "$E2E_OK_USER: installed fshosts revert exited $?"
e2e_not_resolves www.example.jp
e2e_same_bytes "$E2E_ORIGINAL" "after revert through the installed helper"
echo "PASS: the installed package previews and reverts through pkexec and polkit"
