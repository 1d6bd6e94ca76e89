-- The least SQL a durable per-push service could run for one plain credit, one transaction per push:
-- the balance update (which takes the account's row lock and gives the running balance), the insert with its
-- idempotency key (the unique constraint (bank_code, serial_no)) and one audit row. No replay check, no
-- contract check, no matching: the floor that bench/push-load.sh compares the service's group commit with.
-- Run by push-load.sh as `pgbench -D projects=N -f bench/push-minimal.pgbench.sql` (one push per transaction).
-- It keeps balances and running balances right, so the books check covers its rows too. Colons in literals
-- are written \x3A, so that pgbench does not read a variable there.
\set p random(1, :projects)
\set d random(1000, 13000)
BEGIN;
UPDATE supervised_account SET balance = balance + (:d + 0.25), entry_count = entry_count + 1
WHERE account_no = (6222000000 + :p)::text RETURNING project_id, balance \gset
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at,
    balance_after, content_hash)
VALUES ('BENCHBK', 'PGM-' || txid_current(), :project_id, 'CREDIT', :d + 0.25, 'DOWN_PAYMENT', now(), now(), :balance,
    repeat('0', 64));
INSERT INTO audit_event (at, actor, action, subject, project_id, details)
VALUES (now(), E'client\x3Abench-bank', 'ACCOUNT_TRANSACTION_PUSHED', E'transaction\x3APGM-' || txid_current(), :project_id,
    jsonb_build_object('bankCode', 'BENCHBK', 'accountNo', (6222000000 + :p)::text, 'direction', 'CREDIT',
        'amount', CAST(:d + 0.25 AS text), 'purpose', 'DOWN_PAYMENT'));
END;
