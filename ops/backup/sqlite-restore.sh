#!/usr/bin/env bash
# Restores a backup made by sqlite-backup.sh into a data folder, with the
# server stopped: checks the file, verifies the integrity chain of its
# history, rebuilds the read models, and only then puts it in place. A store
# already there is kept beside it, renamed, never deleted.
#
#   ops/backup/sqlite-restore.sh BACKUP.sqlite3 DATA_DIR
#
# Its evidence files (BACKUP.sqlite3.evidence.tar) go to the `evidence`
# folder of DATA_DIR (CHAMDIEM_EVIDENCE_DIR to put them elsewhere), once
# every file the history refers to is found there and intact.
#
# The `chamdiem` binary is CHAMDIEM_BIN, else target/release/chamdiem, else
# the one on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

backup="${1:?usage: sqlite-restore.sh BACKUP.sqlite3 DATA_DIR}"
data_dir="${2:?usage: sqlite-restore.sh BACKUP.sqlite3 DATA_DIR}"
[ -f "$backup" ] || { echo "không có tệp $backup" >&2; exit 2; }
if [ -f "$backup.sha256" ]; then
  (cd "$(dirname "$backup")" && sha256sum --check --status "$(basename "$backup").sha256") \
    || { echo "tổng kiểm của $backup không khớp: tệp đã bị hỏng hoặc bị sửa" >&2; exit 1; }
fi
chamdiem="${CHAMDIEM_BIN:-}"
[ -n "$chamdiem" ] || { [ -x "$root/target/release/chamdiem" ] && chamdiem="$root/target/release/chamdiem"; } || true
[ -n "$chamdiem" ] || chamdiem=$(command -v chamdiem) || { echo "không tìm thấy chamdiem: đặt CHAMDIEM_BIN" >&2; exit 2; }

# Work on a copy in a staging folder: the data folder changes only at the end.
staging=$(mktemp -d "${TMPDIR:-/tmp}/chamdiem-restore.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp "$backup" "$staging/chamdiem.sqlite3"
echo "Kiểm tra chuỗi toàn vẹn của bản sao lưu:"
# Checkpoints kept in the backup count only when signed by a key named in
# CHAMDIEM_AUDIT_TRUSTED_KEYS (decision 0015); set it to the published key.
# The server's seals count when signed by the seal key of DATA_DIR (or
# CHAMDIEM_SEAL_KEY), or by a key named in CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS
# (decision 0018): a backup does not hold the key.
"$chamdiem" --data-dir "$staging" --seal-key "${CHAMDIEM_SEAL_KEY:-$data_dir/seal.key}" audit verify
"$chamdiem" --data-dir "$staging" projections rebuild
. "$(dirname "$0")/evidence.sh"
restore_evidence "$backup" "$staging/evidence"
"$chamdiem" --data-dir "$staging" audit evidence --evidence-dir "$staging/evidence"

mkdir -p "$data_dir"
target="$data_dir/chamdiem.sqlite3"
if [ -e "$target" ]; then
  kept="$target.before-restore-$(date +%Y%m%d%H%M%S)"
  mv "$target" "$kept"
  for side in -wal -shm; do [ ! -e "$target$side" ] || mv "$target$side" "$kept$side"; done
  echo "Kho cũ được giữ lại tại $kept"
fi
# The write-ahead log goes along if the rebuild left one.
for side in "" -wal -shm; do
  [ ! -e "$staging/chamdiem.sqlite3$side" ] || mv "$staging/chamdiem.sqlite3$side" "$target$side"
done
merge_evidence "$staging/evidence" "${CHAMDIEM_EVIDENCE_DIR:-$data_dir/evidence}"
echo "Khôi phục xong vào $target: lịch sử nguyên vẹn, bảng đọc dựng lại từ lịch sử, đủ tệp minh chứng."
