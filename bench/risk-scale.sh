#!/usr/bin/env bash
# The risk computation at scale, against the installed PostgreSQL 15 cluster (loopback only): 10,000 projects
# (PROJECTS) with 3 contracts each filed over the last 210 days, and facts for some of them: 1 % with an active
# court freeze, 3 % with an overdue loan notice, 5 % with a notice due within 5 days, 5 % with an open
# UNEXPLAINED_DEBIT alert. A fresh database, the service started on it (Flyway creates the schema), rows made
# with one INSERT ... SELECT per table, VACUUM ANALYZE, then POST /api/v1/risk-computations:
#   run 1: every project computed and written (no risk stored yet)
#   run 2: nothing changed: every project computed, none written
#   run 3: 100 more projects frozen: every project computed, only those written
# The statement is the service's own (src/main/resources/sql/risk.sql), run by the service. Then the city-wide
# dashboard figures (sql/dashboard.sql; each contract's down payment is booked for them) of this month, twice, and
# of a month three months back.
#
#   bench/risk-scale.sh     # env: PORT (18088) PROJECTS (10000) KEEP_DB=1
# Runs as root (creates the role and database through `runuser -u postgres`); starts the cluster with
# pg_ctlcluster if it is down and stops it again at the end in that case.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18088}
PROJECTS=${PROJECTS:-10000}
BASE_URL=http://127.0.0.1:$PORT
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=risk_bench PGPASSWORD=risk-bench-password
DB=escrow_risk

ensure_jar
WORK=$(mktemp -d /tmp/risk-scale.XXXXXX)
cleanup() {
  stop_service
  [ "${KEEP_DB:-0}" = 1 ] || as_postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  pg15_stop_if_started
  rm -rf "$WORK"
}
trap cleanup EXIT
pg15_start
as_postgres -c "DO \$\$ BEGIN CREATE ROLE risk_bench; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
  -c "ALTER ROLE risk_bench LOGIN PASSWORD '$PGPASSWORD'"
as_postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER risk_bench"
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }

QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_RISK_CRON=off \
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) start_service "$PORT" "$WORK/service.log"

code=$(credit_code 91361000MA1W2X3Y5)
log "seeding $PROJECTS projects"
t0=$SECONDS
sql <<SQL
INSERT INTO enterprise (name, credit_code, created_at) VALUES ('风险规模测试置业有限公司', '$code', now());
INSERT INTO project (enterprise_id, name, presale_permit_no, division_code, signing_enabled, signing_changed_at, created_at)
SELECT (SELECT id FROM enterprise), '项目' || g, 'RISK-' || g, '3610' || lpad((1 + g % 30)::text, 2, '0'), TRUE, now(),
       now() - interval '300 days' FROM generate_series(1, $PROJECTS) g;
INSERT INTO supervised_account (project_id, bank_code, account_no, account_name, created_at)
SELECT id, 'RISKBK', (7000000000 + id)::text, '风险规模测试置业有限公司' || name || '预售资金监管专户', now() FROM project;
INSERT INTO contract (project_id, contract_no, unit_no, buyer_name, buyer_id_no, total_price, down_payment,
                      loan_amount, loan_type, status, created_at)
SELECT p.id, 'RC-' || p.id || '-' || k, k || '-101', '买受人', 'E900' || k, 1000000, 300000, 700000, 'COMMERCIAL', 'FILED',
       now() - (k * 70) * interval '1 day'
FROM project p, generate_series(1, 3) k;
-- each contract's down payment, booked when it was filed (for the dashboard figures)
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at, contract_no,
                                 balance_after, content_hash)
SELECT 'RISKBK', 'DP-' || c.id, c.project_id, 'CREDIT', 300000, 'DOWN_PAYMENT', c.created_at, c.created_at, c.contract_no, 300000,
       lpad((c.id + 300000000)::text, 64, '0')
FROM contract c;
INSERT INTO judicial_action (bank_code, serial_no, project_id, action, court, document_no, amount, acted_at, received_at, content_hash)
SELECT 'RISKBK', 'JF-' || id, id, 'FREEZE', '抚州市中级人民法院', '(2026)赣10执保' || id || '号', 100000, now() - interval '3 days',
       now() - interval '3 days', lpad(id::text, 64, '0')
FROM project WHERE id % 100 = 0;
INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type, disbursed_at, received_at, due_at,
                               status, overdue_at, content_hash)
SELECT 'RISKBK', 'LO-' || c.id, c.id, c.project_id, 700000, 'COMMERCIAL', now() - interval '40 days', now() - interval '40 days',
       now() - interval '9 days', 'OVERDUE', now() - interval '9 days', lpad(c.id::text, 64, '0')
FROM contract c WHERE c.project_id % 100 < 3 AND c.contract_no LIKE '%-1';
INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type, disbursed_at, received_at, due_at,
                               status, content_hash)
SELECT 'RISKBK', 'LS-' || c.id, c.id, c.project_id, 700000, 'COMMERCIAL', now() - interval '28 days', now() - interval '28 days',
       now() + interval '3 days', 'AWAITING_FUNDS', lpad((c.id + 100000000)::text, 64, '0')
FROM contract c WHERE c.project_id % 100 BETWEEN 10 AND 14 AND c.contract_no LIKE '%-2';
INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
SELECT id, 'UNEXPLAINED_DEBIT', 'HIGH', 'OPEN', 'transaction', 'bench', now(), 'bench' FROM project WHERE id % 100 BETWEEN 20 AND 24;
SQL
as_postgres -d "$DB" -c "VACUUM ANALYZE" >/dev/null
log "  ... seeded in $((SECONDS - t0)) s: $(sql -c "SELECT count(*) FROM project") projects, \
$(sql -c "SELECT count(*) FROM contract") contracts, $(sql -c "SELECT count(*) FROM judicial_action") freezes, \
$(sql -c "SELECT count(*) FROM loan_disbursement") notices, $(sql -c "SELECT count(*) FROM alert") alerts"

run() {
  local body
  body=$(curl -fsS -u "admin:$ADMIN_PASSWORD" -X POST -w ' %{time_total}' "$BASE_URL/api/v1/risk-computations")
  log "run $1: $body (response JSON, then the HTTP round trip in s)"
}
run 1
run 2
sql <<SQL
INSERT INTO judicial_action (bank_code, serial_no, project_id, action, court, document_no, amount, acted_at, received_at, content_hash)
SELECT 'RISKBK', 'JG-' || id, id, 'FREEZE', '抚州市中级人民法院', '(2026)赣10执保G' || id || '号', 100000, now(), now(),
       lpad((id + 200000000)::text, 64, '0')
FROM project WHERE id % 100 = 50;
SQL
run 3
log "levels: $(sql -c "SELECT string_agg(level || ' ' || n, ', ' ORDER BY level) FROM (SELECT level, count(*) n FROM project_risk GROUP BY level) l")"
log "level changes: $(sql -c "SELECT count(*) FROM project_risk_change")"
# The dashboard figures of every county (GET /api/v1/dashboards, its one statement sql/dashboard.sql), city-wide.
dashboard() {
  local t
  t=$(curl -fsS -u "admin:$ADMIN_PASSWORD" -o "$WORK/dash.json" -w '%{time_total}' "$BASE_URL/api/v1/dashboards/MONTHLY?periodStart=$1")
  log "dashboard MONTHLY $1, city-wide: $t s; $(jq -r '"\(.divisions | length) counties; levels " + ([.total.projectsByLevel[] | "\(.label) \(.count)"] | join(", ")) + "; balances " + .total.balances[0].value + "; inflows " + ([.total.inflowsByPurpose[] | select(.count > 0) | "\(.label) \(.count) \(.value)"] | join(", "))' "$WORK/dash.json")"
}
dashboard "$(TZ=Asia/Shanghai date +%Y-%m-01)"
dashboard "$(TZ=Asia/Shanghai date +%Y-%m-01)"
dashboard "$(TZ=Asia/Shanghai date -d '70 days ago' +%Y-%m-01)"
