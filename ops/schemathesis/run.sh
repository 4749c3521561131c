#!/usr/bin/env bash
# Runs Schemathesis in GraphQL mode against a fresh chamdiem server: it reads
# the schema by introspection and sends generated queries and mutations
# (valid and invalid) to every field, as the first administrator, failing on
# any server error, any error without a code, any INTERNAL error (see
# chamdiem_hooks.py). The four upload mutations take a multipart file, which
# Schemathesis does not send in GraphQL mode: tests/tests/hostile_input.rs
# fuzzes them. What it found is kept in ops/schemathesis/FINDINGS.md.
#
#   ops/schemathesis/run.sh            # CHAMDIEM_SCHEMATHESIS_EXAMPLES=50 per operation
#
# Installs Schemathesis from PyPI into target/schemathesis-venv; the server
# runs on a throwaway SQLite store; the report goes to target/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=4.32.5
examples="${CHAMDIEM_SCHEMATHESIS_EXAMPLES:-50}"
venv=target/schemathesis-venv
report=target/schemathesis
port=$(( 40000 + $$ % 10000 ))
data=$(mktemp -d /tmp/chamdiem-schemathesis.XXXXXX)
password="mật khẩu quản trị cho schemathesis"

if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$version"; then
  echo "== installing schemathesis $version"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

echo "== server (release) on port $port"
cargo build --release --locked -p chamdiem-api
export CHAMDIEM_DATA_DIR="$data"
CHAMDIEM_ADMIN_PASSWORD="$password" target/release/chamdiem bootstrap-admin \
  --username quantri --display-name "Quản trị" >/dev/null
target/release/chamdiem serve --port "$port" --graphiql false >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
token=$(curl -fs "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d "{\"query\":\"mutation(\$p: String!) { signIn(input: { username: \\\"quantri\\\", password: \$p }) { token } }\",\"variables\":{\"p\":\"$password\"}}" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["signIn"]["token"])')

echo "== schemathesis: $examples examples per operation"
mkdir -p "$report"
status=0
# chamdiem's scalars and its contract for refusals: ops/schemathesis/chamdiem_hooks.py.
PYTHONPATH=ops/schemathesis SCHEMATHESIS_HOOKS=chamdiem_hooks \
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/graphql" \
  --header "Authorization: Bearer $token" \
  --exclude-checks not_a_server_error \
  --exclude-name-regex '^Mutation\.upload' \
  --max-examples "$examples" \
  --workers 2 \
  --seed 2026 \
  --generation-database none \
  --report junit,ndjson --report-dir "$report" \
  --no-color || status=$?

echo "== server log: panics and errors"
grep -c '"level":"ERROR"\|ERROR' "$data/server.log" | sed 's/^/error lines: /' || true
grep -i 'panick' "$data/server.log" | head -5 || echo "no panic"
exit $status
