#!/usr/bin/env bash
# Crash test: the service on its embedded PostgreSQL (fixed data dir and port) takes PUSHES signed pushes
# from bench/retrying-pusher.js (WORKERS workers, every push retried until 2xx) while this script SIGKILLs
# the service JVM KILLS times at random moments and restarts it on the same data dir. Afterwards every
# push must be acknowledged and stored exactly once, and every balance must be exact (verify_books).
#
#   bench/crash-test.sh        # env: PORT DB_PORT PUSHES=20000 WORKERS=4 ACCOUNTS=4 KILLS=3 KEEP=1
#
# After a SIGKILL of the JVM, its embedded postmaster (started through pg_ctl, so not in the JVM's
# process) may outlive it. Before the restart we stop a surviving one with SIGQUIT (PostgreSQL's
# immediate shutdown: no checkpoint, crash recovery at the next start), so that the restart also
# proves that what was acknowledged is in the WAL. Loopback only; needs java 17, curl, jq, node, psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/reliability-lib.sh"

PORT=${PORT:-18491}
DB_PORT=${DB_PORT:-15491}
PUSHES=${PUSHES:-20000}
WORKERS=${WORKERS:-4}
ACCOUNTS=${ACCOUNTS:-4}
KILLS=${KILLS:-3}
BASE_URL=http://127.0.0.1:$PORT

for tool in java curl jq node psql; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/crash-test.XXXXXX)
PGDATA_DIR=$WORK/pg
PUSHER_PID=
export ESCROW_EMBEDDED_DB_DIR=$PGDATA_DIR ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_OVERDUE_SWEEP_CRON=off
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32); export ESCROW_SECRETS_ENCRYPTION_KEY  # same key on every restart

cleanup() {
  stop_pusher
  stop_service
  reap_postmaster >/dev/null 2>&1 || true   # a service that never became ready may have left one
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
sql() { PGPASSWORD=$(embedded_pg_password "$PGDATA_DIR" superuser) psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1 "$@"; }

start_service "$PORT" "$WORK/service-0.log"
setup_registry "$ACCOUNTS" 5

log "load: $PUSHES pushes, $WORKERS workers, $ACCOUNTS accounts; $KILLS SIGKILLs at random moments"
pusher crash URLS="$BASE_URL" PUSHES="$PUSHES" WORKERS="$WORKERS" &
PUSHER_PID=$!
: >"$WORK/kills"; : >"$WORK/postmaster-fates"
for k in $(seq 1 "$KILLS"); do
  sleep "$((3 + RANDOM % 10)).$((RANDOM % 10))"        # 3.0-12.9 s after the previous restart was ready
  kill -0 "$PUSHER_PID" 2>/dev/null || die "the load ended before kill $k; raise PUSHES"
  t_kill=$(date +%s.%N)
  kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  log "kill $k: SIGKILLed JVM $SERVICE_PID"
  SERVICE_PID=
  reap_postmaster
  start_service "$PORT" "$WORK/service-$k.log"
  t_ready=$(date +%s.%N)
  echo "kill $k at $(date -d "@${t_kill%.*}" +%H:%M:%S): JVM killed to service ready again $(awk "BEGIN { printf \"%.1f\", $t_ready - $t_kill }") s" \
    | tee -a "$WORK/kills" >&2
done
kill -0 "$PUSHER_PID" 2>/dev/null || log "note: the load had ended by the time the last restart was ready"
status=0; wait "$PUSHER_PID" || status=$?; PUSHER_PID=
log "pusher exit status $status"
jq -c 'del(.expected)' "$WORK/crash.json"
[ "$status" = 0 ] || die "the pusher could not get every push acknowledged (see above)"

verify_books "$WORK/crash.ledger"
echo "restarts where PostgreSQL ran crash recovery: $(cat "$WORK"/service-*.log | grep -c 'automatic recovery in progress' || true)" >>"$WORK/kills"

echo
echo "SUMMARY crash test: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
jq -r '"pushes \(.pushes) (acknowledged \(.acknowledged)), \(.requests) requests, \(.retries) retries (\(.pushesRetried) pushes retried), \(.seconds) s",
       "outcomes \(.outcomes | tostring)", "acknowledged by status: 201 seen once \(.pushesBy201Count["1"] // 0), never (200 replay after a lost 201) \(.pushesBy201Count["0"] // 0)",
       "outages seen by the pusher (no 2xx for >= 2 s): \(.outages | map("\(.seconds) s") | join(", "))"' "$WORK/crash.json"
cat "$WORK/kills"
echo "embedded postmaster after each SIGKILL: $(tr '\n' ' ' <"$WORK/postmaster-fates")"
cat "$WORK/books"
