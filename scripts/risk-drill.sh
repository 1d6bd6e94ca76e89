#!/usr/bin/env bash
# The early-warning drill, from outside: three projects of one county drift GREEN -> YELLOW -> RED through real
# signed pushes, a key amount the money no longer covers, a court freeze and loan notices the overdue sweep marks
# overdue after a restart 31 days later (ESCROW_CLOCK_OFFSET=P31D, as scripts/drill-30-day.sh); then back to GREEN as
# the loan money arrives, a lender revokes its notice, the developer tops the account up and the court lifts its
# freeze. The risk computation runs at each step (POST /risk-computations, what the job does) and the county's
# board is printed; exits non-zero at the first step that does not answer as expected.
#
#   scripts/risk-drill.sh           # env: PORT (default 18493), KEEP=1 keeps the temp data dir
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PORT=${PORT:-18493}
BASE_URL=http://127.0.0.1:$PORT
SHIFT=$((31 * 86400))
COUNTY=530102   # 五华区, Kunming
ensure_jar
WORK=$(mktemp -d /tmp/risk-drill.XXXXXX)
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32)
# the drill runs the sweep and the risk computation itself; no statement is awaited from the bank
export ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_RISK_CRON=off ESCROW_RECONCILIATION_STATEMENT_MISSING_CRON=off

step() { printf '\n== %s\n' "$*"; }
now() { TZ=Asia/Shanghai date -d "@$(( $(date +%s) + ${CLOCK_SHIFT_SECONDS:-0} ))" +%Y-%m-%dT%H:%M:%S+08:00; }
# bank EXPECTED PATH BODY_JSON: a signed push as the supervising bank; the answer in $WORK/last.json.
bank() {
  printf '%s' "$3" >"$WORK/body.json"
  local out
  out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" drill-bank "$BANK_SECRET" POST "$2" "$WORK/body.json")
  printf '%s\n' "$out" | sed '$d' >"$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP $1" ] || die "POST $2: $(printf '%s\n' "$out" | tail -1), expected $1: $(cat "$WORK/last.json")"
}
credit() { # ACCOUNT SERIAL AMOUNT PURPOSE [EXTRA_JSON]
  bank 201 /api/v1/bank/account-transactions "{\"serialNo\":\"$2\",\"accountNo\":\"$1\",\"direction\":\"CREDIT\",\"amount\":\"$3\",\"purpose\":\"$4\",\"bookedAt\":\"$(now)\"${5:-}}"
  echo "credit $3 $4 on $1 -> balance $(jq -r .balanceAfter "$WORK/last.json")"
}
# board: compute every project's risk, print the county's board; then the levels as "P1 P2 P3" must equal $1.
board() {
  admin_call 200 POST /api/v1/risk-computations | jq -c '{computation: .}'
  admin_call 200 GET "/api/v1/risk-board?division=$COUNTY" >"$WORK/board.json"
  jq -r '.[] | "  #\(.rank) \(.projectName) \(.level) score \(.score) (was \(.previousLevel // "-")) \(.factorKinds | join(","))"' "$WORK/board.json"
  local levels
  levels=$(jq -r --argjson ids "[$P1,$P2,$P3]" '[$ids[] as $id | .[] | select(.projectId == $id) | .level] | join(" ")' "$WORK/board.json")
  [ "$levels" = "$1" ] || die "levels $levels, expected $1"
  echo "-> levels $levels"
}
project() { # NAME ACCOUNT: registers a project in the county with its account at the drill bank; prints its id
  local id
  id=$(admin_call 201 POST /api/v1/projects \
    "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"$1\",\"presalePermitNo\":\"RISK-$2\",\"divisionCode\":\"$COUNTY\"}" | jq -r .id)
  admin_call 201 POST "/api/v1/projects/$id/account" \
    "{\"bankCode\":\"DRILLRB\",\"accountNo\":\"$2\",\"accountName\":\"预警演练置业有限公司$1预售资金监管专户\"}" >/dev/null
  echo "$id"
}
contract() { # PROJECT CONTRACT_NO UNIT ID_NO
  admin_call 201 POST /api/v1/contracts "{\"projectId\":$1,\"contractNo\":\"$2\",\"unitNo\":\"$3\",\"buyerName\":\"李四\",\"buyerIdNo\":\"$4\",\"totalPrice\":\"1000000.00\",\"downPayment\":\"300000.00\",\"loanAmount\":\"700000.00\",\"loanType\":\"COMMERCIAL\"}" >/dev/null
}
notice() { # SERIAL CONTRACT_NO ACCOUNT
  bank 201 /api/v1/bank/loan-disbursements "{\"serialNo\":\"$1\",\"contractNo\":\"$2\",\"accountNo\":\"$3\",\"amount\":\"700000.00\",\"loanType\":\"COMMERCIAL\",\"disbursedAt\":\"$(now)\"}"
  echo "loan notice $1 for $2: $(jq -r '.status + ", due " + .dueAt' "$WORK/last.json")"
}
key_amount() { admin_call 200 PUT "/api/v1/projects/$1/key-amount" "{\"keyAmount\":\"$2\",\"reason\":\"$3\"}" | jq -c .; }

step "day 0: start the service on a fresh data directory"
start_service "$PORT" "$WORK/service-day0.log"

step "day 0: the supervising bank, one developer, three projects in county $COUNTY, a contract with a loan each (two for 春华)"
BANK_SECRET=$(admin_call 201 POST /api/v1/clients '{"clientId":"drill-bank","name":"监管银行","kind":"BANK","bankCode":"DRILLRB"}' | jq -r .secret)
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"预警演练置业有限公司\",\"creditCode\":\"$(credit_code 91530100MA6YJ0001)\"}" | jq -r .id)
P1=$(project 秋实苑 6222000077001); P2=$(project 夏荷苑 6222000077002); P3=$(project 春华苑 6222000077003)
echo "projects: 秋实苑 $P1, 夏荷苑 $P2, 春华苑 $P3"
contract "$P1" RISK-C-1 1-101 E90001; contract "$P2" RISK-C-2 1-101 E90002
contract "$P3" RISK-C-3 1-101 E90003; contract "$P3" RISK-C-4 1-102 E90004

step "day 0: key amounts set, buyers' down payments arrive, the bank pushes the loan notices (due in 31 days)"
for p in "$P1" "$P2" "$P3"; do key_amount "$p" 300000.00 按建设成本核定; done
credit 6222000077001 RISK-DP-1 300000.00 DOWN_PAYMENT ',"contractNo":"RISK-C-1"'
credit 6222000077002 RISK-DP-2 300000.00 DOWN_PAYMENT ',"contractNo":"RISK-C-2"'
credit 6222000077003 RISK-DP-3 300000.00 DOWN_PAYMENT ',"contractNo":"RISK-C-3"'
credit 6222000077003 RISK-DP-4 300000.00 DOWN_PAYMENT ',"contractNo":"RISK-C-4"'
notice RISK-LN-1 RISK-C-1 6222000077001
notice RISK-LN-2 RISK-C-2 6222000077002
notice RISK-LN-3 RISK-C-3 6222000077003
notice RISK-LN-4 RISK-C-4 6222000077003
board "GREEN GREEN GREEN"

step "day 0: YELLOW. The bureau raises the key amount of 秋实苑 and 夏荷苑 above their balance; a court freezes 50,000.00 of 春华苑"
key_amount "$P1" 400000.00 按新节点造价重新核定
key_amount "$P2" 400000.00 按新节点造价重新核定
bank 201 /api/v1/bank/judicial-actions "{\"serialNo\":\"RISK-JA-1\",\"accountNo\":\"6222000077003\",\"action\":\"FREEZE\",\"court\":\"五华区人民法院\",\"documentNo\":\"(2026)云0102执100号\",\"amount\":\"50000.00\",\"actedAt\":\"$(now)\"}"
echo "freeze: $(jq -c '{action, amount, active}' "$WORK/last.json")"
board "YELLOW YELLOW YELLOW"

step "stop the service; restart it 31 days later (ESCROW_CLOCK_OFFSET=P31D)"
stop_service
ESCROW_CLOCK_OFFSET=P31D start_service "$PORT" "$WORK/service-day31.log"
export CLOCK_SHIFT_SECONDS=$SHIFT   # signed-push.sh signs with the service's shifted time

step "day 31: RED. The overdue sweep finds the four loan notices unpaid; signing stops"
admin_call 200 POST /api/v1/overdue-sweeps | jq -c '{newlyOverdue, projectsDisabled}'
board "RED RED RED"

step "day 31: back to GREEN. 秋实苑's loan money arrives; 夏荷苑's lender revokes its notice and the developer tops the account up; the court lifts 春华苑's freeze and both its loans arrive"
credit 6222000077001 RISK-LOAN-1 700000.00 LOAN ',"contractNo":"RISK-C-1","disbursementSerialNo":"RISK-LN-1"'
bank 200 /api/v1/bank/loan-disbursements/RISK-LN-2/revocation '{"reason":"买受人改为一次性付款"}'
echo "revoked: $(jq -c '{serialNo, status}' "$WORK/last.json")"
credit 6222000077002 RISK-TOPUP-2 100000.00 OTHER ',"counterpartyName":"预警演练置业有限公司"'
bank 201 /api/v1/bank/judicial-actions "{\"serialNo\":\"RISK-JA-2\",\"accountNo\":\"6222000077003\",\"action\":\"UNFREEZE\",\"court\":\"五华区人民法院\",\"documentNo\":\"(2026)云0102执100号之一\",\"freezeDocumentNo\":\"(2026)云0102执100号\",\"actedAt\":\"$(now)\"}"
echo "unfreeze: $(jq -c '{action}' "$WORK/last.json")"
credit 6222000077003 RISK-LOAN-3 700000.00 LOAN ',"contractNo":"RISK-C-3","disbursementSerialNo":"RISK-LN-3"'
credit 6222000077003 RISK-LOAN-4 700000.00 LOAN ',"contractNo":"RISK-C-4","disbursementSerialNo":"RISK-LN-4"'
board "GREEN GREEN GREEN"

step "every level change is kept, with an alert"
for p in "$P1" "$P2" "$P3"; do
  admin_call 200 GET "/api/v1/projects/$p/risk/changes" | jq -r 'reverse | map("\(.from)->\(.to) (\(.score))") | "  project '"$p"': " + join(", ")'
done
admin_call 200 GET "/api/v1/alerts?kind=RISK_LEVEL_CHANGED&size=100" >"$WORK/alerts.json"
jq -r 'group_by(.severity) | map("\(.[0].severity) \(length)") | "  RISK_LEVEL_CHANGED alerts: " + join(", ")' "$WORK/alerts.json"
[ "$(jq length "$WORK/alerts.json")" = 9 ] || die "expected 9 level-change alerts, got $(jq length "$WORK/alerts.json")"

step "drill passed"
