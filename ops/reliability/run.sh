#!/usr/bin/env bash
# The long reliability runs, with figures (the test suite runs shorter
# versions of each on every change):
#
#  1. two `chamdiem serve` processes on one PostgreSQL under 64 clients, each
#     server killed with SIGKILL mid-load and started again; then PostgreSQL
#     itself stopped (immediate shutdown) for ten seconds under load and
#     started again. Every acknowledged entry must be in the log exactly
#     once, no answer a 500, the read models equal to a rebuild.
#  2. property-based fuzzing of every mutation and of the HTTP layer, with
#     many more cases than the suite's.
#
# PostgreSQL: a throwaway cluster in a temporary folder (this run stops and
# starts it), made with this machine's PostgreSQL programs.
#
#   ops/reliability/run.sh        # CHAMDIEM_RELIABILITY_SECONDS=60 per phase,
#                                 # CHAMDIEM_FUZZ_CASES=3000 per fuzz test
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/lib/postgres.sh

seconds="${CHAMDIEM_RELIABILITY_SECONDS:-60}"
fuzz_cases="${CHAMDIEM_FUZZ_CASES:-3000}"
outage="${CHAMDIEM_OUTAGE_SECONDS:-10}"

echo "== building (release)"
cargo build --release --locked -p chamdiem-api -p chamdiem-tests --bins

cluster=$(mktemp -d /tmp/chamdiem-reliability.XXXXXX)
port=$(( 30000 + $$ % 20000 ))
trap 'remove_throwaway_cluster "$cluster"' EXIT
echo "== PostgreSQL: a throwaway cluster on port $port"
start_throwaway_cluster "$cluster" "$port"
"$(pg_bindir)/psql" "postgres://postgres@127.0.0.1:$port/postgres" -XAtqc "CREATE DATABASE chamdiem_reliability" >/dev/null
export CHAMDIEM_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/chamdiem_reliability"

pg_ctl_as_postgres() { # the command line that runs pg_ctl ARGS as the postgres user
  local command
  command="$(printf '%q ' "$(pg_bindir)/pg_ctl" -D "$cluster/data" "$@")"
  if [ "$(id -u)" = 0 ]; then echo "runuser -u postgres -- $command"; else echo "$command"; fi
}

echo "== two servers, kill -9, then PostgreSQL stopped for $outage s ($seconds s of load per phase)"
target/release/chamdiem-reliability \
  --chamdiem target/release/chamdiem \
  --seconds "$seconds" \
  --outage "$outage" \
  --stop-database "$(pg_ctl_as_postgres -m immediate -w stop) >/dev/null" \
  --start-database "$(pg_ctl_as_postgres -l "$cluster/log" -w -o "$(cluster_options "$cluster" "$port")" start) >/dev/null"

echo "== fuzzing: $fuzz_cases cases per store and kind"
CHAMDIEM_FUZZ_CASES="$fuzz_cases" cargo test --release --locked -p chamdiem-tests \
  --test hostile_input -- --nocapture --test-threads 2 2>&1 | grep -E 'tried|judged|test result|panicked|Test failed'
