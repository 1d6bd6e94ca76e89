-- The bare SQL of the service's push mix, statement for statement as DisbursementPushService and
-- BankPushService send it: one
-- group of four pushes on one account, exactly as bench/sign-pushes.js makes them (a loan
-- disbursement, the LOAN credit that settles it, two DOWN_PAYMENT credits), each push its own
-- transaction. (The signature check's client lookup is served from ClientCredentials' cache, so it
-- sends no SQL under load, and neither does this script.) pgbench drives this
-- against the same server, at the same concurrency, as the ceiling the service is compared with; one
-- pgbench "transaction" is one run of this script, so pushes/s = 4 x tps. :projects is set by
-- bench/push-load.sh; contracts BENCH-p-1..10 exist there. (Colons are written so that pgbench does
-- not take them for variables: a space after each colon in the audit JSON, and E'\x3A' in the actor.)
\set p random(1, :projects)
\set c random(1, 10)
\set s random(1, 1000000000000000)

-- 1. The loan disbursement ------------------------------------------------------------------------
BEGIN;
-- the contract, the account (locked) and what is stored under this serial
SELECT c.id AS contract_id, c.project_id, c.loan_type, c.status AS contract_status, a.project_id AS account_project_id,
       r.id AS stored_id, r.content_hash AS stored_hash
FROM contract c JOIN supervised_account a ON a.account_no = (6222000000 + :p)::text
LEFT JOIN loan_disbursement r ON r.bank_code = 'BENCHBK' AND r.serial_no = 'PGB-D' || :s
WHERE c.contract_no = 'BENCH-' || :p || '-' || :c FOR UPDATE OF a \gset
-- the contract's guard (status, loan amount left), insert, early-credit matching and audit, as one statement
WITH guard AS (
    SELECT c.status AS contract_status, c.loan_amount,
           coalesce((SELECT sum(n.amount) FROM loan_disbursement n
                     WHERE n.contract_id = c.id AND n.status <> 'WITHDRAWN'), 0) AS noticed
    FROM contract c WHERE c.id = :contract_id),
ins AS (
    INSERT INTO loan_disbursement AS d (bank_code, serial_no, contract_id, project_id, amount, loan_type,
        disbursed_at, received_at, due_at, status, content_hash)
    SELECT 'BENCHBK', 'PGB-D' || :s, :contract_id, :project_id, 250000.00, 'COMMERCIAL', now(), now(),
        now() + interval '31 days', 'AWAITING_FUNDS', repeat('0', 64)
    FROM guard WHERE guard.contract_status = 'FILED' AND guard.noticed + 250000.00 <= guard.loan_amount
    ON CONFLICT ON CONSTRAINT loan_disbursement_key DO NOTHING
    RETURNING d.id, d.serial_no, d.amount, d.loan_type, d.disbursed_at, d.received_at, d.due_at, d.status, d.bank_code,
        d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at, d.withdrawn_at, d.withdrawal_reason,
        (d.status = 'OVERDUE' OR (d.status = 'FUNDS_ARRIVED' AND d.funds_arrived_at >= d.due_at)) AS late_arrival),
early AS (
    UPDATE account_transaction t SET matched_disbursement_id = ins.id FROM ins
    WHERE t.project_id = ins.project_id AND t.matched_disbursement_id IS NULL AND t.direction = 'CREDIT'
      AND t.purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN') AND t.reverses_serial_no IS NULL
      AND ((t.disbursement_serial_no = ins.serial_no AND t.disbursement_lender_code = ins.bank_code)
           OR (t.disbursement_serial_no IS NULL AND t.contract_no = 'BENCH-' || :p || '-' || :c))
    RETURNING t.amount, t.booked_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT now(), E'client\x3Abench-bank', 'LOAN_DISBURSEMENT_PUSHED', 'disbursement:' || ins.serial_no, ins.project_id,
           '{"bankCode": "BENCHBK", "contractNo": "BENCH-1-1", "amount": "250000.00", "dueAt": "2026-12-30T00: 00+08: 00"}'::jsonb
           || jsonb_build_object('earlyCreditsMatched', (SELECT count(*) FROM early))
    FROM ins)
SELECT guard.contract_status, guard.loan_amount, guard.noticed, ins.*,
       (SELECT count(*) FROM early) AS early_count, (SELECT sum(amount) FROM early) AS early_total,
       (SELECT max(booked_at) FROM early) AS early_last
FROM guard LEFT JOIN ins ON TRUE;
END;

-- 2. The LOAN credit that settles it ---------------------------------------------------------------
BEGIN;
-- the account (locked), the contract check and the replay check
SELECT a.project_id, a.bank_code,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = 'BENCH-' || :p || '-' || :c AND c.project_id = a.project_id),
       r.id, r.content_hash
FROM supervised_account a
LEFT JOIN account_transaction r ON r.bank_code = 'BENCHBK' AND r.serial_no = 'PGB-L' || :s
WHERE a.account_no = (6222000000 + :p)::text FOR UPDATE OF a;
-- the notice it names (by lender and serial), locked
SELECT id AS disbursement_id, serial_no, bank_code, status FROM loan_disbursement
WHERE bank_code = 'BENCHBK' AND serial_no = 'PGB-D' || :s AND project_id = :project_id FOR UPDATE \gset
-- insert, balance, settlement and audit, as one statement
WITH ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
        received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
        counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash)
    VALUES ('BENCHBK', 'PGB-L' || :s, :project_id, 'CREDIT', 250000.00, 'LOAN', now(), now(), 'BENCH-' || :p || '-' || :c,
        'PGB-D' || :s, 'BENCHBK', NULL, NULL, NULL, NULL, :disbursement_id,
        (SELECT balance + 250000.00 FROM supervised_account WHERE project_id = :project_id), repeat('0', 64))
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
        t.reverses_serial_no, t.release_no, t.project_id),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + 250000.00, entry_count = a.entry_count + 1
    FROM ins WHERE a.project_id = ins.project_id),
settled AS (
    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount,
        latest_credit_booked_at = GREATEST(d.latest_credit_booked_at, ins.booked_at),
        status = CASE WHEN d.matched_amount + ins.amount >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
        funds_arrived_at = CASE WHEN d.matched_amount + ins.amount >= d.amount AND d.status <> 'FUNDS_ARRIVED'
                                THEN GREATEST(d.latest_credit_booked_at, ins.booked_at) ELSE d.funds_arrived_at END
    FROM ins WHERE d.id = :disbursement_id
    RETURNING d.serial_no, d.status, d.bank_code, d.overdue_at IS NOT NULL AS was_overdue, d.received_at,
              d.funds_arrived_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT now(), E'client\x3Abench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id,
        '{"bankCode": "BENCHBK", "accountNo": "6222000001", "direction": "CREDIT", "amount": "250000.00", "purpose": "LOAN", "matchedDisbursement": "PGB-D1", "reverses": null}'::jsonb
    FROM ins)
SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status,
       settled.bank_code AS matched_lender, settled.was_overdue, settled.received_at AS matched_received_at,
       settled.funds_arrived_at AS matched_arrived_at
FROM ins LEFT JOIN settled ON TRUE;
END;

-- 3. and 4. Two DOWN_PAYMENT credits ---------------------------------------------------------------
\set n 1
\set d random(1000, 13000)
BEGIN;
SELECT a.project_id, a.bank_code,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = 'BENCH-' || :p || '-' || :c AND c.project_id = a.project_id),
       r.id, r.content_hash
FROM supervised_account a
LEFT JOIN account_transaction r ON r.bank_code = 'BENCHBK' AND r.serial_no = 'PGB-P' || :s || '-' || :n
WHERE a.account_no = (6222000000 + :p)::text FOR UPDATE OF a;
WITH ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
        received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
        counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash)
    VALUES ('BENCHBK', 'PGB-P' || :s || '-' || :n, :project_id, 'CREDIT', :d + 0.25, 'DOWN_PAYMENT', now(), now(),
        'BENCH-' || :p || '-' || :c, NULL, NULL, 'Buyer 1', NULL, NULL, NULL, NULL,
        (SELECT balance + (:d + 0.25) FROM supervised_account WHERE project_id = :project_id), repeat('0', 64))
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
        t.reverses_serial_no, t.release_no, t.project_id),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + (:d + 0.25), entry_count = a.entry_count + 1
    FROM ins WHERE a.project_id = ins.project_id),
settled AS (
    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount
    FROM ins WHERE d.id = NULL
    RETURNING d.serial_no, d.status, d.bank_code, d.overdue_at IS NOT NULL AS was_overdue, d.received_at,
              d.funds_arrived_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT now(), E'client\x3Abench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id,
        '{"bankCode": "BENCHBK", "accountNo": "6222000001", "direction": "CREDIT", "amount": "1000.25", "purpose": "DOWN_PAYMENT", "matchedDisbursement": null, "reverses": null}'::jsonb
    FROM ins)
SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status,
       settled.bank_code AS matched_lender, settled.was_overdue, settled.received_at AS matched_received_at,
       settled.funds_arrived_at AS matched_arrived_at
FROM ins LEFT JOIN settled ON TRUE;
END;
\set n 2
\set d random(1000, 13000)
BEGIN;
SELECT a.project_id, a.bank_code,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = 'BENCH-' || :p || '-' || :c AND c.project_id = a.project_id),
       r.id, r.content_hash
FROM supervised_account a
LEFT JOIN account_transaction r ON r.bank_code = 'BENCHBK' AND r.serial_no = 'PGB-P' || :s || '-' || :n
WHERE a.account_no = (6222000000 + :p)::text FOR UPDATE OF a;
WITH ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
        received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
        counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash)
    VALUES ('BENCHBK', 'PGB-P' || :s || '-' || :n, :project_id, 'CREDIT', :d + 0.25, 'DOWN_PAYMENT', now(), now(),
        'BENCH-' || :p || '-' || :c, NULL, NULL, 'Buyer 2', NULL, NULL, NULL, NULL,
        (SELECT balance + (:d + 0.25) FROM supervised_account WHERE project_id = :project_id), repeat('0', 64))
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
        t.reverses_serial_no, t.release_no, t.project_id),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + (:d + 0.25), entry_count = a.entry_count + 1
    FROM ins WHERE a.project_id = ins.project_id),
settled AS (
    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount
    FROM ins WHERE d.id = NULL
    RETURNING d.serial_no, d.status, d.bank_code, d.overdue_at IS NOT NULL AS was_overdue, d.received_at,
              d.funds_arrived_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT now(), E'client\x3Abench-bank', 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id,
        '{"bankCode": "BENCHBK", "accountNo": "6222000001", "direction": "CREDIT", "amount": "1000.25", "purpose": "DOWN_PAYMENT", "matchedDisbursement": null, "reverses": null}'::jsonb
    FROM ins)
SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status,
       settled.bank_code AS matched_lender, settled.was_overdue, settled.received_at AS matched_received_at,
       settled.funds_arrived_at AS matched_arrived_at
FROM ins LEFT JOIN settled ON TRUE;
END;
