-- The statements of the bank push path (cn.escrow.bank.DisbursementPushService for loan notices,
-- cn.escrow.bank.BankPushService for account transactions), in the order a push runs them.
-- bench/push-load.sh hands the same statements to pgbench (bench/push-pgbench.js writes its script from
-- this file), so the ceiling it measures is the SQL the service runs.
--
-- Each push takes its account's row lock first (FOR UPDATE OF a), so the pushes of one account run one after
-- another. Parameters that a later statement takes from an earlier one's result have that column's name
-- (project_id, contract_id, matched_id), so pgbench can carry them over with \gset. The audit rows written
-- here bind their action (:action, a cn.escrow.audit.AuditAction name), so an action is spelt once, in the enum.

-- name: notice-target
-- The contract, the account (locked) and what is already stored under this serial, in one statement; when the
-- contract or the account is missing, the service finds out which with account-exists.
SELECT c.id AS contract_id, c.project_id, c.loan_type, c.status AS contract_status,
       a.project_id AS account_project_id, a.status AS account_status, r.id AS stored_id, r.content_hash AS stored_hash
FROM contract c JOIN supervised_account a ON a.account_no = :account_no
LEFT JOIN loan_disbursement r ON r.bank_code = :lender AND r.serial_no = :serial
WHERE c.contract_no = :contract_no FOR UPDATE OF a;

-- name: notice-stored
SELECT id AS stored_id, content_hash AS stored_hash FROM loan_disbursement WHERE bank_code = :lender AND serial_no = :serial;

-- name: account-exists
SELECT 1 AS found FROM supervised_account WHERE account_no = :account_no;

-- name: add-notice
-- The contract's guard (status, loan amount left), the insert, the matching of loan credits that arrived
-- before this notice, and the audit event, as one statement; the answer is built from what it returns.
WITH guard AS (
    SELECT c.status AS contract_status, c.loan_amount,
           coalesce((SELECT sum(n.amount) FROM loan_disbursement n
                     WHERE n.contract_id = c.id AND n.status <> 'WITHDRAWN'), 0) AS noticed
    FROM contract c WHERE c.id = :contract_id),
ins AS (
    INSERT INTO loan_disbursement AS d (bank_code, serial_no, contract_id, project_id, amount, loan_type,
        disbursed_at, received_at, due_at, status, content_hash)
    SELECT :lender, :serial, :contract_id, :project_id, :amount, :loan_type, :disbursed_at, :now, :due_at,
        'AWAITING_FUNDS', :content_hash
    FROM guard WHERE guard.contract_status = 'FILED' AND guard.noticed + :amount <= guard.loan_amount
    ON CONFLICT ON CONSTRAINT loan_disbursement_key DO NOTHING
    RETURNING d.id, d.serial_no, d.amount, d.loan_type, d.disbursed_at, d.received_at, d.due_at, d.status, d.bank_code,
        d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at, d.withdrawn_at, d.withdrawal_reason,
        (d.status = 'OVERDUE' OR (d.status = 'FUNDS_ARRIVED' AND d.funds_arrived_at >= d.due_at)) AS late_arrival),
early AS (
    -- Loan money that arrived before this notice: credits naming it (lender and serial), then
    -- unnamed loan credits of the contract; never a credit the bank has since reversed.
    UPDATE account_transaction t SET matched_disbursement_id = ins.id FROM ins
    WHERE t.project_id = ins.project_id AND t.matched_disbursement_id IS NULL AND t.direction = 'CREDIT'
      AND t.purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN') AND t.reverses_serial_no IS NULL
      AND NOT EXISTS (SELECT 1 FROM account_transaction r
                      WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no)
      AND ((t.disbursement_serial_no = ins.serial_no AND t.disbursement_lender_code = ins.bank_code)
           OR (t.disbursement_serial_no IS NULL AND t.contract_no = :contract_no))
    RETURNING t.amount, t.booked_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, :actor, :action, 'disbursement:' || ins.serial_no, ins.project_id,
           CAST(:details AS jsonb) || jsonb_build_object('earlyCreditsMatched', (SELECT count(*) FROM early))
    FROM ins)
SELECT guard.contract_status, ins.*,
       (SELECT count(*) FROM early) AS early_count, (SELECT sum(amount) FROM early) AS early_total,
       (SELECT max(booked_at) FROM early) AS early_last
FROM guard LEFT JOIN ins ON TRUE;

-- name: settle-early
-- A new notice that matched early credits: their sum and latest booking time settle it (or not yet).
UPDATE loan_disbursement d SET matched_amount = :early_total, latest_credit_booked_at = :early_last,
    status = CASE WHEN :early_total >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
    funds_arrived_at = CASE WHEN :early_total >= d.amount THEN :early_last ELSE NULL END
WHERE d.id = :id
RETURNING d.id, d.serial_no, d.amount, d.loan_type, d.disbursed_at, d.received_at, d.due_at, d.status, d.bank_code,
    d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at, d.withdrawn_at, d.withdrawal_reason,
    (d.status = 'OVERDUE' OR (d.status = 'FUNDS_ARRIVED' AND d.funds_arrived_at >= d.due_at)) AS late_arrival;

-- name: late-notice-alert
-- A notice pushed long after its loan was disbursed: one alert (once per notice) and its audit event.
WITH raised AS (
    INSERT INTO alert AS al (project_id, kind, severity, status, subject, detail, raised_at, raised_by,
        loan_disbursement_id)
    VALUES (:project_id, 'LATE_LOAN_NOTICE', 'WARNING', 'OPEN', :subject, :detail, :now, :actor, :id)
    ON CONFLICT (loan_disbursement_id, kind) WHERE loan_disbursement_id IS NOT NULL DO NOTHING
    RETURNING al.id, al.project_id, al.subject)
INSERT INTO audit_event (at, actor, action, subject, project_id, details)
SELECT :now, :actor, :action, 'alert:' || id, project_id,
       jsonb_build_object('kind', 'LATE_LOAN_NOTICE', 'severity', 'WARNING', 'subject', subject)
FROM raised;

-- name: transaction-target
-- The account (locked), whether the contract named (if any) is one of its project's, the last day the bank has
-- reported for the account (an entry booked on or before it re-checks the statements), and what is already stored
-- under this serial, in one statement.
SELECT a.project_id, a.bank_code, a.status AS account_status,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = :contract_no AND c.project_id = a.project_id) AS contract_fits,
       (SELECT max(d.balance_date) FROM daily_balance d WHERE d.project_id = a.project_id AND d.current) AS last_reported,
       r.id AS stored_id, r.content_hash AS stored_hash
FROM supervised_account a
LEFT JOIN account_transaction r ON r.bank_code = :bank AND r.serial_no = :serial
WHERE a.account_no = :account_no FOR UPDATE OF a;

-- name: transaction-stored
SELECT id AS stored_id, content_hash AS stored_hash FROM account_transaction WHERE bank_code = :bank AND serial_no = :serial;

-- name: named-notice
-- The notice a loan credit names (by lender and serial), locked.
SELECT id AS matched_id, serial_no, bank_code, status FROM loan_disbursement
WHERE bank_code = :lender AND serial_no = :notice_serial AND project_id = :project_id FOR UPDATE;

-- name: contract-notice
-- Else the oldest unsettled notice of the credit's contract on this account, whoever the lender, locked.
SELECT d.id AS matched_id, d.serial_no, d.bank_code, d.status
FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
WHERE c.contract_no = :contract_no AND d.contract_id = c.id AND d.project_id = :project_id
  AND d.status NOT IN ('FUNDS_ARRIVED', 'WITHDRAWN')
ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE OF d;

-- name: add-transaction
-- The insert, the balance, the settlement of the notice it pays into (if any) and the audit event, as one
-- statement; the answer is built from what it returns. signed_amount is the amount, negative for a debit.
WITH ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose,
        booked_at, received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
        counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash,
        payment_notice_no)
    VALUES (:bank, :serial, :project_id, :direction, :amount, :purpose, :booked_at, :now, :contract_no, :notice_serial,
        :lender, :counterparty_name, :counterparty_account_no, :reverses, :release_no, :matched_id,
        (SELECT balance + :signed_amount FROM supervised_account WHERE project_id = :project_id), :content_hash,
        :payment_notice_no)
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
        t.reverses_serial_no, t.release_no, t.payment_notice_no, t.project_id),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + :signed_amount, entry_count = a.entry_count + 1
    FROM ins WHERE a.project_id = ins.project_id),
settled AS (
    -- The notice's money is in once its credits cover it; lateness goes by the latest booking time.
    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount,
        latest_credit_booked_at = GREATEST(d.latest_credit_booked_at, ins.booked_at),
        status = CASE WHEN d.matched_amount + ins.amount >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
        funds_arrived_at = CASE WHEN d.matched_amount + ins.amount >= d.amount AND d.status <> 'FUNDS_ARRIVED'
                                THEN GREATEST(d.latest_credit_booked_at, ins.booked_at) ELSE d.funds_arrived_at END
    FROM ins WHERE d.id = :matched_id
    RETURNING d.serial_no, d.status, d.bank_code, d.overdue_at IS NOT NULL AS was_overdue, d.received_at,
              d.funds_arrived_at),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, :actor, :action, 'transaction:' || ins.serial_no, ins.project_id, CAST(:details AS jsonb) FROM ins)
SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status,
       settled.bank_code AS matched_lender, settled.was_overdue, settled.received_at AS matched_received_at,
       settled.funds_arrived_at AS matched_arrived_at
FROM ins LEFT JOIN settled ON TRUE;

-- name: batch-lock-accounts
-- Group commit (cn.escrow.bank.PlainPushBatch): the plain pushes of a batch (credits that match no notice and
-- reverse nothing) are stored by three statements for the whole batch, not a round of statements each. Every
-- array holds one element per push, in the batch's order (ord); texts are sent as text[] and cast here.
-- Every account a batch touches (its plain pushes' and the others'), locked in one statement in account-number
-- order: the order every writer takes them in, so two batches cannot deadlock each other.
SELECT a.account_no FROM supervised_account a WHERE a.account_no = ANY(CAST(:account_nos AS text[]))
ORDER BY a.account_no FOR UPDATE OF a;

-- name: batch-targets
-- Per plain push: its account's project, bank and status, whether the contract it names is the project's, the last
-- day the bank has reported for the account (an entry booked on or before it re-checks the statements), and what is
-- already stored under its serial (replay or conflict), all in one query.
SELECT u.ord, a.project_id, a.bank_code, a.status AS account_status,
       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = u.contract_no AND c.project_id = a.project_id) AS contract_fits,
       (SELECT max(d.balance_date) FROM daily_balance d WHERE d.project_id = a.project_id AND d.current) AS last_reported,
       r.id AS stored_id, r.content_hash AS stored_hash
FROM unnest(CAST(:ords AS bigint[]), CAST(:account_nos AS text[]), CAST(:banks AS text[]), CAST(:serials AS text[]),
            CAST(:contract_nos AS text[])) AS u(ord, account_no, bank_code, serial_no, contract_no)
LEFT JOIN supervised_account a ON a.account_no = u.account_no
LEFT JOIN account_transaction r ON r.bank_code = u.bank_code AND r.serial_no = u.serial_no;

-- name: batch-add-transactions
-- The accepted plain pushes of a batch: one multi-row insert with each balance_after the account's balance plus
-- the running sum of its pushes in batch order, one balance update per account, one audit row per push, in one
-- statement. A row the insert skips (a concurrent push took its serial) comes back missing, and the service then
-- rolls the batch back and runs each push alone.
WITH input AS (
    SELECT * FROM unnest(CAST(:ords AS bigint[]), CAST(:project_ids AS bigint[]), CAST(:banks AS text[]),
        CAST(:serials AS text[]), CAST(:directions AS text[]), CAST(:amounts AS numeric[]), CAST(:purposes AS text[]),
        CAST(:booked_ats AS timestamptz[]), CAST(:contract_nos AS text[]), CAST(:notice_serials AS text[]),
        CAST(:lenders AS text[]), CAST(:counterparty_names AS text[]), CAST(:counterparty_account_nos AS text[]),
        CAST(:release_nos AS text[]), CAST(:content_hashes AS text[]), CAST(:actors AS text[]), CAST(:account_nos AS text[]))
      AS u(ord, project_id, bank_code, serial_no, direction, amount, purpose, booked_at, contract_no, notice_serial, lender,
           counterparty_name, counterparty_account_no, release_no, content_hash, actor, account_no)),
placed AS (
    SELECT i.*, a.balance + sum(CASE i.direction WHEN 'CREDIT' THEN i.amount ELSE -i.amount END)
                OVER (PARTITION BY i.project_id ORDER BY i.ord) AS balance_after
    FROM input i JOIN supervised_account a ON a.project_id = i.project_id),
ins AS (
    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
        received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
        counterparty_account_no, release_no, balance_after, content_hash)
    SELECT bank_code, serial_no, project_id, direction, amount, purpose, booked_at, :now, contract_no, notice_serial,
        lender, counterparty_name, counterparty_account_no, release_no, balance_after, content_hash
    FROM placed ORDER BY ord
    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
    RETURNING t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
        t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
        t.reverses_serial_no, t.release_no, t.payment_notice_no, t.project_id, t.bank_code),
balance AS (
    UPDATE supervised_account a SET balance = a.balance + m.total, entry_count = a.entry_count + m.n
    FROM (SELECT project_id, sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END) AS total, count(*) AS n
          FROM ins GROUP BY project_id) m
    WHERE a.project_id = m.project_id),
audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, i.actor, :action, 'transaction:' || i.serial_no, i.project_id,
           jsonb_build_object('bankCode', i.bank_code, 'accountNo', i.account_no, 'direction', i.direction,
               'amount', CAST(i.amount AS text), 'purpose', i.purpose, 'matchedDisbursement', NULL, 'lenderCode', NULL,
               'reverses', NULL)
    FROM input i JOIN ins ON ins.bank_code = i.bank_code AND ins.serial_no = i.serial_no
    ORDER BY i.ord)
SELECT i.ord, ins.*, CAST(NULL AS text) AS matched_serial, CAST(NULL AS text) AS matched_status,
       CAST(NULL AS text) AS matched_lender
FROM ins JOIN input i ON i.bank_code = ins.bank_code AND i.serial_no = ins.serial_no;
