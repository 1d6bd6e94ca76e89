# Shared helpers for the bench and drill scripts (sourced, not run).
# Needs: java 17, curl, jq, node (for signing in bulk), openssl.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}   # JAR=... runs another build (A/B comparisons)
ADMIN_PASSWORD=${ADMIN_PASSWORD:-Bench-Secret-Pass-1}
SERVICE_PID=

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Builds the fast-jar unless it exists (REBUILD=1 forces a build).
ensure_jar() {
  if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
}

# start_service PORT LOGFILE  -- env (ESCROW_*, QUARKUS_*) is passed through; waits up to READY_TIMEOUT (120) s for readiness.
start_service() {
  local port=$1 logfile=$2
  QUARKUS_HTTP_PORT=$port ESCROW_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    java ${JAVA_OPTS:-} -jar "$JAR" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  local deadline=$((SECONDS + ${READY_TIMEOUT:-120}))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$logfile" >&2; die "service exited during start"; }
    [ $SECONDS -lt $deadline ] || { tail -30 "$logfile" >&2; die "service not ready after ${READY_TIMEOUT:-120} s"; }
    sleep 0.5
  done
  log "service pid $SERVICE_PID ready on port $port (log: $logfile)"
}

# Stops the service started by start_service (SIGTERM, then SIGKILL after 60 s).
stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    local deadline=$((SECONDS + 60))
    while kill -0 "$SERVICE_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -9 "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  log "service pid $SERVICE_PID stopped"
  SERVICE_PID=
}

# embedded_pg_password DATA_DIR ROLE  -- the password of a role (superuser, owner, app) of the service's embedded
# PostgreSQL, from the mode-600 file the service keeps in its data directory: no connection is trusted without one.
# Empty for a build older than that file (JAR=... A/B runs), whose embedded PostgreSQL trusts local connections.
embedded_pg_password() {
  local file=$1/escrow-credentials.properties
  if [ -f "$file" ]; then sed -n "s/^$2\.password=//p" "$file"; fi
}

# admin_call EXPECTED_STATUS METHOD PATH [JSON]  -- prints the response body; fails on another status.
admin_call() {
  local expected=$1 method=$2 path=$3 body=${4:-} out status
  out=$(mktemp)
  local args=(-s -o "$out" -w '%{http_code}' -u "admin:$ADMIN_PASSWORD" -X "$method" "$BASE_URL$path")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  status=$(curl "${args[@]}")
  if [ "$status" != "$expected" ]; then
    cat "$out" >&2; rm -f "$out"
    die "$method $path gave $status, expected $expected"
  fi
  cat "$out"; rm -f "$out"
}

# credit_code FIRST17  -- appends the GB 32100-2015 check character.
credit_code() {
  node -e '
    const C = "0123456789ABCDEFGHJKLMNPQRTUWXY", W = [1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
    const s = process.argv[1]; let sum = 0;
    for (let i = 0; i < 17; i++) sum += C.indexOf(s[i]) * W[i];
    process.stdout.write(s + C[(31 - sum % 31) % 31]);' "$1"
}

# ---------------------------------------------------------------- PostgreSQL 15 (the Debian cluster "15 main")
# Used by sweep-scale.sh, db-restart-test.sh and two-instances.sh. pg15_start starts the cluster if it is
# down and remembers that it did; pg15_stop_if_started (for the EXIT trap) stops it again in that case.
STARTED_CLUSTER=0
cluster_online() { pg_lsclusters -h | awk '$1 == 15 && $2 == "main"' | grep -q online; }
as_postgres() { runuser -u postgres -- env -u PGHOST -u PGUSER -u PGPASSWORD psql -XAtq -v ON_ERROR_STOP=1 "$@"; }
pg15_start() {
  if ! cluster_online; then pg_ctlcluster 15 main start; STARTED_CLUSTER=1; log "started the PostgreSQL 15 cluster"; fi
}
pg15_stop_if_started() {
  if [ "$STARTED_CLUSTER" = 1 ]; then pg_ctlcluster 15 main stop && log "stopped the PostgreSQL 15 cluster"; fi
}
