-- The bare SQL of one account-transaction push (a DEPOSIT credit), as BankPushService runs it:
-- pgbench drives this against the same server, at the same concurrency, as the ceiling the
-- service is compared with. :projects is set by bench/push-load.sh.
\set p random(1, :projects)
\set s random(1, 9000000000000000)
BEGIN;
SELECT client_id, secret_enc, enabled FROM machine_client WHERE client_id = 'bench-bank';
SELECT id, content_hash FROM account_transaction WHERE bank_code = 'BENCHBK' AND serial_no = 'PGB-' || :s;
SELECT project_id, bank_code FROM supervised_account WHERE account_no = (6222000000 + :p)::text;
SELECT project_id, bank_code FROM supervised_account WHERE account_no = (6222000000 + :p)::text FOR UPDATE;
INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at, received_at,
    balance_after, content_hash)
VALUES ('BENCHBK', 'PGB-' || :s, :p, 'CREDIT', 1.00, 'DEPOSIT', now(), now(),
    (SELECT balance + 1.00 FROM supervised_account WHERE project_id = :p), repeat('0', 64))
ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING RETURNING id;
UPDATE supervised_account SET balance = balance + 1.00, entry_count = entry_count + 1 WHERE project_id = :p;
INSERT INTO audit_event (at, actor, action, subject, project_id, details)
VALUES (now(), 'client:bench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:PGB-' || :s, :p,
    '{"bankCode":"BENCHBK","amount":"1.00","purpose":"DEPOSIT"}');
SELECT t.id, t.serial_no, a.account_no, t.balance_after FROM account_transaction t
JOIN supervised_account a ON a.project_id = t.project_id
LEFT JOIN loan_disbursement d ON d.id = t.matched_disbursement_id
WHERE t.bank_code = 'BENCHBK' AND t.serial_no = 'PGB-' || :s;
END;
