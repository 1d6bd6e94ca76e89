#!/usr/bin/env bash
# Collection monitoring at scale, against the installed PostgreSQL 15 cluster (loopback only): PROJECTS projects (1000)
# with CONTRACTS contracts each (20), each contract a DOWN_PAYMENT payment notice, a credit naming the contract and a
# credit naming the notice; per project 5 unattributed credits, 1 of them attributed, and one credit the bank reversed.
# A fresh database, the service started on it (Flyway creates the schema), rows made with one INSERT ... SELECT per
# table, VACUUM ANALYZE, then ROUNDS (20) timed GETs of one project's collection, its unattributed queue and one
# contract's collection through the service, and the statements' plans (EXPLAIN ANALYZE of the project collection).
#
#   bench/collection-scale.sh     # env: PORT (18091) PROJECTS (1000) CONTRACTS (20) ROUNDS (20) KEEP_DB=1 READY_TIMEOUT
# Runs as root (creates the role and database through `runuser -u postgres`); starts the cluster with
# pg_ctlcluster if it is down and stops it again at the end in that case.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18091}
PROJECTS=${PROJECTS:-1000}
CONTRACTS=${CONTRACTS:-20}
ROUNDS=${ROUNDS:-20}
BASE_URL=http://127.0.0.1:$PORT
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=collection_bench PGPASSWORD=collection-bench-password
DB=escrow_collection

ensure_jar
WORK=$(mktemp -d /tmp/collection-scale.XXXXXX)
cleanup() {
  stop_service
  [ "${KEEP_DB:-0}" = 1 ] || as_postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  pg15_stop_if_started
  rm -rf "$WORK"
}
trap cleanup EXIT
pg15_start
as_postgres -c "DO \$\$ BEGIN CREATE ROLE collection_bench; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
  -c "ALTER ROLE collection_bench LOGIN PASSWORD '$PGPASSWORD'"
as_postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER collection_bench"
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }

QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_RISK_CRON=off ESCROW_COLLECTION_CRON=off \
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) start_service "$PORT" "$WORK/service.log"

code=$(credit_code 91530125MA6K8T3Y0)
log "seeding $PROJECTS projects x $CONTRACTS contracts"
t0=$SECONDS
sql <<SQL
INSERT INTO enterprise (name, credit_code, created_at) VALUES ('催缴规模测试置业有限公司', '$code', now());
INSERT INTO project (enterprise_id, name, presale_permit_no, division_code, signing_enabled, signing_changed_at, created_at)
SELECT (SELECT id FROM enterprise), '项目' || g, 'COLL-' || g, '530125', TRUE, now(), now() - interval '300 days'
FROM generate_series(1, $PROJECTS) g;
INSERT INTO supervised_account (project_id, bank_code, account_no, account_name, created_at)
SELECT id, 'COLLBK', (7100000000 + id)::text, '催缴规模测试置业有限公司' || name || '预售资金监管专户', now() FROM project;
INSERT INTO contract (project_id, contract_no, unit_no, buyer_name, buyer_id_no, total_price, down_payment,
                      loan_amount, loan_type, status, created_at)
SELECT p.id, 'CC-' || p.id || '-' || k, k || '-101', '买受人', 'E900' || k, 1000000, 300000, 700000, 'COMMERCIAL', 'FILED',
       now() - interval '30 days'
FROM project p, generate_series(1, $CONTRACTS) k;
INSERT INTO payment_notice (notice_no, contract_id, project_id, kind, amount, paid_amount, status, due_date, issued_at, issued_by,
                            paid_at)
SELECT 'JK20261101-' || c.id, c.id, c.project_id, 'DOWN_PAYMENT', 300000, 100000, 'ISSUED', current_date + 10,
       now() - interval '20 days', 'bench', NULL
FROM contract c;
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at,
                                 contract_no, payment_notice_no, balance_after, content_hash)
SELECT 'COLLBK', 'CT-' || c.id || '-' || k, c.project_id, 'CREDIT', 100000, 'DOWN_PAYMENT', now() - interval '10 days', now(),
       CASE k WHEN 1 THEN c.contract_no END, CASE k WHEN 2 THEN 'JK20261101-' || c.id END, 0, repeat('0', 64)
FROM contract c, generate_series(1, 2) k;
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at,
                                 counterparty_name, balance_after, content_hash)
SELECT 'COLLBK', 'UA-' || p.id || '-' || k, p.id, 'CREDIT', 5000, 'DEPOSIT', now() - interval '5 days', now(), '不明汇款人',
       0, repeat('0', 64)
FROM project p, generate_series(1, 5) k;
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at,
                                 reverses_serial_no, balance_after, content_hash)
SELECT 'COLLBK', 'RV-' || p.id, p.id, 'DEBIT', 5000, 'DEPOSIT', now() - interval '4 days', now(), 'UA-' || p.id || '-5', 0,
       repeat('0', 64)
FROM project p;
INSERT INTO credit_attribution (transaction_id, project_id, contract_id, reason, attributed_by, attributed_at)
SELECT t.id, t.project_id, (SELECT min(c.id) FROM contract c WHERE c.project_id = t.project_id), 'bench', 'bench', now()
FROM account_transaction t WHERE t.serial_no LIKE 'UA-%-1';
SQL
as_postgres -d "$DB" -c "VACUUM ANALYZE" >/dev/null
log "  ... seeded in $((SECONDS - t0)) s: $(sql -c "SELECT count(*) FROM contract") contracts, \
$(sql -c "SELECT count(*) FROM payment_notice") notices, $(sql -c "SELECT count(*) FROM account_transaction") ledger rows, \
$(sql -c "SELECT count(*) FROM credit_attribution") attributions"

P=$((PROJECTS / 2))
timed() { # timed PATH: ROUNDS GETs, prints min / median / max of the round trip in ms
  local i times=()
  for ((i = 0; i < ROUNDS; i++)); do
    times+=("$(curl -fsS -o "$WORK/last.json" -u "admin:$ADMIN_PASSWORD" -w '%{time_total}' "$BASE_URL$1")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v path="$1" '{ t[NR] = $1 * 1000 } END {
    printf "%-45s min %6.1f ms  median %6.1f ms  max %6.1f ms  (%d rounds)\n", path, t[1], t[int((NR + 1) / 2)], t[NR], NR }'
}
timed "/api/v1/projects/$P/collection"
log "  project $P: $(jq -c '{due, outstanding, collected, ratioPercent, unattributed, contracts: (.contracts | length)}' "$WORK/last.json")"
timed "/api/v1/projects/$P/unattributed-credits"
log "  queue: $(jq -c 'length' "$WORK/last.json") credits"
timed "/api/v1/contracts/CC-$P-1/collection"
log "  contract: $(jq -c . "$WORK/last.json")"
log "plan of the project collection (the statement of CollectionService, project $P):"
sql -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH k AS (SELECT c.id, c.contract_no, c.status, c.total_price, c.down_payment FROM contract c WHERE c.project_id = $P),
noticed AS (SELECT n.contract_id, sum(n.amount) FILTER (WHERE n.status <> 'CANCELLED') AS due,
                   sum(greatest(n.amount - n.paid_amount, 0)) FILTER (WHERE n.status = 'ISSUED') AS outstanding
            FROM payment_notice n WHERE n.project_id = $P GROUP BY n.contract_id),
got AS (SELECT b.contract_id, sum(b.amount) AS collected FROM buyer_credit b WHERE b.project_id = $P GROUP BY b.contract_id)
SELECT k.contract_no, coalesce(noticed.due, k.down_payment), coalesce(got.collected, 0)
FROM k LEFT JOIN noticed ON noticed.contract_id = k.id LEFT JOIN got ON got.contract_id = k.id" | sed 's/^/    /'
