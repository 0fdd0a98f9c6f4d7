#!/usr/bin/env bash
# Benchmark of the web application's Today and Reports pages on a large database, on loopback:
#   builds a database of N customers (default 1,000,000) with about 10 moves each in customer-journey
#   (scripts/generate-journeys.py), then follow-ups, survey answers and met markers for Today (scripts/generate-today.py);
#   adds an agent who owns 1 customer in 20 (agent0@example.com, as generated) and a manager who owns none;
#   signs each in through the sign-in form and times each page RUNS times (default 5) with curl, printing the best and
#   the worst. A report is first asked for once (a large workspace answers "being computed" at once and computes it in
#   the background, see ReportCache), then timed once its result is kept.
# Usage: scripts/bench-web.sh [N] [RUNS]   (keeps the database in $PALADIN_BENCH_DB if set, to rerun quickly;
#        PALADIN_BIN=.build/debug uses another build than release; REPORTS=0 times the Today pages only)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
PORT=${PORT:-18290}
if [[ -z "${PALADIN_BIN:-}" ]]; then
    swift build -c release --product paladin >/dev/null
    BIN="$(swift build -c release --show-bin-path)"
else
    BIN="$PALADIN_BIN"
fi
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
DB=${PALADIN_BENCH_DB:-$WORK/bench.sqlite}

if [[ ! -s "$DB" ]]; then
    echo "building the database: $N customers …"
    "$BIN/paladin" init --db "$DB" >/dev/null
    python3 scripts/generate-journeys.py "$DB" "$N" 10
    python3 scripts/generate-today.py "$DB"
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email agent0@example.com --role agent --password-stdin >/dev/null
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email manager@example.com --role manager --password-stdin >/dev/null
    "$BIN/paladin" report funnel --model customer-journey --db "$DB" >/dev/null   # PRAGMA optimize on close
fi
"$BIN/paladin" init --db "$DB" >/dev/null    # migrates a database kept from an earlier run

"$BIN/paladin" serve --db "$DB" --port "$PORT" >"$WORK/serve.log" 2>&1 & SERVER=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done

# Signs `email` in through the form (the CSRF cookie and field first) into the cookie jar `jar`.
sign_in() {
    local email=$1 jar=$2 token
    token=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/sign-in" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null "http://127.0.0.1:$PORT/sign-in" \
        --data-urlencode "csrf=$token" --data-urlencode "email=$email" --data-urlencode "password=bench-password" \
        --data-urlencode "workspace=default"
}

# Times GET `path` RUNS times as the member of `jar`: "best worst status".
measure() {
    local jar=$1 path=$2 times=() status=""
    for _ in $(seq "$RUNS"); do
        read -r code seconds < <(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT$path")
        status=$code
        times+=("$seconds")
    done
    printf '%-60s best %6.1f ms  worst %6.1f ms  (%s)\n' "$path" \
        "$(printf '%s\n' "${times[@]}" | sort -n | head -1 | awk '{print $1 * 1000}')" \
        "$(printf '%s\n' "${times[@]}" | sort -n | tail -1 | awk '{print $1 * 1000}')" "$status"
}

for who in agent0@example.com manager@example.com; do
    jar="$WORK/$who.jar"
    sign_in "$who" "$jar"
    echo "== $who"
    for path in /today "/today?scope=team" "/today?section=stalled" "/today?scope=team&section=follow-ups" /reports; do
        measure "$jar" "$path"
    done
done

[[ "${REPORTS:-1}" == 0 ]] && exit 0
echo "== reports (manager): the first request, then the kept result"
jar="$WORK/manager@example.com.jar"
for path in "/reports/funnel?model=customer-journey" "/reports/flow?model=customer-journey" \
            "/reports/time-in-stage?model=customer-journey" "/reports/stalls?model=customer-journey" "/reports/first-100-days" \
            "/reports/nps" "/reports/economics" "/reports/activity"; do
    first=$(curl -s -b "$jar" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$path" | awk '{print $1 * 1000}')
    start=$(date +%s.%N)
    # Wait for the background computation (the page says "being computed" until then).
    until curl -s -b "$jar" "http://127.0.0.1:$PORT$path" | grep -q '<svg'; do sleep 0.5; done
    printf 'computed in about %5.1f s; first answer %6.1f ms; ' "$(python3 -c "print($(date +%s.%N) - $start)")" "$first"
    measure "$jar" "$path"
done
