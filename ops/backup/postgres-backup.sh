#!/usr/bin/env bash
# Backs up a chamdiem PostgreSQL database while it serves: pg_dump takes one
# consistent snapshot (a single repeatable-read transaction), so the events,
# the integrity chain, the checkpoints and the read models in the file all
# stand at the same log position, however many writers are at work.
#
#   ops/backup/postgres-backup.sh OUT.dump
#
# The database is CHAMDIEM_DATABASE_URL (else DATABASE_URL). With
# CHAMDIEM_PG_SCHEMA set, only that schema is dumped (a database holding
# several chamdiem schemas). Writes OUT.dump (pg_dump's custom format) and
# OUT.dump.sha256, and the evidence files as OUT.dump.evidence.tar (see
# evidence.sh); refuses to overwrite.
set -euo pipefail

out="${1:?usage: postgres-backup.sh OUT.dump}"
url="${CHAMDIEM_DATABASE_URL:-${DATABASE_URL:-}}"
[ -n "$url" ] || { echo "đặt CHAMDIEM_DATABASE_URL (hoặc DATABASE_URL) trỏ tới cơ sở dữ liệu cần sao lưu" >&2; exit 2; }
[ ! -e "$out" ] || { echo "tệp $out đã tồn tại; không ghi đè bản sao lưu" >&2; exit 2; }

. "$(cd "$(dirname "$0")/../lib" && pwd)/postgres.sh"
pg_tool() { # the newest of that client program: Debian keeps them out of PATH
  if [ -x "$(pg_bindir)/$1" ]; then echo "$(pg_bindir)/$1"; else command -v "$1"; fi
}

schema_args=()
[ -z "${CHAMDIEM_PG_SCHEMA:-}" ] || schema_args=(--schema "$CHAMDIEM_PG_SCHEMA")

started=$(date +%s)
"$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges "${schema_args[@]}" \
  --file "$out.partial" --dbname "$url"
# A dump without the log is no backup.
listing=$("$(pg_tool pg_restore)" --list "$out.partial")
grep -q ' TABLE DATA .* events ' <<<"$listing" \
  || { echo "bản sao lưu không có bảng events" >&2; rm -f "$out.partial"; exit 1; }
mv "$out.partial" "$out"
sha256sum "$out" > "$out.sha256"
. "$(dirname "$0")/evidence.sh"
backup_evidence "$out"
echo "Đã sao lưu vào $out ($(du -h "$out" | cut -f1), $(( $(date +%s) - started )) s); tổng kiểm: $out.sha256"
