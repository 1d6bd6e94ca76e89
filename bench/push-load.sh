#!/usr/bin/env bash
# Load test of the bank push path: signed pushes driven by wrk against the service on a fresh
# embedded PostgreSQL, first spread over many supervised accounts, then all on one account
# (pushes to one account serialise on its row lock). Checks the books afterwards.
#
#   bench/push-load.sh            # env: PORT DB_PORT CONNECTIONS DURATION WARMUP PROJECTS PUSHES KEEP=1
#                                 #      ROUNDS=1 MODES="simple prepared" SINGLE=1
#
# Each of ROUNDS rounds runs, back to back on the same server: the service (wrk, spread over PROJECTS accounts),
# pgbench with the minimal per-push SQL (bench/push-minimal.pgbench.sql, -M prepared, one push per transaction),
# and pgbench with the service's own push mix (from push.sql, once per mode of MODES). SINGLE=0 skips the
# single-account run at the end.
#
# Loopback only. Needs java 17, curl, jq, node, psql, wrk (apt-get install -y wrk).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18481}              # not 8080: someone else may use it
DB_PORT=${DB_PORT:-15481}        # embedded PostgreSQL, so psql can check the books
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
PROJECTS=${PROJECTS:-32}         # accounts of the spread run; the single-account run uses one more
CONTRACTS_PER_PROJECT=${CONTRACTS_PER_PROJECT:-10}
PUSHES=${PUSHES:-150000}         # distinct pre-signed pushes per run (more than a run sends, so no replays)
ROUNDS=${ROUNDS:-1}
MODES=${MODES:-simple prepared}
SINGLE=${SINGLE:-1}
BASE_URL=http://127.0.0.1:$PORT

for tool in java curl jq node psql wrk; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/push-load.XXXXXX)
cleanup() { stop_service; if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

ESCROW_EMBEDDED_DB_DIR=$WORK/pg ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_OVERDUE_SWEEP_CRON=off \
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) \
  start_service "$PORT" "$WORK/service.log"
export PGPASSWORD; PGPASSWORD=$(embedded_pg_password "$WORK/pg" superuser)   # psql and pgbench, as the superuser
sql() { psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1 "$@"; }
# CPU seconds used so far (user + system, from /proc): the service JVM, and this run's PostgreSQL processes
# including the backends that already exited (counted in the postmaster's children's time).
jvm_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"; }
# CPU seconds of this script's finished children (wrk or pgbench, once it has been waited for).
children_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($16 + $17) / hz }' "/proc/$$/stat"; }
# Only this run's server (its postmaster and children): other PostgreSQL servers on the machine are not ours.
pg_cpu() {
  local postmaster; postmaster=$(head -1 "$WORK/pg/postmaster.pid")
  for pid in $postmaster $(pgrep -P "$postmaster"); do cat "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 + $16 + $17 } END { printf "%.2f\n", s / hz }'
}

# ---------------------------------------------------------------- registry, through the API
log "creating bank client, enterprise, $((PROJECTS + 1)) projects with accounts, contracts"
SECRET=$(admin_call 201 POST /api/v1/clients \
  '{"clientId":"bench-bank","name":"Bench Bank","kind":"BANK","bankCode":"BENCHBK"}' | jq -r .secret)
ENTERPRISE_NAME=压测置业有限公司
CREDIT_CODE=$(credit_code 91320100MA1W2X3Y4)
ENTERPRISE_ID=$(admin_call 201 POST /api/v1/enterprises \
  "{\"name\":\"$ENTERPRISE_NAME\",\"creditCode\":\"$CREDIT_CODE\"}" | jq -r .id)
: >"$WORK/contracts.jsonl"
# Each contract gets thousands of 250,000.00 notices in a run, and the notices of a contract may not add up
# to more than its loan amount (loan-mismatch): hence a loan amount no flat has.
for p in $(seq 1 $((PROJECTS + 1))); do
  name=压测项目$p
  pid=$(admin_call 201 POST /api/v1/projects \
    "{\"enterpriseId\":$ENTERPRISE_ID,\"name\":\"$name\",\"presalePermitNo\":\"BENCH-PERMIT-$p\"}" | jq -r .id)
  admin_call 201 POST "/api/v1/projects/$pid/account" \
    "{\"bankCode\":\"BENCHBK\",\"accountNo\":\"$((6222000000 + p))\",\"accountName\":\"$ENTERPRISE_NAME$name预售资金监管专户\"}" >/dev/null
  for c in $(seq 1 "$CONTRACTS_PER_PROJECT"); do
    echo "{\"projectId\":$pid,\"contractNo\":\"BENCH-$p-$c\",\"unitNo\":\"$c-101\",\"buyerName\":\"买受人$c\",\"buyerIdNo\":\"E9000$c\",\"totalPrice\":\"900000000000.00\",\"downPayment\":\"300000.00\",\"loanAmount\":\"899999700000.00\",\"loanType\":\"COMMERCIAL\"}"
  done >>"$WORK/contracts.jsonl"
done
# Contracts four at a time (each Basic-auth request checks a bcrypt hash, which is slow on purpose).
tr '\n' '\0' <"$WORK/contracts.jsonl" | xargs -0 -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' --data-binary {} "$BASE_URL/api/v1/contracts" \
  | sort | uniq -c | tee "$WORK/contract-statuses" >&2
[ "$(awk '$2 != 201' "$WORK/contract-statuses" | wc -l)" = 0 ] || die "not every contract was filed"

# targets FIRST LAST: the accounts and contracts of projects FIRST..LAST, as sign-pushes.js wants them.
targets() {
  for p in $(seq "$1" "$2"); do
    jq -n --arg a "$((6222000000 + p))" --argjson p "$p" --argjson n "$CONTRACTS_PER_PROJECT" \
      '{accountNo: $a, contracts: [range(1; $n + 1) | "BENCH-\($p)-\(.)"]}'
  done | jq -s .
}
targets 1 "$PROJECTS" >"$WORK/spread.json"
targets $((PROJECTS + 1)) $((PROJECTS + 1)) >"$WORK/single.json"

# ---------------------------------------------------------------- load runs
# run NAME TARGETS DURATION: signs PUSHES pushes, drives them with wrk, checks that 201s = stored rows.
run() {
  local name=$1 targets=$2 duration=$3
  node "$ROOT/bench/sign-pushes.js" bench-bank "$SECRET" "$PUSHES" "$name-" "$targets" >"$WORK/$name.tsv"
  log "run $name: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  log "run $name: $CONNECTIONS connections, $THREADS threads, $duration, $(jq length "$targets") account(s)"
  local jvm0 pg0 wrk0
  jvm0=$(jvm_cpu); pg0=$(pg_cpu); wrk0=$(children_cpu)
  PUSHES="$WORK/$name.tsv" WRK_THREADS=$THREADS wrk -t "$THREADS" -c "$CONNECTIONS" -d "$duration" --timeout 10s --latency \
    -s "$ROOT/bench/push-load.lua" "$BASE_URL" | tee "$WORK/$name.wrk"
  echo "CPU $name: service JVM $(echo "$(jvm_cpu) - $jvm0" | bc) s, PostgreSQL $(echo "$(pg_cpu) - $pg0" | bc) s," \
    "wrk $(echo "$(children_cpu) - $wrk0" | bc) s" \
    | tee "$WORK/$name.cpu"
  # Pushes still queued in the service when wrk stops are committed but their 201 is never read, so
  # wait until nothing more lands, then expect: 201s seen <= rows stored <= 201s seen + connections.
  local created stored last=-1
  created=$(awk '$1 == "STATUS" && $2 == 201 { print $3 }' "$WORK/$name.wrk"); created=${created:-0}
  while :; do
    stored=$(sql -c "SELECT (SELECT count(*) FROM account_transaction WHERE serial_no LIKE '$name-%')
                          + (SELECT count(*) FROM loan_disbursement WHERE serial_no LIKE '$name-%')")
    [ "$stored" != "$last" ] || break
    last=$stored; sleep 2
  done
  echo "CHECK $name: 201 responses $created, rows stored $stored (in flight at the cutoff: $((stored - created)))," \
    "other statuses: $(awk '$1 == "STATUS" && $2 != 201 { printf "%s=%s ", $2, $3 }' "$WORK/$name.wrk")"
  [ "$created" -le "$stored" ] && [ "$stored" -le $((created + CONNECTIONS)) ] \
    || die "$name: $created pushes answered 201 but $stored stored"
  # Every push is new and valid, so anything but 201 is a failure (a 500 run must not pass as a fast one).
  local refused
  refused=$(awk '$1 == "STATUS" && $2 != 201 { n += $3 } END { print n + 0 }' "$WORK/$name.wrk")
  [ "$refused" = 0 ] && [ "$created" -gt 0 ] || die "$name: $refused pushes not answered 201, $created answered 201"
}

run warmup "$WORK/spread.json" "$WARMUP" >/dev/null
# The ceilings: (1) the minimal SQL of one plain credit, one push per transaction (bench/push-minimal.pgbench.sql);
# (2) the same SQL the pushes run, in the same mix (one pgbench transaction = the 4 pushes of one group of
# sign-pushes.js, each in its own transaction), written from the service's own src/main/resources/sql/push.sql,
# once per mode (simple, pgbench's default; prepared, as the JDBC driver sends them). Same server, connections
# and duration, right after the service's run.
node "$ROOT/bench/push-pgbench.js" "$ROOT/src/main/resources/sql/push.sql" >"$WORK/push.pgbench.sql"
# bench NAME SCRIPT MODE: one pgbench run, with PostgreSQL's and the client's CPU around it.
bench() {
  local name=$1 script=$2 mode=$3 pg0 client0 client1
  log "pgbench $name: $CONNECTIONS connections, $DURATION, -M $mode"
  pg0=$(pg_cpu); client0=$(children_cpu)
  pgbench -h 127.0.0.1 -p "$DB_PORT" -U postgres -n -M "$mode" -c "$CONNECTIONS" -j "$THREADS" \
    -T "${DURATION%s}" -D projects="$PROJECTS" -f "$script" -r postgres | tee "$WORK/$name.out"
  client1=$(children_cpu)
  echo "CPU $name: PostgreSQL $(echo "$(pg_cpu) - $pg0" | bc) s, pgbench client $(echo "$client1 - $client0" | bc) s" \
    | tee "$WORK/$name.cpu"
}
for r in $(seq 1 "$ROUNDS"); do
  run "spread$r" "$WORK/spread.json" "$DURATION"
  bench "minimal$r" "$ROOT/bench/push-minimal.pgbench.sql" prepared
  for mode in $MODES; do bench "pgbench-$mode$r" "$WORK/push.pgbench.sql" "$mode"; done
done
# Service memory under load, and how many pushes shared a commit (PushCommitter's metrics).
echo "RSS after the spread runs: $(ps -o rss= -p "$SERVICE_PID") KiB" | tee "$WORK/rss"
curl -s -u "admin:$ADMIN_PASSWORD" "$BASE_URL/q/metrics" | grep -E '^escrow_bank_push_batch_(size_(count|sum|max)|fallbacks_total)' | tee "$WORK/batches"
# pgbench's loan credits must have settled their disbursements, as the service's do. Its rows stay: it keeps
# balances and running balances as the service does, so the books check below covers them too.
sql -c "SELECT 'pgbench disbursements ' || count(*) || ', settled by their loan credit ' || count(*) FILTER (WHERE status = 'FUNDS_ARRIVED')
        FROM loan_disbursement WHERE serial_no LIKE 'PGB-%'" | tee "$WORK/pgbench-settled"
[ "$SINGLE" = 0 ] || run single "$WORK/single.json" "$DURATION"

# ---------------------------------------------------------------- the books
log "checking balances"
sql <<'SQL' | tee "$WORK/books"
-- Per account: balance = sum of its entries, entry_count = their number, and each balance_after is the running sum.
SELECT 'accounts ' || count(*) || ', balance mismatches ' || count(*) FILTER (WHERE a.balance <> coalesce(e.total, 0)
         OR a.entry_count <> coalesce(e.n, 0))
FROM supervised_account a
LEFT JOIN (SELECT project_id, sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END) AS total, count(*) AS n
           FROM account_transaction GROUP BY project_id) e ON e.project_id = a.project_id;
SELECT 'transactions ' || count(*) || ', running-balance mismatches ' || count(*) FILTER (WHERE balance_after <> running)
FROM (SELECT balance_after, sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END)
             OVER (PARTITION BY project_id ORDER BY id) AS running FROM account_transaction) t;
SELECT 'disbursements ' || sum(n) || ' by status: ' || string_agg(status || '=' || n, ' ')
FROM (SELECT status, count(*) AS n FROM loan_disbursement GROUP BY status) s;
SELECT 'loan credits unmatched ' || count(*) FROM account_transaction
WHERE purpose = 'LOAN' AND matched_disbursement_id IS NULL;
SELECT 'embedded server: ' || version();
SQL
# The plan of a named loan credit's disbursement lookup on the busiest project (by the unique key).
read -r busy_project busy_serial < <(sql -F ' ' -c "SELECT project_id, max(serial_no) FROM loan_disbursement
                                                   GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
sql -c "EXPLAIN (ANALYZE, BUFFERS) SELECT id, serial_no FROM loan_disbursement WHERE bank_code = 'BENCHBK'
        AND serial_no = '$busy_serial' AND project_id = $busy_project FOR UPDATE" \
  | tee "$WORK/explain-match"
grep -q '^accounts .*, balance mismatches 0$' "$WORK/books" && grep -q 'running-balance mismatches 0$' "$WORK/books" \
  || die "the books do not add up"

echo
echo "SUMMARY ($CONNECTIONS connections, $DURATION, wrk threads $THREADS, $(nproc) cores shared by wrk, service and PostgreSQL)"
names=$(seq -f 'spread%g' 1 "$ROUNDS"); [ "$SINGLE" = 0 ] || names="$names single"
for name in $names; do
  awk -v n="$name" '/Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { non2xx = $NF } /Socket errors/ { sock = $0 }
    END { printf "%-8s %8s pushes/s  p50 %-8s p99 %-8s non-2xx %s %s\n", n, rps, p50, p99, non2xx + 0, sock }' \
    "$WORK/$name.wrk"
done
for r in $(seq 1 "$ROUNDS"); do
  svc=$(awk '/Requests\/sec/ { print $2 }' "$WORK/spread$r.wrk")
  awk -v svc="$svc" -v r="$r" '/^tps = / { tps = $3 } /^latency average/ { lat = $4 }
    END { printf "round %s minimal  %8.1f pushes/s (1 push per tx, latency avg %s ms, -M prepared)   service/minimal = %.2f\n",
                 r, tps, lat, svc / tps }' "$WORK/minimal$r.out"
  for mode in $MODES; do
    awk -v svc="$svc" -v mode="$mode" -v r="$r" '/^tps = / { tps = $3 }
      END { printf "round %s push mix %8.1f pushes/s (4 x %.1f tps, -M %s)   service/mix = %.2f\n",
                   r, 4 * tps, tps, mode, svc / (4 * tps) }' "$WORK/pgbench-$mode$r.out"
  done
done
# CPU per push (the service's, or pgbench's: a quarter of a mix transaction), in milliseconds, from the CPU lines above.
for name in $names; do
  awk -v n="$name" -v pushes="$(awk '$1 == "STATUS" && $2 == 201 { print $3 }' "$WORK/$name.wrk")" \
    '{ printf "CPU per push, %-8s service JVM %.3f ms, PostgreSQL %.3f ms, wrk %.3f ms\n", n, $5 * 1000 / pushes, $8 * 1000 / pushes, $11 * 1000 / pushes }' \
    "$WORK/$name.cpu"
done
for r in $(seq 1 "$ROUNDS"); do
  for run in "minimal$r:1000" $(for mode in $MODES; do echo "pgbench-$mode$r:250"; done); do
    awk -v n="${run%%:*}" -v per="${run##*:}" -v tx="$(awk '/^number of transactions actually processed/ { print $NF }' "$WORK/${run%%:*}.out")" \
      '{ printf "CPU per pgbench push, %-18s PostgreSQL %.3f ms, pgbench client %.3f ms\n", n, $4 * per / tx, $8 * per / tx }' \
      "$WORK/${run%%:*}.cpu"
  done
done
cat "$WORK/rss" "$WORK/batches" "$WORK/pgbench-settled"
