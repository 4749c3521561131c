#!/usr/bin/env bash
# The pages on the province demonstration year, on the embedded store (what
# `cargo run --release` serves):
#
#   1. server time of every main page, p95 over BENCH_LOADS loads, each
#      signed in as the official who works there, beside the same figure for
#      a trivial handler of the same server (/healthz) measured the same way;
#   2. a page's first load over the wire: its HTML with the style sheet and
#      the script it loads (nothing else is loaded: no fonts, no images).
#
# Time is measured by curl on this machine: from the request sent to the
# first byte of the answer (time_starttransfer − time_pretransfer), one
# request at a time. Settings: BENCH_LOADS (default 100), BENCH_PORT
# (default 18081).
set -euo pipefail
cd "$(dirname "$0")/../.."

LOADS=${BENCH_LOADS:-100}
PORT=${BENCH_PORT:-18081}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/chamdiem-pages.XXXXXX)
BIN=target/release/chamdiem
PASSWORD="mật khẩu dữ liệu mẫu 2026" # the demo seed's (commands/src/demo)

say() { printf '== %s\n' "$*" >&2; }
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

say "building the release binary"
cargo build --release --locked -q -p chamdiem-api

unset CHAMDIEM_DATABASE_URL
export CHAMDIEM_DATA_DIR="$WORK/data"
say "the province demonstration year on the embedded store"
"$BIN" demo seed --scale province >&2

"$BIN" serve --port "$PORT" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 150); do
  curl -sf "$BASE/readyz" >/dev/null && break
  sleep 0.2
done

# Signs `user` in through the sign-in page; the cookie jar is the session.
sign_in() {
  local jar="$WORK/$1.jar" token
  token=$(curl -sf -c "$jar" "$BASE/dang-nhap" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -sf -b "$jar" -c "$jar" -o /dev/null \
    --data-urlencode "form_token=$token" --data-urlencode "username=$1" \
    --data-urlencode "password=$PASSWORD" "$BASE/dang-nhap"
  echo "$jar"
}
ADMIN=$(sign_in quantri)
LEADER=$(sign_in ld.s01)

# Ids the pages' addresses need, read from the pages themselves. The
# appraisers of the demonstration's finished period submitted: their
# worksheets are closed and their accounts open (decision 0021); a data
# folder seeded before that decision holds locked appraisers, so the
# administrator unlocks the first one through the accounts page if need be,
# and the worksheet is measured as it.
PERIOD=$(curl -sf -b "$ADMIN" "$BASE/" | grep -o '/ky-danh-gia/[0-9a-f-]*/xep-hang' | head -1 | cut -d/ -f3)
CARD=$(curl -sf -b "$LEADER" "$BASE/" | grep -o "/ky-danh-gia/$PERIOD/don-vi/[0-9a-f-]*/phieu-cham-diem" | head -1)
read -r APPRAISER APPRAISER_ID APPRAISER_LOCKED CSRF < <(curl -sf -b "$ADMIN" "$BASE/quan-tri/tai-khoan" | python3 -c '
import re, sys
page = sys.stdin.read()
csrf = re.search(r"name=\"csrf\" value=\"([^\"]+)\"", page).group(1)
for username, row in re.findall(r"<tr id=\"tk-(td\.[^\"]+)\">(.*?)</tr>", page, re.S):
    account = re.search(r"/quan-tri/tai-khoan/([0-9a-f-]+)/", row).group(1)
    print(username, account, "yes" if "Đang khoá" in row else "no", csrf)
    break')
if [ "$APPRAISER_LOCKED" = yes ]; then
  curl -sf -b "$ADMIN" -o /dev/null --data-urlencode "csrf=$CSRF" \
    --data-urlencode "reason=Mở khoá để đo thời gian trang phiếu thẩm định" \
    "$BASE/quan-tri/tai-khoan/$APPRAISER_ID/mo-khoa"
fi
APPRAISER_JAR=$(sign_in "$APPRAISER")

UNIT=$(echo "$CARD" | cut -d/ -f5)

# A page's address as the table shows it: ids replaced by what they name.
shown() {
  if [ "$1" = "$CARD" ]; then echo "$CARD_SHOWN"; else
    local path="${1//$PERIOD/$KY}"
    echo "${path//$UNIT/\{đơn vị\}}"
  fi
}

# p95 and mean of the server time of `path` for the session `jar`, in ms.
measure() {
  local jar=$1 path=$2
  for _ in $(seq 1 "$LOADS"); do
    curl -s -o /dev/null ${jar:+-b "$jar"} -w '%{time_pretransfer} %{time_starttransfer} %{http_code}\n' "$BASE$path"
  done | python3 -c '
import sys
times, codes = [], set()
for line in sys.stdin:
    pre, first, code = line.split()
    times.append((float(first) - float(pre)) * 1000)
    codes.add(code)
times.sort()
p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
print("%.2f %.2f %s" % (p95, sum(times) / len(times), "+".join(sorted(codes))))'
}
# Bytes of `path` with the style sheet and script it loads.
first_load() {
  local jar=$1 path=$2 html css js
  html=$(curl -s -o /dev/null ${jar:+-b "$jar"} -w '%{size_download}' "$BASE$path")
  css=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/static/chamdiem.css")
  js=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/static/chamdiem.js")
  echo $((html + css + js))
}

read -r TRIVIAL_P95 _ _ < <(measure "" /healthz)
KY='{kỳ}'
CARD_SHOWN="/ky-danh-gia/$KY/don-vi/{đơn vị}/phieu-cham-diem"
printf '\n| page | who | p95 ms | mean ms | p95 ÷ /healthz p95 (%s ms) | first load, bytes | status |\n|---|---|---|---|---|---|---|\n' "$TRIVIAL_P95"
while read -r who jar path; do
  [ "$jar" = - ] && jar=""
  read -r p95 mean codes < <(measure "$jar" "$path")
  bytes=$(first_load "$jar" "$path")
  ratio=$(python3 -c "print(f'{$p95 / $TRIVIAL_P95:.1f}')")
  printf '| `%s` | %s | %s | %s | %s | %s | %s |\n' "$(shown "$path")" "$who" "$p95" "$mean" "$ratio" "$bytes" "$codes"
done <<ROWS
chưa-đăng-nhập - /dang-nhap
quản-trị $ADMIN /
quản-trị $ADMIN /quan-tri/don-vi
quản-trị $ADMIN /quan-tri/tai-khoan
quản-trị $ADMIN /quan-tri/bo-tieu-chi
quản-trị $ADMIN /quan-tri/ky-danh-gia
quản-trị $ADMIN /quan-tri/ky-danh-gia/$PERIOD
quản-trị $ADMIN /ky-danh-gia/$PERIOD/tien-do
quản-trị $ADMIN /kiem-toan/nhat-ky
quản-trị $ADMIN /ky-danh-gia/$PERIOD/xep-hang
lãnh-đạo-đơn-vị $LEADER $CARD
thẩm-định $APPRAISER_JAR /ky-danh-gia/$PERIOD/tham-dinh
kiểm-toán $ADMIN /kiem-toan/thoi-diem?ky=$PERIOD&thoi_diem=2026-02-01T12:00
kiểm-toán $ADMIN /kiem-toan/thoi-diem?ky=$PERIOD&thoi_diem=2026-02-01T12:00&don_vi=$UNIT
ROWS
