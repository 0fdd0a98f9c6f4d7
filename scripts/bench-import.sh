#!/usr/bin/env bash
# Benchmark: import N purchases (default 1,000,000) with Paladin, and the same file with sqlite3's own .import,
# in the same run on the same machine. Prints both times and their ratio. Usage: scripts/bench-import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
CUSTOMERS=$(( N / 10 > 1000 ? N / 10 : 1000 ))
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --product paladin >/dev/null
PALADIN="$(swift build -c release --show-bin-path)/paladin"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/generate-purchases.py "$WORK" "$CUSTOMERS" "$N"
echo "data: $CUSTOMERS customers, $N purchases ($(du -h "$WORK/purchases.csv" | cut -f1))"

"$PALADIN" init --db "$WORK/paladin.sqlite" >/dev/null
"$PALADIN" import customers "$WORK/customers.csv" --db "$WORK/paladin.sqlite" >/dev/null
start=$(date +%s.%N)
"$PALADIN" import purchases "$WORK/purchases.csv" --db "$WORK/paladin.sqlite"
end=$(date +%s.%N)
paladin_s=$(python3 -c "print($end - $start)")

start=$(date +%s.%N)
sqlite3 "$WORK/plain.sqlite" <<SQL
PRAGMA journal_mode = WAL;
CREATE TABLE purchases (customer TEXT, date TEXT, amount TEXT, currency TEXT, reference TEXT);
.mode csv
.import --skip 1 $WORK/purchases.csv purchases
SQL
end=$(date +%s.%N)
sqlite_s=$(python3 -c "print($end - $start)")

rows=$(sqlite3 "$WORK/paladin.sqlite" "SELECT COUNT(*) FROM purchases")
plain=$(sqlite3 "$WORK/plain.sqlite" "SELECT COUNT(*) FROM purchases")
printf 'paladin import purchases: %8.2f s  (%s rows, validated, indexed, one transaction)\n' "$paladin_s" "$rows"
printf 'sqlite3 .import:          %8.2f s  (%s rows, raw text, no validation, no index)\n' "$sqlite_s" "$plain"
printf 'ratio paladin / sqlite3:  %8.2f\n' "$(python3 -c "print($paladin_s / $sqlite_s)")"
