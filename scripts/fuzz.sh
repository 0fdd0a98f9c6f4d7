#!/usr/bin/env bash
# Fuzzes the CSV reader and the rule-language parser with libFuzzer (swiftc -sanitize=fuzzer,address).
#
#   scripts/fuzz.sh [TARGET] [SECONDS]      TARGET: csv, rules or all (default all); SECONDS per target (default 60)
#   scripts/fuzz.sh [TARGET] replay         runs every committed seed once and stops (deterministic: what CI runs;
#                                           exploring finds new inputs at random, which would fail unrelated builds)
#
# Each target is one module: the entry in Fuzz/<target>.swift compiled with the sources it fuzzes (the folder
# has no imports, so no package build is needed). It starts from the committed seeds in Fuzz/corpus/<target>/
# (made from the test fixtures by scripts/fuzz-seeds.py) and grows a working corpus in .build/fuzz/<target>/
# (not committed). A crash, a sanitizer report or an input taking longer than FUZZ_TIMEOUT seconds (default 5:
# a hang) stops the run with a non-zero status and leaves the input in .build/fuzz/<target>-artifacts/; the
# summary line gives execs, coverage (cov: edges, ft: features) and the corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# The Swift backtracer can stall on a crash under the fuzzer's signal handlers; libFuzzer prints its own trace.
export SWIFT_BACKTRACE=enable=no

target="${1:-all}"
seconds="${2:-60}"
timeout_per_input="${FUZZ_TIMEOUT:-5}"
out=.build/fuzz

sources_for() {
    case "$1" in
        csv) echo Sources/PaladinCore/CSV/*.swift ;;
        rules) echo Sources/PaladinAnalytics/Rules/*.swift ;;
        *) echo "unknown fuzz target '$1' (csv, rules or all)" >&2; exit 64 ;;
    esac
}

run() {
    local name="$1"
    local binary="$out/fuzz-$name"
    mkdir -p "$out/$name" "$out/$name-artifacts"
    # shellcheck disable=SC2046
    swiftc -O -g -parse-as-library -sanitize=fuzzer,address -module-name "PaladinFuzz_$name" \
        $(sources_for "$name") "Fuzz/$name.swift" -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
    local log="$out/$name.log"
    local status=0
    if [ "$seconds" = replay ]; then
        echo "== fuzz $name: every committed seed once, timeout ${timeout_per_input}s per input"
        "$binary" "Fuzz/corpus/$name" -runs=0 -timeout="$timeout_per_input" -rss_limit_mb=2048 -max_len=8192 \
            -artifact_prefix="$out/$name-artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?
    else
        echo "== fuzz $name: ${seconds}s, timeout ${timeout_per_input}s per input"
        "$binary" "$out/$name" "Fuzz/corpus/$name" \
            -max_total_time="$seconds" -timeout="$timeout_per_input" -rss_limit_mb=2048 -max_len=8192 \
            -artifact_prefix="$out/$name-artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?
    fi
    grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|stat::(number_of_executed_units|average_exec_per_sec|slowest_unit_time_sec|peak_rss_mb)" "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -40 "$log"
        echo "fuzz $name: FAILED (status $status); inputs in $out/$name-artifacts/" >&2
        return "$status"
    fi
}

if [ "$target" = all ]; then
    run csv
    run rules
else
    run "$target"
fi
