-- Loan notices from every lender, notices that end, lateness by booking time and loan alerts (issue 13);
-- a sweep whose every statement reaches loan_disbursement through an index (issue 21).

-- Housing provident fund centres (公积金中心) push loan notices like banks; their institution code is required.
ALTER TABLE machine_client ALTER COLUMN kind TYPE VARCHAR(24);
ALTER TABLE machine_client DROP CONSTRAINT machine_client_kind_check;
ALTER TABLE machine_client ADD CONSTRAINT machine_client_kind_check
    CHECK (kind IN ('BANK', 'SIGNING_SYSTEM', 'PROVIDENT_FUND_CENTER'));
ALTER TABLE machine_client DROP CONSTRAINT machine_client_bank_code;
ALTER TABLE machine_client ADD CONSTRAINT machine_client_bank_code
    CHECK ((kind IN ('BANK', 'PROVIDENT_FUND_CENTER')) = (bank_code IS NOT NULL));

-- The lender of a notice is the client that pushed it, so the existing bank_code already holds it for
-- every stored row (until now only the account's own bank could push); the key (bank_code, serial_no)
-- is the idempotency key (lenderCode, serialNo).
COMMENT ON COLUMN loan_disbursement.bank_code IS
    'The lender: institution code of the BANK or PROVIDENT_FUND_CENTER client that pushed the notice (lenderCode)';

-- WITHDRAWN ends a notice that will never be paid; only a notice with no money matched to it.
ALTER TABLE loan_disbursement DROP CONSTRAINT loan_disbursement_status_check;
ALTER TABLE loan_disbursement ADD CONSTRAINT loan_disbursement_status_check
    CHECK (status IN ('AWAITING_FUNDS', 'FUNDS_ARRIVED', 'OVERDUE', 'WITHDRAWN'));
ALTER TABLE loan_disbursement
    ADD COLUMN withdrawn_at TIMESTAMPTZ,
    ADD COLUMN withdrawn_by VARCHAR(100),
    ADD COLUMN withdrawal_reason VARCHAR(500),
    -- The latest booking time of the loan credits matched to the notice: money is late by booking time.
    ADD COLUMN latest_credit_booked_at TIMESTAMPTZ,
    -- When its LOAN_DUE_SOON alert was raised; the sweep looks only at notices without one.
    ADD COLUMN warned_at TIMESTAMPTZ,
    ADD CONSTRAINT loan_disbursement_withdrawn CHECK ((status = 'WITHDRAWN')
        = (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL AND withdrawal_reason IS NOT NULL)),
    -- A settled notice is never withdrawn. A partly paid one is, only by its contract's cancellation (the
    -- service refuses it to lenders and supervisors): the rest will never come for a cancelled contract.
    ADD CONSTRAINT loan_disbursement_withdrawn_unsettled CHECK (status <> 'WITHDRAWN' OR matched_amount < amount);

UPDATE loan_disbursement d SET latest_credit_booked_at = m.latest
FROM (SELECT t.matched_disbursement_id AS id, max(t.booked_at) AS latest FROM account_transaction t
      WHERE t.matched_disbursement_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no)
      GROUP BY t.matched_disbursement_id) m
WHERE d.id = m.id AND d.matched_amount > 0;

-- Every notice of a contract, oldest first: the by-contract match of a loan credit, and the sum of a
-- contract's notices checked against its loan amount. Replaces the index of unsettled ones only.
DROP INDEX loan_disbursement_unsettled_contract_idx;
CREATE INDEX loan_disbursement_contract_idx ON loan_disbursement (contract_id, received_at, id);
-- The sweep's two walks by due time carry the id, so that the planner takes an index-only scan in
-- due order rather than a bitmap scan plus sort: an ordered scan marks the entries of rows that
-- left the set since (settled, marked, warned) as dead as it passes them, a bitmap scan re-reads
-- their heap rows at every sweep until a vacuum (measured in docs/performance.md).
DROP INDEX loan_disbursement_awaiting_due_idx;
CREATE INDEX loan_disbursement_awaiting_due_idx ON loan_disbursement (due_at) INCLUDE (id)
    WHERE status = 'AWAITING_FUNDS';
-- The LOAN_DUE_SOON step walks only notices awaiting funds and not yet warned, by due time: its cost
-- follows the notices newly within the warning window, not the awaiting backlog.
CREATE INDEX loan_disbursement_due_soon_idx ON loan_disbursement (due_at) INCLUDE (id)
    WHERE status = 'AWAITING_FUNDS' AND warned_at IS NULL;

-- A loan credit names a notice by (lender, serial); the lender defaults to the crediting bank.
ALTER TABLE account_transaction ADD COLUMN disbursement_lender_code VARCHAR(16);
UPDATE account_transaction SET disbursement_lender_code = bank_code WHERE disbursement_serial_no IS NOT NULL;
ALTER TABLE account_transaction ADD CONSTRAINT account_transaction_lender_with_serial
    CHECK ((disbursement_serial_no IS NULL) = (disbursement_lender_code IS NULL));

-- Loan alerts name their notice; each kind is raised once per notice, whatever runs twice.
ALTER TABLE alert ADD COLUMN loan_disbursement_id BIGINT REFERENCES loan_disbursement (id);
CREATE UNIQUE INDEX alert_loan_notice_once ON alert (loan_disbursement_id, kind) WHERE loan_disbursement_id IS NOT NULL;

ALTER TABLE overdue_sweep ADD COLUMN loan_alerts_raised INTEGER NOT NULL DEFAULT 0;
