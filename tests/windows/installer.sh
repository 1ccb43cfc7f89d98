#!/usr/bin/env bash
# The Windows installer (installer/windows/fshosts.nsi) under Wine, in a fresh Wine prefix of its
# own: a silent install (/S) puts every file the build staged into C:\Program Files\fshosts
# byte for byte, the Start menu entry and the "Apps" uninstall key (version, publisher); the
# installed fshosts.exe runs (--version, status on a temp file); the silent uninstaller refuses,
# removing nothing, when it cannot revert a preview, reverts an active preview when the build has
# the helper, and leaves no file, directory, shortcut or registry key behind.
#
#   installer.sh WINE_RUN SETUP_EXE FILES_TXT STAGE_DIR VERSION PUBLISHER PROGRAM...
#
# FILES_TXT lists the staged files (relative paths), STAGE_DIR holds them; each PROGRAM is the
# relative path of a program the build made (bin/fshosts.exe, ...), which must be installed.
set -euo pipefail
wine_run=$1 setup=$2 manifest=$3 stage=$4 version=$5 publisher=$6
shift 6
programs=("$@")
# Wine itself comes with the Windows build's packages (scripts/install-deps --windows).
# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools cmp

work=$(mktemp -d /tmp/fshosts-wine-installer-XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
install_dir="$prefix/drive_c/Program Files/fshosts"
win_install_dir='C:\Program Files\fshosts'
shortcut="$prefix/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/fshosts.lnk"
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\fshosts'
hosts=$prefix/drive_c/windows/system32/drivers/etc/hosts
win_hosts='C:\windows\system32\drivers\etc\hosts'
temp_hosts=$work/temp-hosts
win_temp_hosts="Z:${temp_hosts//\//\\}"

# shellcheck source=wine_checks.sh
source "$(dirname "$0")/wine_checks.sh"
# The prefix is created by the first run.
wine_checks_init "$wine_run" "$prefix" "$work"

# installed_exactly WHAT: every staged file is installed with the same bytes, plus the
# uninstaller, and nothing else.
installed_exactly() {
    local file
    while IFS= read -r file; do
        cmp -s "$stage/$file" "$install_dir/$file" || fail "$1: $file is not installed as staged"
    done <"$manifest"
    [[ -f $install_dir/uninstall.exe ]] || fail "$1: uninstall.exe is missing"
    local expected actual
    expected=$({ cat "$manifest"; echo uninstall.exe; } | LC_ALL=C sort)
    actual=$(cd "$install_dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
    [[ $expected == "$actual" ]] || fail "$1: the installed files differ from the staged ones: $actual"
}

# --- install ---------------------------------------------------------------------------------
[[ -s $manifest ]] || fail "the staged file list $manifest is empty"
for program in "${programs[@]}"; do
    grep -qxF "$program" "$manifest" || fail "the build made $program, but the installer does not contain it"
done
grep -qxF share/locale/ja/LC_MESSAGES/fshosts.mo "$manifest" ||
    fail "the Japanese catalog is not in the installer at share/locale/ja/LC_MESSAGES/fshosts.mo"
# wxWidgets' own Japanese catalog (stock buttons, wx dialogs), found by the GUI beside ours.
if printf '%s\n' "${programs[@]}" | grep -qxF bin/fshosts-gui.exe; then
    grep -qxF share/locale/ja/LC_MESSAGES/wxstd-3.2.mo "$manifest" ||
        fail "wxWidgets' Japanese catalog is not in the installer at share/locale/ja/LC_MESSAGES/wxstd-3.2.mo"
fi

run "$setup" /S
expect_rc 0 "silent install"
installed_exactly "after the install"

[[ -f $shortcut ]] || fail "no Start menu entry at $shortcut"
if [[ -f $shortcut ]]; then
    # The shortcut's target, as ASCII (its UTF-16 strings without the zero bytes).
    target=$(tr -d '\0' <"$shortcut")
    if printf '%s\n' "${programs[@]}" | grep -qxF bin/fshosts-gui.exe; then
        contains "$target" 'fshosts-gui.exe' "the Start menu entry"
    else
        contains "$target" 'fshosts.exe' "the Start menu entry"
    fi
fi

run reg query "$key"
expect_rc 0 "the uninstall key"
for value in "DisplayName    REG_SZ    fshosts" "DisplayVersion    REG_SZ    $version" \
    "Publisher    REG_SZ    $publisher" "UninstallString    REG_SZ    \"$win_install_dir\\uninstall.exe\"" \
    "InstallLocation    REG_SZ    $win_install_dir"; do
    contains "$out" "$value" "the uninstall key"
done

# --- the installed CLI -----------------------------------------------------------------------
run "$install_dir/bin/fshosts.exe" --version
expect_rc 0 "fshosts.exe --version"
contains "$out" "fshosts $version" "fshosts.exe --version"

printf '127.0.0.1 localhost\r\n' >"$temp_hosts"
run "$install_dir/bin/fshosts.exe" --hosts-file "$win_temp_hosts" status
expect_rc 0 "fshosts.exe status --hosts-file"
contains "$out" "No preview is active" "fshosts.exe status --hosts-file"

# --- the uninstaller stops when it cannot revert ---------------------------------------------
# Wine's prefix has a hosts file like Windows; keep a copy to compare with.
[[ -f $hosts ]] || printf '127.0.0.1 localhost\r\n::1 localhost\r\n' >"$hosts"
cp "$hosts" "$work/original"

# A damaged block (a start marker without its end): status reports it, revert refuses it.
printf '# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n203.0.113.10 www.example.jp\r\n' >>"$hosts"
cp "$hosts" "$work/damaged"
# In place (_?=), so the exit code is the uninstaller's own and not that of its launcher. NSIS
# reads _?= only unquoted, up to the end of the command line, and Wine quotes an argument with a
# space: two arguments, which Wine joins with one space.
run "$install_dir/uninstall.exe" /S '_?=C:\Program' 'Files\fshosts'
expect_rc 2 "silent uninstall with a block it cannot revert"
cmp -s "$hosts" "$work/damaged" || fail "the stopped uninstall changed the hosts file"
installed_exactly "after the stopped uninstall"
[[ -f $shortcut ]] || fail "the stopped uninstall removed the Start menu entry"
run reg query "$key"
expect_rc 0 "the uninstall key after the stopped uninstall"
cp "$work/original" "$hosts"

# --- an active preview -----------------------------------------------------------------------
run "$install_dir/bin/fshosts.exe" --hosts-file "$win_hosts" apply --ip 203.0.113.10 www.example.jp
expect_rc 0 "apply to the prefix's hosts file"
contains "$(<"$hosts")" $'203.0.113.10 www.example.jp\r' "the preview in the hosts file"
cp "$hosts" "$work/preview"

run "$install_dir/uninstall.exe" /S
if cmp -s "$hosts" "$work/original"; then
    echo "the uninstaller reverted the preview"
elif cmp -s "$hosts" "$work/preview"; then
    # The system hosts file is changed through fshosts-helper.exe (UAC); a build without it
    # cannot revert, and then the uninstaller must stop with everything in place.
    if printf '%s\n' "${programs[@]}" | grep -qxF libexec/fshosts/fshosts-helper.exe; then
        fail "the build has the helper, but the uninstaller did not revert the preview"
    fi
    echo "the uninstaller could not revert the preview without fshosts-helper.exe and stopped"
    installed_exactly "after the uninstall stopped by a preview it could not revert"
    run "$install_dir/bin/fshosts.exe" --hosts-file "$win_hosts" revert
    expect_rc 0 "revert on the prefix's hosts file"
    cmp -s "$hosts" "$work/original" || fail "revert: the hosts file is not the original"
    run "$install_dir/uninstall.exe" /S
else
    fail "the uninstaller left the hosts file neither reverted nor untouched: $(printf '%q' "$(<"$hosts")")"
fi

# --- nothing left ----------------------------------------------------------------------------
[[ ! -e $install_dir ]] || fail "the uninstall left $install_dir: $(cd "$install_dir" && find . | tr '\n' ' ')"
[[ ! -e $shortcut ]] || fail "the uninstall left the Start menu entry"
run reg query "$key"
[[ $rc != 0 ]] || fail "the uninstall left the registry key $key: $out"
cmp -s "$hosts" "$work/original" || fail "the hosts file is not the original at the end"

wine_checks_finish "installer: installed, ran and uninstalled cleanly (${#programs[@]} program(s))"
