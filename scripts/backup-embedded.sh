#!/usr/bin/env bash
# Backs up the embedded PostgreSQL of a running escrow service, restores the backup into a fresh data
# directory and checks that the books match: exits non-zero when anything differs or fails.
#
#   scripts/backup-embedded.sh backup DATA_DIR BACKUP_DIR    dump, books, then the restore check below
#   scripts/backup-embedded.sh verify DUMP BOOKS [RESTORE_DIR]  restore DUMP into a fresh directory, compare with BOOKS
#   scripts/backup-embedded.sh external DUMP BOOKS    restore into the external database of PGHOST, PGPORT,
#                                                      PGUSER, PGPASSWORD, PGDATABASE (empty), compare
#
# DATA_DIR is the service's escrow.embedded-db.dir (default ./data/postgres). The dump and the books
# (per supervised account: balance, entry count, sum of the ledger; row counts of every table) are taken
# from one snapshot, so they agree even while banks keep pushing. The restored directory is a data
# directory the service can start on (escrow.embedded-db.dir=RESTORE_DIR).
#
# Needs: pg_dump, pg_restore and psql (Debian postgresql-client, a version >= the server's: 15 reads the
# embedded 14), and the embedded binaries initdb/pg_ctl/postgres of the data directory's version
# (EMBEDDED_PG_BIN; by default found where the service unpacked them: ESCROW_EMBEDDED_DB_BINARIES_DIR, or
# postgres-binaries next to DATA_DIR, each with pg/PG-*/bin; older versions used $TMPDIR/embedded-pg).
# Connection: the port comes from DATA_DIR/postmaster.pid, the host is 127.0.0.1; PGUSER (default
# postgres), PGDATABASE (default postgres), and PGPASSWORD or PGPASSFILE; without them, the superuser's
# password from DATA_DIR/escrow-credentials.properties (run as the service's OS user: the file is mode 600).
# Keep the secrets key (ESCROW_SECRETS_ENCRYPTION_KEY or the key file) with the backup: the stored client
# secrets and buyers' ID numbers in it are encrypted with that key (docs/operations.md). A restored
# directory gets new database passwords, and its runtime role its grants, at the service's first start.
set -euo pipefail

usage() { sed -n '2,24p' "$0" >&2; exit 2; }
die() { echo "backup-embedded: $*" >&2; exit 1; }
export PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-postgres}
# PostgreSQL refuses to run as root; like the service's embedded database, run it in a user namespace then.
as_server_user() { if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi; }

books_sql() {
  cat <<'SQL'
SELECT 'account ' || a.account_no || ' balance=' || a.balance || ' entries=' || a.entry_count
       || ' ledger=' || coalesce(sum(CASE t.direction WHEN 'CREDIT' THEN t.amount ELSE -t.amount END), 0.00)
       || ' rows=' || count(t.id)
  FROM supervised_account a LEFT JOIN account_transaction t ON t.project_id = a.project_id
 GROUP BY a.account_no, a.balance, a.entry_count ORDER BY a.account_no;
SELECT 'total balance=' || coalesce(sum(balance), 0.00) || ' accounts=' || count(*) FROM supervised_account;
SELECT format('SELECT %L || '' rows='' || count(*) FROM %I.%I', 'table ' || table_name, table_schema, table_name)
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
\gexec
SQL
}

# embedded_bin VERSION [DATA_DIR]: the unpacked binaries of that PostgreSQL version.
embedded_bin() {
  local version=$1 data=${2:-./data/postgres} dir
  if [ -n "${EMBEDDED_PG_BIN:-}" ]; then echo "$EMBEDDED_PG_BIN"; return; fi
  for dir in ${ESCROW_EMBEDDED_DB_BINARIES_DIR:+"$ESCROW_EMBEDDED_DB_BINARIES_DIR"/pg/PG-*/bin} \
             "$(dirname "$data")"/postgres-binaries/pg/PG-*/bin "${TMPDIR:-/tmp}"/embedded-pg/PG-*/bin; do
    if [ -x "$dir/postgres" ] && "$dir/postgres" --version | grep -q " $version\."; then echo "$dir"; return; fi
  done
  die "no embedded PostgreSQL $version binaries found; set EMBEDDED_PG_BIN"
}

backup() {
  local data=$1 out=$2 port stamp snapshot line
  [ -f "$data/postmaster.pid" ] || die "$data/postmaster.pid not found: is the service running on this data directory?"
  port=$(sed -n 4p "$data/postmaster.pid")
  if [ -z "${PGPASSWORD:-}${PGPASSFILE:-}" ] && [ -f "$data/escrow-credentials.properties" ]; then
    PGPASSWORD=$(sed -n 's/^superuser\.password=//p' "$data/escrow-credentials.properties"); export PGPASSWORD
  fi
  mkdir -p "$out"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  export PGHOST=127.0.0.1 PGPORT=$port
  # One repeatable-read transaction exports its snapshot: pg_dump and the books both read exactly it.
  coproc SNAP { psql -X -q -A -t -v ON_ERROR_STOP=1; }
  echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
  read -r -t 30 snapshot <&"${SNAP[0]}" || die "could not open a snapshot on 127.0.0.1:$port"
  pg_dump -Fc --snapshot="$snapshot" -f "$out/escrow-$stamp.dump"
  { books_sql; echo "SELECT 'end-of-books';"; } >&"${SNAP[1]}"
  : > "$out/escrow-$stamp.books"
  while read -r -t 60 line <&"${SNAP[0]}"; do
    [ "$line" = end-of-books ] && break
    echo "$line" >> "$out/escrow-$stamp.books"
  done
  echo "COMMIT;" >&"${SNAP[1]}"
  exec {SNAP[1]}>&-
  wait "$SNAP_PID" || die "the snapshot session failed"
  cp "$data/PG_VERSION" "$out/escrow-$stamp.pg_version"
  echo "backup: $out/escrow-$stamp.dump ($(du -h "$out/escrow-$stamp.dump" | cut -f1)), books in $out/escrow-$stamp.books"
  BIN_HINT=$data verify "$out/escrow-$stamp.dump" "$out/escrow-$stamp.books" "$out/escrow-$stamp.restored"
}

# Restores DUMP into the database of the current PG* settings and compares its books with BOOKS.
check_restore() {
  local dump=$1 books=$2 restored_books=$3
  pg_restore --exit-on-error --no-owner --no-privileges -d "$PGDATABASE" "$dump" \
    || die "restore failed"
  books_sql | psql -X -q -A -t -v ON_ERROR_STOP=1 > "$restored_books" || die "cannot read the restored books"
  if ! diff -u "$books" "$restored_books"; then
    die "the restored books differ from the backup's (above); the backup is NOT good"
  fi
  # Each restored account's balance must equal its ledger, as in the running service.
  grep '^account ' "$restored_books" | awk '{split($3,b,"="); split($5,l,"="); if (b[2]+0 != l[2]+0) bad=1} END {exit bad}' \
    || die "a restored balance differs from the sum of its ledger"
  echo "verified: $(grep -c '^account ' "$books") accounts, $(grep -c '^table ' "$books") tables; $(grep '^total' "$books")"
}

# The move to an external PostgreSQL: restores DUMP into the empty database that PGHOST, PGPORT, PGUSER,
# PGPASSWORD and PGDATABASE name (owned by PGUSER, which then owns every object), and checks the books.
external() {
  local dump=$1 books=$2 tmp
  tmp=$(mktemp)
  check_restore "$dump" "$books" "$tmp"
  rm -f "$tmp"
  echo "restored into $PGDATABASE on ${PGHOST:-localhost}:${PGPORT:-5432} as $PGUSER"
}

verify() {
  local dump=$1 books=$2 restored=${3:-$(mktemp -d)/postgres} bin sock rc=0 version
  version=$(cat "${dump%.dump}.pg_version" 2>/dev/null || echo 14)
  bin=$(embedded_bin "$version" "${BIN_HINT:-}")
  [ ! -e "$restored" ] || [ -z "$(ls -A "$restored")" ] || die "$restored is not empty"
  mkdir -p "$restored"
  chmod 700 "$restored"
  sock=$(mktemp -d /tmp/escrow-restore.XXXXXX)
  as_server_user "$bin/initdb" -A trust -U postgres -D "$restored" -E UTF-8 > "$sock/initdb.log" 2>&1 \
    || { cat "$sock/initdb.log" >&2; die "initdb failed"; }
  as_server_user "$bin/pg_ctl" -D "$restored" -l "$sock/server.log" -w -t 60 \
    -o "-p 5432 -c listen_addresses= -k $sock -c fsync=off" start > /dev/null || { cat "$sock/server.log" >&2; die "the restored server did not start"; }
  export PGHOST=$sock PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
  unset PGPASSWORD PGPASSFILE
  ( check_restore "$dump" "$books" "$sock/restored.books" ) || rc=$?  # a subshell: the server is stopped whatever happens
  as_server_user "$bin/pg_ctl" -D "$restored" -m fast -w stop > /dev/null || true
  [ "$rc" = 0 ] || exit "$rc"
  echo "restored data directory: $restored (start the service with ESCROW_EMBEDDED_DB_DIR=$restored)"
  rm -rf "$sock"
}

[ $# -ge 3 ] || usage
case $1 in
  backup) backup "$2" "$3" ;;
  verify) verify "$2" "$3" "${4:-}" ;;
  external) external "$2" "$3" ;;
  *) usage ;;
esac
