#!/usr/bin/env bash
# Elevation under Wine, on the *Wine prefix's* system hosts file (C:\windows\system32\drivers\etc\hosts
# inside a throw-away prefix of its own; never this machine's /etc/hosts):
#   - fshosts.exe apply/revert/restore without --hosts-file, with FSHOSTS_ALWAYS_ELEVATE=1: through
#     platform::run_elevated, ShellExecuteExW "runas" of the real fshosts-helper.exe (Wine runs it
#     without a prompt), the request on its command line, the answer through the pipe: bytes on
#     disk, exit codes, the helper's own audit lines (op=request:...) and backups in the prefix's
#     ProgramData\fshosts;
#   - the same without the variable: the direct path (under Wine the file is writable), which
#     writes the file and the writer's audit line but no helper line;
#   - backups of the system hosts file in the user's store (%LOCALAPPDATA%\fshosts, where a user
#     who is not an administrator but may write the file keeps them): `backups` lists them with
#     the helper's, each with its folder; `restore` of one writes its bytes directly, and through
#     the helper is refused (exit 4, the file unchanged) as the helper does not read that store;
#   - fshosts-helper.exe run by hand with requests it must refuse (a bad name, an oversized
#     request, an operation that is not the one on its command line, no request, not base64url):
#     the documented exit code and the file unchanged;
#   - a ProgramData\fshosts that others may write (created by hand, mode 0777) or that another
#     account owns: refused, exit 4, nothing written;
#   - the hosts file moved by the registry (Tcpip DataBasePath set with reg.exe, put back
#     afterwards): `status` on the system hosts file reads the moved file and warns, naming the
#     moved path (text and --json); `status --hosts-file` on that file does not.
#
#   elevation_e2e.sh WINE_RUN WINEPREFIX FSHOSTS_EXE HELPER_EXE
set -euo pipefail
wine_run=$1 wineprefix=$2 exe=$3 helper=$4
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools cmp python3

work=$(mktemp -d /tmp/fshosts-wine-elevation-XXXXXX)
trap 'rm -rf "$work"' EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
expect_rc() {
    [[ $rc == "$1" ]] || fail "$2: exit code $rc, expected $1 (stdout: $out; stderr: $err)"
}
contains() {
    [[ $1 == *"$2"* ]] || fail "$3: output lacks '$2': $1"
}

# run PROGRAM ARG...: runs a Windows program in the prefix; sets out, err and rc.
run() {
    rc=0
    out=$("$wine_run" --wineprefix "$wineprefix" "$@" 2>"$work/err") || rc=$?
    err=$(<"$work/err")
}

# The prefix is created by the first run; the system hosts path is the one fshosts resolves.
run "$exe" status --json
expect_rc 0 "status on the prefix's system hosts file"
contains "$out" 'C:\\windows\\system32\\drivers\\etc\\hosts' "the system hosts path inside the prefix"
hosts=$wineprefix/drive_c/windows/system32/drivers/etc/hosts
state=$wineprefix/drive_c/ProgramData/fshosts
[[ -f $hosts ]] || {
    echo "FAIL: $hosts does not exist" >&2
    exit 1
}
case $(realpath "$hosts") in
"$(realpath "$wineprefix")"/*) ;;
*)
    echo "FAIL: $hosts is not inside the Wine prefix" >&2
    exit 1
    ;;
esac

original=$'# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n#\t127.0.0.1       localhost\r\n\r\n10.0.0.5\tintranet.local   # office\r\n'
printf '%s' "$original" >"$hosts"
cp "$hosts" "$work/original"
rm -rf "$state"

# How many audit lines of the helper (op=request:OP) and of the writer (op=OP) there are.
audit_count() {
    local pattern=$1
    [[ -f $state/audit.log ]] || {
        echo 0
        return
    }
    grep -c -- "$pattern" "$state/audit.log" || true
}

# ---- through the helper (UAC path) -----------------------------------------------------------
export FSHOSTS_ALWAYS_ELEVATE=1
run "$exe" apply --ip 203.0.113.10 --with-twin https://www.example.jp/shop
expect_rc 0 "apply through the helper"
contains "$out" "www.example.jp, example.jp -> 203.0.113.10" "apply through the helper"
expected=$original$'# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n203.0.113.10 www.example.jp\r\n203.0.113.10 example.jp\r\n# <<< fshosts managed block (jp.fshosts.hosts) <<<\r\n'
printf '%s' "$expected" >"$work/expected"
cmp -s "$hosts" "$work/expected" || fail "apply through the helper: not the original plus our CRLF block: $(printf '%q' "$(<"$hosts")")"
[[ $(audit_count ' op=request:apply ') == 1 ]] || fail "the helper's audit log has no request:apply line: $(cat "$state/audit.log" 2>&1)"
grep -q ' user=user=' "$state/audit.log" && fail "the audit log names the user as user=user=..."
backups=$(find "$state/backups" -type f 2>/dev/null | wc -l)
((backups >= 1)) || fail "no backup in the helper's ProgramData\\fshosts\\backups"

run "$exe" backups --json
expect_rc 0 "backups of the system hosts file"
contains "$out" 'ProgramData\\fshosts\\backups' "backups are listed from ProgramData\\fshosts"

run "$exe" revert
expect_rc 0 "revert through the helper"
cmp -s "$hosts" "$work/original" || fail "revert through the helper: not byte-identical to the original"
[[ $(audit_count ' op=request:revert ') == 1 ]] || fail "the helper's audit log has no request:revert line"

run "$exe" revert
expect_rc 0 "second revert"
contains "$out" "Nothing to revert" "second revert (planned here, the helper is not started)"

run "$exe" apply --ip 203.0.113.10 "bad name!.example"
expect_rc 2 "a bad name (refused before any prompt)"
cmp -s "$hosts" "$work/original" || fail "a refused apply changed the file"

# restore through the helper: the backup taken before this apply holds the original.
run "$exe" apply --ip 203.0.113.30 www.restore.example
expect_rc 0 "apply before restore"
run "$exe" backups --json
newest=$(printf '%s' "$out" | python3 -c 'import json,sys; print(max(b["id"] for b in json.load(sys.stdin)["backups"]))')
run "$exe" restore "$newest"
expect_rc 0 "restore through the helper"
cmp -s "$hosts" "$work/original" || fail "restore through the helper: not byte-identical to the original"
[[ $(audit_count ' op=request:restore ') == 1 ]] || fail "the helper's audit log has no request:restore line"

# ---- the direct path: this process may write the file (always so under Wine) ------------------
unset FSHOSTS_ALWAYS_ELEVATE
helper_lines=$(audit_count ' op=request:')
run "$exe" apply --ip 203.0.113.20 www.direct.example
expect_rc 0 "apply without the helper"
contains "$(<"$hosts")" $'203.0.113.20 www.direct.example\r' "apply without the helper"
[[ $(audit_count ' op=request:') == "$helper_lines" ]] || fail "the direct apply started the helper"
[[ $(audit_count ' op=apply ') -ge 2 ]] || fail "the direct apply left no audit line of the writer"
run "$exe" revert
expect_rc 0 "revert without the helper"
cmp -s "$hosts" "$work/original" || fail "revert without the helper: not byte-identical to the original"
[[ $(audit_count ' op=request:') == "$helper_lines" ]] || fail "the direct revert started the helper"

# ---- backups of the system hosts file in the user's store ------------------------------------
# A user who is not an administrator but may write the hosts file changes it without the helper
# and keeps the backups in %LOCALAPPDATA%\fshosts (Target::system_without_helper). Under Wine
# every process is an administrator, so that store is made the way such a change makes one: a
# change of a copy through --hosts-file, whose store folder is then renamed to the system hosts
# file's (files\<first 16 hex digits of the SHA-256 of its path>).
run "$exe" status --json
system_path=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hosts_file"])')
user_copy=$wineprefix/drive_c/fshosts-users-copy
users_content=$original$'10.0.0.77 users-backup.example\r\n'
printf '%s' "$users_content" >"$user_copy"
run "$exe" --hosts-file 'C:\fshosts-users-copy' apply --ip 203.0.113.40 www.user.example
expect_rc 0 "apply on a copy of the hosts file (--hosts-file)"
user_files=$(find "$wineprefix/drive_c/users" -path '*/AppData/Local/fshosts/files' -type d | head -n 1)
[[ -n $user_files ]] || fail "no %LOCALAPPDATA%\\fshosts\\files after a --hosts-file change"
system_key=$(printf '%s' "$system_path" | python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
rm -rf "${user_files:?}/$system_key"
for dir in "$user_files"/*/; do
    [[ -f $dir/backups/index ]] && grep -q 'fshosts-users-copy' "$dir/backups/index" && mv "$dir" "$user_files/$system_key"
done
[[ -d $user_files/$system_key/backups ]] || fail "could not make the user's store of the system hosts file"

run "$exe" backups --json
expect_rc 0 "backups with two stores"
listed=$(printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
users = [b for b in j["backups"] if "\\AppData\\Local\\fshosts\\files\\" in b["backup_dir"]]
helpers = [b for b in j["backups"] if "ProgramData\\fshosts\\backups" in b["backup_dir"]]
ids = [b["id"] for b in j["backups"]]
print(len(users), len(helpers) > 0, ids == sorted(ids), users[0]["id"] if users else "")')
read -r users_count helpers_listed sorted_ids users_id <<<"$listed"
[[ $users_count == 1 && $helpers_listed == True && $sorted_ids == True ]] ||
    fail "backups --json does not list the user's backup beside the helper's, oldest first: $out"
run "$exe" backups
expect_rc 0 "backups (text) with two stores"
contains "$out" "saved by changes made without administrator rights" "backups names the user's store"
contains "$out" "$users_id" "backups lists the user's backup"

printf '%s' "$original" >"$hosts"
export FSHOSTS_ALWAYS_ELEVATE=1
run "$exe" restore "$users_id"
expect_rc 4 "restore of the user's backup through the helper"
contains "$err" "fshosts-helper does not look" "restore of the user's backup through the helper"
cmp -s "$hosts" "$work/original" || fail "a refused restore changed the file"
unset FSHOSTS_ALWAYS_ELEVATE
run "$exe" restore "$users_id"
expect_rc 0 "restore of the user's backup without the helper"
cmp -s "$hosts" <(printf '%s' "$users_content") ||
    fail "restore of the user's backup: the file is not that backup's bytes: $(printf '%q' "$(<"$hosts")")"
rm -rf "${user_files:?}/$system_key" "$user_copy"
printf '%s' "$original" >"$hosts"

# ---- the helper run by hand with requests it must refuse ---------------------------------------
sha=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$hosts")
b64url() { python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(sys.stdin.buffer.read()).decode().rstrip("="))'; }
apply_request() { printf '{"operation":"%s","names":["%s"],"address":"203.0.113.10","expected_hash":"%s"}' "$1" "$2" "$sha"; }

# refused NAME CODE ARG...: the helper exits CODE with {"ok":false} and the file is unchanged.
refused() {
    local name=$1 code=$2
    shift 2
    run "$helper" "$@"
    expect_rc "$code" "$name"
    contains "$out" '"ok":false' "$name"
    cmp -s "$hosts" "$work/original" || fail "$name changed the file"
}
refused "a bad name in the request" 2 apply --request "$(apply_request apply 'bad name!.example' | b64url)"
refused "an operation other than the command line's" 12 revert --request "$(apply_request apply www.example.jp | b64url)"
big=$(python3 -c 'import json; print(json.dumps({"operation":"apply","names":["a"*40]*420,"address":"203.0.113.10"}))')
((${#big} > 16384)) || fail "the oversized request is only ${#big} bytes"
refused "an oversized request (over 16 KiB)" 12 apply --request "$(printf '%s' "$big" | b64url)"
refused "a request that is not base64url" 12 apply --request 'eyJvcGVyYXRpb24iOiJhcHBseSJ9=='
refused "no request" 11 apply
refused "an unknown option" 11 apply --request e30 --hosts-file 'C:\x'
[[ $(audit_count ' op=refused:bad_request ') -ge 3 ]] || fail "the helper's refusals are not in its audit log"

# The helper by hand with a good request: the answer on stdout, the change made.
run "$helper" apply --request "$(apply_request apply www.example.jp | b64url)"
expect_rc 0 "the helper by hand"
contains "$out" '"ok":true' "the helper by hand"
contains "$(<"$hosts")" $'203.0.113.10 www.example.jp\r' "the helper by hand"
printf '%s' "$original" >"$hosts"

# ---- the hosts file moved by the registry (DataBasePath) ----------------------------------------
# Windows reads the hosts file from DataBasePath; Chrome and Firefox only from the usual place,
# so `status` on the system hosts file warns and names the moved path. The value is put back
# (or deleted, when there was none) even when the test fails.
tcpip='HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
run reg query "$tcpip" /v DataBasePath
old_db_path=""
if ((rc == 0)); then
    # "    DataBasePath    REG_EXPAND_SZ    %SystemRoot%\System32\drivers\etc"
    old_db_path=$(tr -d '\r' <<<"$out" | awk '$1 == "DataBasePath" { $1 = ""; print; exit }' | sed 's/^ *//')
    [[ $old_db_path =~ ^REG_(EXPAND_)?SZ\ +(.*)$ ]] || fail "cannot read DataBasePath: $out"
fi
restore_db_path() {
    if [[ -n $old_db_path && $old_db_path =~ ^(REG_(EXPAND_)?SZ)\ +(.*)$ ]]; then
        run reg add "$tcpip" /v DataBasePath /t "${BASH_REMATCH[1]}" /d "${BASH_REMATCH[3]}" /f
    else
        run reg delete "$tcpip" /v DataBasePath /f
    fi
    expect_rc 0 "DataBasePath put back"
}
trap 'restore_db_path; rm -rf "$work"' EXIT
moved_dir=$wineprefix/drive_c/fshosts-moved-etc
mkdir -p "$moved_dir"
printf '127.0.0.1 localhost\r\n10.0.0.9 moved.example\r\n' >"$moved_dir/hosts"
run reg add "$tcpip" /v DataBasePath /t REG_SZ /d 'C:\fshosts-moved-etc' /f
expect_rc 0 "reg add DataBasePath"
run "$exe" status
expect_rc 0 "status with a moved hosts file"
contains "$out" 'Hosts file: C:\fshosts-moved-etc\hosts' "status reads the moved file"
moved_warning=$(grep -m1 '^Warning: ' <<<"$out" || true)
contains "$moved_warning" 'C:\fshosts-moved-etc\hosts' "status warns about the moved hosts file, naming it"
contains "$moved_warning" 'Chrome and Firefox' "status says who reads only the usual place"
run "$exe" status --json
expect_rc 0 "status --json with a moved hosts file"
moved_json=$(printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["hosts_file"]); print(sum("C:\\fshosts-moved-etc\\hosts" in w for w in j["warnings"]))')
[[ $moved_json == $'C:\\fshosts-moved-etc\\hosts\n1' ]] || fail "status --json with a moved hosts file: $out"
run "$exe" --hosts-file 'C:\fshosts-moved-etc\hosts' status --json
expect_rc 0 "status --hosts-file on the moved file"
contains "$out" '"warnings": []' "no moved-path warning for a --hosts-file target"
restore_db_path
trap 'rm -rf "$work"' EXIT
run "$exe" status
contains "$out" 'Hosts file: C:\windows\system32\drivers\etc\hosts' "DataBasePath put back: status reads the usual place"
[[ $out != *fshosts-moved-etc* ]] || fail "DataBasePath put back: status still names the moved file: $out"
rm -rf "$moved_dir"

# ---- a state directory that others may write, or that somebody else owns ------------------------
# Wine has no security descriptors of its own on these files: it derives owner and DACL from the
# Linux owner and mode, so a directory made here with mode 0777, or owned by another uid, is what
# the helper's ACL check sees (GetNamedSecurityInfoW).
export FSHOSTS_ALWAYS_ELEVATE=1
untrusted() {
    local name=$1 problem=$2
    run "$exe" apply --ip 203.0.113.10 www.example.jp
    expect_rc 4 "$name"
    contains "$err" 'C:\ProgramData\fshosts '"$problem" "$name: the refusal names the directory and the problem"
    cmp -s "$hosts" "$work/original" || fail "$name: the refusal changed the file"
    [[ ! -e $state/audit.log ]] || fail "$name: something was written into the untrusted directory"
    rm -rf "$state"
}
rm -rf "$state"
mkdir -m 0777 "$state"
chmod 0777 "$state"
untrusted "a ProgramData\\fshosts that everybody may write" "can be changed by Everyone"
mkdir -m 0755 "$state"
chown 1234:1234 "$state"
untrusted "a ProgramData\\fshosts owned by another account" "is owned by"

if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "elevation under Wine: helper through runas (command line + pipe), direct path, backups in both stores, refusals, moved hosts file warning, state directory ACL: ok"
