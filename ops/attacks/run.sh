#!/usr/bin/env bash
# The attack measurements of the "Trust" review, with figures: a release
# `chamdiem serve` process on a small year, attacked in turn (an inflating
# workbook, 400 aliased history pages, batched verifications, sign-in
# guessing from one client and from many, sockets full of subscriptions),
# on 127.0.0.1 only, each for a bounded time. For each: the server's peak
# resident memory (must stay under 256 MiB), /healthz latency meanwhile, the
# answers the attack got, and the guesses that were looked at per second.
#
#   ops/attacks/run.sh            # CHAMDIEM_ATTACK_SECONDS=10 per attack,
#                                 # CHAMDIEM_ATTACK_STORES="sqlite postgres"
#
# PostgreSQL: the one at CHAMDIEM_TEST_DATABASE_URL, else DATABASE_URL,
# else 127.0.0.1:5432 (user postgres); a database of its own is made there.
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/lib/postgres.sh

seconds="${CHAMDIEM_ATTACK_SECONDS:-10}"
stores="${CHAMDIEM_ATTACK_STORES:-sqlite postgres}"

echo "== building (release)"
cargo build --release --locked -p chamdiem-api -p chamdiem-tests --bin chamdiem --bin chamdiem-attacks

server="${CHAMDIEM_TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
database="chamdiem_attacks_$$"
cleanup() {
  "$(pg_bindir)/psql" "$server" -XAtqc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

for store in $stores; do
  echo "== $store"
  if [ "$store" = postgres ]; then
    "$(pg_bindir)/psql" "$server" -XAtqc "CREATE DATABASE $database" >/dev/null
    base="${server%%\?*}"
    export CHAMDIEM_TEST_DATABASE_URL="${base%/*}/$database"
  fi
  target/release/chamdiem-attacks --chamdiem target/release/chamdiem \
    --store "$store" --seconds "$seconds"
done
