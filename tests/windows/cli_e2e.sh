#!/usr/bin/env bash
# fshosts.exe end to end under Wine on a temp hosts file (--hosts-file): apply, status, backups,
# revert byte for byte on a CRLF file, and non-ASCII arguments (bücher.example, full-width text,
# a Japanese domain) that travel Linux argv -> Wine -> the UTF-8 code page of the manifest.
#
#   cli_e2e.sh WINE_RUN WINEPREFIX FSHOSTS_EXE
set -euo pipefail
wine_run=$1 wineprefix=$2 exe=$3
# Wine itself comes with the Windows build's packages (scripts/install-deps --windows).
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools cmp

# scripts/wine-run pins the locale (UTF-8 argv; Wine's English UI language, so English messages).

work=$(mktemp -d /tmp/fshosts-wine-cli-XXXXXX)
trap 'rm -rf "$work"' EXIT
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

wine_checks_finish "fshosts.exe under Wine: apply, status, backups, non-ASCII arguments, revert byte for byte: ok"
