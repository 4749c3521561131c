# Evidence files in a backup, for the four backup scripts (sourced).
#
# The history holds only the hashes of the evidence files; the files live in
# a folder beside it (CHAMDIEM_EVIDENCE_DIR, by default the `evidence`
# folder of CHAMDIEM_DATA_DIR). A backup is the database copy and, beside
# it, BACKUP.evidence.tar with every stored file (files are named by their
# hash and never change, so an archive of the folder taken after the
# database copy holds every file that copy refers to). A restore checks
# that every file the restored history refers to is there and intact
# (`chamdiem audit evidence`) before anything is put in place. Evidence kept
# in S3-compatible storage (`--evidence-url`) is not in these backups: keep
# it with the bucket's own versioning or replication.

evidence_dir() {
  echo "${CHAMDIEM_EVIDENCE_DIR:-${CHAMDIEM_DATA_DIR:-./data}/evidence}"
}

# backup_evidence BACKUP: writes BACKUP.evidence.tar and its checksum.
backup_evidence() {
  local out="$1.evidence.tar" dir
  dir=$(evidence_dir)
  if [ -d "$dir" ]; then
    # Files of uploads still being decided are not evidence yet.
    tar --create --file "$out" --directory "$dir" --exclude ./staging .
  else
    tar --create --file "$out" --files-from /dev/null
  fi
  sha256sum "$out" > "$out.sha256"
  echo "Minh chứng: $(tar --list --file "$out" | grep -c '[0-9a-f]\{64\}$' || true) tệp vào $out"
}

# restore_evidence BACKUP FOLDER: unpacks BACKUP.evidence.tar into FOLDER
# after checking its checksum.
restore_evidence() {
  local archive="$1.evidence.tar" folder="$2"
  [ -f "$archive" ] || { echo "không có tệp minh chứng $archive của bản sao lưu" >&2; exit 2; }
  if [ -f "$archive.sha256" ]; then
    (cd "$(dirname "$archive")" && sha256sum --check --status "$(basename "$archive").sha256") \
      || { echo "tổng kiểm của $archive không khớp: tệp đã bị hỏng hoặc bị sửa" >&2; exit 1; }
  fi
  mkdir -p "$folder"
  tar --extract --file "$archive" --directory "$folder"
}

# merge_evidence FROM TO: adds the files of FROM to TO; a file already there
# has the same content (same name, same hash) and is left as it is.
merge_evidence() {
  mkdir -p "$2"
  cp -a --no-clobber "$1/." "$2/"
}
