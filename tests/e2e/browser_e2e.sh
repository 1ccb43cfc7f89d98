#!/usr/bin/env bash
# The browser preview (docs/browser-preview.md) with Debian's real Chromium, headless, through
# `fshosts browser` (probe::BrowserSession, the code path of the GUI's "Open a preview browser"):
# nginx on 127.0.0.7 serves the "new shop" for www.example.jp, a name nothing else resolves;
# only the browser's --host-resolver-rules point it there.
#   - the check sees the connection go to 127.0.0.7 and the page's title from that nginx, the
#     headless window shows the same page, nginx logged the request for www.example.jp;
#   - /etc/hosts is byte-identical (the namespace's copy here; the machine's real one is compared
#     by lib.sh outside), and the name still does not resolve on this PC;
#   - the throw-away profile directory is removed, also when the check fails;
#   - with a proxy in the environment (Chromium on Linux reads http_proxy) the browser sends the
#     name to the proxy instead: the check says so, suggests the hosts-file preview, opens no
#     window, exit 6; a "browser" that ignores the rules: unconfirmed, exit 6;
#   - fshosts-gui's "Open a preview browser" opens the real Chromium window (test_gui's case
#     "browser preview chromium en/ja" under Xvfb) and closes it again.
# Runs in a private mount + network namespace (tests/e2e/lib.sh): only loopback.
# Usage: browser_e2e.sh BUILD_DIR     (needs root; exit 77 = skipped)
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=(nginx jq chromium Xvfb)
e2e_enter_namespace "$(readlink -f "$0")" "$build"

# --- inside the namespace ------------------------------------------------------------------------
fshosts=$E2E_PREFIX/bin/fshosts
e2e_setup_namespace
export LANG=C.UTF-8 LC_ALL='' LANGUAGE=''
# The profiles fshosts makes go here, so the test sees every one of them.
export TMPDIR=$E2E_TMP/tmp
mkdir -p "$TMPDIR"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY all_proxy ALL_PROXY

# page NAME TITLE: the page every path of nginx NAME answers (e2e_start_nginx serves $E2E_TMP/NAME/www).
page() {
    mkdir -p "$E2E_TMP/$1/www"
    printf '<!DOCTYPE html>\n<html><head><title>%s</title></head><body><p>%s</p></body></html>\n' "$2" "$2" \
        >"$E2E_TMP/$1/www/page.html"
}
page preview "fshosts new shop on 127.0.0.7"
# The host each request named, in a log of its own.
e2e_start_nginx preview "
    log_format host '\$host \$request';
    server { listen 127.0.0.7:18080; access_log $E2E_TMP/preview/host.log host; default_type text/html;
             location / { try_files /page.html =404; } }"
# Stands in for a company proxy: answers every request, for any host, with its own page.
page proxy "the proxy answered"
e2e_start_nginx proxy "
    server { listen 127.0.0.9:18081; default_type text/html; location / { try_files /page.html =404; } }"
e2e_ok "nginx: the new shop on 127.0.0.7:18080, a proxy stand-in on 127.0.0.9:18081"
e2e_not_resolves www.example.jp

# run_fshosts and expect_json: lib.sh
# no_profiles_left WHAT: the profile the JSON names is gone, and no fshosts-browser-* is in TMPDIR.
no_profiles_left() {
    local profile left
    profile=$(jq -r .profile_dir <<<"$out")
    [[ $profile == "$TMPDIR"/fshosts-browser-* ]] || e2e_fail "profile_dir '$profile' is not in $TMPDIR"
    [[ ! -e $profile ]] || e2e_fail "the profile $profile is still there $1"
    left=$(find "$TMPDIR" -maxdepth 1 -name 'fshosts-browser-*')
    [[ -z $left ]] || e2e_fail "profiles left $1: $left"
    e2e_ok "the throw-away profile was removed $1"
}

# --- the preview: the rules honoured, the page from the preview server --------------------------
run_fshosts 0 browser --json --headless --with-twin --ip 127.0.0.7 http://www.example.jp:18080/
expect_json '.ok == true and .operation == "browser" and .passed == true' "the check passed"
expect_json '.browser.path == "/usr/bin/chromium"' "Debian's chromium was found by itself"
expect_json '.rules == "MAP www.example.jp 127.0.0.7,MAP example.jp 127.0.0.7"' "the rules name both names"
expect_json '.check.verdict == "honoured" and .check.seen == ["127.0.0.7:18080"]' "the net log shows 127.0.0.7"
expect_json '.check.preflight.reached == true and .check.preflight.status == 200' "the pre-flight reached the server"
expect_json '.check.title == "fshosts new shop on 127.0.0.7"' "the check's page came from the preview nginx"
expect_json '.window.opened == true and .window.title == "fshosts new shop on 127.0.0.7"' \
    "the (headless) preview window showed the page of the preview nginx"
expect_json '.profile_removed == true' "profile_removed"
no_profiles_left "after the preview"
grep -q '^www.example.jp GET / HTTP/1.1$' "$E2E_TMP/preview/host.log" ||
    { cat "$E2E_TMP/preview/host.log" >&2; e2e_fail "nginx on 127.0.0.7 did not log the browser's request for www.example.jp"; }
e2e_ok "nginx on 127.0.0.7 served www.example.jp to the browser"
e2e_same_bytes "$E2E_ORIGINAL" "after the browser preview"
e2e_not_resolves www.example.jp

# The text output says what it did.
run_fshosts 0 browser --headless --ip 127.0.0.7 http://www.example.jp:18080/
for line in "Rules: MAP www.example.jp 127.0.0.7" "The browser connected to 127.0.0.7 for www.example.jp" \
    'The page the preview window showed: "fshosts new shop on 127.0.0.7"' "Removed the temporary profile"; do
    grep -qF "$line" <<<"$out" || { echo "$out" >&2; e2e_fail "text output lacks: $line"; }
done
e2e_ok "text output: the rules, the check, the page, the profile removed"
[[ -z $(find "$TMPDIR" -maxdepth 1 -name 'fshosts-browser-*') ]] || e2e_fail "text run left a profile"

# --- a proxy: the browser sends the name to the proxy, not to the preview address ----------------
proxy_before=$(wc -l <"$E2E_TMP/proxy/access.log")
out=$(http_proxy=http://127.0.0.9:18081 "$fshosts" browser --json --headless --ip 127.0.0.7 http://www.example.jp:18080/ \
    </dev/null 2>"$E2E_TMP/stderr") && rc=0 || rc=$?
[[ $rc -eq 6 ]] || { echo "$out" >&2; cat "$E2E_TMP/stderr" >&2; e2e_fail "with a proxy: exit $rc, expected 6"; }
expect_json '.passed == false and .check.verdict == "ignored"' "with a proxy the rules are reported as not honoured"
expect_json '.check.seen == ["127.0.0.9:18081"] and (.check.proxy | contains("127.0.0.9:18081"))' "the proxy is named"
expect_json '.check.title == "the proxy answered"' "the page the browser got came from the proxy"
expect_json '.findings[0].kind == "rules_ignored" and (.findings[0].message | contains("hosts-file preview"))' \
    "the finding offers the hosts-file preview"
expect_json '.hosts_preview_command == "fshosts apply --ip 127.0.0.7 www.example.jp"' "the hosts-file command is given"
expect_json '.window.opened == false' "no window is opened when the rules were not honoured"
no_profiles_left "after a failed check"
[[ $(wc -l <"$E2E_TMP/proxy/access.log") -gt $proxy_before ]] || e2e_fail "the proxy stand-in saw no request"
e2e_ok "a proxy: exit 6, the proxy named, the hosts-file preview offered, no window"

# --- a browser that ignores the rules (makes no connection fshosts can see) ----------------------
cat >"$E2E_TMP/ignoring-browser" <<'SCRIPT'
#!/bin/sh
echo '<html><head><title>not checked</title></head></html>'
SCRIPT
chmod 0755 "$E2E_TMP/ignoring-browser"
run_fshosts 6 browser --browser "$E2E_TMP/ignoring-browser" --ip 127.0.0.7 http://www.example.jp:18080/
grep -qF "Could not confirm that the browser uses the preview address" <<<"$out" || { echo "$out" >&2; e2e_fail "unconfirmed: message"; }
grep -qF "fshosts apply --ip 127.0.0.7 www.example.jp" <<<"$out" || { echo "$out" >&2; e2e_fail "unconfirmed: no hosts-file command"; }
[[ -z $(find "$TMPDIR" -maxdepth 1 -name 'fshosts-browser-*') ]] || e2e_fail "the unconfirmed run left a profile"
e2e_ok "a browser that ignores the rules: unconfirmed, exit 6, the hosts-file preview offered"

# --- the desktop app: "Open a preview browser" with the real Chromium window ---------------------
# test_gui's case "browser preview chromium" (tests/gui/test_main_frame.cpp) under an Xvfb of its
# own: the window checks, Chromium opens as the preview window, "Close the preview browser" stops
# it. English and Japanese.
requests_before=$(grep -c '^www.example.jp ' "$E2E_TMP/preview/host.log")
for lang in en ja; do
    FSHOSTS_E2E_PREVIEW=127.0.0.7 FSHOSTS_E2E_URL=http://www.example.jp:18080/ NO_AT_BRIDGE=1 \
        "$here/../gui/run_with_xvfb.sh" "$build/tests/test_gui" "browser preview chromium $lang" >"$E2E_TMP/gui-$lang.log" 2>&1 ||
        { cat "$E2E_TMP/gui-$lang.log" >&2; e2e_fail "fshosts-gui's preview browser ($lang)"; }
    [[ -z $(find "$TMPDIR" -maxdepth 1 -name 'fshosts-browser-*') ]] || e2e_fail "the window's preview browser left a profile ($lang)"
    e2e_same_bytes "$E2E_ORIGINAL" "after the window's preview browser ($lang)"
done
# The check and the window each asked the preview nginx for the page, in both languages.
[[ $(grep -c '^www.example.jp ' "$E2E_TMP/preview/host.log") -ge $((requests_before + 4)) ]] ||
    { cat "$E2E_TMP/preview/host.log" >&2; e2e_fail "the window's check and preview browser did not reach nginx on 127.0.0.7"; }
e2e_ok "fshosts-gui: Chromium opened as the preview window on 127.0.0.7, closed from the window, profile removed (English and Japanese)"

# --- bad input -------------------------------------------------------------------------------------
run_fshosts 2 browser --ip 0.0.0.0 http://www.example.jp/
run_fshosts 2 browser --ip 127.0.0.7 ftp://www.example.jp/
run_fshosts 2 browser --browser "$E2E_TMP/no-such-browser" --ip 127.0.0.7 www.example.jp
e2e_ok "bad input (address, scheme, a --browser that does not exist): exit 2"
e2e_same_bytes "$E2E_ORIGINAL" "at the end"
