#!/usr/bin/env bash
# The real fshosts-gui under its own Xvfb, driven the way a site builder drives it (keyboard and
# mouse through xdotool), in Japanese and in English, on a temp copy of a hosts file:
#   - `fshosts-gui --version` works without a display;
#   - the window appears within 2 s;
#   - a bad domain ("www.example .jp") writes nothing, even when Return is pressed;
#   - https://www.example.jp/ + 203.0.113.10, Start preview -> the file has the block (www and the
#     twin, CRLF like the rest of the file); Revert all -> the file is byte-identical again;
#   - in English the hosts file's name is not valid UTF-8 (the path reaches core byte for byte);
#   - a user line for the same name opens the conflict dialog (title in the UI language);
#     "Disable them and start preview" comments it out; Revert all -> byte-identical again.
# Screenshots go to BUILD_DIR/screenshots/<lang>-*.png: look at them.
#
# The banner state is read from the window title ("fshosts — <banner title>").
#
# Usage: gui_test.sh BUILD_DIR SOURCE_DIR      (exit 77 = skipped: no Xvfb or xdotool)
# SC2016: wait_for_file checks are single-quoted on purpose (evaluated on each poll);
# SC2034: SCREEN and WINDOW are set by eval "$(xdotool getwindowgeometry --shell ...)".
# shellcheck disable=SC2016,SC2034
set -euo pipefail

build=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source_dir=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
gui=$build/bin/fshosts-gui
shots=$build/screenshots

# shellcheck source=../support/tools.sh
source "$source_dir/tests/support/tools.sh"
fshosts_require_tools Xvfb xdotool import compare fc-list timeout
[[ -x $gui ]] || { echo "FAIL: $gui is not built" >&2; exit 1; }
if [[ -z $(fc-list :lang=ja family) ]]; then
    echo "FAIL: no Japanese font (fonts-noto-cjk): Japanese would render as boxes" >&2
    exit 1
fi

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

tmp=$(mktemp -d /tmp/fshosts-gui-test.XXXXXX)
xvfb_pid=
app_pid=
cleanup() {
    local rc=$?
    if [[ -n $app_pid ]]; then
        kill -KILL "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    if [[ -n $xvfb_pid ]]; then
        kill -TERM "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
    fi
    if [[ $rc -ne 0 && -d $tmp ]]; then
        echo "--- app output (last run) ---" >&2
        cat "$tmp"/app-*.log 2>/dev/null | tail -n 40 >&2 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- 1. --version without a display --------------------------------------------------------------
version=$(sed -n '/^project(fshosts/,/)/s/.*VERSION \([0-9][0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt" | head -n 1)
[[ -n $version ]] || fail "cannot read the version from $source_dir/CMakeLists.txt"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$gui" --version) || fail "fshosts-gui --version exited $?"
[[ $out == "fshosts-gui $version" ]] || fail "--version printed '$out', expected 'fshosts-gui $version'"
echo "ok: --version without a display: $out"

# --- 2. our own X server ---------------------------------------------------------------------------
# -displayfd: Xvfb picks a free display number itself and writes it once it accepts clients.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do
    [[ -s $tmp/display ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
    sleep 0.1
done
[[ -s $tmp/display ]] || fail "Xvfb gave no display number within 10 s"
DISPLAY=":$(tr -d '[:space:]' <"$tmp/display")"
export DISPLAY
echo "ok: Xvfb on $DISPLAY"
mkdir -p "$shots"

# --- helpers ---------------------------------------------------------------------------------------
main_window=

# Starts the app on $hosts in language $1 and waits for its window (fails over 2 s).
start_app() {
    local lang=$1 locale=$2 run=$3
    rm -f "$tmp/report"
    local t0
    t0=$(now_ms)
    env -u LC_ALL -u LANGUAGE LANG="$locale" HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" \
        XDG_CONFIG_HOME="$tmp/home/.config" NO_AT_BRIDGE=1 \
        "$gui" --hosts-file "$hosts" --lang "$lang" --dns-server 127.0.0.1:9 >"$tmp/app-$run.log" 2>&1 &
    app_pid=$!
    main_window=$(timeout 10 xdotool search --sync --onlyvisible --all --pid "$app_pid" --name '^fshosts' | head -n 1) ||
        fail "$run: no fshosts window within 10 s"
    local elapsed=$(($(now_ms) - t0))
    echo "ok: $run: window $main_window visible after ${elapsed} ms"
    ((elapsed <= 2000)) || fail "$run: the window took ${elapsed} ms to appear (limit 2000 ms)"
    xdotool windowfocus --sync "$main_window"
    sleep 0.5  # let the first layout and paint finish before screenshots and keys
}

# Closes the app like a user (Ctrl+Q), else SIGTERM, and reaps it.
stop_app() {
    [[ -n $app_pid ]] || return 0
    xdotool windowfocus "$main_window" key ctrl+q 2>/dev/null || true
    for _ in $(seq 30); do
        kill -0 "$app_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=
}

# Screenshot of the main window's area (dialogs on top of it included).
shot() {
    local name=$1 X Y WIDTH HEIGHT SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$main_window")"
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$shots/$name.png"
    echo "   screenshot $shots/$name.png"
}

# Number of pixels that differ between two images.
pixel_diff() { compare -metric AE "$1" "$2" null: 2>&1 || true; }

# Puts the keyboard focus in the contract-domain field, the first field of the form. Where the
# focus is at startup is not fixed (nowhere, or a control before the form), so: type a probe
# character and see whether the window changes a lot (the field shows it and its live check turns
# into an error message); if not, Tab to the next control and try again.
focus_domain_field() {
    local try diff
    for try in 1 2 3 4 5 6; do
        import -window "$main_window" "$tmp/probe-a.png"
        xdotool key z
        sleep 0.3
        import -window "$main_window" "$tmp/probe-b.png"
        diff=$(pixel_diff "$tmp/probe-a.png" "$tmp/probe-b.png")
        if [[ $diff =~ ^[0-9]+$ ]] && ((diff > 100)); then
            xdotool key BackSpace
            sleep 0.2
            ((try == 1)) || echo "   (the domain field got the focus after $((try - 1)) Tab key(s))"
            return 0
        fi
        xdotool key Tab
        sleep 0.2
    done
    fail "could not get the keyboard focus into the domain field with Tab"
}

# Waits (<= 10 s) until the shell test "$2" (evaluated each time, so single-quoted) holds.
wait_for_file() {
    local what=$1 check=$2
    for _ in $(seq 100); do
        if eval "$check"; then return 0; fi
        sleep 0.1
    done
    fail "$what: not seen within 10 s; the file is now:$(printf '\n'; cat -A "$hosts")"
}

# Checks the banner's title, which the app also shows in its window title ("fshosts — TITLE").
check_banner() {
    local what=$1 expected=$2 name=
    for _ in $(seq 50); do
        name=$(xdotool getwindowname "$main_window" 2>/dev/null || true)
        [[ $name == *"$expected"* ]] && { echo "ok: $what: banner says '$expected'"; return 0; }
        sleep 0.1
    done
    fail "$what: the banner does not say '$expected'; the window title is: $name"
}

# The big "Revert all" button: full width, at the bottom of the window above the hosts-file label
# ("always in the same place"), so its centre is 63 px above the bottom edge.
click_revert_all() {
    local X Y WIDTH HEIGHT SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$main_window")"
    xdotool mousemove --window "$main_window" $((WIDTH / 2)) $((HEIGHT - 63)) click 1
    xdotool mousemove 1270 790  # out of the way, so no hover highlight in screenshots
}

# Ctrl+F: the whole-file tab with the cursor in its search field; "example.jp" and Return find the
# first match. The screenshot must differ from the one before (the tab and the match are shown).
show_whole_file() {
    local what=$1 name=$2
    local before=$shots/$name-before.png
    shot "$name-before" >/dev/null
    xdotool key ctrl+f
    sleep 0.3
    xdotool type --delay 15 'example.jp'
    xdotool key Return
    sleep 0.5
    shot "$name"
    [[ $(pixel_diff "$before" "$shots/$name.png") != 0 ]] || fail "$what: Ctrl+F and a search changed nothing in the window"
    rm -f "$before"
    echo "ok: $what: Ctrl+F shows the whole file and finds example.jp"
}

# Asserts the managed block holds exactly the two preview lines (and RECORD, the restore record
# of a disabled line, when given) and every line ends in CRLF.
check_block() {
    local run=$1 record=${2:-}
    local block expected=$'203.0.113.10 www.example.jp\r\n203.0.113.10 example.jp\r'
    [[ -n $record ]] && expected+=$'\n'"$record"$'\r'
    block=$(sed -n '/^# >>> fshosts managed block/,/^# <<< fshosts managed block/p' "$hosts" | sed '1d;$d')
    [[ $block == "$expected" ]] ||
        fail "$run: the block holds:$(printf '\n'; printf '%s' "$block" | cat -A)"
    # Every line ends with CRLF (the file's own style), the last one included.
    if LC_ALL=C grep -qv $'\r$' "$hosts" || [[ $(tail -c 2 "$hosts" | od -An -c | tr -d ' ') != '\r\n' ]]; then
        fail "$run: a line does not end with CRLF:$(printf '\n'; cat -A "$hosts")"
    fi
}

# --- 3. per language -------------------------------------------------------------------------------
run_language() {
    local lang=$1 locale=$2 active_text=$3 idle_text=$4 dialog_title=$5
    echo "== $lang ($locale)"
    rm -rf "${tmp:?}/home" "${tmp:?}/state"
    mkdir -p "$tmp/home" "$tmp/state"

    # A realistic Windows-style hosts file: CRLF, a Japanese comment, no final newline.
    original=$tmp/hosts-$lang.orig
    printf '%s\r\n' \
        '# Copyright (c) 1993-2009 Microsoft Corp.' \
        '#' \
        '# 社内検証用の設定（削除しないでください）' \
        '127.0.0.1       localhost' \
        '::1             localhost' \
        '192.168.10.5    staging.example.co.jp' >"$original"
    printf '%s' '10.0.0.8        intranet.example.local' >>"$original"
    # In English the file's name is not valid UTF-8 (bytes FF FE): fshosts-gui must still read
    # and change it (wx alone would turn such an argument into an empty string).
    hosts=$tmp/hosts-$lang
    [[ $lang == en ]] && hosts+=$'-\xff\xfe'
    cp "$original" "$hosts"

    # Bad domain, then the real one, in one session.
    start_app "$lang" "$locale" "$lang-preview"
    check_banner "$lang before" "$idle_text"
    shot "$lang-before"
    focus_domain_field
    xdotool type --delay 15 'www.example .jp'
    xdotool key Tab  # the twin box is disabled while the domain is invalid: Tab goes to the address
    xdotool type --delay 15 '203.0.113.10'
    sleep 0.3
    import -window "$main_window" "$tmp/typed.png"
    xdotool key Return  # the default button is "Start preview": disabled, so nothing may happen
    sleep 1.5
    cmp -s "$original" "$hosts" || fail "$lang: a bad domain changed the file:$(printf '\n'; cat -A "$hosts")"
    [[ $(xdotool search --onlyvisible --pid "$app_pid" --name '.' | wc -l) -eq 1 ]] ||
        fail "$lang: a window opened after Return with a bad domain"
    shot "$lang-bad-domain"
    [[ $(pixel_diff "$shots/$lang-before.png" "$shots/$lang-bad-domain.png") != 0 ]] ||
        fail "$lang: typing changed nothing in the window (focus lost?)"
    echo "ok: $lang: bad domain + valid IP, Return -> file unchanged"

    xdotool key shift+Tab ctrl+a  # back to the domain field, select all
    xdotool type --delay 15 'https://www.example.jp/'
    xdotool key Tab Tab ctrl+a  # twin box (now enabled), then the address field
    xdotool type --delay 15 '203.0.113.10'
    sleep 0.3
    local t0
    t0=$(now_ms)
    xdotool key Return
    wait_for_file "$lang: the preview block" 'grep -q "^203.0.113.10 example.jp" "$hosts" 2>/dev/null'
    echo "ok: $lang: Start preview -> block written after $(($(now_ms) - t0)) ms"
    [[ $(head -c "$(stat -c %s "$original")" "$hosts" | cmp -s - "$original" && echo same) == same ]] ||
        fail "$lang: the original lines were changed:$(printf '\n'; cat -A "$hosts")"
    check_block "$lang"
    echo "ok: $lang: block is exactly www.example.jp + example.jp -> 203.0.113.10, CRLF"
    check_banner "$lang after preview" "$active_text"
    sleep 0.5
    shot "$lang-after-preview"
    show_whole_file "$lang after preview" "$lang-whole-file"

    t0=$(now_ms)
    click_revert_all
    wait_for_file "$lang: Revert all gives the original back" 'cmp -s "$original" "$hosts"'
    echo "ok: $lang: Revert all -> byte-identical after $(($(now_ms) - t0)) ms"
    check_banner "$lang after revert" "$idle_text"
    sleep 0.5
    shot "$lang-after-revert"
    stop_app

    # Conflict: the user's own line for www.example.jp would win over the preview.
    printf '127.0.0.1 localhost\r\n# 本番確認用\r\n192.0.2.1 www.example.jp\r\n' >"$original"
    cp "$original" "$hosts"
    start_app "$lang" "$locale" "$lang-conflict"
    focus_domain_field
    xdotool type --delay 15 'www.example.jp'
    xdotool key Tab Tab  # twin box, address
    xdotool type --delay 15 '203.0.113.10'
    sleep 0.3
    xdotool key Return
    local dialog
    dialog=$(timeout 10 bash -c "until xdotool search --onlyvisible --pid $app_pid --name '.' | grep -vx $main_window; do sleep 0.1; done" | head -n 1) ||
        fail "$lang: no conflict dialog within 10 s"
    local title
    title=$(xdotool getwindowname "$dialog")
    [[ $title == "$dialog_title" ]] || fail "$lang: dialog title '$title', expected '$dialog_title'"
    echo "ok: $lang: conflict dialog '$title'"
    cmp -s "$original" "$hosts" || fail "$lang: the file changed before the user chose"
    sleep 0.3
    shot "$lang-conflict-dialog"
    # Buttons: [Cancel] [Disable them and start preview], the affirmative one on the right.
    local X Y WIDTH HEIGHT SCREEN WINDOW
    eval "$(xdotool getwindowgeometry --shell "$dialog")"
    xdotool mousemove --window "$dialog" $((WIDTH * 3 / 4)) $((HEIGHT - 16)) click 1
    xdotool mousemove 1270 790
    wait_for_file "$lang: the block after disabling the user line" 'grep -q "^203.0.113.10 example.jp" "$hosts" 2>/dev/null'
    [[ $(sed -n 1,3p "$hosts") == $'127.0.0.1 localhost\r\n# 本番確認用\r\n#[fshosts:disabled] 192.0.2.1 www.example.jp\r' ]] ||
        fail "$lang: the user line was not disabled as expected:$(printf '\n'; cat -A "$hosts")"
    check_block "$lang conflict" '#[fshosts:restores] 192.0.2.1%20www.example.jp'
    echo "ok: $lang: user line disabled as '#[fshosts:disabled] 192.0.2.1 www.example.jp', block written"
    check_banner "$lang after conflict preview" "$active_text"
    sleep 0.5
    shot "$lang-conflict-applied"
    show_whole_file "$lang after conflict preview" "$lang-conflict-whole-file"
    click_revert_all
    wait_for_file "$lang: Revert all after the conflict" 'cmp -s "$original" "$hosts"'
    echo "ok: $lang: Revert all -> byte-identical, the user line is back"
    stop_app
}

run_language ja ja_JP.UTF-8 'このPCでのみプレビュー中' 'プレビューは行っていません' 'hosts ファイルの別の行が優先されています'
run_language en en_US.UTF-8 'Preview active on this PC only' 'No preview active' 'Another line in the hosts file wins'

echo "PASS: fshosts-gui preview/revert/conflict in ja and en; screenshots in $shots"
