#!/usr/bin/env bash
# fshosts.exe end to end under Wine on a temp hosts file (--hosts-file): apply, status, backups,
# revert byte for byte on a CRLF file, non-ASCII arguments (bücher.example, full-width text,
# a Japanese domain) that travel Linux argv -> Wine -> the UTF-8 code page of the manifest, and
# the warning `status` gives on Windows about entry lines with Japanese text in a file without a
# UTF-8 BOM (text and --json), which it does not give once the file has a BOM.
# Then a stand-in for a security program (a background loop, like Defender's HostsFileHijack
# remediation or a suite that comments lines out) undoes the preview as soon as it appears: the
# re-read after the write (2 s on Windows) reports it, exit 3, and the file stays as it left it.
#
#   cli_e2e.sh WINE_RUN WINEPREFIX FSHOSTS_EXE
set -euo pipefail
wine_run=$1 wineprefix=$2 exe=$3
# Wine itself comes with the Windows build's packages (scripts/install-deps --windows).
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools cmp python3

# scripts/wine-run pins the locale (UTF-8 argv; Wine's English UI language, so English messages).

work=$(mktemp -d /tmp/fshosts-wine-cli-XXXXXX)
watcher_pid=
# stop_watcher: kills the background watcher (if any) and waits for it: nobody else reaps it.
stop_watcher() {
    if [[ -n $watcher_pid ]]; then
        kill "$watcher_pid" 2>/dev/null || true
        wait "$watcher_pid" 2>/dev/null || true
        watcher_pid=
    fi
}
trap 'stop_watcher; rm -rf "$work"' EXIT
hosts=$work/hosts
# Wine maps / to drive Z:, so the file is Z:\tmp\...\hosts for fshosts.exe.
win_hosts="Z:${hosts//\//\\}"

# shellcheck source=wine_checks.sh
source "$(dirname "$0")/wine_checks.sh"
wine_checks_init "$wine_run" "$wineprefix" "$work"

# cli ARG...: runs fshosts.exe --hosts-file <file> ARG...; sets out, err and rc.
cli() {
    run "$exe" --hosts-file "$win_hosts" "$@"
}

original=$'# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n#\t127.0.0.1       localhost\r\n\r\n10.0.0.5\tintranet.local   # office\r\n'
printf '%s' "$original" >"$hosts"
cp "$hosts" "$work/original"

cli apply --ip 203.0.113.10 --with-twin https://www.example.jp/shop
expect_rc 0 "apply"
contains "$out" "www.example.jp, example.jp -> 203.0.113.10" "apply"
[[ $out$err != *"security program"* ]] || fail "apply: a warning about a security program with nobody touching the file: $err"
expected=$original$'# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n203.0.113.10 www.example.jp\r\n203.0.113.10 example.jp\r\n# <<< fshosts managed block (jp.fshosts.hosts) <<<\r\n'
printf '%s' "$expected" >"$work/expected"
cmp -s "$hosts" "$work/expected" || fail "apply: the file is not the original plus our CRLF block: $(printf '%q' "$(<"$hosts")")"

cli status
expect_rc 0 "status"
contains "$out" "www.example.jp -> 203.0.113.10" "status"

cli backups --json
expect_rc 0 "backups"
contains "$out" "sha256" "backups --json"

# Non-ASCII arguments: an IDN with an umlaut, full-width letters and digits, a Japanese name.
cli apply --ip ２０３．０．１１３．１１ bücher.example ＷＷＷ．ＳＨＯＰ．ＥＸＡＭＰＬＥ 例え.jp
expect_rc 0 "apply with non-ASCII arguments"
bytes=$(<"$hosts")
contains "$bytes" $'203.0.113.11 xn--bcher-kva.example\r' "bücher.example in the file"
contains "$bytes" $'203.0.113.11 www.shop.example\r' "full-width name in the file"
contains "$bytes" $'203.0.113.11 xn--r8jz45g.jp\r' "Japanese name in the file"

cli revert bücher.example
expect_rc 0 "revert bücher.example"
[[ $(<"$hosts") != *xn--bcher-kva.example* ]] || fail "revert bücher.example left its line"

cli revert
expect_rc 0 "revert all"
cmp -s "$hosts" "$work/original" || fail "revert: the file is not byte-identical to the original: $(printf '%q' "$(<"$hosts")")"

cli revert
expect_rc 0 "second revert"
contains "$out" "Nothing to revert" "second revert"
cmp -s "$hosts" "$work/original" || fail "second revert changed the file"

# Bad input exits 2 and changes nothing.
cli apply --ip 203.0.113.10 "bad name!.example"
expect_rc 2 "bad domain"
cmp -s "$hosts" "$work/original" || fail "a refused apply changed the file"

# ---- status: entry lines with non-ASCII text in a file without a BOM ------------------------
# Windows may ignore such lines (Japanese Windows reads the file in the ANSI code page), so
# status warns and names them; a Japanese comment is no entry and is not named. Only the stable
# parts of the wording are checked ("non-ASCII" and the line number).
japanese=$'127.0.0.1 localhost\r\n# 社内の検証用サーバー\r\n10.0.0.5 intranet.local\r\n\r\n192.0.2.7 テスト.example\r\n'
printf '%s' "$japanese" >"$hosts"
# non_ascii_status WHAT: status and status --json on the file; sets text_out and json_out.
non_ascii_status() {
    cli status
    expect_rc 0 "status, $1"
    text_out=$out
    cli status --json
    expect_rc 0 "status --json, $1"
    json_out=$out
}
# json_field EXPR: a Python expression over the last status --json (j), printed as JSON.
json_field() {
    printf '%s' "$json_out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(json.dumps(eval(sys.argv[1])))' "$1"
}
non_ascii_status "Japanese entry line, no BOM"
warning_line=$(grep -m1 'non-ASCII' <<<"$text_out" || true)
[[ -n $warning_line ]] || fail "status gives no non-ASCII warning for line 5: $text_out"
[[ $warning_line == *Warning:* && $warning_line =~ (^|[^0-9])5([^0-9]|$) ]] ||
    fail "the non-ASCII warning does not name line 5: $warning_line"
[[ $warning_line =~ (^|[^0-9])2([^0-9]|$) ]] && fail "the non-ASCII warning names the comment (line 2): $warning_line"
[[ $(json_field 'j["non_ascii_lines"]') == '[5]' ]] || fail "status --json: non_ascii_lines is not [5]: $json_out"
[[ $(json_field 'sum("non-ASCII" in w and "5" in w for w in j["warnings"])') == 1 ]] ||
    fail "status --json: no warning about line 5: $json_out"
cmp -s "$hosts" <(printf '%s' "$japanese") || fail "status changed the file"

printf '\xEF\xBB\xBF%s' "$japanese" >"$hosts"
non_ascii_status "the same file with a UTF-8 BOM"
[[ $text_out != *non-ASCII* ]] || fail "status warns about non-ASCII lines in a file with a BOM: $text_out"
[[ $(json_field 'j["non_ascii_lines"]') == '[]' ]] || fail "status --json with a BOM: non_ascii_lines is not []: $json_out"
[[ $(json_field 'j["warnings"]') == '[]' ]] || fail "status --json with a BOM: warnings is not []: $json_out"

# ---- a security program undoes the preview right after the write --------------------------------

# start_watcher MODE IP: in the background, polls the hosts file every 30 ms like a security
# program and, as soon as a line starting with IP appears, either comments out every such line
# (MODE comment) or puts the original content back (MODE reset, what Defender's remediation
# does). It replaces the file by a rename, so fshosts never reads half of it.
start_watcher() {
    local mode=$1 ip=$2
    (
        while :; do
            content=
            IFS= read -r -d '' content <"$hosts" || true
            if [[ $content == *$'\n'"$ip "* ]]; then
                if [[ $mode == comment ]]; then
                    printf '%s' "${content//$'\n'"$ip "/$'\n'"#$ip "}" >"$work/watcher.tmp"
                else
                    printf '%s' "$original" >"$work/watcher.tmp"
                fi
                mv -f "$work/watcher.tmp" "$hosts"
            fi
            sleep 0.03
        done
    ) &
    watcher_pid=$!
}

printf '%s' "$original" >"$hosts"
start_watcher comment 203.0.113.12
cli apply --ip 203.0.113.12 --with-twin www.defender.example
stop_watcher
expect_rc 3 "apply with our lines commented out right after the write"
contains "$err" "the fshosts entries for www.defender.example, defender.example were commented out or changed" \
    "apply, lines commented out"
contains "$err" "Microsoft Defender or another security program" "apply, lines commented out"
contains "$err" "Protection history" "apply, lines commented out"
contains "$err" "by restoring backup " "apply, lines commented out (the way back)"
[[ $out != *"Preview on"* ]] || fail "apply, lines commented out: still says the preview is on: $out"
# fshosts does not fight the security program: the file is exactly as the watcher left it.
commented=$original$'# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n#203.0.113.12 www.defender.example\r\n#203.0.113.12 defender.example\r\n# <<< fshosts managed block (jp.fshosts.hosts) <<<\r\n'
printf '%s' "$commented" >"$work/expected"
cmp -s "$hosts" "$work/expected" || fail "lines commented out: the file is not as the watcher left it: $(printf '%q' "$(<"$hosts")")"

# The whole file reset, with --json: one failure object that still says what was written.
printf '%s' "$original" >"$hosts"
start_watcher reset 203.0.113.12
cli apply --json --ip 203.0.113.12 www.defender.example
stop_watcher
expect_rc 3 "apply --json with the file reset right after the write"
contains "$out" '"kind": "undone"' "apply --json, file reset"
contains "$out" '"exit_code": 3' "apply --json, file reset"
contains "$out" '"state": "block_removed"' "apply --json, file reset"
contains "$out" '"delay_ms": 2000' "apply --json, file reset"
contains "$out" '"ok": false' "apply --json, file reset"
contains "$err" "the fshosts entries for www.defender.example are gone" "apply --json, file reset (stderr)"
cmp -s "$hosts" "$work/original" || fail "file reset: the file is not the original the watcher put back: $(printf '%q' "$(<"$hosts")")"

wine_checks_finish "fshosts.exe under Wine: apply, status, backups, non-ASCII arguments, revert byte for byte, the non-ASCII status warning, a preview undone by a security program: ok"
