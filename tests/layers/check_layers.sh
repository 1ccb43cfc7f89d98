#!/usr/bin/env bash
# The folders of src/ and platform/ are layers, lowest first:
#   base < text, platform < core < probe < cli, gui; core < helper (never probe)
# A file includes headers of its own folder and of lower layers only: base includes nothing of
# ours, text and platform include base only (never each other), core includes base, text and
# platform, probe includes those and core, cli and gui may include probe, the root helper never
# does, and the front ends do not include each other. So no folder depends on another in a
# circle. Headers internal to platform (platform/posix/, platform/internal/ and the per-OS
# folders) are included only by platform's own files, through its private include directory.
# JSON is for the helper boundary and --json only: no file of the GUI includes nlohmann's
# headers, directly or through one of ours.
#
#   tests/layers/check_layers.sh SOURCE_DIR
set -euo pipefail

src=${1:?usage: $0 SOURCE_DIR}
cd "$src"

# Our headers that bring in nlohmann's JSON, directly or through other headers of ours.
json_headers=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<nlohmann/' --include='*.h' src platform || true)
while :; do
    pattern=$(for h in $json_headers; do printf '%s\n' "${h#src/}"; done | sed 's/[.]/[.]/g' | paste -sd'|')
    more=$(grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"($pattern)\"" --include='*.h' src platform || true)
    all=$(printf '%s\n' $json_headers $more | sort -u)
    [[ $all == "$(printf '%s\n' $json_headers | sort -u)" ]] && break
    json_headers=$all
done
gui_json=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*(<nlohmann/|\"($(for h in $json_headers; do printf '%s\n' "${h#src/}"; done | sed 's/[.]/[.]/g' | paste -sd'|'))\")" src/gui || true)
if [[ -n $gui_json ]]; then
    echo "FAIL: the GUI includes JSON (nlohmann, or a header of ours that includes it):" >&2
    printf '%s\n' "$gui_json" >&2
    exit 1
fi

# Every quoted #include as "file:line:text", checked in one awk pass.
{
    grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
        --include='*.h' --include='*.cpp' --include='*.in' src platform | sed 's/^/layer:/'
    grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
        --include='*.h' --include='*.cpp' tests bench | sed 's/^/user:/' || true
} | awk '
BEGIN {
    allowed["base"] = " base "
    allowed["text"] = " base text "
    allowed["platform"] = " base platform "
    allowed["core"] = " base text platform core "
    allowed["probe"] = " base text platform core probe "
    allowed["helper"] = " base text platform core helper "
    allowed["cli"] = " base text platform core probe cli "
    allowed["gui"] = " base text platform core probe gui "
    ours = " base text platform core probe helper cli gui "
    private_platform = "^platform/(posix|linux|macos|windows|internal)/"
}
function fail(message) { print "FAIL: " message > "/dev/stderr"; failures++ }
{
    kind = $0; sub(/:.*/, "", kind)
    rest = substr($0, length(kind) + 2)
    file = rest; sub(/:.*/, "", file)
    line = substr(rest, length(file) + 2); sub(/:.*/, "", line)
    header = rest; sub(/^[^"]*"/, "", header); sub(/".*/, "", header)
    where = file ":" line " includes \"" header "\""
    if (kind == "user") {
        if (header ~ private_platform)
            fail(where ": a header internal to platform")
        next
    }
    checked++
    folder = file
    if (folder ~ /^src\//) { sub(/^src\//, "", folder); sub(/\/.*/, "", folder) } else folder = "platform"
    target = header; sub(/\/.*/, "", target)
    if (header ~ /\.\./)
        fail(where ": include by layer path, not a relative path")
    else if (folder == "platform" && (target == "posix" || target == "internal"))
        next  # platform private headers, from its private include directory
    else if (header ~ private_platform)
        fail(where ": a header internal to platform (use a platform/*.h header)")
    else if (header ~ /\// && index(ours, " " target " ") && !index(allowed[folder], " " target " ")) {
        layers = allowed[folder]; gsub(/^ | $/, "", layers)
        fail(where ": " folder " may include only " layers)
    }
}
END {
    if (checked == 0) fail("no #include lines found below src/ and platform/")
    if (failures > 0) { print failures " include(s) break the layering (checked " checked ")" > "/dev/stderr"; exit 1 }
    print "layering holds: " checked " includes checked"
}'
