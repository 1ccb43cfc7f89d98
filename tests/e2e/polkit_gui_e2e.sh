#!/usr/bin/env bash
# The GUI's system-hosts path for real: fshosts-gui (no --hosts-file), run by an ordinary user on
# an X server, elevates through pkexec, our polkit action jp.fshosts.modify-hosts, a real system
# D-Bus and polkitd, and fshosts-helper changes /etc/hosts. Driven with xdotool like a user:
#   - fshostsok (allowed by a polkit rule): https://www.example.jp/ + 127.0.0.1, Return -> /etc/hosts
#     gets "127.0.0.1 www.example.jp", getent resolves it, the banner (window title) says
#     "Preview active on this PC only"; the big Revert all button -> /etc/hosts byte-identical to
#     the original, banner "No preview active";
#   - fshostsno (no rule, no authentication agent): the same apply -> an error dialog titled
#     "Not allowed to change the hosts file", /etc/hosts and the backups unchanged.
# Screenshots go to BUILD_DIR/screenshots/polkit-gui-*.png: look at them.
#
# Same private mount + network namespace as polkit_e2e.sh (lib.sh: temp /etc/hosts, /var/lib,
# users only in bind-mounted passwd copies, dbus-daemon and polkitd as our children), plus an
# Xvfb of its own in the namespace (lib.sh e2e_start_xvfb).
# Usage: polkit_gui_e2e.sh BUILD_DIR SOURCE_DIR     (needs root; exit 77 = skipped)
# SC2016: wait_until checks are single-quoted on purpose (evaluated on each poll);
# SC2034: SCREEN and WINDOW are set by eval "$(xdotool getwindowgeometry --shell ...)".
# shellcheck disable=SC2016,SC2034
set -euo pipefail

build=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
# SOURCE_DIR is not used (the test runs the installed build); e2e_enter_namespace passes only
# BUILD_DIR to the run inside the namespace.
[[ ${FSHOSTS_E2E_INSIDE:-} == 1 ]] || : "${2:?usage: $0 BUILD_DIR SOURCE_DIR}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

# shellcheck disable=SC2034  # read by e2e_enter_namespace
E2E_TOOLS=("${E2E_POLKIT_TOOLS[@]}" Xvfb xdotool import timeout)
if [[ ${FSHOSTS_E2E_INSIDE:-} != 1 && ! -x $build/bin/fshosts-gui ]]; then
    e2e_fail "$build/bin/fshosts-gui is missing: build the tree first"
fi
e2e_enter_namespace "$(readlink -f "$0")" "$build" "${E2E_SHADOWED[@]}"

# --- inside the namespace ------------------------------------------------------------------------
gui=$E2E_PREFIX/bin/fshosts-gui
shots=$build/screenshots
now_ms() { echo $(($(date +%s%N) / 1000000)); }

e2e_setup_namespace
e2e_check_installed_policy
e2e_add_test_users
e2e_start_polkit
e2e_start_xvfb
export DISPLAY=$E2E_DISPLAY
mkdir -p "$shots"
rm -f "$shots"/polkit-gui-*.png

app_pid='' main_window=''

# start_gui UID NAME: fshosts-gui as that user (minimal environment, like a desktop session
# without an authentication agent), in English, on the system hosts file; waits for its window.
start_gui() {
    local uid=$1 name=$2 home=$E2E_TMP/home-$2 t0
    mkdir -p "$home/.config"
    chown -R "$uid:$uid" "$home"
    t0=$(now_ms)
    setpriv --reuid="$uid" --regid="$uid" --clear-groups -- \
        env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/.config" DISPLAY="$DISPLAY" \
        LANG=en_US.UTF-8 NO_AT_BRIDGE=1 "$gui" --lang en </dev/null >"$E2E_TMP/gui-$name.log" 2>&1 &
    app_pid=$!
    e2e_started "$app_pid" "fshosts-gui ($name)"
    main_window=$(timeout 15 xdotool search --sync --onlyvisible --all --pid "$app_pid" --name '^fshosts' | head -n 1) ||
        e2e_fail "$name: no fshosts window within 15 s; its output: $(cat "$E2E_TMP/gui-$name.log")"
    e2e_ok "$name: fshosts-gui (uid $(stat -c %u "/proc/$app_pid")) window $main_window after $(($(now_ms) - t0)) ms"
    xdotool windowfocus --sync "$main_window"
    sleep 0.5  # first layout and paint
}

stop_gui() {
    local name=$1
    e2e_stop_started "$app_pid"
    e2e_ok "$name: fshosts-gui stopped (SIGTERM as root) and reaped"
    app_pid='' main_window=''
}

# Screenshot of the main window's area (dialogs on top of it included).
shot() {
    local X Y WIDTH HEIGHT SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$main_window")"
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$shots/polkit-gui-$1.png"
    echo "   screenshot $shots/polkit-gui-$1.png"
}

# wait_until WHAT SECONDS CHECK: until the shell test CHECK (evaluated on each poll) holds.
wait_until() {
    local what=$1 secs=$2 check=$3 i
    for ((i = 0; i < secs * 10; i++)); do
        if eval "$check"; then return 0; fi
        sleep 0.1
    done
    e2e_fail "$what: not seen within $secs s; /etc/hosts is now:$(printf '\n'; cat -A /etc/hosts)$(printf '\n')GUI output: $(cat "$E2E_TMP"/gui-*.log)"
}

# The banner's title, which the app also shows in its window title ("fshosts — TITLE").
check_banner() {
    local what=$1 expected=$2 name='' i
    for ((i = 0; i < 50; i++)); do
        name=$(xdotool getwindowname "$main_window" 2>/dev/null || true)
        [[ $name == *"$expected"* ]] && { e2e_ok "$what: the window title is '$name'"; return 0; }
        sleep 0.1
    done
    e2e_fail "$what: the banner does not say '$expected'; the window title is: $name"
}

# The big "Revert all" button: full width at the bottom, its centre 63 px above the bottom edge
# (as in tests/gui/gui_test.sh).
click_revert_all() {
    local X Y WIDTH HEIGHT SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$main_window")"
    xdotool mousemove --window "$main_window" $((WIDTH / 2)) $((HEIGHT - 63)) click 1
    xdotool mousemove 1270 790  # out of the way: no hover highlight in screenshots
}

# Types the preview into the form and presses Return (the default button, "Start preview"). The
# domain field has the focus at start; with a valid domain, Tab goes to the twin box, then to
# the address field.
type_preview() {
    xdotool key ctrl+a
    xdotool type --delay 15 'https://www.example.jp/'
    xdotool key Tab Tab ctrl+a
    xdotool type --delay 15 '127.0.0.1'
    sleep 0.3
    shot "$1-typed"
    xdotool key Return
}

hosts_has_preview() { LC_ALL=C grep -qE $'^127\\.0\\.0\\.1[[:space:]]+www\\.example\\.jp\r?$' /etc/hosts; }
backups() { find /var/lib/fshosts -printf '%P %s %T@\n' 2>/dev/null | grep -v '^audit.log ' | sort; }

# --- 1. allowed user: apply and revert all through pkexec ------------------------------------------
ok=$E2E_OK_USER
start_gui "$E2E_OK_UID" "$ok"
check_banner "$ok at start" "No preview active"
shot ok-before
type_preview ok
t0=$(now_ms)
wait_until "$ok: 127.0.0.1 www.example.jp in /etc/hosts" 15 hosts_has_preview
e2e_ok "$ok: Return -> /etc/hosts has 127.0.0.1 www.example.jp after $(($(now_ms) - t0)) ms (through pkexec)"
echo "   managed block:"
sed -n '/^# >>> fshosts managed block/,/^# <<< fshosts managed block/p' /etc/hosts | cat -A | sed 's/^/     /'
e2e_resolves www.example.jp 127.0.0.1
check_banner "$ok after the preview" "Preview active on this PC only"
grep -E ' op="?(request:)?apply"? ' /var/lib/fshosts/audit.log | grep -q "pkexec_uid=$E2E_OK_UID" ||
    { cat /var/lib/fshosts/audit.log >&2; e2e_fail "the audit log does not name $ok (pkexec_uid=$E2E_OK_UID) for the apply"; }
e2e_ok "the audit log names $ok for the apply"
sleep 0.5
shot ok-preview

t0=$(now_ms)
click_revert_all
wait_until "$ok: Revert all gives /etc/hosts back" 15 'cmp -s "$E2E_ORIGINAL" /etc/hosts'
e2e_ok "$ok: Revert all -> /etc/hosts restored after $(($(now_ms) - t0)) ms"
e2e_same_bytes "$E2E_ORIGINAL" "to the original after $ok's Revert all"
e2e_not_resolves www.example.jp
check_banner "$ok after Revert all" "No preview active"
sleep 0.5
shot ok-reverted
[[ $(xdotool search --onlyvisible --pid "$app_pid" --name '.' | wc -l) -eq 1 ]] ||
    { shot ok-unexpected-window; e2e_fail "$ok: another window (an error dialog?) is open"; }
stop_gui "$ok"

# --- 2. refused user: the permission dialog, nothing changes -------------------------------------
no=$E2E_NO_USER
backups >"$E2E_TMP/backups.before-refusal"
start_gui "$E2E_NO_UID" "$no"
check_banner "$no at start" "No preview active"
type_preview no
t0=$(now_ms)
dialog=$(timeout 15 xdotool search --sync --onlyvisible --all --pid "$app_pid" --name '^Not allowed to change the hosts file$' | head -n 1) ||
    { shot no-no-dialog; e2e_fail "$no: no 'Not allowed to change the hosts file' dialog within 15 s; windows: $(xdotool search --onlyvisible --pid "$app_pid" --name '.' getwindowname %@ 2>&1 | tr '\n' '|')"; }
title=$(xdotool getwindowname "$dialog")
[[ $dialog != "$main_window" && $title == 'Not allowed to change the hosts file' ]] ||
    e2e_fail "$no: the window found ($dialog, '$title') is not the permission dialog"
e2e_ok "$no: a second window, the dialog '$title', after $(($(now_ms) - t0)) ms"
sleep 0.5
shot no-dialog
e2e_same_bytes "$E2E_ORIGINAL" "after $no's refused preview"
backups | cmp -s - "$E2E_TMP/backups.before-refusal" ||
    e2e_fail "$no's refused preview changed /var/lib/fshosts: $(backups)"
e2e_ok "$no: /var/lib/fshosts (backups, lock) unchanged"
e2e_not_resolves www.example.jp
stop_gui "$no"

echo "--- GUI output"
cat "$E2E_TMP"/gui-*.log
echo "PASS: fshosts-gui: $ok previews and reverts /etc/hosts through pkexec and polkit; $no gets 'Not allowed to change the hosts file' and nothing changes"
