#!/usr/bin/env bash
# The 30-day rule drill, from outside, as a county runs it: the supervised account is at one bank (B),
# the commercial mortgage comes from another bank (A), the provident fund loan from the fund centre.
# Both lenders push their loan notices; the service is restarted 31 days later (ESCROW_CLOCK_OFFSET=P31D);
# the sweep disables the project's online signing and the signing system sees why (signing-status);
# contract filing is refused; bank B reports lender A's money (booked late), one reason goes; the fund
# centre revokes its notice (the loan was refused), the last reason goes and signing comes back.
# Signed calls go through scripts/signed-push.sh (CLOCK_SHIFT_SECONDS after the restart). Exits non-zero
# at the first step that does not answer as expected.
#
#   scripts/drill-30-day.sh           # env: PORT (default 18483), KEEP=1 keeps the temp data dir
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PORT=${PORT:-18483}
BASE_URL=http://127.0.0.1:$PORT
SHIFT=$((31 * 86400))
ACCOUNT=6222000099001
ensure_jar
WORK=$(mktemp -d /tmp/drill-30-day.XXXXXX)
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32)
export ESCROW_OVERDUE_SWEEP_CRON=off   # the drill runs the sweep itself

step() { printf '\n== %s\n' "$*"; }
# signed CLIENT EXPECTED METHOD PATH [BODY_JSON]: a signed call as CLIENT (its secret in SECRET_<client>);
# prints the body, checks the status.
signed() {
  local client=$1 expected=$2 method=$3 path=$4 out secret_var
  secret_var=SECRET_${client//-/_}
  [ -z "${5:-}" ] || printf '%s' "$5" >"$WORK/body.json"
  out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" "$client" "${!secret_var}" "$method" "$path" ${5:+"$WORK/body.json"})
  printf '%s\n' "$out" | sed '$d' | tee "$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP $expected" ] || die "$method $path as $client: $(printf '%s' "$out" | tail -1), expected $expected"
  echo "-> HTTP $expected"
}
# expect JQ_FILTER FILE: the JSON in FILE must satisfy the filter.
expect() { jq -e "$1" "$2" >/dev/null || die "expected $1 in $(cat "$2")"; echo "-> $1"; }
zoned() { TZ=Asia/Shanghai date -d "@$1" +%Y-%m-%dT%H:%M:%S+08:00; }
client() {
  local id=$1 kind=$2 code=${3:-} body
  body="{\"clientId\":\"$id\",\"name\":\"$4\",\"kind\":\"$kind\"${code:+,\"bankCode\":\"$code\"}}"
  printf -v "SECRET_${id//-/_}" '%s' "$(admin_call 201 POST /api/v1/clients "$body" | jq -r .secret)"
  echo "client $id ($kind${code:+ $code})"
}
contract() {
  printf '{"projectId":%s,"contractNo":"%s","unitNo":"%s","buyerName":"张三","buyerIdNo":"%s","totalPrice":"1000000.00","downPayment":"300000.00","loanAmount":"700000.00","loanType":"%s"}' \
    "$PROJECT_ID" "$1" "$2" "$3" "$4"
}
notice() {
  printf '{"serialNo":"%s","contractNo":"DRILL-C-1","accountNo":"%s","amount":"%s","loanType":"%s","disbursedAt":"%s"}' \
    "$1" "$ACCOUNT" "$2" "$3" "$(zoned "$(date +%s)")"
}
# feed: as the signing system, the signing events after FEED_SEQ (signed GET); FEED_SEQ moves to the last one.
FEED_SEQ=0
feed() {
  signed drill-wangqian 200 GET "/api/v1/signing-events?after=$FEED_SEQ" >/dev/null
  cp "$WORK/last.json" "$WORK/feed.json"; jq -c '[.[] | select(.projectId == '"$PROJECT_ID"')]' "$WORK/feed.json"
  FEED_SEQ=$(jq -r "if length > 0 then .[-1].seq else $FEED_SEQ end" "$WORK/feed.json")
}
signing_status() { # as the signing system: signed, empty body
  signed drill-wangqian 200 GET "/api/v1/projects/$PROJECT_ID/signing-status" >/dev/null
  cp "$WORK/last.json" "$WORK/status.json"; cat "$WORK/status.json"
}

step "day 0: start the service on a fresh data directory"
start_service "$PORT" "$WORK/service-day0.log"

step "day 0: clients (bank B holds the account, bank A and the fund centre lend), registry, a COMBINED loan contract"
client drill-bank-b BANK DRILLBB "监管银行B"
client drill-bank-a BANK DRILLBA "按揭银行A"
client drill-gjj PROVIDENT_FUND_CENTER GJJ5301 "住房公积金管理中心"
client drill-wangqian SIGNING_SYSTEM "" "网签备案系统"
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"演练置业有限公司\",\"creditCode\":\"$(credit_code 91320100MA1DR1LL0)\"}" | tee "$WORK/e.json" | jq -r .id)
cat "$WORK/e.json"; echo
PROJECT_ID=$(admin_call 201 POST /api/v1/projects \
  "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"演练花园\",\"presalePermitNo\":\"DRILL-2026-001\"}" | tee "$WORK/p.json" | jq -r .id)
cat "$WORK/p.json"; echo
admin_call 201 POST "/api/v1/projects/$PROJECT_ID/account" \
  "{\"bankCode\":\"DRILLBB\",\"accountNo\":\"$ACCOUNT\",\"accountName\":\"演练置业有限公司演练花园预售资金监管专户\"}"; echo
admin_call 201 POST /api/v1/contracts "$(contract DRILL-C-1 1-101 E1234567 COMBINED)"; echo

step "day 0: bank A pushes its commercial loan notice (400,000.00) for the account at bank B"
signed drill-bank-a 201 POST /api/v1/bank/loan-disbursements "$(notice DRILL-LD-A 400000.00 COMMERCIAL)"
expect '.status == "AWAITING_FUNDS" and .lenderCode == "DRILLBA"' "$WORK/last.json"

step "day 0: the fund centre pushes its provident fund loan notice (300,000.00)"
signed drill-gjj 201 POST /api/v1/bank/loan-disbursements "$(notice DRILL-LD-G 300000.00 PROVIDENT_FUND)"
expect '.status == "AWAITING_FUNDS" and .lenderCode == "GJJ5301"' "$WORK/last.json"

step "day 0: a third notice would exceed the contract's loan amount (700,000.00): refused"
signed drill-bank-b 422 POST /api/v1/bank/loan-disbursements "$(notice DRILL-LD-B 0.01 COMMERCIAL)"
expect '.type == "/problems/loan-mismatch" and .rule == "LOAN_AMOUNT_EXCEEDED"' "$WORK/last.json"
signing_status
expect '.enabled == true' "$WORK/status.json"
feed   # where the signing system stands before day 31: nothing for this project has changed
expect '[.[] | select(.projectId == '"$PROJECT_ID"')] == []' "$WORK/feed.json"

step "stop the service; restart it 31 days later (ESCROW_CLOCK_OFFSET=P31D)"
stop_service
ESCROW_CLOCK_OFFSET=P31D start_service "$PORT" "$WORK/service-day31.log"
grep -m1 -i 'offset' "$WORK/service-day31.log" | cut -c1-200 || true
export CLOCK_SHIFT_SECONDS=$SHIFT   # signed-push.sh signs with the service's shifted time

step "day 31: run the overdue sweep"
admin_call 200 POST /api/v1/overdue-sweeps | tee "$WORK/sweep.json"; echo
expect ".newlyOverdue == 2 and .projectsDisabled == [$PROJECT_ID] and .loanAlertsRaised == 2" "$WORK/sweep.json"

step "day 31: the signing system sees the project's online signing disabled, and why"
signing_status
expect '.enabled == false and ([.reasons[].serialNo] | sort) == ["DRILL-LD-A", "DRILL-LD-G"] and ([.reasons[].contractNo] | unique) == ["DRILL-C-1"]' "$WORK/status.json"
feed   # the signing system also learns of the lock from the signing-events feed, with the same reasons
expect '[.[] | select(.projectId == '"$PROJECT_ID"')] | length == 1 and .[0].enabled == false and ([.[0].reasons[].serialNo] | sort) == ["DRILL-LD-A", "DRILL-LD-G"]' "$WORK/feed.json"
admin_call 200 GET "/api/v1/alerts?projectId=$PROJECT_ID&kind=LOAN_OVERDUE" | tee "$WORK/alerts.json" | jq -c '[.[] | {kind, severity, subject}]'
expect 'length == 2' "$WORK/alerts.json"

step "day 31: filing a new contract is refused"
admin_call 409 POST /api/v1/contracts "$(contract DRILL-C-2 1-102 E7654321 COMMERCIAL)" | tee "$WORK/refused.json"; echo
expect '.type == "/problems/signing-disabled"' "$WORK/refused.json"

step "day 31: bank B reports bank A's loan money, booked today (late), naming lender A's notice"
signed drill-bank-b 201 POST /api/v1/bank/account-transactions "{\"serialNo\":\"DRILL-TX-1\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"400000.00\",\"purpose\":\"LOAN\",\"bookedAt\":\"$(zoned $(( $(date +%s) + SHIFT )))\",\"contractNo\":\"DRILL-C-1\",\"disbursementSerialNo\":\"DRILL-LD-A\",\"lenderCode\":\"DRILLBA\"}"
expect '.matchedDisbursement == {"serialNo": "DRILL-LD-A", "status": "FUNDS_ARRIVED", "lenderCode": "DRILLBA"}' "$WORK/last.json"
signed drill-bank-a 200 GET /api/v1/bank/loan-disbursements/DRILL-LD-A
expect '.status == "FUNDS_ARRIVED" and .matchedAmount == "400000.00" and .lateArrival == true' "$WORK/last.json"
signing_status
expect '.enabled == false and [.reasons[].serialNo] == ["DRILL-LD-G"]' "$WORK/status.json"

step "day 31: the fund centre revokes its notice (the provident fund loan was refused): signing comes back"
signed drill-gjj 200 POST /api/v1/bank/loan-disbursements/DRILL-LD-G/revocation '{"reason":"公积金贷款审批未通过"}'
expect '.status == "WITHDRAWN" and .withdrawalReason == "公积金贷款审批未通过"' "$WORK/last.json"
signing_status
expect '.enabled == true and .reasons == []' "$WORK/status.json"
feed   # and of the unlock: one event since the lock, enabled, no reason left
expect '[.[] | select(.projectId == '"$PROJECT_ID"')] | length == 1 and .[0].enabled == true and .[0].reasons == []' "$WORK/feed.json"
admin_call 201 POST /api/v1/contracts "$(contract DRILL-C-2 1-102 E7654321 COMMERCIAL)"; echo

step "drill passed"
