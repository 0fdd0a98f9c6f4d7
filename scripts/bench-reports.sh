#!/usr/bin/env bash
# Benchmark of the journey reports (`paladin report KIND`) with the release binary on SQLite:
#   builds a database of N customers (default 1,000,000) with about M moves each (default 10) in customer-journey —
#   every move in the one model the reports read, the worst case — their positions, and first purchases for 3 in 4
#   customers (scripts/generate-journeys.py, a bulk path: there is no CSV import of moves), then times each report
#   kind RUNS times (default 3) and prints the best and the worst wall-clock time of each.
# Usage: scripts/bench-reports.sh [N] [M] [RUNS]   (keeps the database in $PALADIN_BENCH_DB if set, to rerun quickly)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
M=${2:-10}
RUNS=${3:-3}
swift build -c release --product paladin >/dev/null
BIN="$(swift build -c release --show-bin-path)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=${PALADIN_BENCH_DB:-$WORK/bench.sqlite}

if [[ ! -s "$DB" ]]; then
    echo "building the database: $N customers, about $M moves each …"
    "$BIN/paladin" init --db "$DB" >/dev/null
    start=$(date +%s.%N)
    python3 scripts/generate-journeys.py "$DB" "$N" "$M"
    echo "built in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
    # Let the application open it once (PRAGMA optimize on close, as after any real use).
    "$BIN/paladin" report funnel --model customer-journey --db "$DB" >/dev/null
fi

echo "sqlite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)') (python's; paladin links its own), $(nproc) cores"
for args in "funnel --model customer-journey" "flow --model customer-journey" "time-in-stage --model customer-journey" \
            "stalls --model customer-journey" "first-100-days" \
            "funnel --model customer-journey --from 2025-01-01 --to 2025-03-31" \
            "flow --model customer-journey --from 2025-01-01 --to 2025-03-31" \
            "first-100-days --from 2025-01-01 --to 2025-03-31"; do
    times=()
    for _ in $(seq "$RUNS"); do
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        "$BIN/paladin" report $args --db "$DB" --format json >/dev/null
        times+=("$(python3 -c "print(round($(date +%s.%N) - $start, 3))")")
    done
    printf '%-70s best %6ss  worst %6ss\n' "report $args" \
        "$(printf '%s\n' "${times[@]}" | sort -n | head -1)" "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
done
