#!/usr/bin/env bash
# The root helper links only what it needs: none of the launcher that starts it (pkexec in
# platform's elevation, core's ChangeService), nothing of src/probe or c-ares. Reads the helper's link map, fails if one of those
# object files is linked or its symbols are defined, and prints how many lines of project code
# (the .cpp files linked, and the headers beside them) run as root; README.md quotes the figure.
#
#   root_code.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
src=${2:?usage: $0 BUILD_DIR SOURCE_DIR}
# shellcheck source=../support/tools.sh
source "$src/tests/support/tools.sh"
fshosts_require_tools nm

map=$build/fshosts-helper.map
helper=$build/libexec/fshosts/fshosts-helper
[[ -s $map && -x $helper ]] || { echo "FAIL: $map or $helper is missing: build fshosts-helper first" >&2; exit 1; }

mapfile -t objects < <(grep -oE '(libfshosts_[a-z_]+\.a\([a-z_0-9]+\.cpp\.o\)|fshosts-helper\.dir/[a-z_0-9]+\.cpp\.o)' "$map" | sort -u)
[[ ${#objects[@]} -gt 0 ]] || { echo "FAIL: no project object file in $map" >&2; exit 1; }

failures=0
for bad in 'elevation.cpp.o' 'run_helper.cpp.o' 'authorization_prompt.cpp.o' 'change_service.cpp.o'; do
    if printf '%s\n' "${objects[@]}" | grep -qF "($bad)"; then
        echo "FAIL: the root helper links $bad (the launcher it is started by)" >&2
        failures=$((failures + 1))
    fi
done
# Nor the network probes (src/probe, libcurl, c-ares): the network checks never run as root.
if grep -qE 'libfshosts_probe\.a|libcurl|libcares' "$map"; then
    echo "FAIL: the root helper links src/probe, libcurl or c-ares:" >&2
    grep -oE '[^ ]*(libfshosts_probe\.a|libcurl|libcares)[^ ]*' "$map" | sort -u | head -n 5 >&2
    failures=$((failures + 1))
fi
if nm -C "$helper" | grep -E ' [TtWw] .*(run_elevated|run_helper_as_administrator|authorization_prompt|ChangeService)' >&2; then
    echo "FAIL: the root helper defines launcher symbols (above)" >&2
    failures=$((failures + 1))
fi

# Which source file each object comes from: the one file of that name under src/ or platform/
# (for platform, the implementation of this OS is the one in the map's library).
lines=0
files=()
for object in "${objects[@]}"; do
    name=${object##*[(/]}
    name=${name%.o)}
    name=${name%.o}
    stem=${name%.cpp}
    mapfile -t candidates < <(find "$src/src" "$src/platform" -name "$stem.cpp" \
        -not -path "$src/platform/windows/*" -not -path "$src/platform/macos/*" | sort)
    case $object in
        *fshosts-helper.dir/*) candidates=("$src/src/helper/$stem.cpp") ;;
        libfshosts_platform.a*) mapfile -t candidates < <(printf '%s\n' "${candidates[@]}" | grep '/platform/') ;;
        libfshosts_core.a*) mapfile -t candidates < <(printf '%s\n' "${candidates[@]}" | grep '/src/core/') ;;
        libfshosts_text.a*) mapfile -t candidates < <(printf '%s\n' "${candidates[@]}" | grep '/src/text/') ;;
        libfshosts_base.a*) mapfile -t candidates < <(printf '%s\n' "${candidates[@]}" | grep '/src/base/') ;;
    esac
    if [[ ${#candidates[@]} -ne 1 ]]; then
        echo "FAIL: cannot tell the source of $object: ${candidates[*]:-none}" >&2
        failures=$((failures + 1))
        continue
    fi
    files+=("${candidates[0]}")
    header=${candidates[0]%.cpp}.h
    [[ -f $header ]] && files+=("$header")
done
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
lines=$(cat "${files[@]}" | wc -l)
[[ $failures -eq 0 ]] || exit 1
echo "ok: the root helper links ${#objects[@]} project object files, none of the launcher"
echo "ok: ${lines} lines of project code run as root (${#files[@]} files)"
