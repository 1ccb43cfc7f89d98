#!/usr/bin/env bash
# The preview as a site builder sees it: nginx serves the futureshop shop's page on 127.0.0.1,
# `fshosts apply` (as root, no --hosts-file: the system hosts file through fshosts-helper) makes
# www.example.jp and example.jp point there, curl and headless Chromium get the page under the
# real domain, and `fshosts revert` gives the hosts file back byte for byte.
#
# Runs the installed program (cmake --install into a temp prefix) in a private mount + network
# namespace: a temp copy is bind-mounted over /etc/hosts, /var/lib is an empty tmpfs, and the only
# network is loopback. The machine's real /etc/hosts is checked to be unchanged afterwards.
# Usage: preview_e2e.sh BUILD_DIR     (needs root; exit 77 = skipped)
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=(nginx curl chromium timeout)
e2e_enter_namespace "$(readlink -f "$0")" "$build"

# --- inside the namespace ------------------------------------------------------------------------
fshosts=$E2E_PREFIX/bin/fshosts
page_text='futureshop preview: www.example.jp'
e2e_setup_namespace

# nginx: the shop's preview vhost, and a default server that answers anything else differently,
# so the page text only comes back when the request really was for www.example.jp.
www=$E2E_TMP/www
ngx=$E2E_TMP/nginx
mkdir -p "$www" "$ngx/tmp"
printf '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>プレビュー</title></head>\n<body><h1>%s</h1></body></html>\n' \
    "$page_text" >"$www/index.html"
chmod -R a+rX "$www"
cat >"$ngx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
user root;
pid $ngx/nginx.pid;
error_log $ngx/error.log info;
events { worker_connections 64; }
http {
    log_format e2e '\$remote_addr host=\$host "\$request" \$status "\$http_user_agent"';
    access_log $ngx/access.log e2e;
    client_body_temp_path $ngx/tmp/client_body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    types { text/html html; }
    default_type text/plain;
    server {
        listen 127.0.0.1:80 default_server;
        return 421 "not the preview host\n";
    }
    server {
        listen 127.0.0.1:80;
        server_name www.example.jp example.jp;
        root $www;
        index index.html;
    }
}
EOF
nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" -t >"$ngx/configtest.log" 2>&1 ||
    { cat "$ngx/configtest.log" >&2; e2e_fail "nginx rejects the test's configuration"; }
nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" >"$ngx/stdout.log" 2>&1 &
e2e_started $! nginx
for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null --max-time 1 http://127.0.0.1/ && break
    [[ -n $(e2e_proc_state "${E2E_PIDS[-1]}") && $(e2e_proc_state "${E2E_PIDS[-1]}") != Z ]] ||
        { cat "$ngx/error.log" "$ngx/stdout.log" >&2; e2e_fail "nginx exited at start"; }
    sleep 0.1
done
curl -s -o /dev/null --max-time 1 http://127.0.0.1/ || { cat "$ngx/error.log" >&2; e2e_fail "nginx does not answer on 127.0.0.1:80"; }
e2e_ok "nginx serves the preview vhost on 127.0.0.1:80"

# Before the preview the domain is unknown: the browser cannot get there at all.
e2e_not_resolves www.example.jp
e2e_not_resolves example.jp
if out=$(curl -sS --max-time 10 http://www.example.jp/ 2>&1); then
    e2e_fail "curl reached http://www.example.jp/ before apply: $out"
fi
e2e_ok "curl cannot reach www.example.jp before apply ($out)"

# --- apply -----------------------------------------------------------------------------------------
set +e
out=$("$fshosts" apply --ip 127.0.0.1 https://www.example.jp/ --with-twin </dev/null 2>&1)
rc=$?
set -e
echo "$out"
[[ $rc -eq 0 ]] || e2e_fail "fshosts apply exited $rc: $out"
e2e_ok "fshosts apply --ip 127.0.0.1 https://www.example.jp/ --with-twin exited 0"

e2e_resolves www.example.jp 127.0.0.1
e2e_resolves example.jp 127.0.0.1
e2e_resolves intranet.local 10.0.0.5  # the user's own entries still work

for url in http://www.example.jp/ http://example.jp/; do
    body=$(curl -sS --max-time 10 "$url") || e2e_fail "curl $url failed"
    [[ $body == *"<h1>$page_text</h1>"* ]] || e2e_fail "curl $url did not return the preview page: $body"
    e2e_ok "curl $url shows the preview page"
done

# Headless Chromium, as the site builder's browser: it resolves the name itself.
chrome_profile=$(mktemp -d "$E2E_TMP/chromium-profile.XXXXXX")
set +e
dom=$(HOME=$E2E_TMP XDG_CONFIG_HOME=$E2E_TMP/xdg-config XDG_CACHE_HOME=$E2E_TMP/xdg-cache \
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$chrome_profile" --dump-dom http://www.example.jp/ 2>"$E2E_TMP/chromium.log" </dev/null)
rc=$?
set -e
if [[ $rc -ne 0 || $dom != *"<h1>$page_text</h1>"* ]]; then
    echo "--- chromium stderr (last 40 lines):" >&2
    tail -n 40 "$E2E_TMP/chromium.log" >&2
    e2e_fail "headless Chromium (exit $rc) did not show the preview page; its DOM: $dom"
fi
grep -q 'host=www.example.jp "GET / HTTP/1.1" 200 ".*Chrome' "$ngx/access.log" ||
    { cat "$ngx/access.log" >&2; e2e_fail "nginx did not log Chromium's request for www.example.jp"; }
e2e_ok "headless Chromium shows the preview page at http://www.example.jp/ (served by the test's nginx)"

# --- what fshosts kept -----------------------------------------------------------------------------
state=/var/lib/fshosts
compgen -G "$state/backups/*" >/dev/null || e2e_fail "no backup in $state/backups: $(ls -la "$state" 2>&1)"
found_original=""
for f in "$state"/backups/*; do
    [[ -f $f ]] && cmp -s "$f" "$E2E_ORIGINAL" && found_original=$f
done
[[ -n $found_original ]] || e2e_fail "no backup in $state/backups holds the hosts file as it was before apply: $(ls -la "$state/backups")"
e2e_ok "a backup of the hosts file as it was before apply exists: ${found_original##*/}"

# --- revert ----------------------------------------------------------------------------------------
set +e
out=$("$fshosts" revert </dev/null 2>&1)
rc=$?
set -e
echo "$out"
[[ $rc -eq 0 ]] || e2e_fail "fshosts revert exited $rc: $out"
e2e_ok "fshosts revert exited 0"

e2e_not_resolves www.example.jp
e2e_not_resolves example.jp
e2e_same_bytes "$E2E_ORIGINAL" "to the original after revert"
if out=$(curl -sS --max-time 10 http://www.example.jp/ 2>&1); then
    e2e_fail "curl still reaches http://www.example.jp/ after revert: $out"
fi
e2e_ok "curl cannot reach www.example.jp after revert"

# The audit log answers "who changed my hosts file": one line for the apply, one for the revert.
audit=$state/audit.log
[[ -f $audit ]] || e2e_fail "no audit log at $audit: $(ls -la "$state" 2>&1)"
grep -E ' op="?(request:)?apply"? ' "$audit" | grep -q 'www.example.jp' ||
    { cat "$audit" >&2; e2e_fail "the audit log has no line for the apply of www.example.jp"; }
grep -qE ' op="?(request:)?revert"? ' "$audit" ||
    { cat "$audit" >&2; e2e_fail "the audit log has no line for the revert"; }
e2e_ok "the audit log records the apply and the revert"
echo "--- $audit"
cat "$audit"

echo "PASS: preview of www.example.jp through nginx, curl and Chromium, then revert byte-identical"
