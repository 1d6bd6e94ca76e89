#!/usr/bin/env bash
# Replays the data and infrastructure attacks of issue 14 against the real jar, including what a test
# cannot reach: another OS user on the host (nobody), the embedded PostgreSQL's files and binaries,
# the service's own database role, and starts with a wrong or lost key. Every attack must be refused;
# the script prints one line per check and exits non-zero if any attack succeeded.
#
#   bench/security-replay.sh          # env: PORT DB_PORT KEEP=1
#
# Run as root (it switches to nobody with setpriv). Loopback only; needs java 17, curl, jq, psql, openssl.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18084}
DB_PORT=${DB_PORT:-15484}
BASE_URL=http://127.0.0.1:$PORT

for tool in java curl jq psql openssl setpriv; do command -v $tool >/dev/null || die "$tool is missing"; done
[ "$(id -u)" = 0 ] || die "run as root: the attacks of another OS user are replayed with setpriv"
ensure_jar
WORK=$(mktemp -d /tmp/security-replay.XXXXXX)
chmod 755 "$WORK"                          # nobody may enter the work directory; the data directory guards itself
DATA=$WORK/data
PGDATA_DIR=$DATA/postgres
BIN=$DATA/postgres-binaries
KEY_FILE=$DATA/client-secrets.key
FAILED=0
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# refused NAME COMMAND...: the attack must fail (non-zero exit). held NAME COMMAND...: the check must pass.
refused() { local name=$1; shift; if "$@" >"$WORK/out" 2>&1; then echo "ATTACK SUCCEEDED  $name"; sed 's/^/    /' "$WORK/out"; FAILED=1; else echo "refused           $name: $(tail -1 "$WORK/out" | cut -c1-110)"; fi; }
held() { local name=$1; shift; if "$@" >"$WORK/out" 2>&1; then echo "held              $name"; else echo "CHECK FAILED      $name"; sed 's/^/    /' "$WORK/out"; FAILED=1; fi; }
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env "$@"; }
nobody_psql() { as_nobody env PGCONNECT_TIMEOUT=5 ${2:+PGPASSWORD=$2} psql -w -h 127.0.0.1 -p "$DB_PORT" -U "$1" -d postgres -XAtc 'SELECT 1'; }
role_password() { embedded_pg_password "$PGDATA_DIR" "$1"; }
as_role() { PGPASSWORD=$(role_password "$1") psql -w -h 127.0.0.1 -p "$DB_PORT" -U "$2" -d postgres -XAtq -v ON_ERROR_STOP=1 -c "$3"; }
mode() { stat -c %a "$1"; }
# signed METHOD PATH SECRET CLIENT BODY: a signed request as a bank sends it; prints the status.
signed() {
  local ts sig; ts=$(date +%s)
  sig=$(printf '%s\n%s\n%s\n%s' "$ts" "$1" "$2" "$5" | openssl dgst -sha256 -hmac "$3" -r | cut -d' ' -f1)
  curl -s -o /dev/null -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' -H "X-Client-Id: $4" \
    -H "X-Timestamp: $ts" -H "X-Signature: v1=$sig" --data-binary "$5" "$BASE_URL$2"
}
status_is() { echo "HTTP $1"; [ "$1" = "$2" ]; }
start() { ESCROW_EMBEDDED_DB_DIR=$PGDATA_DIR ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_SECRETS_KEY_FILE=$KEY_FILE \
  ESCROW_OVERDUE_SWEEP_CRON=off start_service "$PORT" "$WORK/service-$1.log"; }

log "starting the service on a new embedded PostgreSQL in $DATA (no key configured: the service makes one)"
start first
admin_call 201 POST /api/v1/clients '{"clientId":"replay-bank","name":"Replay Bank","kind":"BANK","bankCode":"RPLBK"}' >"$WORK/client"
SECRET=$(jq -r .secret "$WORK/client")

echo "== 1. The embedded PostgreSQL and its files, as OS user nobody"
refused "nobody: psql -U postgres, no password"              nobody_psql postgres
refused "nobody: psql -U postgres, password 'postgres'"      nobody_psql postgres postgres
refused "nobody: psql -U escrow_app, no password"            nobody_psql escrow_app
refused "nobody: psql -U escrow_owner, no password"          nobody_psql escrow_owner
refused "nobody: psql over a Unix socket in /tmp"            as_nobody psql -w -h /tmp -p "$DB_PORT" -U postgres -d postgres -XAtc 'SELECT 1'
refused "nobody: read the credentials file"                  as_nobody cat "$PGDATA_DIR/escrow-credentials.properties"
refused "nobody: read the key file"                          as_nobody cat "$KEY_FILE"
refused "nobody: list the binaries directory"                as_nobody ls "$BIN/pg"
refused "nobody: create a file among the binaries"           as_nobody touch "$BIN/pg/intruder"
refused "nobody: rename the postgres binary"                 as_nobody sh -c "mv $BIN/pg/PG-*/bin/postgres $BIN/pg/x"
held    "pg_hba.conf: no trust line, every line scram-sha-256" sh -c "! grep -v '^#' $PGDATA_DIR/pg_hba.conf | grep -q trust && grep -v '^#' $PGDATA_DIR/pg_hba.conf | grep -q scram-sha-256"
held    "credentials file mode 600 (is $(mode "$PGDATA_DIR/escrow-credentials.properties")), key file mode 600 (is $(mode "$KEY_FILE"))" \
        sh -c "[ $(mode "$PGDATA_DIR/escrow-credentials.properties") = 600 ] && [ $(mode "$KEY_FILE") = 600 ]"
held    "binaries directory mode 700 (is $(mode "$BIN")), nothing under it writable by group or others" \
        sh -c "[ $(mode "$BIN") = 700 ] && [ $(mode "$BIN/pg") = 700 ] && [ -z \"\$(find $BIN -perm /022 ! -type l)\" ]"
POSTMASTER=$(head -1 "$PGDATA_DIR/postmaster.pid")
held    "the postmaster runs from the private binaries ($(readlink "/proc/$POSTMASTER/exe"))" sh -c "readlink /proc/$POSTMASTER/exe | grep -q '^$BIN/'"
(umask 077; for r in superuser owner app; do role_password $r; done >"$WORK/passwords")
held    "no password in any process's command line" sh -c "! ps -eo args | grep -F -f $WORK/passwords"
held    "no password in the service log" sh -c "! grep -F -f $WORK/passwords $WORK/service-first.log"

echo "== 2. The service's own role (escrow_app, with its password) against the audit trail"
held    "escrow_app is not a superuser" status_is "$(as_role app escrow_app 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" f
EVENT=$(as_role app escrow_app "SELECT max(id) FROM audit_event WHERE action = 'CLIENT_CREATED'")
refused "escrow_app: UPDATE audit_event SET actor"          as_role app escrow_app "UPDATE audit_event SET actor = 'intruder' WHERE id = $EVENT"
refused "escrow_app: DELETE FROM audit_event"               as_role app escrow_app "DELETE FROM audit_event WHERE id = $EVENT"
refused "escrow_app: TRUNCATE audit_event"                  as_role app escrow_app "TRUNCATE audit_event"
refused "escrow_app: ALTER TABLE ... DISABLE TRIGGER"       as_role app escrow_app "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"
refused "escrow_app: DELETE FROM audit_chain"               as_role app escrow_app "DELETE FROM audit_chain"
refused "escrow_app: CREATE a function to hide behind"      as_role app escrow_app "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'"

echo "== 3. The owner role rewrites an event's actor (the intruder of issue 14 rewrote an approval's): the chain names it"
as_role owner escrow_owner "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'intruder' WHERE id = $EVENT; ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update" >/dev/null
VERIFY=$(admin_call 200 GET /api/v1/audit-events/verification)
echo "    verification: $(echo "$VERIFY" | jq -c '{intact, checkedEvents, firstBrokenEvent}')"
held    "verification names event $EVENT as CONTENT_CHANGED" sh -c "[ '$(echo "$VERIFY" | jq -r '.intact, .firstBrokenEvent.id, .firstBrokenEvent.problem' | tr '\n' ' ')' = 'false $EVENT CONTENT_CHANGED ' ]"
as_role owner escrow_owner "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'admin' WHERE id = $EVENT; ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update" >/dev/null
held    "put back, the chain verifies again" sh -c "[ \"\$(curl -s -u admin:$ADMIN_PASSWORD $BASE_URL/api/v1/audit-events/verification | jq -r .intact)\" = true ]"

echo "== 4. A leaked bank secret"
PUSH='{"serialNo":"RP-1","accountNo":"600000000001","direction":"CREDIT","amount":"1.00","purpose":"DEPOSIT","bookedAt":"2026-11-02T09:30:00+08:00"}'
held    "the secret signs (422: no such account, but past the signature check)" status_is "$(signed POST /api/v1/bank/account-transactions "$SECRET" replay-bank "$PUSH")" 422
NEW_SECRET=$(admin_call 201 POST /api/v1/clients/replay-bank/secret-rotations '{"revokePrevious": true}' | jq -r .secret)
refused "the leaked secret right after rotation with revokePrevious" status_is "$(signed POST /api/v1/bank/account-transactions "$SECRET" replay-bank "$PUSH")" 422
held    "the new secret signs" status_is "$(signed POST /api/v1/bank/account-transactions "$NEW_SECRET" replay-bank "$PUSH")" 422

echo "== 5. Buyers' ID numbers at rest and the buyer look-up"
CODE=$(credit_code 91530100MA6X7Y8W9)
EID=$(admin_call 201 POST /api/v1/enterprises "{\"name\":\"重放置业有限公司\",\"creditCode\":\"$CODE\"}" | jq -r .id)
PID=$(admin_call 201 POST /api/v1/projects "{\"enterpriseId\":$EID,\"name\":\"重放花园\",\"presalePermitNo\":\"RP-1\"}" | jq -r .id)
ID_NO=11010519491231002X
admin_call 201 POST /api/v1/contracts "{\"projectId\":$PID,\"contractNo\":\"RP-C-1\",\"unitNo\":\"1-1\",\"buyerName\":\"张三\",\"buyerIdNo\":\"$ID_NO\",\"totalPrice\":\"100.00\",\"downPayment\":\"100.00\",\"loanAmount\":\"0\",\"loanType\":\"NONE\"}" >/dev/null
refused "find the full ID number anywhere in the contract table (as superuser)" \
        sh -c "n='$(as_role superuser postgres "SELECT count(*) FROM contract c WHERE c::text LIKE '%$ID_NO%'")'; echo \"rows holding it: \$n\"; [ \"\$n\" != 0 ]"
lookup() {  # lookup LAST6 [X-FORWARDED-FOR [CONTRACT]]
  curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' ${2:+-H "X-Forwarded-For: $2"} \
    --data-binary "{\"contractNo\":\"${3:-RP-C-1}\",\"idNoLast6\":\"$1\"}" "$BASE_URL/api/v1/buyer-lookups"; }
for i in 1 2 3 4; do lookup "00000$i" >/dev/null; done
refused "a 5th guess right after 4 wrong ones (slowed down: 429)" status_is "$(lookup 000005)" 404
for i in $(seq 1 30); do lookup 000009 "203.0.113.$i" >/dev/null; done
forged() { status_is "$(lookup 000001 198.51.100.1 RP-C-2)" 404; }  # a fresh contract number: 404 unless the address is limited
refused "escaping the per-address limit (30 a minute) with a forged X-Forwarded-For" forged

echo "== 6. Starting with a wrong or lost key"
stop_service
wrong_start() {  # succeeds (the attack worked) unless the service exits by itself saying it refuses to start
  local log=$WORK/service-$1.log rc=0; shift
  env "$@" ESCROW_EMBEDDED_DB_DIR="$PGDATA_DIR" ESCROW_EMBEDDED_DB_PORT="$DB_PORT" ESCROW_SECRETS_KEY_FILE="$KEY_FILE" \
    ESCROW_OVERDUE_SWEEP_CRON=off QUARKUS_HTTP_PORT="$PORT" timeout 180 java -jar "$JAR" >"$log" 2>&1 || rc=$?
  if [ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q 'Refusing to start' "$log"; then
    echo "exit $rc: $(grep -o 'Refusing to start[^(]*' "$log" | head -1)"; return 1
  fi
  echo "exit $rc (124: still running after 180 s)"; tail -5 "$log"; return 0
}
refused "start with another ESCROW_SECRETS_ENCRYPTION_KEY" wrong_start wrong-key ESCROW_SECRETS_ENCRYPTION_KEY="$(openssl rand -base64 32)"
mv "$KEY_FILE" "$WORK/key.bak"
refused "start with the key file gone (secrets are stored)" wrong_start lost-key
held    "no new key file was made" sh -c "[ ! -e $KEY_FILE ]"
mv "$WORK/key.bak" "$KEY_FILE"
start restored
held    "with the key file back, the service starts and the new secret signs" \
        status_is "$(signed POST /api/v1/bank/account-transactions "$NEW_SECRET" replay-bank "$PUSH")" 422
stop_service

if [ "$FAILED" = 0 ]; then log "every attack was refused"; else die "an attack succeeded or a check failed (see above)"; fi
