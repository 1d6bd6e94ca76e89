#!/usr/bin/env bash
# What recording signing events costs the transactions that change signing state, and the ones that do
# not: pgbench against the installed PostgreSQL 15 cluster (loopback), on the service's own schema (the
# service is started on a fresh database once, so Flyway creates it), with the event trigger
# (project_signing_event, migration V10) enabled and disabled in turn, ROUNDS times:
#   flips  every transaction changes one project's signing state: every commit records an event and
#          takes the numbering lock (the worst case: events only, all serialised on it)
#   mixed  19 in 20 transactions are push-like writes (an account row locked and updated, no change of
#          signing state); 1 in 20 flips a project. Reported per kind of transaction.
#
#   bench/signing-event-cost.sh      # env: PORT PROJECTS=20000 CLIENTS=8 RUN_SECONDS=10 ROUNDS=2 KEEP_DB=1
# Runs as root (creates the role and database through `runuser -u postgres`); starts the cluster if it is
# down and stops it again at the end in that case.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/reliability-lib.sh"

PORT=${PORT:-18082}
PROJECTS=${PROJECTS:-20000}
CLIENTS=${CLIENTS:-8}
RUN_SECONDS=${RUN_SECONDS:-10}
ROUNDS=${ROUNDS:-2}
BASE_URL=http://127.0.0.1:$PORT
DB=signing_event_cost
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=rel_bench PGPASSWORD=rel-bench-password

for tool in java curl jq psql pgbench; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/signing-event-cost.XXXXXX)
cleanup() { stop_service; pg15_cleanup; rm -rf "$WORK"; }
trap cleanup EXIT
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 "$@"; }

pg15_setup
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER \
QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD ESCROW_OVERDUE_SWEEP_CRON=off ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32) \
  start_service "$PORT" "$WORK/service.log"
stop_service   # the schema is made; the service takes no part in the runs

log "$PROJECTS projects with their supervised accounts"
sql <<SQL
INSERT INTO enterprise (name, credit_code, created_at) VALUES ('成本测试置业有限公司', '$(credit_code 91530100MA6WBC0ST)', now());
INSERT INTO project (enterprise_id, name, presale_permit_no, signing_changed_at, created_at)
SELECT (SELECT id FROM enterprise), '项目' || g, 'COST-' || g, now(), now() FROM generate_series(1, $PROJECTS) g;
INSERT INTO supervised_account (project_id, bank_code, account_no, account_name, created_at)
SELECT id, 'COSTBK', (7100000000 + id)::text, '成本测试置业有限公司' || name || '预售资金监管专户', now() FROM project;
VACUUM ANALYZE project;
VACUUM ANALYZE supervised_account;
SQL
cat >"$WORK/flip.sql" <<SQL
\set id random(1, $PROJECTS)
UPDATE project SET signing_enabled = NOT signing_enabled, signing_changed_at = now() WHERE id = :id;
SQL
cat >"$WORK/push.sql" <<SQL
\set id random(1, $PROJECTS)
UPDATE supervised_account SET balance = balance + 1.00, entry_count = entry_count + 1 WHERE project_id = :id;
SQL

# run TRIGGER MIX: one pgbench run; prints "tps" and per-script "tps / average latency".
run() {
  sql -c "ALTER TABLE project $1 TRIGGER project_signing_event"
  local scripts=(-f "$WORK/flip.sql")
  [ "$2" = flips ] || scripts=(-f "$WORK/push.sql@19" -f "$WORK/flip.sql@1")
  pgbench -n -c "$CLIENTS" -j 2 -T "$RUN_SECONDS" "${scripts[@]}" "$DB" >"$WORK/out" 2>&1 || { cat "$WORK/out"; die "pgbench failed"; }
  awk -v t="$1" -v m="$2" '
    /^tps/ { total = $3 }
    /^SQL script/ { name = ($4 ~ /flip/) ? "flip" : "push" }
    /^ - [0-9]+ transactions/ { match($0, /tps = [0-9.]+/); tps[name] = substr($0, RSTART + 6, RLENGTH - 6) }
    /^ - latency average/ { lat[name] = $5 }
    /^latency average/ { if (!("flip" in lat) && !("push" in lat)) single = $4 }
    END {
      line = sprintf("%-7s trigger %-8s total %7.0f tps", m, t, total)
      if (m == "flips") line = line sprintf(", latency %s ms", single)
      else line = line sprintf(" | push-like %6.0f tps %6s ms | flips %5.0f tps %6s ms", tps["push"], lat["push"], tps["flip"], lat["flip"])
      print line
    }' "$WORK/out"
}

echo
echo "SUMMARY signing-event cost: $PROJECTS projects, $CLIENTS clients, $RUN_SECONDS s per run, fsync $(sql -c 'SHOW fsync'), synchronous_commit $(sql -c 'SHOW synchronous_commit')"
for round in $(seq 1 "$ROUNDS"); do
  for mix in flips mixed; do
    run ENABLE "$mix"
    run DISABLE "$mix"
  done
done
sql -c "ALTER TABLE project ENABLE TRIGGER project_signing_event"
echo "events recorded: $(sql -c 'SELECT count(*) FROM signing_event')"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
