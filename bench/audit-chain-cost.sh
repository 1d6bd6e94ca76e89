#!/usr/bin/env bash
# What the audit hash chain costs, apart from the push path (which does no chain work): EVENTS audit
# events are written straight into the table with the background sealer off, then the verification
# endpoint seals them all and recomputes the chain (first call), and recomputes it alone (second call).
# The difference is the sealing. Prints wall time and CPU (service JVM, PostgreSQL) of both calls.
#
#   bench/audit-chain-cost.sh         # env: PORT DB_PORT EVENTS (default 100000)
#
# Loopback only; needs java 17, curl, jq, psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18084}
DB_PORT=${DB_PORT:-15484}
EVENTS=${EVENTS:-100000}
BASE_URL=http://127.0.0.1:$PORT

for tool in java curl jq psql; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/audit-chain-cost.XXXXXX)
cleanup() { stop_service; rm -rf "$WORK"; }
trap cleanup EXIT

ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_AUDIT_SEAL_INTERVAL=off \
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) \
  start_service "$PORT" "$WORK/service.log"
sql() { PGPASSWORD=$(embedded_pg_password "$WORK/pg" superuser) psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1 "$@"; }
jvm_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"; }
pg_cpu() {
  local postmaster; postmaster=$(head -1 "$WORK/pg/postmaster.pid")
  for pid in $postmaster $(pgrep -P "$postmaster"); do cat "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 + $16 + $17 } END { printf "%.2f\n", s / hz }'
}

log "writing $EVENTS audit events like a bank push's"
sql -c "INSERT INTO audit_event (at, actor, action, subject, project_id, details)
        SELECT now(), 'client:bench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:T-' || g, 1 + g % 32,
               jsonb_build_object('bankCode', 'BENCHBK', 'accountNo', '6222000000' || (g % 32), 'direction', 'CREDIT',
                                  'amount', '1000.00', 'purpose', 'LOAN', 'balanceAfter', (g * 1000) || '.00')
        FROM generate_series(1, $EVENTS) g"
sql -c "VACUUM ANALYZE audit_event"
verify() {
  local name=$1 jvm0 pg0 t0 out
  jvm0=$(jvm_cpu); pg0=$(pg_cpu); t0=$(date +%s.%N)
  out=$(admin_call 200 GET /api/v1/audit-events/verification)
  echo "$name: $(echo "$(date +%s.%N) - $t0" | bc) s wall, service JVM $(echo "$(jvm_cpu) - $jvm0" | bc) s CPU," \
       "PostgreSQL $(echo "$(pg_cpu) - $pg0" | bc) s CPU; $(echo "$out" | jq -c '{intact, checkedEvents}')"
}
verify "seal + verify $EVENTS events"
verify "verify only         "
echo "chain rows: $(sql -c 'SELECT count(*) FROM audit_chain'), on disk: $(sql -c "SELECT pg_size_pretty(pg_total_relation_size('audit_chain'))")"
