#!/usr/bin/env bash
# The test command: formatting, lints, and every test, against a real
# PostgreSQL and real SQLite files.
#
# PostgreSQL: uses CHAMDIEM_TEST_DATABASE_URL, else DATABASE_URL, else
# 127.0.0.1:5432 (user postgres) when a server answers there; otherwise it
# starts a throwaway cluster in a temporary folder with this machine's
# PostgreSQL binaries (as the postgres user when run as root) and stops it at
# the end. Each run gets a database of its own, each test a schema in it.
set -euo pipefail
cd "$(dirname "$0")/.."

# A clean clone gains nothing from incremental caches, which would double the
# size of target/ on a CI disk.
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
fi

say() { printf '\n== %s\n' "$*"; }

say "formatting"
cargo fmt --all -- --check

say "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

# --- Chromium ---------------------------------------------------------------
# Browser tests drive a real headless Chromium (Debian's `chromium`); it is
# installed where missing when the script may (root with apt-get).
say "Chromium"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
  else
    echo "chromium is missing: install Debian's chromium package (browser tests need it)" >&2
    exit 1
  fi
fi
chromium --version
export CHAMDIEM_CHROMIUM="${CHAMDIEM_CHROMIUM:-$(command -v chromium)}"
# The page tests drive it through WebDriver (Debian's chromium-driver).
if ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium-driver"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-driver >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-driver >/dev/null; }
  else
    echo "chromedriver is missing: install Debian's chromium-driver package (page tests need it)" >&2
    exit 1
  fi
fi
chromedriver --version
export CHAMDIEM_CHROMEDRIVER="${CHAMDIEM_CHROMEDRIVER:-$(command -v chromedriver)}"

# --- PostgreSQL -------------------------------------------------------------
. ops/lib/postgres.sh

redact() { # URL without its password
  echo "${1%%\?*}" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'
}

answers() { # URL
  "$PG_BIN/psql" "$1" -XAtqc 'SELECT 1' >/dev/null 2>&1
}

PG_BIN=$(pg_bindir)
SERVER_URL="${CHAMDIEM_TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
CLUSTER_DIR=""
RUN_DB="chamdiem_test_$$"

cleanup() {
  status=$?
  if [ -n "${ADMIN_URL:-}" ]; then
    "$PG_BIN/psql" "$ADMIN_URL" -XAtqc "DROP DATABASE IF EXISTS $RUN_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ -n "$CLUSTER_DIR" ]; then
    remove_throwaway_cluster "$CLUSTER_DIR"
  fi
  exit $status
}
trap cleanup EXIT

say "PostgreSQL"
if answers "$SERVER_URL"; then
  echo "using the server at $(redact "$SERVER_URL")"
  ADMIN_URL="$SERVER_URL"
else
  CLUSTER_DIR=$(mktemp -d /tmp/chamdiem-pg.XXXXXX)
  PORT=$(( 20000 + $$ % 20000 ))
  echo "no server answers at $(redact "$SERVER_URL"); starting a throwaway cluster on port $PORT"
  start_throwaway_cluster "$CLUSTER_DIR" "$PORT"
  ADMIN_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
fi
"$PG_BIN/psql" "$ADMIN_URL" -XAtqc "CREATE DATABASE $RUN_DB" >/dev/null
# Swap the database name at the end of the URL (before any query string).
base="${ADMIN_URL%%\?*}"
query="${ADMIN_URL#"$base"}"
export CHAMDIEM_TEST_DATABASE_URL="${base%/*}/$RUN_DB$query"

say "tests"
cargo test --workspace --locked
