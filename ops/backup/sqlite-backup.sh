#!/usr/bin/env bash
# Backs up the embedded SQLite store while the server runs: VACUUM INTO
# writes a consistent, compact copy from one read transaction (the server's
# writers go on meanwhile, in WAL mode).
#
#   ops/backup/sqlite-backup.sh OUT.sqlite3
#
# The store is chamdiem.sqlite3 in CHAMDIEM_DATA_DIR (default ./data).
# Writes OUT.sqlite3 and OUT.sqlite3.sha256, and the evidence files as
# OUT.sqlite3.evidence.tar (see evidence.sh); refuses to overwrite.
set -euo pipefail

out="${1:?usage: sqlite-backup.sh OUT.sqlite3}"
source="${CHAMDIEM_DATA_DIR:-./data}/chamdiem.sqlite3"
[ -f "$source" ] || { echo "không có kho dữ liệu $source" >&2; exit 2; }
[ ! -e "$out" ] || { echo "tệp $out đã tồn tại; không ghi đè bản sao lưu" >&2; exit 2; }

started=$(date +%s)
if command -v sqlite3 >/dev/null 2>&1; then
  # The connection waits for the server's writer rather than failing at once.
  sqlite3 -cmd ".timeout 10000" "$source" "VACUUM INTO '${out//\'/\'\'}'"
else
  python3 - "$source" "$out" <<'PY'
import sqlite3, sys
source = sqlite3.connect(sys.argv[1], timeout=10)
source.execute("VACUUM INTO ?", (sys.argv[2],))
PY
fi
sha256sum "$out" > "$out.sha256"
. "$(dirname "$0")/evidence.sh"
backup_evidence "$out"
echo "Đã sao lưu vào $out ($(du -h "$out" | cut -f1), $(( $(date +%s) - started )) s); tổng kiểm: $out.sha256"
