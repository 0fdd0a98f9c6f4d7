#!/usr/bin/env bash
# Benchmark of every report (`paladin report KIND`) with the release binary on SQLite.
#   Builds one database (workspace `bench`): N customers (default 1,000,000) with about M moves each (default 10) in
#   customer-journey — every move in the one model the journey reports read, the worst case — their positions and
#   first purchases (scripts/generate-journeys.py, a bulk path: there is no CSV import of moves); then 10,000,000
#   evidence rows over customers 1..1,000,000 with their positions in the three derived models
#   (scripts/fill-evidence-bench.sql: purchases, costs, survey answers, interactions, follow-ups).
#   Then times each report twice (`--format json`, output discarded) and prints the wall-clock seconds of each run,
#   the best one's ratio to a reference measured in the same run — `SELECT COUNT(at) FROM moves` (every entry of an
#   index of the 10M moves visited, in Python's sqlite3; COUNT(*) would only count cells per page) — and the least
#   CPU time (user + system) of the two runs, so that figures from a busy machine can be compared.
# Usage: scripts/bench-reports.sh [N] [M]   (keeps the database in $PALADIN_BENCH_DB if set, to rerun quickly;
#   a database made by an older build is migrated first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
M=${2:-10}
# PALADIN_BENCH_SCRATCH: a separate build folder for the release build (so that it does not wait for a debug build).
SCRATCH=(${PALADIN_BENCH_SCRATCH:+--scratch-path "$PALADIN_BENCH_SCRATCH"})
swift build -c release --product paladin "${SCRATCH[@]}" >/dev/null
BIN="$(swift build -c release --show-bin-path "${SCRATCH[@]}")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=${PALADIN_BENCH_DB:-$WORK/bench.sqlite}

if [[ ! -s "$DB" ]]; then
    echo "building the database: $N customers, about $M moves each, then 10,000,000 evidence rows …"
    "$BIN/paladin" init --db "$DB" --workspace bench >/dev/null
    start=$(date +%s.%N)
    python3 scripts/generate-journeys.py "$DB" "$N" "$M"
    sqlite3 "$DB" < scripts/fill-evidence-bench.sql
    echo "built in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
    # Let the application open it once (PRAGMA optimize on close, as after any real use).
    "$BIN/paladin" report funnel --model customer-journey --db "$DB" --workspace bench >/dev/null
else
    # An older database is brought to this build's schema first (migration 11 backfills the stays of the moves).
    start=$(date +%s.%N)
    "$BIN/paladin" init --db "$DB" --workspace bench | sed -n 1p
    echo "init took $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
fi

python3 - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
          for t in ("customers", "moves", "purchases", "costs", "survey_responses", "interactions", "follow_ups")}
print("rows:", ", ".join(f"{t} {n:,}" for t, n in counts.items()),
      f"(evidence {sum(counts[t] for t in ('purchases', 'costs', 'survey_responses', 'interactions', 'follow_ups')):,})")
print(f"sqlite {sqlite3.sqlite_version} (python's; paladin links its own)")
EOF
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

reference() {
    python3 - "$DB" <<'EOF'
import sqlite3, sys, time
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
best = None
for _ in range(2):
    start = time.perf_counter()
    db.execute("SELECT COUNT(at) FROM moves").fetchone()
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(f"{best:.3f}")
EOF
}
REF=$(reference)
printf '%-72s %8s\n' "reference: SELECT COUNT(at) FROM moves" "${REF}s"
printf '%-72s %8s %8s %7s %8s\n' "paladin report … --db DB --workspace bench --format json" "run 1" "run 2" "× ref" "CPU"
for args in "funnel --model customer-journey" "flow --model customer-journey" "time-in-stage --model customer-journey" \
            "stalls --model customer-journey" "first-100-days" "nps" "economics" "activity" \
            "funnel --model customer-journey --from 2025-01-01 --to 2025-03-31" \
            "time-in-stage --model customer-journey --from 2025-01-01 --to 2025-03-31" \
            "first-100-days --from 2025-01-01 --to 2025-03-31" \
            "economics --from 2025-01-01 --to 2025-03-31"; do
    times=()
    cpus=()
    for _ in 1 2; do
        # wall-clock seconds, and the CPU seconds (user + system) the process used: on a machine shared with other
        # work the wall clock grows with the load, the CPU time much less.
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$BIN/paladin" report $args --db "$DB" --workspace bench --format json >/dev/null
        read -r wall user system < "$WORK/time"
        times+=("$wall")
        cpus+=("$(python3 -c "print(f'{$user + $system:.2f}')")")
    done
    best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
    printf '%-72s %7ss %7ss %7s %7ss\n' "$args" "${times[0]}" "${times[1]}" "$(python3 -c "print(f'{$best / $REF:.1f}')")" \
        "$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)"
done
echo "reference again: $(reference)s"
