#!/usr/bin/env bash
# The 30-day rule drill, from outside: a loan disbursement is pushed, the service is restarted 31 days
# later (ESCROW_CLOCK_OFFSET=P31D), the sweep disables the project's online signing, contract filing is
# refused, the late loan credit arrives and signing comes back. Signed calls go through
# scripts/signed-push.sh (CLOCK_SHIFT_SECONDS after the restart). Exits non-zero at the first step that
# does not answer as expected.
#
#   scripts/drill-30-day.sh           # env: PORT (default 18483), KEEP=1 keeps the temp data dir
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PORT=${PORT:-18483}
BASE_URL=http://127.0.0.1:$PORT
SHIFT=$((31 * 86400))
ensure_jar
WORK=$(mktemp -d /tmp/drill-30-day.XXXXXX)
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32)
export ESCROW_OVERDUE_SWEEP_CRON=off   # the drill runs the sweep itself

step() { printf '\n== %s\n' "$*"; }
# signed EXPECTED METHOD PATH [BODY_JSON]: a signed bank call; prints the body, checks the status.
signed() {
  local expected=$1 method=$2 path=$3 out
  [ -z "${4:-}" ] || printf '%s' "$4" >"$WORK/body.json"
  out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" drill-bank "$SECRET" "$method" "$path" ${4:+"$WORK/body.json"})
  printf '%s\n' "$out" | sed '$d' | tee "$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP $expected" ] || die "$method $path: $(printf '%s' "$out" | tail -1), expected $expected"
  echo "-> HTTP $expected"
}
# expect JQ_FILTER FILE: the JSON in FILE must satisfy the filter.
expect() { jq -e "$1" "$2" >/dev/null || die "expected $1 in $(cat "$2")"; echo "-> $1"; }
zoned() { TZ=Asia/Shanghai date -d "@$1" +%Y-%m-%dT%H:%M:%S+08:00; }
contract() {
  printf '{"projectId":%s,"contractNo":"%s","unitNo":"%s","buyerName":"张三","buyerIdNo":"%s","totalPrice":"1000000.00","downPayment":"300000.00","loanAmount":"700000.00","loanType":"COMMERCIAL"}' \
    "$PROJECT_ID" "$1" "$2" "$3"
}

step "day 0: start the service on a fresh data directory"
start_service "$PORT" "$WORK/service-day0.log"

step "day 0: bank client, enterprise, project, supervised account, COMMERCIAL loan contract (admin)"
SECRET=$(admin_call 201 POST /api/v1/clients '{"clientId":"drill-bank","name":"演练银行","kind":"BANK","bankCode":"DRILLBK"}' | jq -r .secret)
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"演练置业有限公司\",\"creditCode\":\"$(credit_code 91320100MA1DR1LL0)\"}" | tee "$WORK/e.json" | jq -r .id)
cat "$WORK/e.json"; echo
PROJECT_ID=$(admin_call 201 POST /api/v1/projects \
  "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"演练花园\",\"presalePermitNo\":\"DRILL-2026-001\"}" | tee "$WORK/p.json" | jq -r .id)
cat "$WORK/p.json"; echo
admin_call 201 POST "/api/v1/projects/$PROJECT_ID/account" \
  '{"bankCode":"DRILLBK","accountNo":"6222000099001","accountName":"演练置业有限公司演练花园预售资金监管专户"}'; echo
admin_call 201 POST /api/v1/contracts "$(contract DRILL-C-1 1-101 E1234567)"; echo

step "day 0: the bank pushes the loan disbursement"
signed 201 POST /api/v1/bank/loan-disbursements "{\"serialNo\":\"DRILL-LD-1\",\"contractNo\":\"DRILL-C-1\",\"accountNo\":\"6222000099001\",\"amount\":\"700000.00\",\"loanType\":\"COMMERCIAL\",\"disbursedAt\":\"$(zoned "$(date +%s)")\"}"
expect '.status == "AWAITING_FUNDS"' "$WORK/last.json"
admin_call 200 GET "/api/v1/projects/$PROJECT_ID/signing-status" | tee "$WORK/status.json"; echo
expect '.enabled == true' "$WORK/status.json"

step "stop the service; restart it 31 days later (ESCROW_CLOCK_OFFSET=P31D)"
stop_service
ESCROW_CLOCK_OFFSET=P31D start_service "$PORT" "$WORK/service-day31.log"
grep -m1 -i 'offset' "$WORK/service-day31.log" | cut -c1-200 || true
export CLOCK_SHIFT_SECONDS=$SHIFT   # signed-push.sh signs with the service's shifted time

step "day 31: run the overdue sweep"
admin_call 200 POST /api/v1/overdue-sweeps | tee "$WORK/sweep.json"; echo
expect ".newlyOverdue == 1 and .projectsDisabled == [$PROJECT_ID]" "$WORK/sweep.json"

step "day 31: the project's online signing is disabled"
admin_call 200 GET "/api/v1/projects/$PROJECT_ID/signing-status" | tee "$WORK/status.json"; echo
expect '.enabled == false and .reasons[0].kind == "OVERDUE_LOAN_FUNDS" and .reasons[0].serialNo == "DRILL-LD-1"' "$WORK/status.json"

step "day 31: filing a new contract is refused"
admin_call 409 POST /api/v1/contracts "$(contract DRILL-C-2 1-102 E7654321)" | tee "$WORK/refused.json"; echo
expect '.type == "/problems/signing-disabled"' "$WORK/refused.json"

step "day 31: the late loan credit arrives (purpose LOAN, naming the disbursement)"
signed 201 POST /api/v1/bank/account-transactions "{\"serialNo\":\"DRILL-TX-1\",\"accountNo\":\"6222000099001\",\"direction\":\"CREDIT\",\"amount\":\"700000.00\",\"purpose\":\"LOAN\",\"bookedAt\":\"$(zoned $(( $(date +%s) + SHIFT )))\",\"contractNo\":\"DRILL-C-1\",\"disbursementSerialNo\":\"DRILL-LD-1\"}"
expect '.matchedDisbursement.status == "FUNDS_ARRIVED" and .balanceAfter == "700000.00"' "$WORK/last.json"

step "day 31: online signing is enabled again, and the contract can be filed"
admin_call 200 GET "/api/v1/projects/$PROJECT_ID/signing-status" | tee "$WORK/status.json"; echo
expect '.enabled == true and .reasons == []' "$WORK/status.json"
admin_call 201 POST /api/v1/contracts "$(contract DRILL-C-2 1-102 E7654321)"; echo

step "drill passed"
