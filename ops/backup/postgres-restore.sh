#!/usr/bin/env bash
# Restores a backup made by postgres-backup.sh into an EMPTY database, then
# verifies the integrity chain of the restored history and rebuilds the
# read models from it.
#
#   ops/backup/postgres-restore.sh BACKUP.dump
#
# Its evidence files (BACKUP.dump.evidence.tar) go to CHAMDIEM_EVIDENCE_DIR
# (by default the `evidence` folder of CHAMDIEM_DATA_DIR, ./data), once every
# file the history refers to is found in them and intact.
#
# The target is CHAMDIEM_DATABASE_URL (else DATABASE_URL); it must hold no
# chamdiem tables (create it first: createdb chamdiem_restored). The
# `chamdiem` binary is CHAMDIEM_BIN, else target/release/chamdiem, else the
# one on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

backup="${1:?usage: postgres-restore.sh BACKUP.dump}"
url="${CHAMDIEM_DATABASE_URL:-${DATABASE_URL:-}}"
[ -n "$url" ] || { echo "đặt CHAMDIEM_DATABASE_URL (hoặc DATABASE_URL) trỏ tới cơ sở dữ liệu trống cần khôi phục vào" >&2; exit 2; }
[ -f "$backup" ] || { echo "không có tệp $backup" >&2; exit 2; }
if [ -f "$backup.sha256" ]; then
  sha256sum --check --status "$backup.sha256" || { echo "tổng kiểm của $backup không khớp: tệp đã bị hỏng hoặc bị sửa" >&2; exit 1; }
fi

. "$(cd "$(dirname "$0")/../lib" && pwd)/postgres.sh"
pg_tool() { # the newest of that client program: Debian keeps them out of PATH
  if [ -x "$(pg_bindir)/$1" ]; then echo "$(pg_bindir)/$1"; else command -v "$1"; fi
}
chamdiem="${CHAMDIEM_BIN:-}"
[ -n "$chamdiem" ] || { [ -x "$root/target/release/chamdiem" ] && chamdiem="$root/target/release/chamdiem"; } || true
[ -n "$chamdiem" ] || chamdiem=$(command -v chamdiem) || { echo "không tìm thấy chamdiem: đặt CHAMDIEM_BIN" >&2; exit 2; }

existing=$("$(pg_tool psql)" "$url" -XAtqc "SELECT count(*) FROM pg_tables WHERE tablename = 'events'")
[ "$existing" = 0 ] || { echo "cơ sở dữ liệu đích đã có bảng events: chỉ khôi phục vào cơ sở dữ liệu trống" >&2; exit 2; }

"$(pg_tool pg_restore)" --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$url" "$backup"
echo "Đã khôi phục $backup; kiểm tra chuỗi toàn vẹn:"
# Checkpoints kept in the backup count only when signed by a key named in
# CHAMDIEM_AUDIT_TRUSTED_KEYS (decision 0015); set it to the published key.
# The server's seals count when signed by its seal key (CHAMDIEM_SEAL_KEY,
# else seal.key in CHAMDIEM_DATA_DIR) or by a key named in
# CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS (decision 0018): a backup does not hold it.
CHAMDIEM_DATABASE_URL="$url" "$chamdiem" audit verify
CHAMDIEM_DATABASE_URL="$url" "$chamdiem" projections rebuild
. "$(dirname "$0")/evidence.sh"
unpacked=$(mktemp -d "${TMPDIR:-/tmp}/chamdiem-evidence.XXXXXX")
trap 'rm -rf "$unpacked"' EXIT
restore_evidence "$backup" "$unpacked"
CHAMDIEM_DATABASE_URL="$url" "$chamdiem" audit evidence --evidence-dir "$unpacked"
merge_evidence "$unpacked" "$(evidence_dir)"
echo "Khôi phục xong: lịch sử nguyên vẹn, bảng đọc dựng lại từ lịch sử."
