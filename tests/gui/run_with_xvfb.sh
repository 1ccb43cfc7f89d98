#!/usr/bin/env bash
# Runs a GUI test program under an Xvfb of its own: starts Xvfb (it picks a free display and
# writes the number to -displayfd), runs PROGRAM ARGS... with DISPLAY set, then stops Xvfb and
# waits for it (PID 1 does not reap orphans). Exit status: the program's; 77 = skipped (no Xvfb).
#
# Usage: run_with_xvfb.sh PROGRAM [ARGS...]
set -euo pipefail

program=${1:?usage: $0 PROGRAM [ARGS...]}
shift
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools Xvfb

tmp=$(mktemp -d /tmp/fshosts-xvfb.XXXXXX)
xvfb_pid=
cleanup() {
    if [[ -n $xvfb_pid ]]; then
        kill -TERM "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do
    [[ -s $tmp/display ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
done
if [[ ! -s $tmp/display ]]; then
    echo "FAIL: Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
fi
display=:$(tr -d '[:space:]' <"$tmp/display")

status=0
env DISPLAY="$display" NO_AT_BRIDGE=1 LANG=C.UTF-8 "$program" "$@" || status=$?
exit "$status"
