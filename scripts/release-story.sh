#!/usr/bin/env bash
# One release story from outside (issues 6 and 17): key amount set, buyer money in, the builder registered
# as a payee, a construction node reached, a release applied for by the developer, approved by the bureau; the bank verifies the
# instruction, pays the wrong account (not counted, alerted), pays the right one, reverses it (the
# release is APPROVED again, its money not free), pays again; the bureau suspends releases and
# another supervisor lifts it; a buyer's refund from free money, capped at what was paid in; a court deduction
# above the key obligation and one within it for a material supplier (法〔2022〕12号); an end-of-day statement
# that misses an entry and its corrected version. After each money step the position (/supervision) and this month's
# report agree to the cent. Exits non-zero at the first step that does not answer as expected.
#
#   scripts/release-story.sh           # env: PORT (default 18484), KEEP=1 keeps the temp data dir
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PORT=${PORT:-18484}
MONTH=$(TZ=Asia/Shanghai date +%Y-%m-01)
BASE_URL=http://127.0.0.1:$PORT
ensure_jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/release-story.XXXXXX")
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) ESCROW_OVERDUE_SWEEP_CRON=off

step() { printf '\n== %s\n' "$*"; }
# call USER EXPECTED METHOD PATH [JSON]: a Basic call as USER (password story-password-1); prints the body.
call() {
  local user=$1 expected=$2 method=$3 path=$4 body=${5:-} status
  local args=(-s -o "$WORK/last.json" -w '%{http_code}' -u "$user:story-password-1" -X "$method" "$BASE_URL$path")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  status=$(curl "${args[@]}")
  cat "$WORK/last.json"; echo
  [ "$status" = "$expected" ] || die "$method $path gave $status, expected $expected"
}
signed() {
  printf '%s' "$2" >"$WORK/body.json"
  local out
  out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" story-bank "$SECRET" POST "$1" "$WORK/body.json")
  printf '%s\n' "$out" | sed '$d' | tee "$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP 201" ] || die "POST $1: $(printf '%s' "$out" | tail -1)"
}
expect() { jq -e "$1" "$WORK/last.json" >/dev/null || die "expected $1"; echo "-> $1"; }
# signed_get PATH: a signed GET by the bank (empty body); prints the body, fails unless 200.
signed_get() {
  local out
  out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" story-bank "$SECRET" GET "$1")
  printf '%s\n' "$out" | sed '$d' | tee "$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP 200" ] || die "GET $1: $(printf '%s' "$out" | tail -1)"
}
# position: the money position in one line, and the report's shortfall for this month, which must equal topUpDue.
position() {
  call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision" >/dev/null
  local pos due
  pos=$(jq -r '"balance \(.balance)  keyReleased \(.keyReleased)  pending \(.pendingReleases)  available \(.available)  free \(.freeAmount)  topUpDue \(.topUpDue)"' "$WORK/last.json")
  due=$(jq -r .topUpDue "$WORK/last.json")
  call story-supervisor 200 GET "/api/v1/reports/MONTHLY?periodStart=$MONTH&projectId=$PROJECT_ID" >/dev/null
  jq -e --arg due "$due" '.balances[0].shortfallAtEnd == $due' "$WORK/last.json" >/dev/null \
    || die "report shortfall $(jq -r '.balances[0].shortfallAtEnd' "$WORK/last.json") differs from topUpDue $due"
  echo "position: $pos  |  report shortfallAtEnd $due (agrees)"
}
now() { TZ=Asia/Shanghai date +%Y-%m-%dT%H:%M:%S+08:00; }
ACCOUNT=6222000077001

step "start the service on a fresh data directory"
start_service "$PORT" "$WORK/service.log"

step "registry, bank client and people (admin)"
SECRET=$(admin_call 201 POST /api/v1/clients '{"clientId":"story-bank","name":"故事银行","kind":"BANK","bankCode":"STORYBK"}' | jq -r .secret)
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"石林安居置业有限公司\",\"creditCode\":\"$(credit_code 91530126MA6K7T2Y0)\"}" | jq -r .id)
PROJECT_ID=$(admin_call 201 POST /api/v1/projects \
  "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"石林花园\",\"presalePermitNo\":\"石预2026-007\"}" | jq -r .id)
admin_call 201 POST "/api/v1/projects/$PROJECT_ID/account" \
  "{\"bankCode\":\"STORYBK\",\"accountNo\":\"$ACCOUNT\",\"accountName\":\"石林安居置业有限公司石林花园预售资金监管专户\"}" >/dev/null
admin_call 201 POST /api/v1/users '{"username":"story-supervisor","password":"story-password-1","roles":["SUPERVISOR"]}' >/dev/null
admin_call 201 POST /api/v1/users '{"username":"story-supervisor2","password":"story-password-1","roles":["SUPERVISOR"]}' >/dev/null
admin_call 201 POST /api/v1/users "{\"username\":\"story-developer\",\"password\":\"story-password-1\",\"roles\":[\"ENTERPRISE\"],\"enterpriseId\":$ENTERPRISE_ID}" >/dev/null
echo "enterprise $ENTERPRISE_ID, project $PROJECT_ID, account $ACCOUNT"

step "the developer registers its builder as a payee; a supervisor approves it (releases pay registered payees only)"
PAYEE_ID=$(call story-developer 201 POST "/api/v1/projects/$PROJECT_ID/payees" \
  '{"name":"云南建工集团有限公司","accountNo":"53050161","bankName":"中国建设银行昆明分行","kind":"CONSTRUCTION"}' | jq -r .id)
call story-supervisor 200 POST "/api/v1/payees/$PAYEE_ID/approval" '{"reason":"施工合同与开户许可证一致"}' >/dev/null
expect '.status == "APPROVED"'

step "the supervisor records the project's figures and sets the key supervised amount"
call story-supervisor 200 PUT "/api/v1/projects/$PROJECT_ID/supervision-parameters" \
  '{"floorArea":"2631.58","averagePrice":"9800.00","fitOut":"SHELL","constructionCost":"9500000.00"}' >/dev/null
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/key-amount-proposal"
expect '.formula == "PER_AREA" and .proposedKeyAmount == "10000004.00"'
call story-supervisor 200 PUT "/api/v1/projects/$PROJECT_ID/key-amount" '{"keyAmount":"10000000.00","reason":"按每平方米3800元核定，取整"}'
expect '.keyAmount == "10000000.00"'

step "buyer money arrives: down payments and a mortgage loan (bank pushes)"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-1\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"8000000.00\",\"purpose\":\"DOWN_PAYMENT\",\"bookedAt\":\"$(now)\"}"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-2\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"6000000.00\",\"purpose\":\"LOAN\",\"bookedAt\":\"$(now)\"}"
expect '.balanceAfter == "14000000.00"'
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision"
expect '.remainingKeyObligation == "10000000.00" and .freeAmount == "4000000.00"'
position

step "node reached: presale permit (30% of key money); the developer applies for free money + the whole cap"
RELEASE=$(call story-developer 201 POST "/api/v1/projects/$PROJECT_ID/releases" \
  '{"nodeCode":"PRESALE_PERMIT","amount":"7000000.00","payeeName":"云南建工集团有限公司","payeeAccountNo":"53050161","spendingCategory":"CONSTRUCTION_PROGRESS","purpose":"基础及主体结构进度款","documents":["形象进度确认书-001","施工合同-HT2026-01"]}' | jq -r .releaseNo)
echo "release $RELEASE"

step "the supervisor approves: 4,000,000 free + 3,000,000 key (the cap exactly)"
call story-supervisor 200 POST "/api/v1/releases/$RELEASE/approval" '{"reason":"资料齐全，节点属实"}'
expect '.status == "APPROVED" and .keyPart == "3000000.00"'
position

step "the bank verifies the instruction before paying (Tai'an 划拨验证): amount, payee account, deadline"
signed_get "/api/v1/bank/release-instructions?accountNo=$ACCOUNT"
expect 'length == 1 and .[0].releaseNo == "'"$RELEASE"'"'
signed_get "/api/v1/bank/release-instructions/$RELEASE"
expect '.payable and .amount == "7000000.00" and .payeeAccountNo == "53050161" and .payBy != null'
position

step "the bank pays the wrong account: recorded, not counted as the release's payment, alerted"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-3\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"7000000.00\",\"purpose\":\"RELEASE\",\"bookedAt\":\"$(now)\",\"releaseNo\":\"$RELEASE\",\"counterpartyName\":\"某劳务公司\",\"counterpartyAccountNo\":\"62220000999999\"}" >/dev/null
call story-supervisor 200 GET "/api/v1/releases/$RELEASE" >/dev/null
expect '.status == "APPROVED"'
call story-supervisor 200 GET "/api/v1/alerts?projectId=$PROJECT_ID"
expect 'length == 1 and .[0].kind == "UNMATCHED_RELEASE_DEBIT"'
position

step "the bank takes the wrong payment back (a credit reversing ST-3)"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-4\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"7000000.00\",\"purpose\":\"RELEASE\",\"bookedAt\":\"$(now)\",\"reversesSerialNo\":\"ST-3\"}" >/dev/null
expect '.balanceAfter == "14000000.00"'
position

step "the bank pays the approved payee: the release is EXECUTED"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-5\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"7000000.00\",\"purpose\":\"RELEASE\",\"bookedAt\":\"$(now)\",\"releaseNo\":\"$RELEASE\",\"counterpartyName\":\"云南建工集团有限公司\",\"counterpartyAccountNo\":\"53050161\"}" >/dev/null
expect '.balanceAfter == "7000000.00"'
call story-supervisor 200 GET "/api/v1/releases/$RELEASE" >/dev/null
expect '.status == "EXECUTED"'
position

step "the payee's bank returns the money (退汇): the release is APPROVED again, its 7,000,000 pending, nothing free"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-6\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"7000000.00\",\"purpose\":\"RELEASE\",\"bookedAt\":\"$(now)\",\"reversesSerialNo\":\"ST-5\"}" >/dev/null
call story-supervisor 200 GET "/api/v1/releases/$RELEASE" >/dev/null
expect '.status == "APPROVED" and .executedAt == null and .keyPart == "3000000.00"'
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision" >/dev/null
expect '.balance == "14000000.00" and .pendingReleases == "7000000.00" and .freeAmount == "0.00"'
position

step "the bureau suspends releases (documents in doubt): the bank sees the instruction as not payable"
call story-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/release-suspensions" '{"reason":"收款单位账户信息待核实"}' >/dev/null
signed_get "/api/v1/bank/release-instructions/$RELEASE" >/dev/null
expect '.payable == false'
step "another supervisor lifts it, with a reason"
call story-supervisor2 200 POST "/api/v1/projects/$PROJECT_ID/release-suspensions/lifting" '{"reason":"已核实收款账户"}' >/dev/null
signed_get "/api/v1/bank/release-instructions/$RELEASE" >/dev/null
expect '.payable'

step "the bank pays again, to the payee: EXECUTED once more"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-7\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"7000000.00\",\"purpose\":\"RELEASE\",\"bookedAt\":\"$(now)\",\"releaseNo\":\"$RELEASE\",\"counterpartyName\":\"云南建工集团有限公司\",\"counterpartyAccountNo\":\"53050161\"}" >/dev/null
expect '.balanceAfter == "7000000.00"'
call story-supervisor 200 GET "/api/v1/releases/$RELEASE" >/dev/null
expect '.status == "EXECUTED"'
position

step "balance and caps: 3,000,000 of key money released, 7,000,000 still owed to construction, nothing free"
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision"
expect '.balance == "7000000.00" and .keyReleased == "3000000.00" and .remainingKeyObligation == "7000000.00" and .freeAmount == "0.00"'

step "one cent more at the same node is refused"
MORE=$(call story-developer 201 POST "/api/v1/projects/$PROJECT_ID/releases" \
  '{"nodeCode":"PRESALE_PERMIT","amount":"0.01","payeeName":"云南建工集团有限公司","payeeAccountNo":"53050161","spendingCategory":"CONSTRUCTION_PROGRESS","purpose":"进度款"}' | jq -r .releaseNo)
call story-supervisor 409 POST "/api/v1/releases/$MORE/approval" '{}'
expect '.rule == "NODE_CAP_EXCEEDED"'
call story-supervisor 200 GET "/api/v1/alerts?projectId=$PROJECT_ID"
expect 'length == 1 and .[0].kind == "UNMATCHED_RELEASE_DEBIT"'
position

step "a buyer cancels: the refund due is capped at what the account received for the contract"
CONTRACT=HT-STORY-1
call story-supervisor 201 POST /api/v1/contracts "{\"projectId\":$PROJECT_ID,\"contractNo\":\"$CONTRACT\",\"unitNo\":\"3-1201\",\"buyerName\":\"李四\",\"buyerIdNo\":\"E90001\",\"totalPrice\":\"1200000.00\",\"downPayment\":\"600000.00\",\"loanAmount\":\"600000.00\",\"loanType\":\"COMMERCIAL\"}" >/dev/null
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-8\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"600000.00\",\"purpose\":\"DOWN_PAYMENT\",\"bookedAt\":\"$(now)\",\"contractNo\":\"$CONTRACT\"}" >/dev/null
position
call story-supervisor 400 POST "/api/v1/contracts/$CONTRACT/cancellation" '{"reason":"买受人解除合同","refundAmount":"600000.01"}' >/dev/null
expect '.violations[0].field == "refundAmount"'
call story-supervisor 200 POST "/api/v1/contracts/$CONTRACT/cancellation" '{"reason":"买受人解除合同","refundAmount":"600000.00"}' >/dev/null
expect '.refundDue == "600000.00"'

step "the bank refunds the buyer from free money: no key money touched, no alert"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-9\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"600000.00\",\"purpose\":\"REFUND\",\"bookedAt\":\"$(now)\",\"contractNo\":\"$CONTRACT\"}" >/dev/null
call story-supervisor 200 GET "/api/v1/contracts/$CONTRACT" >/dev/null
expect '.refunded == "600000.00"'
call story-supervisor 200 GET "/api/v1/alerts?projectId=$PROJECT_ID" >/dev/null
expect 'length == 1'
position

step "more buyer money (500,000 free); a court deducts 300,000 for an ordinary creditor: above the key obligation, lawful"
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-10\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"500000.00\",\"purpose\":\"DEPOSIT\",\"bookedAt\":\"$(now)\"}" >/dev/null
position
signed /api/v1/bank/judicial-actions "{\"serialNo\":\"SJ-1\",\"accountNo\":\"$ACCOUNT\",\"action\":\"DEDUCTION\",\"court\":\"石林彝族自治县人民法院\",\"documentNo\":\"(2026)云0126执88号\",\"amount\":\"300000.00\",\"actedAt\":\"$(now)\",\"creditorKind\":\"OTHER\"}" >/dev/null
expect '.verdict == "ABOVE_KEY_OBLIGATION" and .aboveKeyObligation == "500000.00"'
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-11\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"300000.00\",\"purpose\":\"OTHER\",\"bookedAt\":\"$(now)\"}" >/dev/null
position

step "a court deducts 250,000 for the project's material supplier: 50,000 of it key money, which 12号 allows; the developer owes the top-up"
signed /api/v1/bank/judicial-actions "{\"serialNo\":\"SJ-2\",\"accountNo\":\"$ACCOUNT\",\"action\":\"DEDUCTION\",\"court\":\"石林彝族自治县人民法院\",\"documentNo\":\"(2026)云0126执89号\",\"amount\":\"250000.00\",\"actedAt\":\"$(now)\",\"creditorKind\":\"MATERIAL\"}" >/dev/null
expect '.verdict == "PROJECT_CREDITOR" and .aboveKeyObligation == "200000.00"'
signed /api/v1/bank/account-transactions "{\"serialNo\":\"ST-12\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"DEBIT\",\"amount\":\"250000.00\",\"purpose\":\"OTHER\",\"bookedAt\":\"$(now)\"}" >/dev/null
call story-supervisor 200 GET "/api/v1/alerts?projectId=$PROJECT_ID" >/dev/null
expect '[.[] | select(.kind == "UNEXPLAINED_DEBIT" or .kind == "DEDUCTION_WITHIN_KEY_OBLIGATION")] | length == 0'
position

step "end of day: the bank's statement misses ST-12 (mismatch, releases suspended); its corrected statement matches (version 2)"
TODAY=$(TZ=Asia/Shanghai date +%Y-%m-%d)
signed /api/v1/bank/daily-balances "{\"accountNo\":\"$ACCOUNT\",\"date\":\"$TODAY\",\"closingBalance\":\"7200000.00\",\"entryCount\":11}" >/dev/null
expect '.matches == false and .version == 1 and .ownClosingBalance == "6950000.00" and .ownEntryCount == 12'
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision" >/dev/null
expect '.releasesSuspended'
signed /api/v1/bank/daily-balances "{\"accountNo\":\"$ACCOUNT\",\"date\":\"$TODAY\",\"closingBalance\":\"6950000.00\",\"entryCount\":12}" >/dev/null
expect '.matches and .version == 2'
call story-supervisor 200 GET "/api/v1/accounts/$ACCOUNT/daily-balances/$TODAY/versions" >/dev/null
expect 'length == 2 and .[0].current and (.[1].current | not)'
call story-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision" >/dev/null
expect '(.releasesSuspended | not)'
position

step "story passed"
