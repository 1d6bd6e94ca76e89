#!/usr/bin/env bash
# A project's whole supervised life from outside (issue 18): the three-party agreement opens the account,
# the bank confirms it, buyer money comes in (a payment notice the bank checks, a credit naming it, an unattributed
# credit attributed by a supervisor), releases by node, a bank guarantee (保函) frees part of the key
# money, completion filing and first registration open the last nodes, supervision ends under four eyes, the
# bank reads the close instruction and a further push is refused (account-closed). The money position is printed
# after each step. Exits non-zero at the first step that does not answer as expected.
#
#   scripts/lifecycle-drill.sh           # env: PORT (default 18087), KEEP=1 keeps the temp data dir
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PORT=${PORT:-18087}
BASE_URL=http://127.0.0.1:$PORT
ensure_jar
WORK=$(mktemp -d /tmp/lifecycle-drill.XXXXXX)
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) ESCROW_OVERDUE_SWEEP_CRON=off

step() { printf '\n== %s\n' "$*"; }
# call USER EXPECTED METHOD PATH [JSON]: a Basic call as USER (password drill-password-1); prints the body.
call() {
  local user=$1 expected=$2 method=$3 path=$4 body=${5:-} status
  local args=(-s -o "$WORK/last.json" -w '%{http_code}' -u "$user:drill-password-1" -X "$method" "$BASE_URL$path")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  status=$(curl "${args[@]}")
  cat "$WORK/last.json"; echo
  [ "$status" = "$expected" ] || die "$method $path gave $status, expected $expected"
}
# bank EXPECTED METHOD PATH [JSON]: a signed call by the supervising bank; prints the body.
bank() {
  local expected=$1 method=$2 path=$3 out
  printf '%s' "${4:-}" >"$WORK/body.json"
  if [ "$method" = GET ]; then
    out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" drill-bank "$SECRET" GET "$path")
  else
    out=$("$ROOT/scripts/signed-push.sh" "$BASE_URL" drill-bank "$SECRET" "$method" "$path" "$WORK/body.json")
  fi
  printf '%s\n' "$out" | sed '$d' | tee "$WORK/last.json"
  [ "$(printf '%s\n' "$out" | tail -1)" = "HTTP $expected" ] || die "$method $path: $(printf '%s' "$out" | tail -1), expected $expected"
}
expect() { jq -e "$1" "$WORK/last.json" >/dev/null || die "expected $1"; echo "-> $1"; }
now() { TZ=Asia/Shanghai date +%Y-%m-%dT%H:%M:%S+08:00; }
SEQ=0
money() { # money DIRECTION AMOUNT PURPOSE [EXTRA_JSON]
  SEQ=$((SEQ + 1))
  bank 201 POST /api/v1/bank/account-transactions "{\"serialNo\":\"LD-$SEQ\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"$1\",\"amount\":\"$2\",\"purpose\":\"$3\",\"bookedAt\":\"$(now)\"${4:-}}" >/dev/null
}
# position: the account's status and the money position in one line.
position() {
  call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision-agreement" >/dev/null
  local status
  status=$(jq -r .account.status "$WORK/last.json")
  call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/supervision" >/dev/null
  echo "position: account $status  $(jq -r '"balance \(.balance)  K \(.keyAmount)  keyReleased \(.keyReleased)  pending \(.pendingReleases)  guaranteed \(.guaranteed)  free \(.freeAmount)  topUpDue \(.topUpDue)"' "$WORK/last.json")"
}
release() { # release NODE AMOUNT: applied by the developer, approved by the supervisor, paid by the bank
  local no
  no=$(call drill-developer 201 POST "/api/v1/projects/$PROJECT_ID/releases" \
    "{\"nodeCode\":\"$1\",\"amount\":\"$2\",\"payeeName\":\"云南建工集团有限公司\",\"payeeAccountNo\":\"53050161\",\"spendingCategory\":\"CONSTRUCTION_PROGRESS\",\"purpose\":\"工程进度款\",\"documents\":[\"形象进度确认书\"]}" | jq -r .releaseNo)
  call drill-supervisor 200 POST "/api/v1/releases/$no/approval" '{"reason":"节点属实"}' >/dev/null
  echo "release $no at $1: $2 approved, keyPart $(jq -r .keyPart "$WORK/last.json")"
  money DEBIT "$2" RELEASE ",\"releaseNo\":\"$no\",\"counterpartyName\":\"云南建工集团有限公司\",\"counterpartyAccountNo\":\"53050161\""
}
ACCOUNT=6222000088001

step "start the service on a fresh data directory"
start_service "$PORT" "$WORK/service.log"

step "registry, bank client and people (admin)"
SECRET=$(admin_call 201 POST /api/v1/clients '{"clientId":"drill-bank","name":"演练银行","kind":"BANK","bankCode":"DRILLBK"}' | jq -r .secret)
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"宜良安居置业有限公司\",\"creditCode\":\"$(credit_code 91530125MA6K8T3Y0)\"}" | jq -r .id)
PROJECT_ID=$(admin_call 201 POST /api/v1/projects \
  "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"宜良花园\",\"presalePermitNo\":\"宜预2026-018\"}" | jq -r .id)
admin_call 201 POST /api/v1/users '{"username":"drill-supervisor","password":"drill-password-1","roles":["SUPERVISOR"]}' >/dev/null
admin_call 201 POST /api/v1/users '{"username":"drill-supervisor2","password":"drill-password-1","roles":["SUPERVISOR"]}' >/dev/null
admin_call 201 POST /api/v1/users "{\"username\":\"drill-developer\",\"password\":\"drill-password-1\",\"roles\":[\"ENTERPRISE\"],\"enterpriseId\":$ENTERPRISE_ID}" >/dev/null
PAYEE_ID=$(call drill-developer 201 POST "/api/v1/projects/$PROJECT_ID/payees" \
  '{"name":"云南建工集团有限公司","accountNo":"53050161","bankName":"中国建设银行昆明五华支行","kind":"CONSTRUCTION"}' | jq -r .id)
call drill-supervisor 200 POST "/api/v1/payees/$PAYEE_ID/approval" '{"reason":"施工合同与开户许可证一致"}' >/dev/null
echo "enterprise $ENTERPRISE_ID, project $PROJECT_ID, registered payee $PAYEE_ID"

step "the three-party agreement, with its signed document, opens the account (awaiting the bank)"
DOC=$(printf '%%PDF-1.4\n%% 宜良花园 三方监管协议\n' | base64 -w0)
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/supervision-agreement" \
  "{\"agreementNo\":\"JG-2026-0018\",\"signedOn\":\"2026-04-18\",\"validFrom\":\"2026-04-18\",\"bankCode\":\"DRILLBK\",\"accountNo\":\"$ACCOUNT\",\"accountName\":\"宜良安居置业有限公司宜良花园预售资金监管专户\",\"document\":{\"fileName\":\"三方监管协议.pdf\",\"contentBase64\":\"$DOC\"}}" >/dev/null
expect '.account.status == "AWAITING_CONFIRMATION" and .document.type == "application/pdf"'
echo "document sha256 $(jq -r .document.sha256 "$WORK/last.json") (local: $(printf '%%PDF-1.4\n%% 宜良花园 三方监管协议\n' | sha256sum | cut -c1-64))"
call drill-supervisor 200 PUT "/api/v1/projects/$PROJECT_ID/key-amount" '{"keyAmount":"10000000.00","reason":"按每平方米3800元核定"}' >/dev/null
position

step "the developer downloads the signed agreement document: the same bytes, type and hash"
curl -s -D "$WORK/headers.txt" -o "$WORK/agreement.pdf" -u drill-developer:drill-password-1 \
  "$BASE_URL/api/v1/projects/$PROJECT_ID/supervision-agreement/document"
grep -i '^content-type: application/pdf' "$WORK/headers.txt" | tr -d '\r'
grep -i '^content-disposition:' "$WORK/headers.txt" | tr -d '\r'
grep -i '^etag:' "$WORK/headers.txt" | tr -d '\r'
cmp -s "$WORK/agreement.pdf" <(printf '%%PDF-1.4\n%% 宜良花园 三方监管协议\n') || die "the downloaded document differs"
echo "downloaded sha256 $(sha256sum "$WORK/agreement.pdf" | cut -c1-64): the bytes uploaded"

step "the bank confirms the account it opened (建立监管), reporting its balance 0.00"
bank 200 POST "/api/v1/bank/accounts/$ACCOUNT/confirmation" '{"openedOn":"2026-04-20","openingBalance":"0.00"}' >/dev/null
expect '.status == "ACTIVE"'
position

step "money in before filing: a payment notice (缴款通知书), the bank's check, the credit naming it"
contract() { # contract NO TOTAL DOWN LOAN LOAN_TYPE UNIT
  call drill-supervisor 201 POST /api/v1/contracts "{\"projectId\":$PROJECT_ID,\"contractNo\":\"$1\",\"unitNo\":\"$6\",\"buyerName\":\"李四\",\"buyerIdNo\":\"11010519491231002X\",\"totalPrice\":\"$2\",\"downPayment\":\"$3\",\"loanAmount\":\"$4\",\"loanType\":\"$5\"}" >/dev/null
}
contract HT-YL-0001 10000000.00 6000000.00 4000000.00 COMMERCIAL 1-101
contract HT-YL-0002 2000000.00 2000000.00 0.00 NONE 1-102
NOTICE=$(call drill-developer 201 POST /api/v1/contracts/HT-YL-0001/payment-notices '{"kind":"DOWN_PAYMENT","amount":"6000000.00","dueDate":"2099-12-31"}' | jq -r .noticeNo)
echo "notice $NOTICE issued by the developer"
bank 200 GET "/api/v1/bank/payment-notices/$NOTICE" >/dev/null
expect '.status == "ISSUED" and .amountDue == "6000000.00" and .accountNo == "'"$ACCOUNT"'"'
money CREDIT 6000000.00 DOWN_PAYMENT ",\"paymentNoticeNo\":\"$NOTICE\""
call drill-supervisor 200 GET "/api/v1/payment-notices/$NOTICE" >/dev/null
expect '.status == "PAID" and .amountDue == "0.00"'
position

step "an unattributed credit (不明入账) queued, then attributed by a supervisor; a loan"
money CREDIT 2000000.00 DOWN_PAYMENT ",\"counterpartyName\":\"王五\""
TX=$(call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/unattributed-credits" | jq -r '.[0].transactionId')
echo "queue: $(jq -r 'map("\(.serialNo) \(.amount) from \(.counterpartyName)") | join(", ")' "$WORK/last.json")"
call drill-supervisor 200 POST "/api/v1/account-transactions/$TX/attribution" '{"contractNo":"HT-YL-0002","reason":"购房人持银行回单核对，确认为全款"}' >/dev/null
expect '.contractNo == "HT-YL-0002"'
call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/unattributed-credits" >/dev/null
expect 'length == 0'
money CREDIT 4000000.00 LOAN
call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/collection" >/dev/null
echo "collection: $(jq -r '"due \(.due)  collected \(.collected)  ratio \(.ratioPercent)%  unattributed \(.unattributed)"' "$WORK/last.json")"
position

step "releases by node: the presale permit node (30% of K), free money first"
release PRESALE_PERMIT 5000000.00
position

step "a bank guarantee (保函) of 2,000,000 (at most 30% of K), recorded by one supervisor and accepted by another, stands in for key money"
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/guarantees" \
  '{"guaranteeNo":"BH-2026-0018","guarantorName":"中国建设银行昆明分行","guarantorCode":"CCB5301","amount":"2000000.00","validFrom":"2026-05-01","validUntil":"2029-12-31"}' >/dev/null
expect '.status == "PROPOSED"'
call drill-supervisor 403 POST "/api/v1/projects/$PROJECT_ID/guarantees/BH-2026-0018/acceptance" '{"reason":"保函原件已核验"}' >/dev/null
call drill-supervisor2 200 POST "/api/v1/projects/$PROJECT_ID/guarantees/BH-2026-0018/acceptance" '{"reason":"保函原件已核验"}' >/dev/null
expect '.status == "ACTIVE"'
position

step "half the floors (50% of K): the guarantor owes its share of the key money released"
release HALF_FLOORS 3000000.00
call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/guarantees" >/dev/null
expect '.[0].topUpDue != "0.00"'
echo "guarantor topUpDue $(jq -r '.[0].topUpDue' "$WORK/last.json")"
position

step "the guarantor pays 2,000,000 in before completion; the supervisor attributes the credit: its duty is settled once"
money CREDIT 2000000.00 OTHER ",\"counterpartyName\":\"中国建设银行昆明分行\""
GUARANTOR_CREDIT=$(jq -r .id "$WORK/last.json")
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/guarantees/BH-2026-0018/payments" "{\"transactionId\":$GUARANTOR_CREDIT}" >/dev/null
expect '.applied == "200000.00" and .topUpDueAfter == "0.00"'
echo "credit $GUARANTOR_CREDIT of 2000000.00: applied 200000.00 to the duty, the rest is ordinary money of the account"
call drill-supervisor 409 POST "/api/v1/projects/$PROJECT_ID/guarantees/BH-2026-0018/payments" "{\"transactionId\":$GUARANTOR_CREDIT}" >/dev/null
expect '.type == "/problems/conflict"'
call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/guarantees" >/dev/null
expect '.[0].topUpDue == "0.00" and .[0].topUpPaid == "200000.00"'
position

step "completion filing (竣工验收备案): the guarantee expires, the completion node opens"
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/completion-filing" '{"certificateNo":"JBA-530125-2028-0018","filedOn":"2028-06-30"}' >/dev/null
call drill-supervisor 200 GET "/api/v1/projects/$PROJECT_ID/guarantees" >/dev/null
expect '.[0].status == "EXPIRED" and .[0].expiryReason == "COMPLETION_FILING"'
release COMPLETION_FILING 2500000.00
position

step "first registration (首次登记): the last node opens"
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/first-registration" '{"certificateNo":"DJ-530125-2028-0018","registeredOn":"2028-09-15"}' >/dev/null
release FIRST_REGISTRATION 1000000.00
position

step "the end of supervision: one supervisor applies, the same one cannot approve, another does"
call drill-supervisor 201 POST "/api/v1/projects/$PROJECT_ID/supervision-end" '{"reason":"首次登记完成，申请解除监管"}' >/dev/null
expect '.state == "ENDING"'
call drill-supervisor 403 POST "/api/v1/projects/$PROJECT_ID/supervision-end/approval" '{"reason":"同意"}' >/dev/null
call drill-supervisor2 200 POST "/api/v1/projects/$PROJECT_ID/supervision-end/approval" '{"reason":"义务履行完毕，同意解除监管"}' >/dev/null
expect '.state == "ENDED"'
echo "releasedBalance $(jq -r .releasedBalance "$WORK/last.json") leaves supervision"
position

step "the bank reads the close instruction (解除监管), and a further push is refused"
bank 200 GET "/api/v1/bank/accounts/$ACCOUNT/close-instruction" >/dev/null
expect '.status == "CLOSED"'
SEQ=$((SEQ + 1))
bank 409 POST /api/v1/bank/account-transactions "{\"serialNo\":\"LD-$SEQ\",\"accountNo\":\"$ACCOUNT\",\"direction\":\"CREDIT\",\"amount\":\"100.00\",\"purpose\":\"DEPOSIT\",\"bookedAt\":\"$(now)\"}" >/dev/null
expect '.type == "/problems/account-closed"'
position

step "after the end: a court action is refused, the closing day's statement is taken, the report line says ENDED"
bank 409 POST /api/v1/bank/judicial-actions "{\"serialNo\":\"LJ-1\",\"accountNo\":\"$ACCOUNT\",\"action\":\"FREEZE\",\"court\":\"宜良县人民法院\",\"documentNo\":\"(2026)云0125执1号\",\"amount\":\"100.00\",\"actedAt\":\"$(now)\"}" >/dev/null
expect '.type == "/problems/account-closed"'
bank 201 POST /api/v1/bank/daily-balances "{\"accountNo\":\"$ACCOUNT\",\"date\":\"$(TZ=Asia/Shanghai date +%Y-%m-%d)\",\"closingBalance\":\"2500000.00\",\"entryCount\":$((SEQ - 1))}" >/dev/null
echo "statement of the closing day: matches $(jq -r .matches "$WORK/last.json")"
call drill-supervisor 200 GET "/api/v1/reports/MONTHLY?periodStart=$(TZ=Asia/Shanghai date +%Y-%m-01)&projectId=$PROJECT_ID" >/dev/null
expect '.balances[0].supervisionAtEnd == "ENDED" and .balances[0].guaranteedAtEnd == "0.00"'

step "drill passed"
