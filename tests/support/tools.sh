# shellcheck shell=bash
# Sourced by the shell tests. fshosts_require_tools TOOL...: every TOOL must be listed in
# tests/tools.list (the one list scripts/install-deps installs from) and be installed.
#   - a tool missing from the list fails the test at once, so a new tool cannot be forgotten there;
#   - a listed tool that is not installed skips the test (exit 77) for a non-root developer who did
#     not run scripts/install-deps, and fails it as root, where install-deps has run (CI).

fshosts_tools_list() {
    local here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    echo "$here/tools.list"
}

fshosts_require_tools() {
    local list tool
    list=$(fshosts_tools_list)
    for tool in "$@"; do
        if ! grep -qE "^${tool//./\\.}[[:space:]]+[^[:space:]]+" "$list"; then
            echo "FAIL: the test uses '$tool', which is not listed in tests/tools.list" >&2
            exit 1
        fi
        if [[ $tool == /* ]] && [[ -x $tool ]]; then
            continue
        fi
        if [[ $tool != /* ]] && command -v "$tool" >/dev/null 2>&1; then
            continue
        fi
        local package
        package=$(awk -v t="$tool" '$1 == t { print $2; exit }' "$list")
        if [[ $(id -u) -eq 0 ]]; then
            echo "FAIL: '$tool' is not installed (package $package); run scripts/install-deps" >&2
            exit 1
        fi
        echo "SKIPPED: '$tool' is not installed (package $package); run scripts/install-deps"
        exit 77
    done
}
