#!/usr/bin/env bash
# Runs one libFuzzer target for FUZZ_SECONDS (default 60) as a ctest test (label fuzz):
#   run_fuzzer.sh FUZZER NAME FUZZ_DIR WORK_DIR
# It first runs every committed input (FUZZ_DIR/{corpus,regressions}/NAME), then mutates
# them; new coverage goes to WORK_DIR/NAME/corpus (the build tree, never the source tree), a
# finding to WORK_DIR/NAME/artifacts. Fails on any finding: a crash or broken property, a leak,
# an input slower than FUZZ_TIMEOUT (default 10 s), more than FUZZ_RSS_MB (default 2048) of memory.
# Prints "NAME: N execs in S s" and keeps that line in WORK_DIR/NAME/summary (`make fuzz` shows them all).
set -euo pipefail

fuzzer=$1 name=$2 fuzz_dir=$3 work=$4/$2
seconds=${FUZZ_SECONDS:-60}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
inputs=()
for kind in corpus regressions; do
    [[ -d $fuzz_dir/$kind/$name ]] && inputs+=("$fuzz_dir/$kind/$name")
done
[[ -d $fuzz_dir/corpus/$name ]] || { echo "no committed corpus in $fuzz_dir/corpus/$name" >&2; exit 2; }
options=(-max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}"
    -print_final_stats=1 -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/artifacts/")
[[ -f $fuzz_dir/dict/$name.dict ]] && options+=(-dict="$fuzz_dir/dict/$name.dict")

start=$SECONDS
status=0
"$fuzzer" "${options[@]}" "$work/corpus" "${inputs[@]}" >"$work/log" 2>&1 || status=$?
elapsed=$((SECONDS - start))
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)

if [[ $status -ne 0 ]]; then
    # The report: the property or sanitizer message and the stack, not the progress lines.
    grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|INITED|RELOAD)' "$work/log" | tail -n 80 >&2
    echo "$name: FAILED after ${execs:-?} execs in $elapsed s (exit $status); log: $work/log" | tee "$work/summary" >&2
    for artifact in "$work"/artifacts/*; do
        [[ -e $artifact ]] || continue
        echo "$name: finding saved as $artifact" >&2
        echo "  reproduce: $fuzzer $artifact" >&2
        echo "  once fixed, keep it: cp $artifact $fuzz_dir/regressions/$name/" >&2
    done
    exit 1
fi
[[ -n $execs ]] || { tail -n 20 "$work/log" >&2; echo "$name: libFuzzer printed no statistics" >&2; exit 1; }
new=$(find "$work/corpus" -type f | wc -l)
echo "$name: $execs execs in $elapsed s ($new new inputs in $work/corpus)" | tee "$work/summary"
