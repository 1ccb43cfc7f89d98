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

polkitd=/usr/lib/polkit-1/polkitd
# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=(dbus-daemon dbus-send pkexec "$polkitd" locale)
shadowed=(/etc/passwd /etc/group /etc/shadow)
[[ -e /etc/gshadow ]] && shadowed+=(/etc/gshadow)
e2e_enter_namespace "$(readlink -f "$0")" "$build" "${shadowed[@]}"

# --- inside the namespace ------------------------------------------------------------------------
fshosts=$E2E_PREFIX/bin/fshosts
helper=$E2E_PREFIX/libexec/fshosts/fshosts-helper
policy=$E2E_PREFIX/share/polkit-1/actions/jp.fshosts.modify-hosts.policy
ok_user=fshostsok ok_uid=61001
no_user=fshostsno no_uid=61002
unset DBUS_SYSTEM_BUS_ADDRESS
e2e_setup_namespace

locale -a 2>/dev/null | grep -qix 'ja_JP.utf8' ||
    e2e_fail "the ja_JP.UTF-8 locale is not generated (run scripts/install-deps)"

# The installed policy names the installed helper: pkexec only maps this exact path to our action.
[[ -f $policy ]] || e2e_fail "cmake --install did not install $policy"
grep -q "<annotate key=\"org.freedesktop.policykit.exec.path\">$helper</annotate>" "$policy" ||
    e2e_fail "the installed policy's exec.path is not $helper: $(grep -n exec.path "$policy")"
e2e_ok "the installed polkit action's exec.path is the installed helper"

# --- two users, only in this namespace ---------------------------------------------------------
for id in "$ok_uid" "$no_uid"; do
    ! getent passwd "$id" >/dev/null || e2e_fail "uid $id already exists on this machine: $(getent passwd "$id")"
    ! getent group "$id" >/dev/null || e2e_fail "gid $id already exists on this machine: $(getent group "$id")"
done
for name in "$ok_user" "$no_user"; do
    ! getent passwd "$name" >/dev/null || e2e_fail "user $name already exists on this machine"
done
mkdir -p "$E2E_TMP/etc"
for f in "${shadowed[@]}"; do
    cp -p "$f" "$E2E_TMP/etc/${f##*/}"
done
for pair in "$ok_user:$ok_uid" "$no_user:$no_uid"; do
    name=${pair%:*} id=${pair#*:}
    echo "$name:x:$id:$id:fshosts e2e test user:/nonexistent:/usr/sbin/nologin" >>"$E2E_TMP/etc/passwd"
    echo "$name:x:$id:" >>"$E2E_TMP/etc/group"
    echo "$name:!:19000:0:99999:7:::" >>"$E2E_TMP/etc/shadow"
    [[ -e /etc/gshadow ]] && echo "$name:!::" >>"$E2E_TMP/etc/gshadow"
done
for f in "${shadowed[@]}"; do
    e2e_mount --bind "$E2E_TMP/etc/${f##*/}" "$f"
done
[[ $(getent passwd "$ok_uid" | cut -d: -f1) == "$ok_user" ]] || e2e_fail "the namespace's /etc/passwd does not list $ok_user"

# --- polkit configuration: one rule, the existing actions plus ours -------------------------------
mkdir -p "$E2E_TMP/rules.d" "$E2E_TMP/actions"
cat >"$E2E_TMP/rules.d/50-fshosts-e2e.rules" <<EOF
// fshosts e2e test: $ok_user may change the hosts file without a password; nobody else is
// allowed without authenticating (and there is no authentication agent in the test).
polkit.addRule(function(action, subject) {
    if (action.id == "jp.fshosts.modify-hosts" && subject.user == "$ok_user")
        return polkit.Result.YES;
});
EOF
cp -a /usr/share/polkit-1/actions/. "$E2E_TMP/actions/"
cp "$policy" "$E2E_TMP/actions/"
chmod 0755 "$E2E_TMP/rules.d" "$E2E_TMP/actions"
chmod 0644 "$E2E_TMP/rules.d"/* "$E2E_TMP/actions"/*
[[ -d /etc/polkit-1/rules.d ]] || e2e_fail "/etc/polkit-1/rules.d does not exist (is polkitd installed?)"
e2e_mount --bind "$E2E_TMP/rules.d" /etc/polkit-1/rules.d
e2e_mount --bind "$E2E_TMP/actions" /usr/share/polkit-1/actions

# --- the system bus and polkitd, as children of this script ---------------------------------------
if [[ ! -d /run/dbus ]]; then
    mkdir -p /run/dbus
    E2E_RMDIRS+=(/run/dbus)
fi
e2e_mount -t tmpfs -o mode=0755 tmpfs /run/dbus

# e2e_wait_for PID NAME LOG COMMAND...: until COMMAND succeeds (10 s at most); SKIPPED when the
# daemon exits or never gets there.
e2e_wait_for() {
    local pid=$1 name=$2 log=$3 i state
    shift 3
    for ((i = 0; i < 100; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        state=$(e2e_proc_state "$pid")
        if [[ -z $state || $state == Z ]]; then
            e2e_skip "$name cannot run here: it exited at start. Its output: $(cat "$log")"
        fi
        sleep 0.1
    done
    e2e_skip "$name cannot run here: not ready after 10 s. Its output: $(cat "$log")"
}
bus_name_has_owner() {
    dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" | grep -q 'boolean true'
}

dbus-daemon --system --nofork --nopidfile >"$E2E_TMP/dbus-daemon.log" 2>&1 &
e2e_started $! dbus-daemon
e2e_wait_for "$!" dbus-daemon "$E2E_TMP/dbus-daemon.log" \
    dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId
"$polkitd" --no-debug >"$E2E_TMP/polkitd.log" 2>&1 &
e2e_started $! polkitd
e2e_wait_for "$!" polkitd "$E2E_TMP/polkitd.log" bus_name_has_owner org.freedesktop.PolicyKit1
e2e_ok "the system bus and polkitd run in the namespace"

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
