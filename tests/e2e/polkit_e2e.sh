#!/usr/bin/env bash
# fshosts run by ordinary users, elevated for real: the CLI (not root) runs fshosts-helper through
# `pkexec --disable-internal-agent` and our polkit action jp.fshosts.modify-hosts, with a real
# system D-Bus and polkitd. One user (fshostsok) is allowed by a polkit rule; the other
# (fshostsno) has no rule and no authentication agent, so pkexec refuses (exit 127) and the CLI
# must say "not authorised" (in English and in Japanese) with exit 4 and change nothing.
#
# Everything is private to a mount + network namespace: the two users exist only in temp copies
# of /etc/passwd, /etc/group, /etc/shadow, /etc/gshadow bind-mounted over the real ones; the polkit
# rule and actions, /run/dbus, /var/lib and /etc/hosts are bind mounts or tmpfs too. The script
# starts dbus-daemon and polkitd in the foreground as its own children and stops and reaps them.
# Usage: polkit_e2e.sh BUILD_DIR     (needs root; exit 77 = skipped)
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=("${E2E_POLKIT_TOOLS[@]}" locale)
e2e_enter_namespace "$(readlink -f "$0")" "$build" "${E2E_SHADOWED[@]}"

# --- inside the namespace ------------------------------------------------------------------------
fshosts=$E2E_PREFIX/bin/fshosts
ok_user=$E2E_OK_USER ok_uid=$E2E_OK_UID
no_user=$E2E_NO_USER no_uid=$E2E_NO_UID
e2e_setup_namespace

locale -a 2>/dev/null | grep -qix 'ja_JP.utf8' ||
    e2e_fail "the ja_JP.UTF-8 locale is not generated (run scripts/install-deps)"

e2e_check_installed_policy
# Two users, only in this namespace; polkit configuration: one rule, the existing actions plus
# ours; the system bus and polkitd, as children of this script.
e2e_add_test_users
e2e_start_polkit

# as_user UID LANG FSHOSTS-ARGS...: runs the installed CLI as that user with a minimal environment,
# as a desktop user would (no agent); sets rc, out, err.
as_user() {
    local uid=$1 lang=$2
    shift 2
    set +e
    setpriv --reuid="$uid" --regid="$uid" --clear-groups -- \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG="$lang" "$fshosts" "$@" \
        </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err"
    rc=$?
    set -e
    out=$(cat "$E2E_TMP/out")
    err=$(cat "$E2E_TMP/err")
    printf '  [%s %s] fshosts %s -> exit %s\n' "$uid" "$lang" "$*" "$rc"
    [[ -z $out ]] || echo "    stdout: ${out//$'\n'/$'\n'    stdout: }"
    [[ -z $err ]] || echo "    stderr: ${err//$'\n'/$'\n'    stderr: }"
}
audit=/var/lib/fshosts/audit.log

# --- allowed user: apply ---------------------------------------------------------------------------
as_user "$ok_uid" C.UTF-8 apply --ip 127.0.0.1 www.example.jp
[[ $rc -eq 0 ]] || e2e_fail "$ok_user: fshosts apply exited $rc, expected 0 (the polkit rule allows $ok_user)"
e2e_ok "$ok_user: apply through pkexec exited 0"
e2e_resolves www.example.jp 127.0.0.1
# Every user's programs must still be able to read the hosts file the root helper wrote.
got=$(setpriv --reuid="$no_uid" --regid="$no_uid" --clear-groups -- getent hosts www.example.jp | awk '{print $1}') || true
[[ $got == 127.0.0.1 ]] || e2e_fail "as $no_user, getent hosts www.example.jp returned '$got' ($(stat -c '%A %U:%G' /etc/hosts))"
e2e_ok "an unprivileged user's lookup of www.example.jp gives 127.0.0.1 ($(stat -c '%a %U:%G' /etc/hosts))"
[[ -f $audit ]] || e2e_fail "no audit log at $audit after apply: $(ls -la /var/lib/fshosts 2>&1)"
grep -E ' op="?(request:)?apply"? ' "$audit" | grep -q "pkexec_uid=$ok_uid" ||
    { cat "$audit" >&2; e2e_fail "the audit log does not name $ok_user (pkexec_uid=$ok_uid) for the apply"; }
e2e_ok "the audit log names the acting user: $(grep -E ' op="?(request:)?apply"? ' "$audit" | grep -o "pkexec_uid=${ok_uid}[^ \"]*" | head -n 1)"

# --- refused user: nothing changes -----------------------------------------------------------------
cp /etc/hosts "$E2E_TMP/hosts.before-refusal"
backups() { find /var/lib/fshosts/backups -printf '%f %s %T@\n' | sort; }
backups >"$E2E_TMP/backups.before-refusal"
as_user "$no_uid" C.UTF-8 apply --ip 127.0.0.2 www.example.jp
[[ $rc -eq 4 ]] || e2e_fail "$no_user: fshosts apply exited $rc, expected 4 (not authorised)"
grep -qiE 'not authori[sz]ed' <<<"$err" || e2e_fail "$no_user: stderr does not say 'not authorised': $err"
e2e_same_bytes "$E2E_TMP/hosts.before-refusal" "after $no_user's refused apply"
backups | cmp -s - "$E2E_TMP/backups.before-refusal" ||
    e2e_fail "$no_user's refused apply changed the backups: $(backups)"
e2e_ok "$no_user: refused with exit 4 and 'not authorised'; nothing changed"

as_user "$no_uid" ja_JP.UTF-8 apply --ip 127.0.0.2 www.example.jp
[[ $rc -eq 4 ]] || e2e_fail "$no_user (ja_JP.UTF-8): fshosts apply exited $rc, expected 4"
# Japanese: hiragana, katakana or kanji (UTF-8 lead bytes E3 81-83 or E4-E9) in the message.
LC_ALL=C grep -qP '\xE3[\x81-\x83]|[\xE4-\xE9][\x80-\xBF]' <<<"$err" ||
    e2e_fail "$no_user (ja_JP.UTF-8): the refusal is not in Japanese: $err"
! grep -qiE 'not authori[sz]ed' <<<"$err" ||
    e2e_fail "$no_user (ja_JP.UTF-8): the refusal still has the English sentence: $err"
e2e_same_bytes "$E2E_TMP/hosts.before-refusal" "after $no_user's refused apply in Japanese"
e2e_ok "$no_user (ja_JP.UTF-8): refused with exit 4, message in Japanese"

# --- allowed user: revert --------------------------------------------------------------------------
as_user "$ok_uid" C.UTF-8 revert
[[ $rc -eq 0 ]] || e2e_fail "$ok_user: fshosts revert exited $rc, expected 0"
e2e_ok "$ok_user: revert through pkexec exited 0"
e2e_not_resolves www.example.jp
e2e_same_bytes "$E2E_ORIGINAL" "to the original after $ok_user's revert"
grep -E ' op="?(request:)?revert"? ' "$audit" | grep -q "pkexec_uid=$ok_uid" ||
    { cat "$audit" >&2; e2e_fail "the audit log does not name $ok_user (pkexec_uid=$ok_uid) for the revert"; }
e2e_ok "the audit log names $ok_user for the revert"
echo "--- $audit"
cat "$audit"

echo "PASS: polkit lets $ok_user apply and revert through pkexec; $no_user is refused (English and Japanese) and nothing changes"
