#!/usr/bin/env bash
# libcurl is loaded only when a probe runs (src/probe/curl_api_loaded.cpp, docs/probe.md): fshosts
# and fshosts-gui must not need it at start, nor the TLS libraries it brings (OpenSSL, GnuTLS).
# Checks the programs' own NEEDED entries (readelf -d) and everything the loader maps at start
# (ldd), and that fshosts does contain the probes (so the check is not passing because they were
# left out).
#
#   no_libcurl_at_start.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
# shellcheck source-path=SCRIPTDIR source=../support/tools.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/support/tools.sh"
fshosts_require_tools readelf ldd nm

programs=("$build/bin/fshosts")
if grep -q '^FSHOSTS_BUILD_GUI:BOOL=ON' "$build/CMakeCache.txt"; then
    programs+=("$build/bin/fshosts-gui")
fi
forbidden='lib(curl|ssl|crypto|gnutls|nghttp2|rtmp|ssh2|ldap|gssapi_krb5)[.-]'
failures=0
for program in "${programs[@]}"; do
    [[ -x $program ]] || { echo "FAIL: $program is missing: build it first" >&2; exit 1; }
    needed=$(readelf -d "$program" | grep -F '(NEEDED)') || { echo "FAIL: readelf found no NEEDED entry in $program" >&2; exit 1; }
    if grep -E "$forbidden" <<<"$needed" >&2; then
        echo "FAIL: $program links libcurl or a TLS library (NEEDED above)" >&2
        failures=$((failures + 1))
    fi
    loaded=$(ldd "$program")
    grep -q 'libc\.so\.6' <<<"$loaded" || { echo "FAIL: ldd $program: $loaded" >&2; exit 1; }
    if grep -E "$forbidden" <<<"$loaded" >&2; then
        echo "FAIL: starting $program loads libcurl or a TLS library (ldd above)" >&2
        failures=$((failures + 1))
    fi
    echo "$program: $(grep -c . <<<"$needed") NEEDED, $(grep -c '=>' <<<"$loaded") libraries at start"
done
symbols=$(nm -C "${programs[0]}")
if ! grep -qE ' [Tt] fshosts::probe::probe_site\(' <<<"$symbols"; then
    echo "FAIL: ${programs[0]} has no fshosts::probe::probe_site: the probes are not in it" >&2
    failures=$((failures + 1))
fi
[[ $failures -eq 0 ]] || exit 1
echo "ok: no program loads libcurl or a TLS library at start"
