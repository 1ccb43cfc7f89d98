#!/usr/bin/env bash
# The real fshosts-gui.exe under Wine + Xvfb, in Japanese and in English, in the same Wine prefix
# as the CLI tests: fshosts.exe first starts a preview on a hosts file inside the prefix (so the
# prefix is one where the CLI has run: before scripts/wine-run mapped "MS UI Gothic", Japanese
# then showed as empty boxes, docs/windows.md), then for each language fshosts-gui.exe
# --hosts-file on that file:
#   - its window appears, with the title of an active preview in that language (the catalog is
#     found under Wine);
#   - a screenshot goes to SCREENSHOT_DIR/windows-gui-<lang>.png, and one of the whole-file tab
#     (Ctrl+F; the file's Japanese comments in the fixed-pitch font) to
#     windows-gui-<lang>-hosts-file.png, and one of File > Backups... (its Close button is wx's
#     stock text, Japanese through wxWidgets' own catalog) to windows-gui-<lang>-backups.png:
#     look at them;
#   - the screenshots show no text drawn as empty boxes (glyph_boxes.py), and some text at all.
# Run under tests/gui/run_with_xvfb.sh (DISPLAY set).
#
#   gui_screenshots.sh WINE_RUN WINEPREFIX FSHOSTS_EXE FSHOSTS_GUI_EXE SCREENSHOT_DIR
set -euo pipefail
wine_run=$1 wineprefix=$2 cli=$3 gui=$4 shots=$5
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../support/tools.sh
source "$here/../support/tools.sh"
fshosts_require_tools xdotool import convert python3 timeout
[[ -n ${DISPLAY:-} ]] || { echo "FAIL: no DISPLAY: run through tests/gui/run_with_xvfb.sh" >&2; exit 1; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

tmp=$(mktemp -d /tmp/fshosts-wine-gui-XXXXXX)
gui_pid=
app_pid=
cleanup() {
    if [[ -n $app_pid ]]; then
        kill -TERM "$app_pid" 2>/dev/null || true
    fi
    if [[ -n $gui_pid ]]; then
        wait "$gui_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
    [[ -z ${work:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

# The prefix exists once wine-run has run something in it; the hosts file lives inside it.
"$wine_run" --wineprefix "$wineprefix" "$cli" --version >/dev/null
work=$(mktemp -d "$wineprefix/drive_c/fshosts-screenshots-XXXXXX")
win_hosts="C:\\$(basename "$work")\\hosts"
printf '# hosts (Windows)\r\n127.0.0.1       localhost\r\n# 社内テスト用\r\n10.0.0.5\tintranet.local   # 会議室\r\n' >"$work/hosts"

# The CLI starts a preview: its UTF-8 code page (manifest) makes Wine reset the UI fonts' links.
"$wine_run" --wineprefix "$wineprefix" "$cli" --hosts-file "$win_hosts" apply --ip 203.0.113.10 --with-twin www.example.jp \
    >"$tmp/cli.log" 2>&1 || fail "fshosts.exe apply: $(cat "$tmp/cli.log")"

mkdir -p "$shots"
# shoot WINDOW NAME [MIN_SHAPES]: saves the window as SCREENSHOT_DIR/NAME.png and checks its
# glyphs: no text drawn as boxes, at least MIN_SHAPES (60) distinct shapes (a dialog with a few
# English words shows fewer).
shoot() {
    local shot=$shots/$2.png
    import -window "$1" "$shot"
    echo "   screenshot $shot"
    convert "$shot" -colorspace Gray -depth 8 "pgm:$tmp/$2.pgm"
    python3 "$here/glyph_boxes.py" "$tmp/$2.pgm" "${3:-60}" || fail "$2: see $shot"
}
declare -A backups_title=(
    [en]="Backups of the hosts file"
    [ja]="hosts ファイルのバックアップ"
)
declare -A expected_title=(
    [en]="fshosts — Preview active on this PC only"
    [ja]="fshosts — このPCでのみプレビュー中"
)
for lang in ja en; do
    "$wine_run" --wineprefix "$wineprefix" "$gui" --lang "$lang" --hosts-file "$win_hosts" --dns-server 127.0.0.1:9 >"$tmp/gui-$lang.log" 2>&1 &
    gui_pid=$!
    window=
    for _ in $(seq 120); do
        window=$(xdotool search --onlyvisible --name '^fshosts' 2>/dev/null | head -n 1) || true
        [[ -n $window ]] && [[ $(xdotool getwindowname "$window") == "${expected_title[$lang]}" ]] && break
        kill -0 "$gui_pid" 2>/dev/null || fail "$lang: fshosts-gui.exe exited: $(cat "$tmp/gui-$lang.log")"
        sleep 0.5
    done
    [[ -n $window ]] || fail "$lang: no fshosts window within 60 s"
    title=$(xdotool getwindowname "$window")
    [[ $title == "${expected_title[$lang]}" ]] || fail "$lang: window title '$title', expected '${expected_title[$lang]}'"
    echo "ok: $lang: window '$title'"
    app_pid=$(xdotool getwindowpid "$window")
    # Without a tray on the X server, Wine shows the tray icon in a little window of its own at
    # the top left, over the menu bar: move the main window beside it.
    xdotool windowmove "$window" 300 0
    sleep 2  # the first paint of every control
    shoot "$window" "windows-gui-$lang"
    xdotool key ctrl+f  # the whole-file tab, with the search field
    sleep 1.5
    shoot "$window" "windows-gui-$lang-hosts-file"
    # File > Backups...: the dialog's Close button is wx's stock text, in Japanese only with
    # wxWidgets' own catalog beside fshosts' (cmake/translations.cmake; the in-process case
    # "backups dialog ja" checks its label).
    xdotool key alt+f
    sleep 0.7
    xdotool key b
    dialog=
    for _ in $(seq 40); do
        dialog=$(xdotool search --onlyvisible --name "^${backups_title[$lang]}\$" 2>/dev/null | head -n 1) || true
        [[ -n $dialog ]] && break
        sleep 0.5
    done
    [[ -n $dialog ]] || fail "$lang: File > Backups did not open the backups dialog"
    sleep 1.5
    shoot "$dialog" "windows-gui-$lang-backups" 30
    xdotool key Escape
    sleep 0.5
    # Closing would ask about the active preview: end the program instead, then its Wine session.
    kill -TERM "$app_pid"
    app_pid=
    wait "$gui_pid" || true
    gui_pid=
done
echo "PASS"
