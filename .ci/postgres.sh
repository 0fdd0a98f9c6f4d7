#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests, as root. Source it:
#   source .ci/postgres.sh        # exports PALADIN_TEST_POSTGRES_URL, stops and removes the cluster on exit
# Installs Debian's postgresql when missing. Port: $PALADIN_PG_PORT, else 55432.
# The tests give each test its own schema on it (PALADIN_TEST_POSTGRES_URL), so they run in parallel.
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT_TEST=${PALADIN_PG_PORT:-55432}
PGDATA_TEST=$(mktemp -d); chown postgres:postgres "$PGDATA_TEST"
PGPW_TEST=$(mktemp); echo postgres >"$PGPW_TEST"; chown postgres "$PGPW_TEST"   # not <(…): runuser can't read it
# C collation: text sorts by code point, as SQLite's does.
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_TEST" -U postgres -A scram-sha-256 --pwfile="$PGPW_TEST" \
    -E UTF8 --locale=C >/dev/null
rm -f "$PGPW_TEST"
# Many tests at once, each with its own small pool: room for a few hundred connections. fsync off: a throwaway
# cluster needs no durability, and the tests commit thousands of small transactions.
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_TEST" -l "$PGDATA_TEST/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT_TEST -k $PGDATA_TEST -c max_connections=400 -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
stop_test_postgres() {
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_TEST" -m fast -w stop >/dev/null 2>&1
    rm -rf "$PGDATA_TEST"
}
trap stop_test_postgres EXIT
export PALADIN_TEST_POSTGRES_URL="postgres://postgres:postgres@127.0.0.1:$PGPORT_TEST/postgres?tlsmode=disable"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT_TEST for the tests"
