#!/usr/bin/env bash
# Benchmarks against PostgreSQL, each printed beside the fastest the same
# machine does at the same task, measured in the same run:
#
#   1. score entries/s through POST /graphql (32 signed-in clients, one unit
#      each) ÷ single-row INSERT+COMMIT/s that pgbench reaches on a table
#      shaped like the event table, 32 clients;
#   2. projection rebuild, events/s ÷ rows/s of a plain sequential read of
#      the event table;
#   3. the ranking of one block (170 units at national scale), req/s and p99
#      at 64 clients ÷ a trivial handler of the same server (/healthz);
#   4. score-entry latency (p50) on a scorecard with 10,000+ prior events ÷
#      on one with 10;
#   5. the server's resident memory after the seed, a rebuild and the load.
#
# Settings (environment): BENCH_SCALE=national|province (default national,
# about a million events; province takes minutes), BENCH_DATABASE_URL (a
# server to create a scratch database on; default the local one),
# BENCH_DURATION (seconds per load, default 10), BENCH_PORT (default 18080),
# BENCH_SEEDED_DATABASE (the name of a database on that server already
# seeded at BENCH_SCALE: the seed is skipped and the database kept; the
# loads add a period and its entries to it).
set -euo pipefail
cd "$(dirname "$0")/../.."

SCALE=${BENCH_SCALE:-national}
SERVER_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${BENCH_DURATION:-10}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
DB=${BENCH_SEEDED_DATABASE:-"chamdiem_bench_$$"}
WORK=$(mktemp -d /tmp/chamdiem-bench.XXXXXX)
BIN=target/release/chamdiem
PASSWORD="mật khẩu dữ liệu mẫu 2026" # the demo seed's (commands/src/demo)

say() { printf '== %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing wrk"
    apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed (Debian: apt-get install wrk)" >&2
    exit 1
  fi
fi
command -v pgbench >/dev/null || { echo "pgbench is needed (PostgreSQL's client tools)" >&2; exit 1; }

base="${SERVER_URL%%\?*}"
export CHAMDIEM_DATABASE_URL="${base%/*}/$DB"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  if [ -z "${BENCH_SEEDED_DATABASE:-}" ]; then
    psql "$SERVER_URL" -XAtqc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

psql_db() { psql "$CHAMDIEM_DATABASE_URL" -XAtq "$@"; }

# A GraphQL request: token (may be empty), query, variables (JSON).
gql() {
  local body
  body=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": json.loads(sys.argv[2])}))' "$2" "$3")
  curl -sf -X POST "$BASE/graphql" -H 'content-type: application/json' \
    ${1:+-H "authorization: Bearer $1"} --data-binary "$body"
}
# Reads a value out of JSON on stdin with a Python expression over `d`.
pick() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
sign_in() {
  gql "" 'mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }' \
    "{\"u\": \"$1\", \"p\": \"$PASSWORD\"}" | pick 'd["data"]["signIn"]["token"]'
}
# wrk's figures: requests/s, and a latency percentile in milliseconds.
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
percentile() { # file percent
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000;
    printf "%.2f", v }' "$1"
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.3f}' if b else 'n/a')" "$1" "$2"; }

say "building the release binary"
cargo build --release --locked -q

if [ -z "${BENCH_SEEDED_DATABASE:-}" ]; then
  say "a scratch database, and the $SCALE demonstration year"
  psql "$SERVER_URL" -XAtqc "CREATE DATABASE $DB" >/dev/null
  "$BIN" migrate >/dev/null
  "$BIN" demo seed --scale "$SCALE" --concurrency 32 | tee "$WORK/seed.txt" >&2
else
  say "the seeded database $DB"
  "$BIN" migrate >/dev/null
  psql_db -c "DROP TABLE IF EXISTS bench_events; DROP SEQUENCE IF EXISTS bench_position" >/dev/null
fi
EVENTS=$(psql_db -c "SELECT count(*) FROM events")

say "2. projection rebuild against a sequential read of the event table"
# The rebuild runs in a process of its own: its peak memory is printed
# beside figure 5 (the server's projector works in batches of the same size).
python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)' "$WORK/rebuild.rss" "$BIN" projections rebuild | tee "$WORK/rebuild.txt" >&2
REBUILD=$(grep -o '([0-9.]* sự kiện/giây)' "$WORK/rebuild.txt" | tr -dc '0-9.')
start=$(date +%s.%N)
psql_db -c "COPY (SELECT * FROM events ORDER BY position) TO STDOUT" >/dev/null
end=$(date +%s.%N)
SEQ_READ=$(python3 -c "print(f'{$EVENTS / ($end - $start):.0f}')")

say "starting the server"
"$BIN" serve --port "$PORT" --graphiql false 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "$BASE/readyz" >/dev/null && break
  sleep 0.2
done
ADMIN=$(sign_in quantri)

say "3. the ranking of one block against a trivial handler"
if [ "$SCALE" = national ]; then
  PERIOD_NAME="Chỉ số CCHC năm 2025 — Tỉnh 01"; BLOCK=commune; PREFIX="T01-"
else
  PERIOD_NAME="Chỉ số CCHC năm 2025 — Thanh Hóa"; BLOCK=district; PREFIX=""
fi
RANKED_PERIOD=$(gql "$ADMIN" '{ periods { id name } }' '{}' |
  pick "[p['id'] for p in d['data']['periods'] if p['name'] == '$PERIOD_NAME'][0]")
BLOCK_SIZE=$(gql "$ADMIN" 'query($p: ID!, $b: String) { ranking(periodId: $p, block: $b) { rank } }' \
  "{\"p\": \"$RANKED_PERIOD\", \"b\": \"$BLOCK\"}" | pick 'len(d["data"]["ranking"])')
BENCH_TOKEN=$ADMIN BENCH_PERIOD=$RANKED_PERIOD BENCH_BLOCK=$BLOCK \
  wrk -t2 -c64 -d"${DURATION}s" --latency -s ops/bench/ranking.lua "$BASE" >"$WORK/ranking.txt"
wrk -t2 -c64 -d"${DURATION}s" --latency "$BASE/healthz" >"$WORK/trivial.txt"

say "1. score entries through the API against pgbench INSERT+COMMIT"
SET=$(gql "$ADMIN" '{ criteriaSets { id indexKind } }' '{}' |
  pick "[s['id'] for s in d['data']['criteriaSets'] if s['indexKind'].lower() == 'par'][0]")
gql "$ADMIN" '{ units(first: 500) { edges { node { id code } } } }' '{}' |
  pick "'\n'.join([e['node']['id'] + ' ' + e['node']['code'] for e in d['data']['units']['edges'] if e['node']['code'].startswith('$PREFIX') and e['node']['code'][len('$PREFIX'):][:1] in 'SH'][:34])" \
  >"$WORK/units.txt"
SCOPE=$(awk '{printf "%s{\"unitId\": \"%s\"}", (NR > 1 ? "," : ""), $1}' "$WORK/units.txt")
OPEN_PERIOD=$(gql "$ADMIN" 'mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }' "{\"i\": {
  \"name\": \"Đo tải $$\", \"year\": 2025, \"criteriaSetId\": \"$SET\", \"units\": [$SCOPE],
  \"deadlines\": {\"selfAssessment\": \"2099-01-15\", \"appraisalRound1\": \"2099-01-31\",
                 \"explanation\": \"2099-02-10\", \"appraisalRound2\": \"2099-02-20\"}}}" |
  pick 'd["data"]["openPeriod"]["period"]["id"]')
while read -r unit code; do
  echo "$(sign_in "ld.$(echo "$code" | tr 'A-Z' 'a-z')") $unit"
done <"$WORK/units.txt" >"$WORK/clients.txt"
head -n 32 "$WORK/clients.txt" >"$WORK/clients32.txt"
BENCH_CLIENTS="$WORK/clients32.txt" BENCH_PERIOD=$OPEN_PERIOD \
  wrk -t32 -c32 -d"${DURATION}s" --latency -s ops/bench/score_entry.lua "$BASE" >"$WORK/entries.txt"
psql_db -c "CREATE TABLE bench_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
            CREATE SEQUENCE bench_position;
            ALTER TABLE bench_events ALTER position SET DEFAULT nextval('bench_position'),
                                     ALTER recorded_at SET DEFAULT now();" >/dev/null
cat >"$WORK/insert.sql" <<'SQL'
\set id random(1, 2000000000)
\set seq random(1, 1000000)
INSERT INTO bench_events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
VALUES ('scorecard', :id, :seq, 'ScoreEntered', '1',
        '{"ScoreEntered":{"leaf":"1.1.1","entry":{"kind":"Score","value":"1"},"points":"1"}}',
        '{"actor":"bench","request_id":"00000000-0000-0000-0000-000000000000"}');
SQL
pgbench -n -c32 -j2 -T"$DURATION" -f "$WORK/insert.sql" "$CHAMDIEM_DATABASE_URL" >"$WORK/pgbench.txt" 2>&1
PGBENCH_TPS=$(awk '/^tps/ {print $3; exit}' "$WORK/pgbench.txt")

say "4. score-entry latency with 10,000 prior events against 10"
sed -n 33p "$WORK/clients.txt" >"$WORK/long.txt"
sed -n 34p "$WORK/clients.txt" >"$WORK/short.txt"
LONG_UNIT=$(awk '{print $2}' "$WORK/long.txt")
SHORT_UNIT=$(awk '{print $2}' "$WORK/short.txt")
history_of() { psql_db -c "SELECT count(*) FROM events WHERE aggregate_id = '$OPEN_PERIOD:$1'"; }
while [ "$(history_of "$LONG_UNIT")" -lt 10000 ]; do
  BENCH_CLIENTS="$WORK/long.txt" BENCH_PERIOD=$OPEN_PERIOD \
    wrk -t1 -c1 -d5s -s ops/bench/score_entry.lua "$BASE" >/dev/null
done
LONG_HISTORY=$(history_of "$LONG_UNIT")
SHORT_TOKEN=$(awk '{print $1}' "$WORK/short.txt")
for n in $(seq 1 10); do
  gql "$SHORT_TOKEN" 'mutation($p: ID!, $u: ID!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: "1.1.1", entry: $e }) { __typename } }' \
    "{\"p\": \"$OPEN_PERIOD\", \"u\": \"$SHORT_UNIT\", \"e\": {\"score\": \"$([ $((n % 2)) = 0 ] && echo 1 || echo 0.5)\"}}" >/dev/null
done
SHORT_HISTORY=$(history_of "$SHORT_UNIT")
BENCH_CLIENTS="$WORK/long.txt" BENCH_PERIOD=$OPEN_PERIOD \
  wrk -t1 -c1 -d"${DURATION}s" --latency -s ops/bench/score_entry.lua "$BASE" >"$WORK/long-latency.txt"
BENCH_CLIENTS="$WORK/short.txt" BENCH_PERIOD=$OPEN_PERIOD \
  wrk -t1 -c1 -d"${DURATION}s" --latency -s ops/bench/score_entry.lua "$BASE" >"$WORK/short-latency.txt"

RSS_KIB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")

ENTRIES=$(rps "$WORK/entries.txt")
RANKING=$(rps "$WORK/ranking.txt"); RANKING_P99=$(percentile "$WORK/ranking.txt" 99)
TRIVIAL=$(rps "$WORK/trivial.txt"); TRIVIAL_P99=$(percentile "$WORK/trivial.txt" 99)
LONG_P50=$(percentile "$WORK/long-latency.txt" 50)
SHORT_P50=$(percentile "$WORK/short-latency.txt" 50)
echo "machine: $(nproc) cores; scale: $SCALE; events after the seed: $EVENTS"
echo "1. score entries via POST /graphql, 32 clients: $ENTRIES/s ($(grep graphql-errors "$WORK/entries.txt" | awk '{print $2}') GraphQL errors); pgbench INSERT+COMMIT, 32 clients: $PGBENCH_TPS/s; ratio $(ratio "$ENTRIES" "$PGBENCH_TPS") (target >= 0.5)"
echo "2. projection rebuild: $REBUILD events/s; sequential read: $SEQ_READ rows/s; ratio $(ratio "$REBUILD" "$SEQ_READ") (target >= 100000 events/s and >= 0.25)"
echo "3. ranking of one block ($BLOCK_SIZE units), 64 clients: $RANKING req/s, p99 $RANKING_P99 ms; trivial handler: $TRIVIAL req/s, p99 $TRIVIAL_P99 ms; ratio $(ratio "$RANKING" "$TRIVIAL") (target p99 <= 10 ms and >= 0.3)"
echo "4. score-entry p50 latency: $LONG_P50 ms with $LONG_HISTORY prior events; $SHORT_P50 ms with $SHORT_HISTORY; ratio $(ratio "$LONG_P50" "$SHORT_P50") (target <= 1.5)"
echo "5. server resident memory after the seed, a rebuild and the loads: $((RSS_KIB / 1024)) MiB (target <= 256 MiB); the rebuild's own process peaked at $(($(cat "$WORK/rebuild.rss") / 1024)) MiB"
