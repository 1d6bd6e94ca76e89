#!/usr/bin/env bash
# Sends one signed request to the escrow service with nothing but curl and openssl: the way a
# bank integrator can check their signing code against a real server.
#
#   scripts/signed-push.sh BASE_URL CLIENT_ID SECRET METHOD PATH [BODY_FILE]
#
# Example:
#   scripts/signed-push.sh http://localhost:8080 bank-ccb "$SECRET" POST /api/v1/bank/account-transactions tx.json
#
# String to sign: timestamp "\n" METHOD "\n" request-target "\n" raw body  (body empty for GET)
# X-Signature:    "v1=" + lowercase hex HMAC-SHA256(secret, string-to-sign)
# CLOCK_SHIFT_SECONDS (optional, default 0) is added to the timestamp, for a service whose clock is
# shifted for a drill (escrow.clock.offset, e.g. 2678400 for P31D).
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
base_url=$1 client_id=$2 secret=$3 method=$4 target=$5 body_file=${6:-}

body_tmp=$(mktemp)
trap 'rm -f "$body_tmp"' EXIT
if [ -n "$body_file" ]; then cat "$body_file" > "$body_tmp"; fi

timestamp=$(( $(date +%s) + ${CLOCK_SHIFT_SECONDS:-0} ))
# printf keeps the body's bytes exactly (no trailing newline added); openssl reads them raw.
signature=$( { printf '%s\n%s\n%s\n' "$timestamp" "$method" "$target"; cat "$body_tmp"; } \
  | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')

args=(-sS -X "$method" "$base_url$target"
  -H "X-Client-Id: $client_id"
  -H "X-Timestamp: $timestamp"
  -H "X-Signature: v1=$signature"
  -w '\nHTTP %{http_code}\n')
if [ -n "$body_file" ]; then
  args+=(-H 'Content-Type: application/json' --data-binary "@$body_tmp")
fi
curl "${args[@]}"
