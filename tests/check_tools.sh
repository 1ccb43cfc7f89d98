#!/usr/bin/env bash
# The programs the tests run are listed in tests/tools.list (the list scripts/install-deps installs
# from), and installed:
#   - every listed command is on PATH (or, for an absolute entry, executable);
#   - every absolute program path a test names (/usr/bin/X, /usr/sbin/X, /bin/X, /sbin/X,
#     /usr/lib/.../X) is listed;
#   - every shell test that runs tools declares them through fshosts_require_tools rather than its
#     own `command -v` checks.
#
#   tests/check_tools.sh SOURCE_DIR
set -euo pipefail

src=${1:?usage: $0 SOURCE_DIR}
list=$src/tests/tools.list
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mapfile -t commands < <(awk '!/^#/ && NF >= 2 { print $1 }' "$list")
[[ ${#commands[@]} -gt 0 ]] || fail "$list lists no commands"

missing=()
for cmd in "${commands[@]}"; do
    if [[ $cmd == /* ]]; then
        [[ -x $cmd ]] || missing+=("$cmd")
    else
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
    fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        fail "listed but not installed: ${missing[*]} (scripts/install-deps installs tests/tools.list)"
    else
        echo "SKIPPED: not installed: ${missing[*]}; run scripts/install-deps"
        exit 77
    fi
fi

listed() {
    local name=$1 cmd
    for cmd in "${commands[@]}"; do
        [[ $cmd == "$name" || ${cmd##*/} == "$name" ]] && return 0
    done
    return 1
}

# Absolute program paths in the test sources: preceded by a quote, a blank, '=' or '(' so that
# build paths such as build/bin/fshosts do not count. A line ending in the comment "macOS, not run
# here" names a macOS program that a test only expects, or replaces with a stand-in of its own;
# one ending in "a candidate path, not run" compares a path a search would try (browsers).
program_paths="(^|[\"' =(])(/usr)?/s?bin/[A-Za-z0-9_.+-]+|(^|[\"' =(])/usr/lib/[A-Za-z0-9_./+-]+/[A-Za-z0-9_.+-]+d\b"
while IFS= read -r path; do
    name=${path##*/}
    # Our own programs, as installed by the package test, are not tools to install.
    [[ $name == fshosts || $name == fshosts-* ]] && continue
    listed "$name" || fail "a test runs $path, which is not listed in tests/tools.list"
done < <(grep -rhE "$program_paths" --include='*.cpp' --include='*.h' --include='*.sh' --exclude=check_tools.sh "$src/tests" |
             grep -vE '// (macOS, not run here|a candidate path, not run)$' | grep -oE "$program_paths" | sed -E "s/^[\"' =(]//" | sort -u)

# Shell tests check their tools in one way only.
while IFS= read -r hit; do
    fail "use fshosts_require_tools instead of checking tools by hand: $hit"
done < <(grep -rnE 'command -v "\$tool"' --include='*.sh' "$src/tests" | grep -v 'tests/support/tools.sh' || true)

if [[ $failures -gt 0 ]]; then
    exit 1
fi
echo "ok: ${#commands[@]} commands listed and installed; every absolute program path in tests/ is listed"
