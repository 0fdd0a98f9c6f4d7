#!/usr/bin/env bash
# Benchmark of the HTTP API with wrk (apt), on loopback, every run bounded (DURATION seconds each):
#   1. GET on a bare Hummingbird route (paladin-bare-http): the reference, measured in the same run;
#   2. GET /api/v1/customers/{id} on a database of N customers (default 1,000,000) plus the demo's 300, ids at random;
#   3. POST /api/v1/customers/{id}/moves, forced moves to random stages of random customers.
# Prints throughput and p99 latency of each and Paladin's ratio to the reference.
# Usage: scripts/bench-api.sh [N] [DURATION]   (keeps the database in $PALADIN_BENCH_DB if set, to rerun quickly)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DURATION=${2:-10}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product paladin >/dev/null
swift build -c release --product paladin-bare-http >/dev/null
BIN="$(swift build -c release --show-bin-path)"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
DB=${PALADIN_BENCH_DB:-$WORK/bench.sqlite}

if [[ ! -s "$DB" ]]; then
    echo "building the database: the demo workspace plus $N imported customers …"
    "$BIN/paladin" demo --db "$DB" >/dev/null
    python3 - "$WORK/customers.csv" "$N" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as f:
    f.write("external_id,name,email,owner,tags\n")
    for i in range(n):
        f.write(f"B{i:07d},Customer {i},c{i}@example.com,agent{i % 20}@example.com,{'b2b' if i % 3 else 'retail'}\n")
PY
    start=$(date +%s.%N)
    "$BIN/paladin" import customers "$WORK/customers.csv" --db "$DB" >/dev/null
    echo "imported $N customers in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email bench@example.com --role owner --password-stdin >/dev/null
fi
"$BIN/paladin" init --db "$DB" >/dev/null    # migrates a database kept from an earlier run
TOTAL=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM customers').fetchone()[0])" "$DB")
TOKEN=$("$BIN/paladin" tokens create --db "$DB" --member bench@example.com --name "bench $(date +%s%N)" 2>/dev/null)

"$BIN/paladin-bare-http" 18281 >"$WORK/bare.log" 2>&1 & PIDS+=($!)
"$BIN/paladin" serve --db "$DB" --port 18280 >"$WORK/serve.log" 2>&1 & PIDS+=($!)
for port in 18280 18281; do
    for _ in $(seq 1 200); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done
done

cat >"$WORK/get.lua" <<LUA
math.randomseed(7)
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  return wrk.format("GET", "/api/v1/customers/" .. math.random(1, $TOTAL))
end
LUA
# Seeded by the clock: a kept database remembers earlier runs' moves, and a move to the stage a customer is at
# already is refused (409, about 1 in 8 here). Moves recorded per second counts only the 201s.
cat >"$WORK/move.lua" <<LUA
math.randomseed(os.time())
local stages = {"problem-awareness", "decision-to-change", "result-exploration", "result-definition",
                "offer-evaluation", "purchase-commitment", "first-results", "result-confirmation"}
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = '{"model":"pro-customer","to":"' .. stages[math.random(1, #stages)] .. '","force":true,"reason":"benchmark"}'
  return wrk.format(nil, "/api/v1/customers/" .. math.random(1, $TOTAL) .. "/moves", nil, body)
end
LUA

# wrk's summary → "requests/s p99_ms non2xx requests"
measure() {
    local out
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
    python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
total = int(re.search(r"(\d+) requests in", text).group(1))
print(f"{rate:.0f} {p99:.2f} {int(bad.group(1)) if bad else 0} {total}")
PY
}

wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:18281/bare/customers/1" >/dev/null          # warm-up
wrk -t1 -c"$CONNECTIONS" -d2s -s "$WORK/get.lua" "http://127.0.0.1:18280" >/dev/null
read -r bare_rate bare_p99 _ _ < <(measure "http://127.0.0.1:18281/bare/customers/1")
read -r get_rate get_p99 get_bad _ < <(measure -s "$WORK/get.lua" "http://127.0.0.1:18280")
read -r move_rate move_p99 move_bad move_total < <(measure -s "$WORK/move.lua" "http://127.0.0.1:18280")

echo "machine: $(nproc) cores; wrk -t1 -c$CONNECTIONS -d${DURATION}s on loopback; $TOTAL customers"
printf '%-44s %10s req/s   p99 %7s ms\n' "bare Hummingbird route (reference)" "$bare_rate" "$bare_p99"
printf '%-44s %10s req/s   p99 %7s ms   non-2xx %s\n' "GET /api/v1/customers/{id} (random ids)" "$get_rate" "$get_p99" "$get_bad"
printf '%-44s %10s req/s   p99 %7s ms   non-2xx %s of %s (already there: 409)\n' "POST /api/v1/customers/{id}/moves (forced)" "$move_rate" "$move_p99" "$move_bad" "$move_total"
recorded=$(python3 -c "print(round(($move_total - $move_bad) / $DURATION))")
printf 'moves recorded: %s/s (goal >= 2000/s)\n' "$recorded"
printf 'GET throughput / reference: %.3f (goal >= 0.5); GET p99 %s ms (goal < 10 ms)\n' \
    "$(python3 -c "print($get_rate / $bare_rate)")" "$get_p99"
