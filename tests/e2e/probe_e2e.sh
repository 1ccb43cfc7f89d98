#!/usr/bin/env bash
# `fshosts probe`, `fshosts verify` and `apply --probe --verify` against real servers (issue 12):
# nginx as the futureshop stand-in on 127.0.0.2 (HTTP + HTTPS; a certificate that covers
# www.example.jp and example.jp, and one for another name served as wrong.example.jp), a second
# nginx as the old server on 127.0.0.3 and [::1] (its own certificate, other headers), nothing on
# 127.0.0.4. Certificates are made here with the openssl CLI under a test CA.
#
# Runs the installed programs in a private mount + network namespace (tests/e2e/lib.sh): only
# loopback, a temp copy bind-mounted over /etc/hosts. Asserts exit codes, JSON fields, that probe
# never changes the hosts file, and verify before/after apply, with an IPv6 answer of the old
# server next to the IPv4 preview (the macOS case) and the fix verify offers; and fshosts-gui's
# own proof after a preview starts (test_gui's "verify after preview" case, run from here).
# Usage: probe_e2e.sh BUILD_DIR     (needs root; exit 77 = skipped)
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=(nginx openssl curl jq ldd dnsmasq Xvfb)
e2e_enter_namespace "$(readlink -f "$0")" "$build"

# --- inside the namespace ------------------------------------------------------------------------
fshosts=$E2E_PREFIX/bin/fshosts
e2e_setup_namespace
# ::1 on loopback for the IPv6 cases: a container may switch IPv6 off by default; this network
# namespace is the test's own, so it may switch it on.
if [[ -w /proc/sys/net/ipv6/conf/lo/disable_ipv6 ]]; then
    echo 0 >/proc/sys/net/ipv6/conf/lo/disable_ipv6
fi
ip -6 addr show dev lo | grep -q '::1/128' || e2e_skip "no IPv6 address ::1 on loopback in the namespace: $(ip addr show dev lo)"
export LANG=C.UTF-8 LC_ALL='' LANGUAGE=''  # English; one check below asks for Japanese

# --- certificates ----------------------------------------------------------------------------------
pki=$E2E_TMP/pki
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=fshosts e2e test CA" \
    -keyout "$pki/ca.key" -out "$pki/ca.pem" 2>"$pki/log" || { cat "$pki/log" >&2; e2e_fail "openssl: test CA"; }
# make_cert NAME SUBJECT_CN SAN: a key and a certificate signed by the test CA.
make_cert() {
    printf 'subjectAltName=%s\n' "$3" >"$pki/$1.ext"
    if ! openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$pki/$1.key" -out "$pki/$1.csr" 2>>"$pki/log" ||
        ! openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 30 \
            -extfile "$pki/$1.ext" -out "$pki/$1.pem" 2>>"$pki/log"; then
        cat "$pki/log" >&2
        e2e_fail "openssl: certificate $1"
    fi
}
make_cert preview www.example.jp "DNS:www.example.jp,DNS:example.jp"
make_cert other shop.example.net "DNS:shop.example.net,DNS:*.example.net"
make_cert old www.example.jp "DNS:www.example.jp,DNS:example.jp"
preview_sha=$(openssl x509 -in "$pki/preview.pem" -outform DER | sha256sum | cut -d' ' -f1)
e2e_ok "test CA and certificates made with openssl"

# --- servers ---------------------------------------------------------------------------------------
# e2e_start_nginx NAME SERVER_BLOCKS: lib.sh

# futureshop: the shop's page for www.example.jp / example.jp; wrong.example.jp gets a certificate
# for other names (as a shop whose certificate is not issued yet) and an HSTS header.
e2e_start_nginx futureshop "
    server_tokens on;
    server { listen 127.0.0.2:80; listen 127.0.0.5:80; server_name www.example.jp example.jp wrong.example.jp; }
    server { listen 127.0.0.2:443 ssl; listen 127.0.0.5:443 ssl; server_name www.example.jp example.jp;
             ssl_certificate $pki/preview.pem; ssl_certificate_key $pki/preview.key; }
    server { listen 127.0.0.2:443 ssl; server_name wrong.example.jp; add_header Strict-Transport-Security \"max-age=31536000\" always;
             ssl_certificate $pki/other.pem; ssl_certificate_key $pki/other.key; }"
# The old server: another certificate, no version in its Server header, http redirects to https.
e2e_start_nginx old "
    server_tokens off;
    server { listen 127.0.0.3:80; listen [::1]:80; return 301 https://www.example.jp/; }
    server { listen 127.0.0.3:443 ssl; listen [::1]:443 ssl;
             ssl_certificate $pki/old.pem; ssl_certificate_key $pki/old.key; }"
e2e_ok "nginx: futureshop on 127.0.0.2 (and 127.0.0.5, its second address), the old server on 127.0.0.3 and [::1], nothing on 127.0.0.4"

# run_fshosts and expect_json: lib.sh

# --- probe -------------------------------------------------------------------------------------------
run_fshosts 0 probe --json --ca-file "$pki/ca.pem" --ip 127.0.0.2 'https://ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ/shop?x=1'
expect_json '.ok == true and .operation == "probe" and .domain == "www.example.jp" and .address == "127.0.0.2"' "probe object"
expect_json '.http.reached and .http.status == 200 and (.http.server | startswith("nginx/")) and .http.primary_ip == "127.0.0.2"' "http answer"
expect_json '.https.reached and .https.status == 200 and .https.primary_ip == "127.0.0.2" and .https.error == null' "https answer"
expect_json '.https.certificate.covers_domain == true and .https.certificate.trusted == true and .https.certificate.verify_error == null' "certificate verdict"
expect_json '.https.certificate.dns_names == ["www.example.jp", "example.jp"] and (.https.certificate.issuer | contains("fshosts e2e test CA"))' "certificate names"
expect_json ".https.certificate.sha256 == \"$preview_sha\" and (.https.certificate.not_after | test(\"^20[0-9]{2}-[0-9]{2}-[0-9]{2}T\"))" "fingerprint and expiry"
expect_json '.passed == true and [.findings[].kind] == ["ok"] and .https.hsts == false' "findings"
e2e_same_bytes "$E2E_ORIGINAL" "after probe (probe never writes)"
e2e_ok "probe: the preview server answers for a URL typed in full-width, with a covering, trusted certificate"

run_fshosts 6 probe --json --ip 127.0.0.2 www.example.jp
expect_json '.https.reached and .https.status == 200 and .https.certificate.trusted == false' "untrusted: answer still read"
expect_json '.https.certificate.covers_domain == true and (.https.certificate.verify_error | length > 0)' "untrusted: reason"
expect_json '.passed == false and ([.findings[].kind] | index("certificate_untrusted") != null)' "untrusted finding"
e2e_ok "probe without --ca-file: the test CA is not trusted (exit 6), the certificate and answer are still reported"

run_fshosts 6 probe --json --ca-file "$pki/ca.pem" --ip 127.0.0.2 wrong.example.jp
expect_json '.https.reached and .https.certificate.covers_domain == false and .https.certificate.trusted == true' "name mismatch verdict"
expect_json '.https.certificate.dns_names == ["shop.example.net", "*.example.net"]' "name mismatch names"
expect_json '.https.hsts == true and .http.hsts == null' "the HSTS header seen (https only)"
expect_json '([.findings[].kind] | index("certificate_not_covering") != null) and .http.reached' "name mismatch finding"
e2e_ok "probe of a name the certificate does not cover: covers_domain false, trusted chain, exit 6"

run_fshosts 6 probe --json --ip 127.0.0.4 --connect-timeout 2 www.example.jp
expect_json '.http.reached == false and .http.error.kind == "refused" and .https.error.kind == "refused"' "refused"
expect_json '.https.certificate == null and [.findings[].kind] == ["unreachable"]' "refused findings"
e2e_ok "probe of an address where nothing listens: refused on both schemes, exit 6"

run_fshosts 0 probe --json --ca-file "$pki/ca.pem" --ip ::1 www.example.jp
expect_json '.address == "::1" and .https.primary_ip == "::1" and .http.status == 301 and .http.location == "https://www.example.jp/"' "IPv6"
expect_json '.https.certificate.sha256 != "'"$preview_sha"'" and ([.findings[].kind] | index("redirect") != null)' "IPv6 old server"
e2e_ok "probe over IPv6 (::1): the old server's redirect is reported, not followed"

run_fshosts 2 probe --json --ip 0.0.0.0 www.example.jp
expect_json '.ok == false and .error.kind == "bad_input" and .error.exit_code == 2' "bad address"
run_fshosts 2 probe --ip 127.0.0.2 localhost
e2e_ok "probe refuses what apply refuses (exit 2)"

run_fshosts 6 probe --ip 127.0.0.2 wrong.example.jp
[[ $out == *"does not cover wrong.example.jp"* && $out == *"certificate warning"* ]] || e2e_fail "text report: $out"
LANG=ja_JP.UTF-8 run_fshosts 6 probe --ip 127.0.0.2 wrong.example.jp
[[ $out == *"証明書"* ]] || e2e_fail "Japanese text report: $out"
e2e_ok "the text report explains the certificate warning (English and Japanese)"
e2e_same_bytes "$E2E_ORIGINAL" "after every probe"

# --- verify ------------------------------------------------------------------------------------------
run_fshosts 6 verify --json
expect_json '.ok == true and .operation == "verify" and .names == [] and .passed == false' "verify without a preview"

run_fshosts 0 apply --json --probe --verify --ca-file "$pki/ca.pem" --with-twin --ip 127.0.0.2 www.example.jp
expect_json '.ok == true and .operation == "apply" and .changed == true' "apply"
expect_json '.probe[0].domain == "www.example.jp" and .probe[0].passed == true' "apply --probe"
expect_json '[.verify.names[].name] == ["www.example.jp", "example.jp"] and .verify.passed == true' "apply --verify"
expect_json '.verify.names[0].resolved == ["127.0.0.2"] and .verify.names[0].connected_to == "127.0.0.2" and .verify.names[0].same_server' "verify details"
e2e_ok "apply --probe --verify: probed before, verified after (both names resolve to 127.0.0.2 only, same server)"
applied=$E2E_TMP/hosts.applied
cp /etc/hosts "$applied"

run_fshosts 0 verify --ca-file "$pki/ca.pem"
[[ $out == *"www.example.jp -> 127.0.0.2: resolves to 127.0.0.2"* ]] || e2e_fail "verify text: $out"

# verify also says what this PC's browser settings do to the preview (docs/browsers.md): here a
# proxy in the environment that example.jp does not bypass; the check itself never uses it.
https_proxy=http://proxy.invalid:3128 no_proxy=localhost,www.example.jp run_fshosts 0 verify --json --ca-file "$pki/ca.pem"
expect_json '.passed == true and ([.browser_pitfalls[].id] == ["proxy", "open-connections"])' "browser pitfalls"
expect_json '.browser_pitfalls[0].certain and (.browser_pitfalls[0].where | contains("https_proxy")) and (.browser_pitfalls[0].title | contains("example.jp"))' "the proxy pitfall"
https_proxy=http://proxy.invalid:3128 LANG=ja_JP.UTF-8 run_fshosts 0 verify --ca-file "$pki/ca.pem"
[[ $out == *"環境変数 https_proxy"* && $out == *"Flush socket pools"* ]] || e2e_fail "verify's browser advice in Japanese: $out"
e2e_ok "verify: the browser pitfalls (a proxy in the environment) beside the result, in English and Japanese"

# The old server's IPv6 address comes back too (as macOS adds DNS's AAAA answer to an IPv4-only
# hosts line; here a line after the block stands in for DNS): the browser may reach the old site.
cat "$applied" >/etc/hosts
printf '::1 www.example.jp\r\n' >>/etc/hosts
run_fshosts 6 verify --json --ca-file "$pki/ca.pem"
expect_json '.passed == false and (.names[0].resolved | index("::1") != null)' "extra address"
expect_json '.names[0].other_addresses == ["::1"] and .names[0].suggested_lines == ["::ffff:127.0.0.2 www.example.jp"]' "fix offered"
expect_json '([.names[0].findings[].kind] | index("extra_addresses") != null) and .names[1].passed == true' "per name"
e2e_ok "verify: the old server's IPv6 address next to the preview is found (exit 6) and the fix line offered"

# The fix: the suggested IPv4-mapped IPv6 line answers IPv6 lookups with the preview server itself.
cat "$applied" >/etc/hosts
printf '::ffff:127.0.0.2 www.example.jp\r\n' >>/etc/hosts
curl -sS -6 --max-time 5 --cacert "$pki/ca.pem" https://www.example.jp/ | grep -qx futureshop ||
    e2e_fail "curl -6 through the ::ffff:127.0.0.2 line did not reach the futureshop server"
run_fshosts 0 verify --json --ca-file "$pki/ca.pem"
expect_json '.passed == true and (.names[0].resolved | index("::ffff:127.0.0.2") != null)' "fix accepted"
e2e_ok "the offered fix works: an IPv6 request through it reaches the preview server and verify passes"

# A line that wins over the block (the user's own) sends the name to the old server.
{ printf '127.0.0.3 www.example.jp\r\n'; cat "$applied"; } >/etc/hosts
run_fshosts 6 verify --json --ca-file "$pki/ca.pem"
expect_json '.names[0].same_server == false and .names[0].connected_to == "127.0.0.3"' "old server reached"
expect_json '[.names[0].findings[].kind] == ["extra_addresses", "other_server"]' "old server findings"
e2e_ok "verify: a request that reaches the old server (127.0.0.3) is reported"

cat "$applied" >/etc/hosts
run_fshosts 0 revert
e2e_same_bytes "$E2E_ORIGINAL" "after revert"
run_fshosts 6 verify
[[ $out == *"nothing to verify"* ]] || e2e_fail "verify after revert: $out"
e2e_ok "verify after revert: nothing to verify (exit 6)"

# apply --verify in text: the change is reported first, then what verify found.
run_fshosts 0 apply --verify --ca-file "$pki/ca.pem" --ip 127.0.0.2 www.example.jp
[[ $out == *"Preview on (this PC only): www.example.jp -> 127.0.0.2"* ]] || e2e_fail "apply --verify text: $out"
[[ $out == *"www.example.jp resolves only to the preview address 127.0.0.2 and a normal request reaches the preview server."* ]] ||
    e2e_fail "apply --verify text: $out"
[[ ${out%%Preview on*} != *"resolves only"* ]] || e2e_fail "apply --verify printed the verify report before the change: $out"
run_fshosts 0 revert
e2e_same_bytes "$E2E_ORIGINAL" "after apply --verify and revert"
e2e_ok "apply --verify (text): the change, then the verify report"

# The desktop app proves a preview by itself once it is written: test_gui's case "verify after
# preview" (tests/gui/test_main_frame.cpp) runs the window on this namespace's /etc/hosts under an
# Xvfb of its own, starts the preview of www.example.jp (and the twin) at 127.0.0.2 and checks
# what the window says under its buttons; then Revert all. English and Japanese.
for lang in en ja; do
    FSHOSTS_E2E_PREVIEW=127.0.0.2 FSHOSTS_E2E_CA_FILE="$pki/ca.pem" NO_AT_BRIDGE=1 \
        "$here/../gui/run_with_xvfb.sh" "$build/tests/test_gui" "verify after preview $lang" >"$E2E_TMP/gui-verify-$lang.log" 2>&1 ||
        { cat "$E2E_TMP/gui-verify-$lang.log" >&2; e2e_fail "fshosts-gui's proof after a preview ($lang)"; }
    e2e_same_bytes "$E2E_ORIGINAL" "after the window's preview and Revert all ($lang)"
done
e2e_ok "fshosts-gui: after the preview starts, the window says both names resolve to 127.0.0.2 only and reach that server (English and Japanese)"

# --- DNS switch through a CNAME ------------------------------------------------------------------------
# After the switch the contract domain is often a CNAME to futureshop's own name, with addresses
# other than the one in the preview line. dnsmasq (127.0.0.1:5353) answers www.example.jp with
# a CNAME to shop.fs-switch.test; status --check-dns then asks that address over HTTP(S) whether
# it is the preview's server (the same certificate and answer): first futureshop's second address
# (switched, decided by the HTTP probe), then the old server's (not switched).
# start_dnsmasq ADDRESS: the CNAME zone with shop.fs-switch.test at ADDRESS; sets $dns_pid.
start_dnsmasq() {
    dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 --port=5353 \
        --pid-file --log-facility=- \
        --cname=www.example.jp,shop.fs-switch.test --host-record="shop.fs-switch.test,$1" 2>"$E2E_TMP/dnsmasq.log" &
    dns_pid=$!
    e2e_started "$dns_pid" dnsmasq
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -n $(e2e_proc_state "$dns_pid") ]] || e2e_fail "dnsmasq exited at start: $(cat "$E2E_TMP/dnsmasq.log" 2>/dev/null)"
        grep -q "started, version" "$E2E_TMP/dnsmasq.log" 2>/dev/null && return 0
        sleep 0.1
    done
    e2e_fail "dnsmasq did not start within 10 s"
}
run_fshosts 0 apply --ip 127.0.0.2 www.example.jp
start_dnsmasq 127.0.0.5
run_fshosts 0 status --json --check-dns --dns-server 127.0.0.1:5353
expect_json '.dns_switch.names[0].name == "www.example.jp" and .dns_switch.names[0].cname_chain == ["www.example.jp", "shop.fs-switch.test"]' "CNAME followed"
expect_json '.dns_switch.names[0].dns_addresses == ["127.0.0.5"]' "the CNAME's address"
expect_json '.dns_switch.names[0].state == "switched" and .dns_switch.names[0].decided_by == "http_probe"' "switched by the HTTP probe"
e2e_stop_started "$dns_pid"
start_dnsmasq 127.0.0.3
run_fshosts 0 status --json --check-dns --dns-server 127.0.0.1:5353
expect_json '.dns_switch.names[0].dns_addresses == ["127.0.0.3"]' "the old server's address"
expect_json '.dns_switch.names[0].state == "not_switched" and .dns_switch.names[0].decided_by == "http_probe"' "not switched: another server"
e2e_stop_started "$dns_pid"
run_fshosts 0 revert
e2e_same_bytes "$E2E_ORIGINAL" "after the DNS-switch checks"
e2e_ok "status --check-dns: a CNAME to another address of the preview server is the switch (HTTP probe); one to the old server is not"

# Without libcurl (not installed, or unusable): libcurl is loaded only when a probe runs, so the
# other commands work as before, and a probe says why it cannot run (exit 6) instead of crashing.
# /dev/null bind-mounted over the library in this private mount namespace makes it unloadable.
libcurl=$(ldd "$(command -v curl)" | awk '$1 == "libcurl.so.4" { print $3 }')
[[ -n $libcurl ]] || e2e_fail "ldd curl shows no libcurl.so.4"
libcurl=$(readlink -f "$libcurl")
mount --bind /dev/null "$libcurl"
run_fshosts 0 status
run_fshosts 0 apply --ip 127.0.0.2 www.example.jp
run_fshosts 6 probe --json --ca-file "$pki/ca.pem" --ip 127.0.0.2 www.example.jp
expect_json '[.findings[].kind] == ["unavailable"] and .passed == false' "probe without libcurl"
expect_json '.http.error.kind == "unavailable" and .https.error.kind == "unavailable"' "schemes without libcurl"
expect_json '.http.error.detail | contains("libcurl.so.4")' "the loader's reason"
run_fshosts 6 verify --json --ca-file "$pki/ca.pem"
expect_json '.passed == false and ([.names[0].findings[].kind] == ["unavailable"])' "verify without libcurl"
LANG=ja_JP.UTF-8 run_fshosts 6 probe --ip 127.0.0.2 www.example.jp
[[ $out == *"libcurl をインストールしてから"* ]] || e2e_fail "probe without libcurl, in Japanese: $out"
run_fshosts 0 revert
umount "$libcurl"
e2e_same_bytes "$E2E_ORIGINAL" "after the runs without libcurl"
e2e_ok "without libcurl: status, apply and revert work; probe and verify say libcurl cannot be loaded (exit 6, Japanese too)"
