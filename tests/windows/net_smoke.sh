#!/usr/bin/env bash
# The Windows network dependencies (issue 12) in a real .exe under Wine: net_smoke.exe, linked with
# the dependency prefix's static libcurl (Schannel) and c-ares, against servers this test starts on
# 127.0.0.1 and stops again:
# - HTTP: GET http://www.example.jp:PORT/ with CURLOPT_RESOLVE mapping the made-up name to
#   127.0.0.1 reaches the test's server, which answers with the Host header it got;
# - HTTPS through Schannel with a certificate for www.example.jp made here (openssl): verified
#   against that certificate as the CA file (CURLOPT_CAINFO: curl checks the chain and the name
#   itself), the page and the certificate's subject and dates; refused (curl 60) against another
#   CA file and under a name the certificate does not cover;
# - DNS: c-ares asks a dnsmasq on 127.0.0.1 at a non-standard port directly for an A record and
#   a TXT record that only that dnsmasq knows.
#
#   net_smoke.sh WINE_RUN WINEPREFIX NET_SMOKE_EXE
set -euo pipefail
wine_run=$1 wineprefix=$2 exe=$3
here=$(cd "$(dirname "$0")" && pwd)
# Wine itself comes with the Windows build's packages (scripts/install-deps --windows).
# shellcheck source=../support/tools.sh
source "$here/../support/tools.sh"
fshosts_require_tools python3 openssl dnsmasq

work=$(mktemp -d /tmp/fshosts-wine-net-XXXXXX)
server_pids=()
# Kills every server this test started and waits for each: nobody else reaps them.
stop_servers() {
    local pid
    for pid in "${server_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

# shellcheck source=wine_checks.sh
source "$here/wine_checks.sh"
wine_checks_init "$wine_run" "$wineprefix" "$work"

# net_smoke ARG...: runs net_smoke.exe; sets out, err and rc, without the CRs of Windows' text mode.
net_smoke() {
    run "$exe" "$@"
    out=${out//$'\r'/} err=${err//$'\r'/}
}

# wait_for_port_file FILE PID: prints the port a host_echo_server wrote, once it listens.
wait_for_port_file() {
    local file=$1 pid=$2 i
    for ((i = 0; i < 100; i++)); do
        if [[ -s $file ]]; then
            cat "$file"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL: the test server did not start: $(cat "$work/server.log" 2>/dev/null)" >&2
    exit 1
}

# A certificate for the made-up name, valid for a day (its own CA: only the test trusts it), and
# another one that the server does not use.
for name in cert other; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=www.example.jp/O=fshosts test" \
        -addext "subjectAltName=DNS:www.example.jp" \
        -keyout "$work/$name-key.pem" -out "$work/$name.pem" 2>"$work/openssl.log" ||
        { cat "$work/openssl.log" >&2; exit 1; }
done

python3 "$here/host_echo_server.py" "$work/http.port" 2>>"$work/server.log" &
server_pids+=($!)
http_port=$(wait_for_port_file "$work/http.port" "${server_pids[-1]}")
python3 "$here/host_echo_server.py" "$work/https.port" "$work/cert.pem" "$work/cert-key.pem" 2>>"$work/server.log" &
server_pids+=($!)
https_port=$(wait_for_port_file "$work/https.port" "${server_pids[-1]}")

# dnsmasq on a non-standard port: a few tries, in case another program holds the port drawn.
txt='_globalsign-domain-verification=fshosts-net-smoke'
dns_port=
for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --pid-file= \
        --listen-address=127.0.0.1 --bind-interfaces --port="$port" --log-facility=- \
        --host-record=www.example.jp,203.0.113.10 --txt-record=example.jp,"$txt" \
        2>>"$work/dnsmasq.log" &
    pid=$!
    hex_port=$(printf '%04X' "$port")
    for ((i = 0; i < 50; i++)); do
        # Listening once /proc/net/udp lists 127.0.0.1:<port>.
        if grep -q " 0100007F:$hex_port " /proc/net/udp; then
            dns_port=$port
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -n $dns_port ]]; then
        server_pids+=("$pid")
        break
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
[[ -n $dns_port ]] || { echo "FAIL: dnsmasq did not start: $(<"$work/dnsmasq.log")" >&2; exit 1; }

# Wine maps / to drive Z:.
windows_path() {
    printf 'Z:%s' "${1//\//\\}"
}

net_smoke http "http://www.example.jp:$http_port/" "www.example.jp:$http_port:127.0.0.1"
expect_rc 0 "http"
contains "$out" "ip=127.0.0.1" "http: the address CURLOPT_RESOLVE gave"
contains "$out" "status=200" "http"
contains "$out" "body=host=www.example.jp:$http_port" "http: the page the test server sent"

https_url="https://www.example.jp:$https_port/"
net_smoke http "$https_url" "www.example.jp:$https_port:127.0.0.1" "$(windows_path "$work/cert.pem")"
expect_rc 0 "https with the test certificate as CA file"
contains "$out" "ip=127.0.0.1" "https: the address CURLOPT_RESOLVE gave"
contains "$out" "status=200" "https"
contains "$out" "body=host=www.example.jp:$https_port" "https: the page the test server sent"
contains "$out" "cert.Subject:CN=www.example.jp, O=fshosts test" "https: the certificate's subject"
contains "$out" "cert.Issuer:CN=www.example.jp, O=fshosts test" "https: the certificate's issuer"
not_after=$(openssl x509 -in "$work/cert.pem" -noout -enddate)
contains "$out" "cert.Expire Date:$(date -u -d "${not_after#notAfter=}" '+%Y-%m-%d %H:%M:%S GMT')" \
    "https: the certificate's expiry"

net_smoke http "$https_url" "www.example.jp:$https_port:127.0.0.1" "$(windows_path "$work/other.pem")"
expect_rc 1 "https against a CA file that did not sign the server's certificate"
contains "$err" "curl error 60:" "https against another CA"
[[ $out != *status=* ]] || fail "https against another CA: a page came back: $out"

net_smoke http "https://shop.example.jp:$https_port/" "shop.example.jp:$https_port:127.0.0.1" \
    "$(windows_path "$work/cert.pem")"
expect_rc 1 "https under a name the certificate does not cover"
contains "$err" "curl error 60:" "https under another name"

net_smoke dns "127.0.0.1:$dns_port" www.example.jp a
expect_rc 0 "dns A"
[[ $out == "a=203.0.113.10" ]] || fail "dns A: expected exactly a=203.0.113.10 from dnsmasq, got: $out"

net_smoke dns "127.0.0.1:$dns_port" example.jp txt
expect_rc 0 "dns TXT"
[[ $out == "txt=$txt" ]] || fail "dns TXT: expected exactly txt=$txt from dnsmasq, got: $out"

stop_servers
wine_checks_finish "net_smoke: libcurl (HTTP, HTTPS with Schannel) and c-ares under Wine: OK"
