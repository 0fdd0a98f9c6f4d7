#!/usr/bin/env bash
# Benchmark of the repeat-buying models and of `paladin score` (release build, generated data; not run in CI).
#
# Part 1, fits: N customers simulated from BG/NBD (r 0.243, alpha 4.414, a 0.793, b 2.426, weeks, T uniform 0-78)
# with Gamma-Gamma amounts (p 6.25, q 3.74, gamma 15.44) as a transaction log (scripts/generate-btyd.py log),
# summarized by `paladin analytics summarize`; then times `paladin analytics fit --model bgnbd|gammagamma` and, in
# the same run on the same summary CSV, lifetimes 0.11.3 (BetaGeoFitter / GammaGammaFitter, penalizer_coef=0) in a
# throwaway venv. Prints both times, their ratio, both parameter sets and the largest relative difference.
# Part 2, score (skip with --skip-score): `paladin init`, import M customers and P purchases with repeat buying and
# dropout (scripts/generate-btyd.py purchases), then `paladin score` under /usr/bin/time -v: wall time, max RSS.
#
# Usage: scripts/bench-analytics.sh [--customers M] [--purchases P] [--fit-customers N] [--skip-score]
#                                   [--skip-lifetimes] [--venv DIR] [--timeout SECONDS]
#   --customers sets M and, unless --fit-customers is given, N. Defaults: M = N = 1,000,000, P = 10,000,000,
#   every step limited to 3600 s. --venv reuses a venv that already has lifetimes 0.11.3 (else one is made in the
#   work directory and removed afterwards). Try it small: scripts/bench-analytics.sh --customers 100000 --purchases 1000000
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=1000000
PURCHASES=10000000
FIT_CUSTOMERS=""
SKIP_SCORE=0
SKIP_LIFETIMES=0
VENV=""
LIMIT=3600
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-64}"; }
number() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -gt 0 ] || { echo "bench-analytics.sh: $1 needs a whole number > 0, not '$2'" >&2; exit 64; }; }
while [ $# -gt 0 ]; do
    case "$1" in
        --customers) number "$1" "${2:-}"; CUSTOMERS=$2; shift 2 ;;
        --purchases) number "$1" "${2:-}"; PURCHASES=$2; shift 2 ;;
        --fit-customers) number "$1" "${2:-}"; FIT_CUSTOMERS=$2; shift 2 ;;
        --timeout) number "$1" "${2:-}"; LIMIT=$2; shift 2 ;;
        --venv) [ -n "${2:-}" ] || usage; VENV=$2; shift 2 ;;
        --skip-score) SKIP_SCORE=1; shift ;;
        --skip-lifetimes) SKIP_LIFETIMES=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "bench-analytics.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
FIT_CUSTOMERS=${FIT_CUSTOMERS:-$CUSTOMERS}
if [ "$SKIP_SCORE" = 0 ] && [ "$PURCHASES" -lt "$CUSTOMERS" ]; then
    echo "bench-analytics.sh: --purchases ($PURCHASES) must be at least --customers ($CUSTOMERS)" >&2
    exit 64
fi
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

echo "building the release binary…"
swift build -c release --product paladin >/dev/null
PALADIN="$(swift build -c release --show-bin-path)/paladin"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); work directory $WORK; each step limited to ${LIMIT}s"

# step NAME COMMAND…: runs COMMAND under /usr/bin/time -v and `timeout`, stdout to $WORK/NAME.out, stderr to
# $WORK/NAME.err; returns COMMAND's exit status (124 when over the limit).
step() {
    local name=$1 status=0
    shift
    /usr/bin/time -v -o "$WORK/$name.time" timeout "$LIMIT" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
    if [ "$status" = 124 ]; then echo "$name: stopped after the ${LIMIT}s limit" >&2; fi
    return "$status"
}
# seconds NAME / rss NAME: wall time (s) and maximum resident set size (MB) of a step, from /usr/bin/time -v.
seconds() {
    python3 - "$WORK/$1.time" <<'PY'
import sys
for line in open(sys.argv[1]):
    if "Elapsed (wall clock)" in line:
        parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
        print(f"{sum(v * 60 ** (len(parts) - 1 - k) for k, v in enumerate(parts)):.2f}")
PY
}
rss() { awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$WORK/$1.time"; }
fail() { echo "$1 failed:" >&2; tail -n 20 "$WORK/$1.err" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
echo
echo "== part 1: fits on $FIT_CUSTOMERS simulated customers =="
step generate python3 scripts/generate-btyd.py log "$WORK" "$FIT_CUSTOMERS" || fail generate
echo "generated in $(seconds generate) s: $(cat "$WORK/generate.out") ($(du -h "$WORK/transactions.csv" | cut -f1))"
step summarize "$PALADIN" analytics summarize "$WORK/transactions.csv" --observation-end 2025-06-30 || fail summarize
mv "$WORK/summarize.out" "$WORK/summary.csv"
echo "paladin analytics summarize: $(seconds summarize) s, max RSS $(rss summarize) MB ($(($(wc -l <"$WORK/summary.csv") - 1)) customers)"
rm -f "$WORK/transactions.csv"

for model in bgnbd gammagamma; do
    status=0
    step "fit-$model" "$PALADIN" analytics fit --model "$model" --input "$WORK/summary.csv" --format json || status=$?
    # exit 4 = the fit did not converge: the JSON says so and is still compared below
    if [ "$status" != 0 ] && [ "$status" != 4 ]; then fail "fit-$model"; fi
    printf 'paladin analytics fit --model %-10s %7.2f s, max RSS %s MB\n' "$model" "$(seconds "fit-$model")" "$(rss "fit-$model")"
done

if [ "$SKIP_LIFETIMES" = 0 ]; then
    if [ -n "$VENV" ] && "$VENV/bin/python" -c "import lifetimes" 2>/dev/null; then
        echo "lifetimes: reusing the venv $VENV"
    else
        VENV="$WORK/venv"
        echo "lifetimes: installing lifetimes==0.11.3 into a throwaway venv…"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q lifetimes==0.11.3
    fi
    cat >"$WORK/lifetimes_fit.py" <<'PY'
import json, sys, time, warnings
warnings.filterwarnings("ignore")
start = time.perf_counter()
import lifetimes, numpy, pandas, scipy
from lifetimes import BetaGeoFitter, GammaGammaFitter
imported = time.perf_counter()
data = pandas.read_csv(sys.argv[1])
read = time.perf_counter()
bg = BetaGeoFitter(penalizer_coef=0.0).fit(data["frequency"], data["recency"], data["T"])
fitted = time.perf_counter()
repeat = data[data["frequency"] > 0]
gg = GammaGammaFitter(penalizer_coef=0.0).fit(repeat["frequency"], repeat["monetary_value"])
done = time.perf_counter()
print(json.dumps({
    "versions": {m.__name__: m.__version__ for m in (lifetimes, numpy, pandas, scipy)},
    "import_s": imported - start, "read_s": read - imported,
    "bgnbd_s": fitted - read, "gammagamma_s": done - fitted,
    "bgnbd": {k: float(v) for k, v in bg.params_.items()},
    "gammagamma": {("gamma" if k == "v" else k): float(v) for k, v in gg.params_.items()},
}))
PY
    step lifetimes "$VENV/bin/python" "$WORK/lifetimes_fit.py" "$WORK/summary.csv" || fail lifetimes
    echo "lifetimes run: $(seconds lifetimes) s wall in all (imports included), max RSS $(rss lifetimes) MB"
fi

python3 - "$WORK" "$SKIP_LIFETIMES" <<'PY'
import json, re, sys
work, skip = sys.argv[1], sys.argv[2] == "1"
def wall(name):
    for line in open(f"{work}/{name}.time"):
        if "Elapsed (wall clock)" in line:
            parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
            return sum(v * 60 ** (len(parts) - 1 - k) for k, v in enumerate(parts))
lt = None if skip else json.load(open(f"{work}/lifetimes.out"))
if lt:
    print("lifetimes " + ", ".join(f"{k} {v}" for k, v in lt["versions"].items()))
for model in ("bgnbd", "gammagamma"):
    fit = json.load(open(f"{work}/fit-{model}.out"))
    params = fit["params"] or {}
    print(f"\n{model}: paladin {'converged' if fit['converged'] else 'did NOT converge'} after {fit['iterations']} iterations"
          f" on {fit['customers']} customers, log-likelihood {fit['log_likelihood']}")
    ours = wall(f"fit-{model}")
    if lt is None:
        print(f"  time     paladin {ours:8.2f} s (whole process: read the CSV, fit)")
        for key in sorted(params):
            print(f"  {key:<6} paladin {params[key]:.6g}")
        continue
    theirs = lt["read_s"] + lt[f"{model}_s"]
    print(f"  time     paladin {ours:8.2f} s (whole process: start, read the CSV, fit)")
    print(f"           lifetimes {theirs:6.2f} s (pandas.read_csv {lt['read_s']:.2f} s + fit {lt[model + '_s']:.2f} s; "
          f"Python imports not counted)")
    print(f"  ratio    lifetimes / paladin = {theirs / ours:.2f}")
    reference = lt[model]
    worst = 0.0
    for key in sorted(reference):
        mine = params.get(key)
        diff = abs(mine - reference[key]) / abs(reference[key]) if mine is not None else float("inf")
        worst = max(worst, diff)
        print(f"  {key:<6} paladin {mine if mine is None else format(mine, '.6g'):>12}   lifetimes {reference[key]:.6g}"
              f"   relative difference {diff:.2e}")
    print(f"  max relative parameter difference: {worst:.2e}")
PY

# ---------------------------------------------------------------------------------------------------------------
if [ "$SKIP_SCORE" = 1 ]; then
    echo
    echo "(part 2, paladin score, skipped: --skip-score)"
    exit 0
fi
echo
echo "== part 2: paladin score on $CUSTOMERS customers and $PURCHASES purchases =="
rm -f "$WORK/summary.csv"
DB="$WORK/score.sqlite"
step generate-purchases python3 scripts/generate-btyd.py purchases "$WORK" "$CUSTOMERS" "$PURCHASES" || fail generate-purchases
echo "generated in $(seconds generate-purchases) s: $(cat "$WORK/generate-purchases.out") ($(du -h "$WORK/purchases.csv" | cut -f1))"
step init "$PALADIN" init --db "$DB" || fail init
step import-customers "$PALADIN" import customers "$WORK/customers.csv" --db "$DB" || fail import-customers
echo "paladin import customers: $(seconds import-customers) s, max RSS $(rss import-customers) MB"
step import-purchases "$PALADIN" import purchases "$WORK/purchases.csv" --db "$DB" || fail import-purchases
echo "paladin import purchases: $(seconds import-purchases) s, max RSS $(rss import-purchases) MB"
rm -f "$WORK/customers.csv" "$WORK/purchases.csv"
step score "$PALADIN" score --as-of 2026-01-01 --db "$DB" || fail score
echo "paladin score --as-of 2026-01-01:"
sed 's/^/    /' "$WORK/score.out" | head -n 40
echo
printf 'paladin score: wall %.2f s, maximum resident set size %s MB (%s customers, %s purchases; database %s)\n' \
    "$(seconds score)" "$(rss score)" "$CUSTOMERS" "$PURCHASES" "$(du -h "$DB" | cut -f1)"
