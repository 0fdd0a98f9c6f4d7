#!/usr/bin/env bash
# Benchmark of the web application's pages (issue 5: server time under 100 ms for every page at 1,000,000 customers),
# with the release binary on SQLite, on loopback, every loop bounded:
#   builds a database of N customers (default 1,000,000) with about 10 moves each in customer-journey
#   (scripts/generate-journeys.py), follow-ups, survey answers and met markers for Today (scripts/generate-today.py),
#   every customer placed in pro-customer and value-category and 1M interactions (scripts/fill-pages-bench.sql);
#   signs in as an owner (bench@example.com: the whole team), a manager who owns no customer (manager@example.com)
#   and an agent (agent0@example.com: 1 customer in 20);
#   asks for each report page once and waits (at most 10 minutes) until its result is kept (a large workspace
#   computes reports in the background, see ReportCache), then requests each page RUNS times (default 20) after two
#   warm-up requests, one at a time, and prints the median, p95 and worst time to the complete answer, beside a
#   static file measured the same way in the same run (the reference: the server's fixed cost per request).
# Usage: scripts/bench-pages.sh [N] [RUNS]   (keeps the database in $PALADIN_BENCH_DB if set, to rerun quickly;
#        PALADIN_BIN=.build/debug measures another build than release)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-20}
PORT=${PORT:-18380}
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
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
    echo "building the database: $N customers with their journeys and evidence …"
    start=$(date +%s.%N)
    "$BIN/paladin" init --db "$DB" >/dev/null
    python3 scripts/generate-journeys.py "$DB" "$N" 10
    python3 scripts/generate-today.py "$DB"
    sqlite3 "$DB" < scripts/fill-pages-bench.sql
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email bench@example.com --role owner --password-stdin >/dev/null
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email agent0@example.com --role agent --password-stdin >/dev/null
    printf 'bench-password\n' | "$BIN/paladin" members add --db "$DB" --email manager@example.com --role manager --password-stdin >/dev/null
    echo "built in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
fi
"$BIN/paladin" init --db "$DB" >/dev/null    # migrates a database kept from an earlier run

"$BIN/paladin" serve --db "$DB" --port "$PORT" >"$WORK/serve.log" 2>&1 & SERVER=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done

python3 - "$PORT" "$RUNS" "$DB" <<'PY'
import http.client, re, sqlite3, statistics, sys, time, urllib.parse
port, runs, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
customer = con.execute("SELECT id FROM customers WHERE external_id = 'J0000000'").fetchone()[0]
campaign = con.execute("SELECT COALESCE((SELECT MIN(id) FROM survey_campaigns), 0)").fetchone()[0] if con.execute(
    "SELECT 1 FROM sqlite_master WHERE name = 'survey_campaigns'").fetchone() else 0
con.close()

def session(email):
    """Signs in like a browser: the sign-in page's CSRF cookie and field, then the form; returns the cookie header."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", "/sign-in"); r = c.getresponse(); page = r.read().decode()
    cookies = dict(h.split(";")[0].split("=", 1) for k, h in r.getheaders() if k.lower() == "set-cookie")
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": "bench-password", "workspace": "default", "csrf": token})
    c.request("POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded",
                                         "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    r = c.getresponse(); r.read()
    for k, h in r.getheaders():
        if k.lower() == "set-cookie":
            name, value = h.split(";")[0].split("=", 1)
            cookies[name] = value
    assert r.status == 303, f"sign-in as {email} answered {r.status}"
    return c, "; ".join(f"{k}={v}" for k, v in cookies.items())

def measure(c, cookie, path):
    times, status, size = [], 0, 0
    for i in range(runs + 2):
        start = time.perf_counter()
        c.request("GET", path, headers={"Cookie": cookie})
        r = c.getresponse(); body = r.read()
        if i >= 2: times.append((time.perf_counter() - start) * 1000)
        status, size = r.status, len(body)
    times.sort()
    return status, size, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], times[-1]

reports = ["/reports/funnel?model=customer-journey", "/reports/flow?model=customer-journey",
           "/reports/time-in-stage?model=customer-journey", "/reports/stalls?model=customer-journey", "/reports/first-100-days",
           "/reports/nps", "/reports/economics", "/reports/activity"]
pages = ["/today", "/today?scope=team", "/today?section=stalled", "/today?scope=team&section=follow-ups",
         "/customers", "/customers?model=customer-journey&stage=activate", "/customers?q=customer%2099999",
         "/customers?q=customer", "/customers?sort=updated&desc=1", f"/customers/{customer}",
         "/models/customer-journey/board", "/semaphore", "/reports"] + reports + [
         "/models", "/models/customer-journey", "/import", "/settings", "/settings/members", "/surveys"]
if campaign: pages.append(f"/surveys/{campaign}")

# Reports: the first request of each starts its computation; wait until the page shows the chart.
c, cookie = session("bench@example.com")
for path in reports:
    start = time.perf_counter()
    while True:
        c.request("GET", path, headers={"Cookie": cookie}); body = c.getresponse().read()
        if b"<svg" in body or time.perf_counter() - start > 600: break
        time.sleep(0.5)
    print(f"{path}: computed and kept after {time.perf_counter() - start:.1f} s")
print(f"{runs} requests per page after 2 warm-up ones, one at a time; milliseconds to the complete answer")
worst = 0.0
for email in ("bench@example.com", "manager@example.com", "agent0@example.com"):
    c, cookie = session(email)
    _, _, reference, _, _ = measure(c, cookie, "/static/app.css")
    print(f"\nas {email}: reference GET /static/app.css median {reference:.2f} ms")
    print(f"{'page':48} {'status':>6} {'KiB':>6} {'median':>8} {'p95':>8} {'worst':>8} {'× ref':>7}")
    for path in pages:
        status, size, median, p95, top = measure(c, cookie, path)
        if status == 404:
            print(f"{path:48} {status:>6}   (no such page)"); continue
        worst = max(worst, p95)
        print(f"{path:48} {status:>6} {size / 1024:6.0f} {median:8.1f} {p95:8.1f} {top:8.1f} {median / reference:7.0f}")
print(f"\nworst p95 over all pages: {worst:.1f} ms (goal: under 100 ms)")
PY
