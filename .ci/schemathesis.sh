#!/usr/bin/env bash
# Runs schemathesis (PyPI, in a virtual environment) against a live `paladin serve --demo` on loopback, with the
# served OpenAPI document: fails on any 5xx or any answer that breaks the document. Uses the binary already built
# (PALADIN_BIN, default .build/debug/paladin); bounded by schemathesis' max-examples and a time limit.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PALADIN_BIN:-.build/debug/paladin}
WORK=$(mktemp -d)
VENV=${SCHEMATHESIS_VENV:-$WORK/venv}
export PALADIN_ST_PORT=${PALADIN_ST_PORT:-18181}

if [[ ! -x "$VENV/bin/st" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
fi

DB="$WORK/schemathesis.sqlite"
"$BIN" serve --db "$DB" --demo --host 127.0.0.1 --port "$PALADIN_ST_PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$PALADIN_ST_PORT/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; echo "schemathesis: the server did not start" >&2; exit 1; }
    sleep 0.5
done

PALADIN_ST_TOKEN=$("$BIN" tokens create --db "$DB" --member demo@example.com --name schemathesis 2>/dev/null)
# `tokens create` prints the token on stdout and "token ID 'NAME' for …" on stderr.
PALADIN_ST_SPARE_TOKEN=$("$BIN" tokens create --db "$DB" --member demo@example.com --name spare 2>&1 >/dev/null |
    sed -n "s/^token \([0-9][0-9]*\) .*/\1/p")
# Something for the routes that act on one thing to find: two webhooks (one to delete) and a score run.
api() {
    curl -fsS -H "Authorization: Bearer $PALADIN_ST_TOKEN" -H "Content-Type: application/json" \
        "http://127.0.0.1:$PALADIN_ST_PORT$1" -X POST ${2:+-d "$2"} | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
hook='{"url":"http://127.0.0.1:9/paladin-hook","events":["customer.moved","marker.met"]}'
PALADIN_ST_WEBHOOK=$(api /api/v1/webhooks "$hook")
PALADIN_ST_SPARE_WEBHOOK=$(api /api/v1/webhooks "$hook")
PALADIN_ST_SCORE_RUN=$(api /api/v1/score-runs)
PALADIN_ST_SURVEY=$(api /api/v1/surveys '{"name":"schemathesis","valid_until":"2099-12-31","selection":{"tag":"vip"}}' ||
    api /api/v1/surveys '{"name":"schemathesis","valid_until":"2099-12-31","selection":{"customers":["1","2","3"]}}')
export PALADIN_ST_TOKEN PALADIN_ST_SPARE_TOKEN PALADIN_ST_WEBHOOK PALADIN_ST_SPARE_WEBHOOK PALADIN_ST_SCORE_RUN PALADIN_ST_SURVEY

status=0
timeout 900 "$VENV/bin/st" --config-file .ci/schemathesis.toml run --checks all ${PALADIN_ST_ARGS:-} \
    "http://127.0.0.1:$PALADIN_ST_PORT/api/v1/openapi.json" || status=$?
if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "schemathesis: the server died during the run" >&2
    tail -50 "$WORK/server.log" >&2
    status=1
fi
exit $status
