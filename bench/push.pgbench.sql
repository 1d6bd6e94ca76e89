-- The bare SQL of one account-transaction push (a DEPOSIT credit), statement for statement as
-- SignedRequests and BankPushService send it: pgbench drives this against the same server, at the
-- same concurrency, as the ceiling the service is compared with. :projects is set by bench/push-load.sh.
-- (Colons are written so that pgbench does not take them for variables: a space after each colon in
-- the audit JSON, and E'\x3A' in the actor.)
\set p random(1, :projects)
\set s random(1, 9000000000000000)
-- the signature check: the client and its secret (its own statement, before the push's transaction)
SELECT client_id, kind, bank_code, secret_enc, previous_secret_enc, previous_valid_until, enabled
FROM machine_client WHERE client_id = 'bench-bank';
BEGIN;
-- the account, locked, with the contract check and the replay check
SELECT a.project_id, a.bank_code,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = NULL AND c.project_id = a.project_id),
       r.id, r.content_hash
FROM supervised_account a
LEFT JOIN account_transaction r ON r.bank_code = 'BENCHBK' AND r.serial_no = 'PGB-' || :s
WHERE a.account_no = (6222000000 + :p)::text FOR UPDATE OF a;
-- insert, balance, settlement (none for a deposit) and audit, as one statement
WITH ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
        received_at, contract_no, disbursement_serial_no, counterparty_name, counterparty_account_no,
        reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash)
    VALUES ('BENCHBK', 'PGB-' || :s, :p, 'CREDIT', 1.00, 'DEPOSIT', now(), now(), NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        (SELECT balance + 1.00 FROM supervised_account WHERE project_id = :p), repeat('0', 64))
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.counterparty_name, t.counterparty_account_no, t.reverses_serial_no, t.release_no,
        t.project_id),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + 1.00, entry_count = a.entry_count + 1
    FROM ins WHERE a.project_id = ins.project_id),
settled AS (
    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount
    FROM ins WHERE d.id = NULL
    RETURNING d.serial_no, d.status, d.overdue_at IS NOT NULL AS was_overdue),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT now(), E'client\x3Abench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id,
        '{"bankCode": "BENCHBK", "accountNo": "6222000001", "direction": "CREDIT", "amount": "1.00", "purpose": "DEPOSIT", "matchedDisbursement": null, "reverses": null}'::jsonb
    FROM ins)
SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status, settled.was_overdue
FROM ins LEFT JOIN settled ON TRUE;
END;
