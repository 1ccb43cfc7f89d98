#!/usr/bin/env bash
# Checks the Linux desktop integration and the generated icons:
#   - installer/linux/*.desktop passes desktop-file-validate, the metainfo passes
#     `appstreamcli validate --no-net` (hints, infos and warnings are printed; errors fail);
#   - every icons/hicolor/<N>x<N>/apps/fshosts.png is a PNG of exactly N x N pixels, for every
#     size the installer and the GUI use;
#   - icons/fshosts.ico and icons/fshosts.icns exist, are non-empty and start with their magic.
#
#   tests/installer/check_desktop_files.sh SOURCE_DIR
set -euo pipefail

src=${1:?usage: check_desktop_files.sh SOURCE_DIR}
desktop="$src/installer/linux/jp.fshosts.fshosts.desktop"
metainfo="$src/installer/linux/jp.fshosts.fshosts.metainfo.xml"
sizes=(16 24 32 48 64 128 256 512)
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# shellcheck source=../support/tools.sh
source "$(dirname "$0")/../support/tools.sh"
fshosts_require_tools desktop-file-validate appstreamcli python3

# desktop-file-validate exits non-zero on errors only; it prints warnings and hints too.
echo "== desktop-file-validate $desktop"
if ! desktop-file-validate "$desktop"; then
    fail "desktop-file-validate found errors in $desktop"
fi

# appstreamcli exits non-zero on errors; --pedantic would fail on warnings as well.
echo "== appstreamcli validate --no-net $metainfo"
if ! appstreamcli validate --no-net "$metainfo"; then
    fail "appstreamcli found errors in $metainfo"
fi

# The metainfo must launch this .desktop file.
if ! grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo"; then
    fail "the metainfo does not name $(basename "$desktop") as its launchable"
fi

echo "== icon sizes"
pngs=()
for n in "${sizes[@]}"; do pngs+=("$src/icons/hicolor/${n}x${n}/apps/fshosts.png"); done
# PNG: an 8-byte signature, then the IHDR chunk whose first two fields are width and height.
if ! python3 - "${pngs[@]}" <<'PY'
import re, struct, sys
bad = 0
for path in sys.argv[1:]:
    want = int(re.search(r"/(\d+)x\1/apps/", path).group(1))
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError as e:
        print(f"FAIL: {path}: {e.strerror}", file=sys.stderr)
        bad += 1
        continue
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        print(f"FAIL: {path} is not a PNG", file=sys.stderr)
        bad += 1
        continue
    width, height = struct.unpack(">II", head[16:24])
    if (width, height) != (want, want):
        print(f"FAIL: {path} is {width}x{height}, its folder says {want}x{want}", file=sys.stderr)
        bad += 1
    else:
        print(f"ok: {want}x{want}")
sys.exit(1 if bad else 0)
PY
then
    fail "icon PNGs (see above)"
fi

echo "== ico and icns"
check_magic() {  # path, magic as hex, label
    if [[ ! -s $1 ]]; then
        fail "$1 is missing or empty"
    elif [[ $(head -c $((${#2} / 2)) "$1" | od -An -tx1 | tr -d ' \n') != "$2" ]]; then
        fail "$1 is not $3"
    else
        echo "ok: $(basename "$1")"
    fi
}
check_magic "$src/icons/fshosts.ico" 00000100 "a Windows icon"   # reserved 0, type 1 (icon)
check_magic "$src/icons/fshosts.icns" 69636e73 "an Apple icon"   # "icns"

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all desktop integration checks passed"
