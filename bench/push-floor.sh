#!/usr/bin/env bash
# The floor of the push path: wrk sends a push the service refuses (401, stale signature timestamp)
# before any database work, and the script reports requests/s and the service JVM's CPU per request.
# Compare with the CPU per push of bench/push-load.sh: the difference is the push's own work.
#
#   bench/push-floor.sh            # env: PORT DB_PORT CONNECTIONS=32 THREADS=2 DURATION=30s WARMUP=20s
#
# Loopback only. Needs java 17, curl, wrk. The rejections are logged at INFO by cn.escrow.clients; that
# category is set to WARN here, so the figure is the path, not the log file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18493}
DB_PORT=${DB_PORT:-15493}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}

for tool in java curl wrk; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/push-floor.XXXXXX)
trap 'stop_service; rm -rf "$WORK"' EXIT

ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_OVERDUE_SWEEP_CRON=off \
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) QUARKUS_LOG_CATEGORY__CN_ESCROW_CLIENTS__LEVEL=WARN \
  start_service "$PORT" "$WORK/service.log"
jvm_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat"; }

wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s "$ROOT/bench/push-floor.lua" "http://127.0.0.1:$PORT" >/dev/null
t0=$(jvm_ticks)
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$ROOT/bench/push-floor.lua" "http://127.0.0.1:$PORT" \
  | tee "$WORK/wrk"
t1=$(jvm_ticks)
requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk")
[ "$requests" -gt 0 ] && [ "$non2xx" = "$requests" ] || die "expected every answer to be a 401"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H 'X-Client-Id: bench-bank' \
  -H 'X-Timestamp: 1000000000' -H 'X-Signature: v1=00' -d '{}' "http://127.0.0.1:$PORT/api/v1/bank/account-transactions")
[ "$status" = 401 ] || die "the probe push was answered $status, not 401"
echo "SUMMARY ($CONNECTIONS connections, $DURATION): $(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk") requests/s," \
  "service JVM CPU per request $(echo "scale=3; ($t1 - $t0) * 1000 / $(getconf CLK_TCK) / $requests" | bc) ms"
