#!/usr/bin/env bash
# check_layers.sh can fail: in temporary copies of the tree, each planted include that breaks the
# layering is reported with its file, and the unchanged copy passes.
#
#   tests/layers/check_layers_catches.sh SOURCE_DIR
set -euo pipefail

src=${1:?usage: $0 SOURCE_DIR}
check=$src/tests/layers/check_layers.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

copy_tree() {
    rm -rf "$work/tree"
    mkdir -p "$work/tree"
    cp -r "$src/src" "$src/platform" "$src/tests" "$src/bench" "$work/tree/"
}

# plant FILE INCLUDE: check_layers.sh must fail and name FILE.
plant() {
    local file=$1 header=$2 out
    copy_tree
    printf '#include "%s"\n' "$header" >>"$work/tree/$file"
    if out=$("$check" "$work/tree" 2>&1); then
        echo "FAIL: $file including \"$header\" was not reported" >&2
        failures=$((failures + 1))
    elif [[ $out != *"$file"* ]]; then
        echo "FAIL: the report does not name $file: $out" >&2
        failures=$((failures + 1))
    else
        echo "reported as expected: $file includes \"$header\""
    fi
}

copy_tree
"$check" "$work/tree" >/dev/null || { echo "FAIL: the unchanged tree does not pass" >&2; exit 1; }

plant src/base/utf8.h core/hosts_io.h              # base includes nothing of ours
plant src/text/validation.cpp platform/hosts_path.h  # text and platform never include each other
plant platform/hosts_path.h text/validation.h
plant platform/hosts_path.h core/hosts_io.h        # platform below core
plant src/core/sha256_nettle.cpp cli/translations.h       # core below the front ends
plant src/cli/main.cpp gui/main_frame.h            # front ends do not include each other
plant src/core/hosts_io.cpp probe/dns_query.h      # core below probe
plant src/probe/dns_switch.cpp cli/translations.h  # probe below the front ends
plant src/helper/main.cpp probe/dns_query.h        # the root helper never includes probe
plant src/core/hosts_io.cpp ../text/validation.h   # no relative paths around the check
plant tests/core/test_writer.cpp platform/internal/fault_injection_match.h  # platform-internal
plant src/gui/main_frame.cpp core/helper_protocol.h  # JSON stays out of the GUI, through our headers too
plant src/helper/main.cpp probe/site_probe.h       # the root helper never uses the probes (libcurl)
plant src/core/hosts_io.cpp probe/site_probe.h       # core below probe
plant src/gui/main_frame.cpp probe/probe_json.h      # the probes' JSON stays out of the GUI

exit $((failures > 0))
