-- Issue 17, second part: refunds that touch key money only by an approved application, court deductions judged by
-- 法〔2022〕12号, and bank statements that can be corrected.

-- A refund is capped by what was refunded so far; the Java check (DebitChecks) is backed here.
ALTER TABLE contract ADD CONSTRAINT contract_refunded_within_due CHECK (refunded <= refund_due);

-- Key money used for a buyer's refund needs an application another supervisor approves; the approval lowers the
-- key amount by it (that money leaves supervision, Tongguan §六), so the refund then comes from free money.
CREATE TABLE refund_application (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id      BIGINT         NOT NULL REFERENCES contract (id),
    project_id       BIGINT         NOT NULL REFERENCES project (id),
    key_amount       NUMERIC(14, 2) NOT NULL CHECK (key_amount > 0),
    reason           VARCHAR(500)   NOT NULL,
    status           VARCHAR(10)    NOT NULL CHECK (status IN ('APPLIED', 'APPROVED', 'REJECTED')),
    applied_by       VARCHAR(100)   NOT NULL,
    applied_at       TIMESTAMPTZ    NOT NULL,
    decided_by       VARCHAR(100),
    decided_at       TIMESTAMPTZ,
    decision_reason  VARCHAR(500),
    CONSTRAINT refund_application_decided_whole CHECK ((status = 'APPLIED') = (decided_by IS NULL)
                                                       AND (decided_by IS NULL) = (decided_at IS NULL)),
    CONSTRAINT refund_application_four_eyes CHECK (decided_by IS NULL OR decided_by <> applied_by)
);
CREATE UNIQUE INDEX refund_application_one_open ON refund_application (contract_id) WHERE status = 'APPLIED';
CREATE INDEX refund_application_project_idx ON refund_application (project_id, applied_at DESC);

-- Each REFUND debit that counted towards a contract's refund, so that the bank's reversal of it (退汇) restores
-- the refund due.
CREATE TABLE refund_payment (
    transaction_id  BIGINT PRIMARY KEY REFERENCES account_transaction (id),
    contract_id     BIGINT         NOT NULL REFERENCES contract (id),
    amount          NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    reversed_at     TIMESTAMPTZ
);

-- 法〔2022〕12号: money above the remaining key obligation may be deducted; within it only for the project's
-- construction, material and equipment creditors. The bank names the creditor's kind; the service records how
-- much was above the obligation when the court's notice arrived, and its verdict.
ALTER TABLE judicial_action
    ADD COLUMN creditor_kind VARCHAR(16) CHECK (creditor_kind IN ('CONSTRUCTION', 'MATERIAL', 'EQUIPMENT', 'OTHER')),
    ADD COLUMN above_key_obligation NUMERIC(14, 2) CHECK (above_key_obligation >= 0),
    ADD COLUMN verdict VARCHAR(24)
        CHECK (verdict IN ('ABOVE_KEY_OBLIGATION', 'PROJECT_CREDITOR', 'WITHIN_KEY_OBLIGATION')),
    ADD CONSTRAINT judicial_action_verdict_for_deductions CHECK (action = 'DEDUCTION' OR verdict IS NULL);

-- An approval made while a court freeze is active: the bank pays it and reports it to the court (12号).
ALTER TABLE release_application ADD COLUMN pay_and_report_to_court BOOLEAN NOT NULL DEFAULT false;

-- A bank may correct a day's statement: each correction is a new version, the history stays; exactly one version
-- of an account's day is current.
ALTER TABLE daily_balance DROP CONSTRAINT daily_balance_key;
ALTER TABLE daily_balance
    ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    ADD COLUMN current BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN rechecked_at TIMESTAMPTZ,
    ADD CONSTRAINT daily_balance_key UNIQUE (project_id, balance_date, version);
CREATE UNIQUE INDEX daily_balance_one_current ON daily_balance (project_id, balance_date) WHERE current;
-- A late entry re-checks the current statements of its day and later days (the closing balances change).
CREATE INDEX daily_balance_current_idx ON daily_balance (project_id, balance_date) INCLUDE (matches) WHERE current;
