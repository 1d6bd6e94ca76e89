#!/usr/bin/env bash
# Two service instances (ports PORT_A, PORT_B) on one fresh database of the PostgreSQL 15 cluster.
#  1. Duplicate pushes: retrying-pusher.js with MIRROR=1 sends each of PUSHES signed pushes to A and B at
#     the same moment (same body, same signature). Both callers must get 2xx, exactly one of them 201,
#     and every push must be stored once with exact balances (verify_books).
#  2. Concurrent sweeps, ROUNDS rounds: PER_ROUND projects get DUE_PER_PROJECT disbursements that nothing
#     settles, made due with SQL (received_at and due_at 31 days back); then two sweeps on A and two on B
#     are started at the same moment (in round 2, while psql holds the sweep's advisory lock, so that
#     all four provably wait on it together). newlyOverdue must add up to the number made due, every
#     project must be disabled by exactly one sweep, with one SIGNING_DISABLED audit event.
#
#   bench/two-instances.sh       # env: PORT_A PORT_B PUSHES=2000 WORKERS=4 ROUNDS=3 PER_ROUND=3 DUE_PER_PROJECT=5 KEEP_DB=1 KEEP=1
#
# Runs as root (role and database through `runuser -u postgres`). Starts the cluster if it is down and
# stops it at the end in that case. Loopback only; needs java 17, curl, jq, node, psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/reliability-lib.sh"

PORT_A=${PORT_A:-18493}
PORT_B=${PORT_B:-18494}
PUSHES=${PUSHES:-2000}
WORKERS=${WORKERS:-4}
ROUNDS=${ROUNDS:-3}
PER_ROUND=${PER_ROUND:-3}
DUE_PER_PROJECT=${DUE_PER_PROJECT:-5}
ACCOUNTS=$((ROUNDS * PER_ROUND))
DB=rel_two
URL_A=http://127.0.0.1:$PORT_A URL_B=http://127.0.0.1:$PORT_B
BASE_URL=$URL_A
SWEEP_LOCK=$((0x5357454550))   # AdvisoryLock.OVERDUE_SWEEP (cn.escrow.platform.db)
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=rel_bench PGPASSWORD=rel-bench-password

for tool in java curl jq node psql pg_ctlcluster; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/two-instances.XXXXXX)
PID_A= PID_B=
cleanup() {
  stop_pusher
  SERVICE_PID=$PID_A stop_service; SERVICE_PID=$PID_B stop_service
  pg15_cleanup
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
pg15_setup
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }

# Both instances: same database, same secrets key (B must read the client secret A stored), no scheduled sweep.
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
  QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32); export ESCROW_SECRETS_ENCRYPTION_KEY
start_service "$PORT_A" "$WORK/service-a.log"; PID_A=$SERVICE_PID
start_service "$PORT_B" "$WORK/service-b.log"; PID_B=$SERVICE_PID; SERVICE_PID=
setup_registry "$ACCOUNTS" 3

# ---------------------------------------------------------------- 1. the same push to A and B at once
log "duplicates: $PUSHES pushes, each sent to A and B at the same moment, $WORKERS workers"
pusher dup URLS="$URL_A,$URL_B" MIRROR=1 PUSHES="$PUSHES" WORKERS="$WORKERS" || die "not every copy was acknowledged"
jq -c 'del(.expected)' "$WORK/dup.json"
jq -e --argjson n "$PUSHES" '.pushesBy201Count == {"1": $n}' "$WORK/dup.json" >/dev/null \
  || die "not exactly one 201 per push: $(jq -c .pushesBy201Count "$WORK/dup.json")"

# ---------------------------------------------------------------- 2. concurrent sweeps
log "sweeps: $ACCOUNTS projects get $DUE_PER_PROJECT unsettled disbursements each"
pusher due URLS="$URL_A,$URL_B" PLAN=disbursements PUSHES=$((ACCOUNTS * DUE_PER_PROJECT)) WORKERS=2 || die "disbursements not acknowledged"
verify_books "$WORK/dup.ledger" "$WORK/due.ledger"
: >"$WORK/sweeps"
for r in $(seq 1 "$ROUNDS"); do
  projects=$(sed -n "$(( (r - 1) * PER_ROUND + 1 )),$(( r * PER_ROUND ))p" "$WORK/projects" | cut -d' ' -f1 | paste -sd,)
  made_due=$(sql -c "WITH d AS (UPDATE loan_disbursement SET received_at = received_at - interval '31 days',
                       due_at = due_at - interval '31 days' WHERE project_id IN ($projects) AND status = 'AWAITING_FUNDS'
                       RETURNING 1) SELECT count(*) FROM d")
  holder=
  if [ "$r" = 2 ]; then   # hold the sweep lock, so that all four sweeps queue on it together
    sql -c "SELECT pg_advisory_xact_lock($SWEEP_LOCK), pg_sleep(6)" >/dev/null & holder=$!
    sleep 0.5
  fi
  sweepers=()
  for i in 1 2; do for url in "$URL_A" "$URL_B"; do
    curl -s -o "$WORK/sweep-$r-${url##*:}-$i" -w '%{http_code}\n' -u "admin:$ADMIN_PASSWORD" -X POST "$url/api/v1/overdue-sweeps" \
      >"$WORK/sweep-$r-${url##*:}-$i.status" &
    sweepers+=($!)
  done; done
  waiting=-
  if [ -n "$holder" ]; then
    sleep 4
    waiting=$(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    wait "$holder"
  fi
  wait "${sweepers[@]}"   # the four sweeps (a bare wait would wait for the services too)
  cat "$WORK"/sweep-$r-*.status | sort | uniq -c | grep -q '^ *4 200$' || die "round $r: a sweep did not answer 200"
  newly=$(cat "$WORK"/sweep-$r-*[0-9] | jq -s 'map(.newlyOverdue) | add')
  per_sweep=$(cat "$WORK"/sweep-$r-*[0-9] | jq -s -c 'map(.newlyOverdue)')
  disabled=$(cat "$WORK"/sweep-$r-*[0-9] | jq -s -r '[.[].projectsDisabled[]] | sort | map(tostring) | join(",")')
  echo "round $r: projects $projects, made due $made_due, sweeps waiting on the lock $waiting," \
    "newlyOverdue per sweep $per_sweep = $newly, projects disabled $disabled" | tee -a "$WORK/sweeps" >&2
  [ "$newly" = "$made_due" ] || die "round $r: newlyOverdue adds up to $newly, $made_due were made due"
  [ "$disabled" = "$projects" ] || die "round $r: disabled $disabled, expected each of $projects once"
  [ "$waiting" = - ] || [ "$waiting" = 4 ] || die "round 2: $waiting sweeps waited on the lock, expected 4"
done

# Every project: one SIGNING_DISABLED event, signing off with DUE_PER_PROJECT overdue reasons (API).
sql -c "SELECT 'projects not disabled exactly once: ' || count(*) FROM project p
        WHERE (SELECT count(*) FROM audit_event e WHERE e.project_id = p.id AND e.action = 'SIGNING_DISABLED') <> 1" \
  -c "SELECT 'sweep runs ' || count(*) || ', newly overdue in all ' || sum(newly_overdue) FROM overdue_sweep" | tee "$WORK/audit" >&2
grep -q 'exactly once: 0$' "$WORK/audit" || die "a project was disabled more or less than once"
while read -r pid _; do
  admin_call 200 GET "/api/v1/projects/$pid/signing-status" \
    | jq -e --argjson n "$DUE_PER_PROJECT" '.enabled == false and (.reasons | length) == $n' >/dev/null \
    || die "project $pid: signing-status is not disabled with $DUE_PER_PROJECT reasons"
done <"$WORK/projects"

echo
echo "SUMMARY two instances: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
jq -r '"duplicates: \(.pushes) pushes x 2 instances, \(.requests) requests, \(.retries) retries, \(.seconds) s, outcomes \(.outcomes | tostring)",
       "pushes by number of 201 answers: \(.pushesBy201Count | tostring)"' "$WORK/dup.json"
cat "$WORK/books"
cat "$WORK/sweeps" "$WORK/audit"
