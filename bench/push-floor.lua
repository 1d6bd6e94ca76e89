-- wrk script for bench/push-floor.sh: one well-formed account-transaction push whose X-Timestamp is
-- years stale, so the service answers 401 after reading the body and checking the headers, before any
-- database work. What this costs is the floor of the push path: HTTP, routing, the worker hand-off and
-- the problem+json answer.
wrk.method = "POST"
wrk.path = "/api/v1/bank/account-transactions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Client-Id"] = "bench-bank"
wrk.headers["X-Timestamp"] = "1000000000"
wrk.headers["X-Signature"] = "v1=" .. string.rep("0", 64)
wrk.body = '{"serialNo":"FLOOR-1","accountNo":"6222000001","direction":"CREDIT","amount":"1000.25",'
  .. '"purpose":"DOWN_PAYMENT","bookedAt":"2026-11-28T10:00:00+08:00","contractNo":"BENCH-1-1","counterpartyName":"Buyer 1"}'
