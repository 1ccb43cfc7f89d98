#!/usr/bin/env bash
# Every catalog in po/LINGUAS is complete: it has a translation for every message the sources
# mark with _() / tr() / trf(), and none is fuzzy or untranslated.
# Usage: check_catalogs.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: $0 SOURCE_DIR}
cd "$src"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t sources < <(find src platform -name '*.cpp' -o -name '*.h' | LC_ALL=C sort)
xgettext -k_ -kN_ -ktr:1 -ktrf:1 --from-code=UTF-8 --c++ -o "$work/current.pot" "${sources[@]}"

status=0
while read -r lang; do
    [[ -z $lang || $lang == \#* ]] && continue
    po="po/$lang.po"
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1 | tail -n 1)
    echo "$po: $stats"
    if [[ $stats == *fuzzy* || $stats == *untranslated* ]]; then
        echo "FAIL: $po has fuzzy or untranslated messages" >&2
        status=1
    fi
    # Messages in the sources that the catalog does not have at all.
    msgcmp --use-untranslated "$po" "$work/current.pot" 2>"$work/msgcmp.err" || {
        cat "$work/msgcmp.err" >&2
        echo "FAIL: $po lacks messages found in the sources (make pot, then translate)" >&2
        status=1
    }
done < po/LINGUAS
exit "$status"
