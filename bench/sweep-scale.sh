#!/usr/bin/env bash
# The overdue sweep at scale, against the installed PostgreSQL 15 cluster (loopback only).
#   case a: 1,000,000 AWAITING_FUNDS disbursements over 1,000 projects, 10,000 of them due in the past
#   case b: 10,000,000 historical disbursements (FUNDS_ARRIVED / OVERDUE) plus 200,000 awaiting,
#           1,000 of them due in the past
# Both cases start in the steady state of a running service: notices due within warn-before (5 days) of
# "10 minutes ago" were already warned (warned_at set, their LOAN_DUE_SOON alert raised), and historical
# OVERDUE notices have their LOAN_OVERDUE alert. So each sweep finds only what became due, or due soon,
# since then, as every 10 minutes in production.
# For each case: a fresh database, the service started on it (Flyway creates the schema), rows made
# with one INSERT ... SELECT per table, VACUUM ANALYZE, then POST /api/v1/overdue-sweeps three times, then
# EXPLAIN (ANALYZE, BUFFERS) of the sweep's statements (rolled back) for the next scheduled sweep. The
# statements are read from the service's own src/main/resources/sql/overdue-sweep.sql, not copied here.
#
#   bench/sweep-scale.sh [a|b|a b]     # env: PORT HISTORICAL AWAITING_A PROJECTS KEEP_DB=1
# Runs as root (creates the role and databases through `runuser -u postgres`); starts the cluster
# with pg_ctlcluster if it is down and stops it again at the end in that case.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18482}
SWEEP_SQL=$ROOT/src/main/resources/sql/overdue-sweep.sql
PROJECTS=${PROJECTS:-1000}
CONTRACTS_PER_PROJECT=${CONTRACTS_PER_PROJECT:-3}
AWAITING_A=${AWAITING_A:-1000000}; DUE_A=${DUE_A:-10000}
HISTORICAL=${HISTORICAL:-10000000}; AWAITING_B=${AWAITING_B:-200000}; DUE_B=${DUE_B:-1000}
CASES=${*:-a b}
BASE_URL=http://127.0.0.1:$PORT
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=sweep_bench PGPASSWORD=sweep-bench-password
export PGOPTIONS='-c statement_timeout=1800s'   # bounded: no statement runs longer than 30 min

ensure_jar
WORK=$(mktemp -d /tmp/sweep-scale.XXXXXX)
cleanup() {
  stop_service
  pg15_stop_if_started
  rm -rf "$WORK"
}
trap cleanup EXIT
pg15_start
as_postgres -c "DO \$\$ BEGIN CREATE ROLE sweep_bench; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
  -c "ALTER ROLE sweep_bench LOGIN PASSWORD '$PGPASSWORD'"
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }
timed_sql() { local t0=$SECONDS; sql "$@"; log "  ... $((SECONDS - t0)) s"; }

# Registry rows: one enterprise, PROJECTS projects with their accounts, CONTRACTS_PER_PROJECT loan
# contracts each. The disbursement inserts below join to ctr (contract k of every project, numbered).
registry() {
  local code; code=$(credit_code 91320100MA1W2X3Y5)
  sql <<SQL
INSERT INTO enterprise (name, credit_code, created_at) VALUES ('规模测试置业有限公司', '$code', now());
INSERT INTO project (enterprise_id, name, presale_permit_no, signing_enabled, signing_changed_at, created_at)
SELECT (SELECT id FROM enterprise), '项目' || g, 'SCALE-' || g, TRUE, now(), now() FROM generate_series(1, $PROJECTS) g;
INSERT INTO supervised_account (project_id, bank_code, account_no, account_name, created_at)
SELECT id, 'SCALEBK', (7000000000 + id)::text, '规模测试置业有限公司' || name || '预售资金监管专户', now() FROM project;
INSERT INTO contract (project_id, contract_no, unit_no, buyer_name, buyer_id_no, total_price, down_payment,
                      loan_amount, loan_type, status, created_at)
SELECT p.id, 'SC-' || p.id || '-' || k, k || '-101', '买受人', 'E900' || k, 1000000, 300000, 700000,
       'COMMERCIAL', 'FILED', now()
FROM project p, generate_series(1, $CONTRACTS_PER_PROJECT) k;
CREATE TABLE ctr AS SELECT id, project_id, (row_number() OVER (ORDER BY id) - 1)::int AS k FROM contract;
SQL
}

# awaiting PREFIX COUNT DUE: COUNT disbursements AWAITING_FUNDS, due one after another over 30 days,
# the first DUE of them already due (up to a few hours ago), spread over every project. Those due within
# 5 days of 10 minutes ago were warned by "the last sweep" (warned_at, one LOAN_DUE_SOON alert each).
awaiting() {
  timed_sql <<SQL
INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type, disbursed_at,
                               received_at, due_at, status, warned_at, content_hash)
SELECT 'SCALEBK', '$1' || g, c.id, c.project_id, 250000, 'COMMERCIAL', due - interval '31 days',
       due - interval '31 days', due, 'AWAITING_FUNDS',
       CASE WHEN due <= now() - interval '10 minutes' + interval '5 days' THEN now() - interval '10 minutes' END,
       lpad(g::text, 64, '0')
FROM (SELECT g, now() + (g - $3 - 0.5) * (interval '30 days' / $2) AS due FROM generate_series(1, $2) g) s
JOIN ctr c ON c.k = s.g % (SELECT count(*) FROM ctr);
SQL
}

# The alerts a running service would have raised already: LOAN_DUE_SOON for every warned notice,
# LOAN_OVERDUE for every OVERDUE one.
alerts_so_far() {
  timed_sql <<'SQL'
INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by, loan_disbursement_id)
SELECT project_id, 'LOAN_DUE_SOON', 'WARNING', 'OPEN', 'disbursement:' || serial_no, 'bench', warned_at, 'bench', id
FROM loan_disbursement WHERE warned_at IS NOT NULL
UNION ALL
SELECT project_id, 'LOAN_OVERDUE', 'HIGH', 'OPEN', 'disbursement:' || serial_no, 'bench', overdue_at, 'bench', id
FROM loan_disbursement WHERE status = 'OVERDUE';
SQL
}

sweep() {
  curl -fsS -u "admin:$ADMIN_PASSWORD" -X POST -w '\n%{time_total}\n' "$BASE_URL/api/v1/overdue-sweeps" >"$WORK/sweep"
  jq -c '{durationMs, newlyOverdue, loanAlertsRaised, projectsDisabled: (.projectsDisabled | length), projectsReenabled: (.projectsReenabled | length)}' \
    <(head -1 "$WORK/sweep") | sed "s/\$/ wall $(tail -1 "$WORK/sweep") s/"
}

# statement NAME: one statement of the service's sweep file (src/main/resources/sql/overdue-sweep.sql),
# without its final semicolon. Its :name parameters are psql variables, set by explain_sweep.
statement() {
  awk -v name="$1" '/^-- name: / { on = ($3 == name); next }
                    on { text = text $0 "\n" }
                    END { sub(/;[ \t\n]*$/, "", text); printf "%s", text }' "$SWEEP_SQL"
}

# EXPLAIN (ANALYZE, BUFFERS) of the sweep's statements, in the service's order, for the next scheduled
# sweep ("now" 10 minutes on, reporting grace 0, warn-before 5 days, batches of 10,000). Rolled back.
explain_sweep() {
  {
    echo "BEGIN;"
    for name in warn-due-soon mark-overdue lock-reenable-candidates reenable; do
      echo "\\echo == $name"
      echo "EXPLAIN (ANALYZE, BUFFERS)"
      statement "$name"
      echo ";"
    done
    echo "ROLLBACK;"
  } | sql -v now="(now() + interval '10 minutes')" -v cutoff="(now() + interval '10 minutes')" \
      -v warn_until="(now() + interval '10 minutes' + interval '5 days')" -v batch=10000 -v actor="'bench'" \
      -v zone="'Asia/Shanghai'" -v disabled_action="'SIGNING_DISABLED'" -v enabled_action="'SIGNING_ENABLED'"
}

for case in $CASES; do
  DB=escrow_sweep_$case
  log "case $case: fresh database $DB"
  as_postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER sweep_bench"
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
  QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off \
  ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) start_service "$PORT" "$WORK/service-$case.log"
  registry
  t0=$SECONDS
  if [ "$case" = a ]; then
    log "case a: $AWAITING_A awaiting disbursements, $DUE_A due"
    awaiting A "$AWAITING_A" "$DUE_A"
  else
    # History: received over the last three years, due 31 days later; 0.3 % never settled (OVERDUE; they
    # fall in 3 projects, which are therefore signing-disabled), 2 % of the settled ones arrived late.
    log "case b: $HISTORICAL historical disbursements"
    timed_sql <<SQL
INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type, disbursed_at,
                               received_at, due_at, status, matched_amount, overdue_at, funds_arrived_at, content_hash)
SELECT 'SCALEBK', 'H' || g, c.id, c.project_id, 250000, 'COMMERCIAL', rec, rec, rec + interval '31 days',
       CASE WHEN overdue THEN 'OVERDUE' ELSE 'FUNDS_ARRIVED' END,
       CASE WHEN overdue THEN 0 ELSE 250000 END,
       CASE WHEN overdue OR g % 50 = 0 THEN rec + interval '31 days' END,
       CASE WHEN overdue THEN NULL WHEN g % 50 = 0 THEN rec + interval '40 days' ELSE rec + interval '3 days' END,
       lpad(g::text, 64, '0')
FROM (SELECT g, now() - interval '3 years' + g * (interval '3 years' - interval '40 days') / $HISTORICAL AS rec,
             g % 100 = 0 AND g % 1000 < 300 AS overdue
      FROM generate_series(1, $HISTORICAL) g) s
JOIN ctr c ON c.k = s.g % (SELECT count(*) FROM ctr);
SQL
    sql -c "UPDATE project p SET signing_enabled = FALSE WHERE EXISTS
              (SELECT 1 FROM loan_disbursement d WHERE d.project_id = p.id AND d.status = 'OVERDUE')"
    log "case b: $AWAITING_B awaiting disbursements, $DUE_B due"
    awaiting A "$AWAITING_B" "$DUE_B"
  fi
  log "case $case: the alerts raised before today"
  alerts_so_far
  log "case $case: VACUUM ANALYZE"
  t1=$SECONDS; as_postgres -d "$DB" -c "VACUUM ANALYZE"; log "  ... $((SECONDS - t1)) s"
  log "case $case: loaded in $((SECONDS - t0)) s; $(sql -c "SELECT 'disbursements ' || count(*) || ', awaiting '
    || count(*) FILTER (WHERE status = 'AWAITING_FUNDS') || ', due now ' || count(*) FILTER (WHERE status =
    'AWAITING_FUNDS' AND due_at <= now()) || ', table ' || pg_size_pretty(pg_total_relation_size('loan_disbursement'))
    || ', awaiting index ' || pg_size_pretty(pg_relation_size('loan_disbursement_awaiting_due_idx')) FROM loan_disbursement")"
  echo "RESULT case $case sweep 1: $(sweep)"
  echo "RESULT case $case sweep 2: $(sweep)"
  # Sweep 2 passes, once, the index entries of the rows sweep 1 changed (and marks them dead as it goes);
  # sweep 3 is the steady state with nothing (or next to nothing) due.
  echo "RESULT case $case sweep 3: $(sweep)"
  explain_sweep | tee "$WORK/explain-$case"
  echo "RESULT case $case: next sweep explained; Seq Scan on loan_disbursement: $(grep -c 'Seq Scan on loan_disbursement' "$WORK/explain-$case")," \
    "index scans of loan_disbursement: $(grep -oE '(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) loan_disbursement_[a-z_]+' "$WORK/explain-$case" | sort | uniq -c | tr -s ' ' | paste -sd ';' -)," \
    "execution: $(grep -E '^Execution Time' "$WORK/explain-$case" | awk '{print $3}' | paste -sd '+' -) ms"
  ! grep -q 'Seq Scan on loan_disbursement' "$WORK/explain-$case" || die "case $case: a sweep statement scans loan_disbursement whole"
  stop_service
  [ "${KEEP_DB:-0}" = 1 ] || as_postgres -c "DROP DATABASE $DB"
done
