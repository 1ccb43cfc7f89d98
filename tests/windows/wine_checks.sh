# shellcheck shell=bash
# Sourced by the shell tests that run Windows programs under Wine (cli_e2e.sh, installer.sh):
# runs a program in a given prefix and collects failed checks.
#
#   wine_checks_init WINE_RUN WINEPREFIX WORK_DIR
#   run PROGRAM ARG...      PROGRAM under scripts/wine-run in WINEPREFIX; sets out, err and rc
#   expect_rc CODE WHAT     fails unless the last run exited with CODE
#   contains TEXT PART WHAT fails unless TEXT contains PART
#   fail MESSAGE            counts a failure (the script goes on)
#   wine_checks_finish OK_MESSAGE   exits 1 after any failure, else prints OK_MESSAGE

wine_checks_init() {
    wine_checks_run=$1 wine_checks_prefix=$2 wine_checks_work=$3
    failures=0
}

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# scripts/wine-run returns once every process of the prefix has ended (an NSIS uninstaller that
# re-launched itself from a temp copy included).
run() {
    rc=0
    out=$("$wine_checks_run" --wineprefix "$wine_checks_prefix" "$@" 2>"$wine_checks_work/err") || rc=$?
    err=$(<"$wine_checks_work/err")
}

expect_rc() {
    [[ $rc == "$1" ]] || fail "$2: exit code $rc, expected $1 (stdout: $out; stderr: $err)"
}

contains() {
    [[ $1 == *"$2"* ]] || fail "$3: output lacks '$2': $1"
}

wine_checks_finish() {
    if ((failures > 0)); then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "$1"
}
