# Helpers of the reliability tests (crash-test.sh, db-restart-test.sh, two-instances.sh); sourced after
# lib.sh. The caller defines BASE_URL, WORK and sql() (psql to the service's database).

CLIENT_ID=rel-bank
BANK_CODE=RELBK

# setup_registry ACCOUNTS CONTRACTS_PER_PROJECT: through the API, a BANK client, one enterprise, ACCOUNTS
# projects with their supervised accounts and loan contracts. Sets SECRET; writes $WORK/targets.json
# (for retrying-pusher.js) and $WORK/projects ("projectId accountNo" per line).
setup_registry() {
  local accounts=$1 contracts=$2 ename=可靠性置业有限公司 eid pid name p c
  log "registry: client $CLIENT_ID, $accounts projects with accounts, $contracts contracts each"
  SECRET=$(admin_call 201 POST /api/v1/clients \
    "{\"clientId\":\"$CLIENT_ID\",\"name\":\"Reliability Bank\",\"kind\":\"BANK\",\"bankCode\":\"$BANK_CODE\"}" | jq -r .secret)
  eid=$(admin_call 201 POST /api/v1/enterprises \
    "{\"name\":\"$ename\",\"creditCode\":\"$(credit_code 91320100MA1R3L4B5)\"}" | jq -r .id)
  : >"$WORK/projects"; : >"$WORK/contracts.jsonl"
  for p in $(seq 1 "$accounts"); do
    name=可靠性项目$p
    pid=$(admin_call 201 POST /api/v1/projects \
      "{\"enterpriseId\":$eid,\"name\":\"$name\",\"presalePermitNo\":\"REL-PERMIT-$p\"}" | jq -r .id)
    admin_call 201 POST "/api/v1/projects/$pid/account" \
      "{\"bankCode\":\"$BANK_CODE\",\"accountNo\":\"$((6333000000 + p))\",\"accountName\":\"$ename$name预售资金监管专户\"}" >/dev/null
    echo "$pid $((6333000000 + p))" >>"$WORK/projects"
    for c in $(seq 1 "$contracts"); do
      echo "{\"projectId\":$pid,\"contractNo\":\"REL-$p-$c\",\"unitNo\":\"$c-101\",\"buyerName\":\"买受人$c\",\"buyerIdNo\":\"E9000$c\",\"totalPrice\":\"900000000000.00\",\"downPayment\":\"300000.00\",\"loanAmount\":\"899999700000.00\",\"loanType\":\"COMMERCIAL\"}" >>"$WORK/contracts.jsonl"
    done
  done
  # Four at a time: every Basic-auth request checks a bcrypt hash.
  tr '\n' '\0' <"$WORK/contracts.jsonl" | xargs -0 -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' --data-binary {} "$BASE_URL/api/v1/contracts" \
    | sort | uniq -c >"$WORK/contract-statuses"
  [ "$(awk '$2 != 201' "$WORK/contract-statuses" | wc -l)" = 0 ] || die "not every contract was filed: $(cat "$WORK/contract-statuses")"
  for p in $(seq 1 "$accounts"); do
    jq -n --arg a "$((6333000000 + p))" --argjson p "$p" --argjson n "$contracts" \
      '{accountNo: $a, contracts: [range(1; $n + 1) | "REL-\($p)-\(.)"]}'
  done | jq -s . >"$WORK/targets.json"
}

# pusher NAME [ENV=VALUE ...]: runs retrying-pusher.js with the registry's client; writes $WORK/NAME.json
# (summary) and $WORK/NAME.ledger, and node's pid to $WORK/pusher.pid (for stop_pusher). Returns its exit status.
pusher() {
  local name=$1; shift
  env CLIENT_ID=$CLIENT_ID SECRET="$SECRET" TARGETS="$WORK/targets.json" PREFIX="$name-" LEDGER="$WORK/$name.ledger" "$@" \
    node "$ROOT/bench/retrying-pusher.js" >"$WORK/$name.json" &
  echo $! >"$WORK/pusher.pid"
  wait $!
}
# Stops a pusher still running (on an early exit).
stop_pusher() {
  if [ -f "$WORK/pusher.pid" ]; then kill "$(cat "$WORK/pusher.pid")" 2>/dev/null || true; rm -f "$WORK/pusher.pid"; fi
}

# verify_books LEDGER...: the database against what the pushers sent (all ledgers of one database, whose
# supervised accounts got no other pushes). Prints one "check: bad-count" line each; fails unless all are 0.
# Then the API's view of every account (GET /accounts/{no}: balance, entryCount) against the ledgers.
verify_books() {
  cat "$@" >"$WORK/all.ledger"
  sql <<SQL | tee "$WORK/books"
CREATE TEMP TABLE ledger (serial TEXT, kind CHAR(1), account_no TEXT, delta NUMERIC(14, 2), attempts INT, status INT, created INT);
\copy ledger FROM '$WORK/all.ledger'
CREATE TEMP VIEW stored AS
  SELECT 'T' AS kind, t.serial_no, a.account_no, CASE t.direction WHEN 'CREDIT' THEN t.amount ELSE -t.amount END AS delta
  FROM account_transaction t JOIN supervised_account a ON a.project_id = t.project_id WHERE t.bank_code = '$BANK_CODE'
  UNION ALL
  SELECT 'D', d.serial_no, a.account_no, 0 FROM loan_disbursement d JOIN supervised_account a ON a.project_id = d.project_id
  WHERE d.bank_code = '$BANK_CODE';
SELECT 'pushes sent ' || count(*) || ', acknowledged ' || count(*) FILTER (WHERE status BETWEEN 200 AND 299)
       || ', rows stored ' || (SELECT count(*) FROM stored) FROM ledger;
SELECT 'not acknowledged: ' || count(*) FROM ledger WHERE status NOT BETWEEN 200 AND 299;
SELECT 'acknowledged but not stored: ' || count(*) FROM ledger l WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.serial_no = l.serial);
SELECT 'stored but never sent: ' || count(*) FROM stored s WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.serial = s.serial_no);
SELECT 'serials stored more than once: ' || count(*) FROM (SELECT serial_no FROM stored GROUP BY 1 HAVING count(*) > 1) x;
SELECT 'stored with other kind, account or amount: ' || count(*) FROM ledger l JOIN stored s ON s.serial_no = l.serial
WHERE (s.kind, s.account_no, s.delta) IS DISTINCT FROM (l.kind, l.account_no, l.delta);
SELECT 'accounts where balance <> sum of entries or entry_count <> entries: ' || count(*)
FROM supervised_account a LEFT JOIN (SELECT project_id, count(*) AS n,
  sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END) AS total FROM account_transaction GROUP BY 1) e ON e.project_id = a.project_id
WHERE a.balance <> coalesce(e.total, 0) OR a.entry_count <> coalesce(e.n, 0);
SELECT 'accounts where balance <> pusher total or entry_count <> pusher count: ' || count(*)
FROM supervised_account a JOIN (SELECT account_no, sum(delta) AS total, count(*) FILTER (WHERE kind = 'T') AS n FROM ledger GROUP BY 1) l
  ON l.account_no = a.account_no WHERE a.balance <> l.total OR a.entry_count <> l.n;
SELECT 'balance_after not the running sum: ' || count(*) FROM (SELECT balance_after,
  sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END) OVER (PARTITION BY project_id ORDER BY id) AS running
  FROM account_transaction) t WHERE balance_after <> running;
SELECT 'loan credits not matched to their disbursement: ' || count(*) FROM account_transaction t
LEFT JOIN loan_disbursement d ON d.id = t.matched_disbursement_id
WHERE t.purpose = 'LOAN' AND d.serial_no IS DISTINCT FROM t.disbursement_serial_no;
SELECT 'info: disbursements by status: ' || coalesce(string_agg(status || '=' || n, ' '), 'none')
FROM (SELECT status, count(*) AS n FROM loan_disbursement GROUP BY 1 ORDER BY 1) s;
SQL
  local acct want got
  while read -r _ acct; do
    want=$(awk -F'\t' -v a="$acct" '$3 == a { if ($2 == "T") n++; s += int($4 * 100 + ($4 < 0 ? -0.5 : 0.5)) } END { printf "%.2f %d", s / 100, n }' "$WORK/all.ledger")
    got=$(admin_call 200 GET "/api/v1/accounts/$acct" | jq -r '"\(.balance) \(.entryCount)"')
    echo "account $acct: API balance/entries $got, pushers' total $want" | tee -a "$WORK/books"
    [ "$got" = "$want" ] || die "account $acct: the API says $got, the pushers sent $want"
  done <"$WORK/projects"
  if grep -v '^info:\|^pushes sent\|^account ' "$WORK/books" | grep -qv ': 0$'; then die "the books do not add up"; fi
  log "books: every push stored exactly once, balances and entry counts exact"
}

# ---------------------------------------------------------------- the embedded PostgreSQL after a SIGKILL
# (crash-test.sh, webhook-restart-test.sh). After a SIGKILL of the JVM, its embedded postmaster (started
# through pg_ctl, so not in the JVM's process) may outlive it. The caller sets PGDATA_DIR and DB_PORT (the
# service's ESCROW_EMBEDDED_DB_DIR and ESCROW_EMBEDDED_DB_PORT) and WORK.
# The postmaster of the data dir, if one runs (first line of postmaster.pid).
postmaster_pid() {
  local pid
  pid=$(head -1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
# Stops a postmaster left behind: SIGQUIT (immediate shutdown), SIGKILL after 30 s; then waits for the port.
reap_postmaster() {
  local pid deadline
  if pid=$(postmaster_pid); then
    log "embedded postmaster $pid survived the JVM: SIGQUIT (immediate shutdown)"
    echo survived >>"$WORK/postmaster-fates"
    kill -QUIT "$pid"
    deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "postmaster $pid still there: SIGKILL"; kill -9 "$pid"; sleep 2; }
  else
    log "embedded postmaster went down with the JVM"
    echo gone >>"$WORK/postmaster-fates"
  fi
  deadline=$((SECONDS + 30))
  while (exec 3<>"/dev/tcp/127.0.0.1/$DB_PORT") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "port $DB_PORT still taken 30 s after the kill"
    sleep 0.5
  done
}
# ---------------------------------------------------------------- PostgreSQL 15 (db-restart-test.sh, two-instances.sh)
# pg15_setup starts the cluster if it is down (lib.sh's pg15_start) and creates role rel_bench and a fresh
# database $DB (the caller sets DB and exports PGHOST, PGPORT, PGUSER=rel_bench and PGPASSWORD);
# pg15_cleanup (for the EXIT trap) drops $DB unless KEEP_DB=1 and stops the cluster if pg15_setup started it.
pg15_setup() {
  pg15_start
  as_postgres -c "DO \$\$ BEGIN CREATE ROLE rel_bench; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
    -c "ALTER ROLE rel_bench LOGIN PASSWORD '$PGPASSWORD'" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER rel_bench"
}
pg15_cleanup() {
  if [ "${KEEP_DB:-0}" != 1 ] && cluster_online; then as_postgres -c "DROP DATABASE IF EXISTS $DB" || true; fi
  pg15_stop_if_started
}
