#!/usr/bin/env bash
# The signing webhook across restarts, from outside: the service on its embedded PostgreSQL (one data dir)
# and a receiver (bench/webhook-receiver.js) that records every delivery. Four phases:
#   1. webhook off: signing events are recorded while no dispatcher runs; the service stops;
#   2. restart with the webhook on: that backlog is delivered, in order;
#   3. the receiver answers 500 while more events are recorded; the service stops (SIGTERM) and starts
#      again while they are still undelivered; the receiver recovers: they are delivered, in order;
#   4. SIGKILL of the JVM while a delivery waits for the receiver's (slow) answer; restart: the event
#      whose answer was lost is sent again (at least once), then the rest, in order.
# Then bench/webhook-check.js checks every request against the feed: signed under the signing system's
# secret, the body the feed's event, every event taken, first takes in ascending seq, and no event twice
# except the one whose answer the kill lost.
#
#   bench/webhook-restart-test.sh     # env: PORT=18082 RECEIVER_PORT=18092 DB_PORT=15892 PROJECTS=4 KEEP=1
#
# Loopback only; needs java 17, curl, jq, node, openssl.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/reliability-lib.sh"

PORT=${PORT:-18082}
RECEIVER_PORT=${RECEIVER_PORT:-18092}
DB_PORT=${DB_PORT:-15892}
PROJECTS=${PROJECTS:-4}
BASE_URL=http://127.0.0.1:$PORT
CLIENT=webhook-signing
TARGET=/hooks/signing-events

for tool in java curl jq node openssl; do command -v $tool >/dev/null || die "$tool is missing"; done
ensure_jar
WORK=$(mktemp -d /tmp/webhook-restart.XXXXXX)
PGDATA_DIR=$WORK/pg
RECEIVER_PID=
export ESCROW_EMBEDDED_DB_DIR=$PGDATA_DIR ESCROW_EMBEDDED_DB_PORT=$DB_PORT ESCROW_OVERDUE_SWEEP_CRON=off
ESCROW_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32); export ESCROW_SECRETS_ENCRYPTION_KEY
# Short backoffs keep the run short; the defaults are PT1S and PT5M.
WEBHOOK=(ESCROW_SIGNING_WEBHOOK_URL="http://127.0.0.1:$RECEIVER_PORT$TARGET" ESCROW_SIGNING_WEBHOOK_CLIENT_ID=$CLIENT
         ESCROW_SIGNING_WEBHOOK_INITIAL_BACKOFF=PT0.5S ESCROW_SIGNING_WEBHOOK_MAX_BACKOFF=PT2S)
cleanup() {
  stop_service
  reap_postmaster >/dev/null 2>&1 || true
  [ -z "$RECEIVER_PID" ] || kill "$RECEIVER_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
receiver() { curl -fsS -X "${2:-POST}" -H 'Content-Type: application/json' ${1:+--data "$1"} "http://127.0.0.1:$RECEIVER_PORT/control"; }
# Requests the receiver has seen (arrived, whether answered yet or not).
arrived() { receiver '' GET | jq .deliveries; }
# Deliveries answered with this status so far.
answered() { [ -s "$WORK/deliveries.jsonl" ] && jq -s --argjson s "$1" '[.[] | select(.answer == $s and .answered)] | length' "$WORK/deliveries.jsonl" || echo 0; }
metric() { curl -fsS -u "admin:$ADMIN_PASSWORD" "$BASE_URL/q/metrics" | awk -v m="$1" '$1 == m { print $2 + 0 }'; }
last_seq() { admin_call 200 GET "/api/v1/signing-events?after=0&limit=1000" | jq 'last.seq // 0'; }
# until_true SECONDS WHAT CMD...: polls CMD every 0.2 s until it succeeds (CMD is run anew each time: pass a
# function, not a "$(...)" that would be expanded once).
until_true() {
  local limit=$1 what=$2 deadline; shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do [ $SECONDS -lt $deadline ] || die "not within $limit s: $what"; sleep 0.2; done
}
# The newest event in the feed has been taken by the receiver (so every earlier one was: they go in order).
caught_up() {
  [ -s "$WORK/deliveries.jsonl" ] && jq -se --argjson s "$(last_seq)" 'any(.[]; .seq == $s and .answer == 204 and .answered)' \
    "$WORK/deliveries.jsonl" >/dev/null
}
# lock_all / lift_all: a signing lock on every project (one event each), or lift them (one event each).
lock_all() {
  : >"$WORK/locks"
  while read -r pid; do
    admin_call 201 POST "/api/v1/projects/$pid/signing-locks" "{\"reason\":\"$1\"}" | jq -r --arg p "$pid" '"\($p) \(.lockId)"' >>"$WORK/locks"
  done <"$WORK/projects"
}
lift_all() { while read -r pid lock; do admin_call 204 DELETE "/api/v1/projects/$pid/signing-locks/$lock" >/dev/null; done <"$WORK/locks"; }
refused_at_least() { [ "$(answered 500)" -ge "$1" ]; }
arrived_more_than() { [ "$(arrived)" -gt "$1" ]; }
show_state() {
  echo "feed: last seq $(last_seq); receiver: $(arrived) requests arrived, $(answered 204) taken, $(answered 500) refused;" \
       "metrics: undelivered $(metric escrow_signing_webhook_undelivered), lag $(metric escrow_signing_webhook_lag_seconds) s" \
    | sed 's/undelivered , lag  s/none (webhook off)/'

}

PORT=$RECEIVER_PORT LOG=$WORK/deliveries.jsonl node "$ROOT/bench/webhook-receiver.js" 2>"$WORK/receiver.log" &
RECEIVER_PID=$!
until_true 10 "receiver up" receiver '' GET >/dev/null 2>&1

step "1. webhook off: $PROJECTS projects locked, one signing event each, no dispatcher"
start_service "$PORT" "$WORK/service-1.log"
SECRET=$(admin_call 201 POST /api/v1/clients "{\"clientId\":\"$CLIENT\",\"name\":\"网签备案系统\",\"kind\":\"SIGNING_SYSTEM\"}" | jq -r .secret)
EID=$(admin_call 201 POST /api/v1/enterprises "{\"name\":\"推送置业有限公司\",\"creditCode\":\"$(credit_code 91530100MA6WBH00K)\"}" | jq -r .id)
for p in $(seq 1 "$PROJECTS"); do
  admin_call 201 POST /api/v1/projects "{\"enterpriseId\":$EID,\"name\":\"推送花园$p\",\"presalePermitNo\":\"WEBHOOK-$p\"}" | jq -r .id
done >"$WORK/projects"
lock_all "phase 1"
show_state
stop_service
[ "$(arrived)" = 0 ] || die "the receiver got a delivery with the webhook off"

step "2. restart with the webhook on: the backlog goes out, in order"
export "${WEBHOOK[@]}"
start_service "$PORT" "$WORK/service-2.log"
until_true 60 "backlog delivered" caught_up
show_state

step "3. the receiver answers 500; $PROJECTS more events; SIGTERM and restart while they wait; the receiver recovers"
receiver '{"answer":500}'; echo
lift_all
until_true 60 "three refused attempts" refused_at_least 3
show_state
grep -m1 'Signing webhook: event' "$WORK/service-2.log" | cut -c1-220 || true
stop_service
before=$(arrived)
start_service "$PORT" "$WORK/service-3.log"
until_true 30 "a refused attempt after the restart" arrived_more_than "$before"
receiver '{"answer":204}'; echo
until_true 60 "all delivered after the restart" caught_up
show_state
grep 'Signing webhook' "$WORK/service-3.log" | cut -c1-220 || true

step "4. SIGKILL while a delivery waits 3 s for its answer; restart"
receiver '{"delayMs":3000}'; echo
before=$(arrived)
lock_all "phase 4"
until_true 30 "a delivery in flight" arrived_more_than "$before"
kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
log "SIGKILLed JVM $SERVICE_PID with a delivery waiting for its answer"
SERVICE_PID=
reap_postmaster
receiver '{"delayMs":0}'; echo
start_service "$PORT" "$WORK/service-4.log"
until_true 60 "all delivered after the kill" caught_up
show_state

step "5. every request against the feed"
admin_call 200 GET "/api/v1/signing-events?after=0&limit=1000" >"$WORK/feed.json"
LOG=$WORK/deliveries.jsonl FEED=$WORK/feed.json SECRET=$SECRET CLIENT_ID=$CLIENT TARGET=$TARGET ALLOWED_REPEATS=1 \
  node "$ROOT/bench/webhook-check.js"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
