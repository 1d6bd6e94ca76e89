#!/usr/bin/env bash
# Database restart test: the service on a fresh database of the PostgreSQL 15 cluster takes PUSHES signed
# pushes from bench/retrying-pusher.js (every push retried until 2xx, honouring Retry-After) while this
# script restarts PostgreSQL RESTARTS times, 6 s apart, alternately `pg_ctlcluster 15 main restart` and
# stop, OUTAGE seconds down, start.
# The service is never restarted. Checks: pushes during the outages got 503 problem+json with Retry-After
# (and nothing else but 2xx), the service answers again by itself, and every push is stored exactly once
# with exact balances (verify_books).
#
#   bench/db-restart-test.sh     # env: PORT PUSHES=20000 WORKERS=4 ACCOUNTS=4 RESTARTS=4 OUTAGE=5 KEEP_DB=1 KEEP=1
#
# Runs as root (role and database through `runuser -u postgres`). Starts the cluster if it is down and
# stops it at the end in that case. Loopback only; needs java 17, curl, jq, node, psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/reliability-lib.sh"

PORT=${PORT:-18492}
PUSHES=${PUSHES:-20000}   # enough to outlast the 4 restarts at about 400 pushes/s (4 workers)
WORKERS=${WORKERS:-4}
ACCOUNTS=${ACCOUNTS:-4}
OUTAGE=${OUTAGE:-5}
RESTARTS=${RESTARTS:-4}
DB=rel_restart
BASE_URL=http://127.0.0.1:$PORT
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=rel_bench PGPASSWORD=rel-bench-password

for tool in java curl jq node psql pg_ctlcluster; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/db-restart-test.XXXXXX)
cleanup() {
  stop_pusher
  stop_service
  pg15_cleanup
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
pg15_setup
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }

QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) \
  start_service "$PORT" "$WORK/service.log"
SERVICE=$SERVICE_PID
setup_registry "$ACCOUNTS" 5

# Seconds from the moment PostgreSQL is back until the service says ready again (it is not restarted).
await_ready() {
  local t0=$SECONDS
  until curl -fs -o /dev/null "$BASE_URL/q/health/ready"; do
    [ $((SECONDS - t0)) -lt 60 ] || die "service not ready 60 s after PostgreSQL came back"
    sleep 0.2
  done
  echo $((SECONDS - t0))
}

log "load: $PUSHES pushes, $WORKERS workers, $ACCOUNTS accounts; $RESTARTS PostgreSQL restarts during it"
pusher restart URLS="$BASE_URL" PUSHES="$PUSHES" WORKERS="$WORKERS" &
PUSHER=$!
: >"$WORK/restarts"
for r in $(seq 1 "$RESTARTS"); do
  sleep 6
  kill -0 "$PUSHER" 2>/dev/null || die "the load ended before restart $r; raise PUSHES"
  t0=$(date +%s.%N)
  if [ $((r % 2)) = 1 ]; then how="pg_ctlcluster restart, fast mode"; pg_ctlcluster 15 main restart
  else how="stop, ${OUTAGE} s, start"; pg_ctlcluster 15 main stop; sleep "$OUTAGE"; pg_ctlcluster 15 main start; fi
  t1=$(date +%s.%N)
  echo "restart $r ($how) at $(date -d "@${t0%.*}" +%H:%M:%S): PostgreSQL down" \
    "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s; service ready again $(await_ready) s later" | tee -a "$WORK/restarts" >&2
done
kill -0 "$PUSHER" 2>/dev/null || log "note: the load had ended by the time the service was ready again"
status=0; wait "$PUSHER" || status=$?
log "pusher exit status $status"
jq -c 'del(.expected)' "$WORK/restart.json"
[ "$status" = 0 ] || die "the pusher could not get every push acknowledged (see above)"
[ "$SERVICE" = "$SERVICE_PID" ] && kill -0 "$SERVICE" || die "the service process is not the one started at the beginning"

# During the outages the service must answer 503 problem+json with Retry-After, nothing else.
jq -e '.status503 > 0' "$WORK/restart.json" >/dev/null || die "no push got a 503: the restarts did not hit the load"
jq -e '.status503WithoutProblemOrRetryAfter == 0' "$WORK/restart.json" >/dev/null || die "a 503 without problem+json or Retry-After"
jq -e '.outcomes | keys - ["200", "201", "503"] | length == 0' "$WORK/restart.json" >/dev/null \
  || die "outcomes other than 200, 201 and 503: $(jq -c .outcomes "$WORK/restart.json")"
verify_books "$WORK/restart.ledger"
grep -c 'Database unavailable' "$WORK/service.log" | sed 's/^/service log lines "Database unavailable ... answering 503": /'

echo
echo "SUMMARY db restart test: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), service pid $SERVICE throughout"
jq -r '"pushes \(.pushes) (acknowledged \(.acknowledged)), \(.requests) requests, \(.retries) retries (\(.pushesRetried) pushes retried), \(.seconds) s",
       "outcomes \(.outcomes | tostring); 503 all with problem+json and Retry-After: \(.status503WithoutProblemOrRetryAfter == 0)",
       "pushes answered 201 once \(.pushesBy201Count["1"] // 0), answered 200 only (committed, then the 201 was lost) \(.pushesBy201Count["0"] // 0)",
       "outages seen by the pusher (no 2xx for >= 2 s): \(.outages | map("\(.seconds) s") | join(", "))"' "$WORK/restart.json"
cat "$WORK/restarts"
cat "$WORK/books"
