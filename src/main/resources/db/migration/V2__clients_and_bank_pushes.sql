-- Machine clients (banks, the signing system) and what banks push: loan disbursements and
-- account transactions. Idempotency keys are unique constraints; money is NUMERIC(14,2) > 0.

CREATE TABLE machine_client (
    client_id               VARCHAR(64)  PRIMARY KEY CHECK (client_id ~ '^[a-z0-9._-]{3,64}$'),
    name                    VARCHAR(200) NOT NULL,
    kind                    VARCHAR(16)  NOT NULL CHECK (kind IN ('BANK', 'SIGNING_SYSTEM')),
    bank_code               VARCHAR(16)  CHECK (bank_code ~ '^[A-Z0-9]{2,16}$'),
    secret_enc              VARCHAR(200) NOT NULL,
    previous_secret_enc     VARCHAR(200),
    previous_valid_until    TIMESTAMPTZ,
    enabled                 BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at              TIMESTAMPTZ  NOT NULL,
    CONSTRAINT machine_client_bank_code CHECK ((kind = 'BANK') = (bank_code IS NOT NULL))
);

CREATE TABLE loan_disbursement (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_code        VARCHAR(16)    NOT NULL,
    serial_no        VARCHAR(64)    NOT NULL CHECK (serial_no ~ '^[A-Za-z0-9_-]{1,64}$'),
    contract_id      BIGINT         NOT NULL REFERENCES contract (id),
    project_id       BIGINT         NOT NULL REFERENCES project (id),
    amount           NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    loan_type        VARCHAR(16)    NOT NULL CHECK (loan_type IN ('COMMERCIAL', 'PROVIDENT_FUND')),
    disbursed_at     TIMESTAMPTZ    NOT NULL,
    received_at      TIMESTAMPTZ    NOT NULL,
    due_at           TIMESTAMPTZ    NOT NULL,
    status           VARCHAR(16)    NOT NULL CHECK (status IN ('AWAITING_FUNDS', 'FUNDS_ARRIVED', 'OVERDUE')),
    matched_amount   NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (matched_amount >= 0),
    overdue_at       TIMESTAMPTZ,
    funds_arrived_at TIMESTAMPTZ,
    content_hash     CHAR(64)       NOT NULL,
    CONSTRAINT loan_disbursement_key UNIQUE (bank_code, serial_no)
);
-- The sweep reads only what is awaiting funds, by due date: cost follows what is due, not the table.
CREATE INDEX loan_disbursement_awaiting_due_idx ON loan_disbursement (due_at) WHERE status = 'AWAITING_FUNDS';
CREATE INDEX loan_disbursement_unsettled_contract_idx ON loan_disbursement (contract_id, received_at, id)
    WHERE status <> 'FUNDS_ARRIVED';
CREATE INDEX loan_disbursement_overdue_project_idx ON loan_disbursement (project_id) WHERE status = 'OVERDUE';
CREATE INDEX loan_disbursement_project_idx ON loan_disbursement (project_id, due_at);

CREATE TABLE account_transaction (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_code                VARCHAR(16)    NOT NULL,
    serial_no                VARCHAR(64)    NOT NULL CHECK (serial_no ~ '^[A-Za-z0-9_-]{1,64}$'),
    project_id               BIGINT         NOT NULL REFERENCES supervised_account (project_id),
    direction                VARCHAR(6)     NOT NULL CHECK (direction IN ('CREDIT', 'DEBIT')),
    amount                   NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    purpose                  VARCHAR(24)    NOT NULL CHECK (purpose IN ('DEPOSIT', 'DOWN_PAYMENT', 'FULL_PAYMENT', 'LOAN',
                                                   'PROVIDENT_FUND_LOAN', 'INTEREST', 'RELEASE', 'REFUND', 'OTHER')),
    booked_at                TIMESTAMPTZ    NOT NULL,
    received_at              TIMESTAMPTZ    NOT NULL,
    contract_no              VARCHAR(64),
    disbursement_serial_no   VARCHAR(64),
    counterparty_name        VARCHAR(200),
    counterparty_account_no  VARCHAR(64),
    reverses_serial_no       VARCHAR(64),
    balance_after            NUMERIC(14, 2) NOT NULL,
    matched_disbursement_id  BIGINT REFERENCES loan_disbursement (id),
    content_hash             CHAR(64)       NOT NULL,
    CONSTRAINT account_transaction_key UNIQUE (bank_code, serial_no)
);
CREATE INDEX account_transaction_account_idx ON account_transaction (project_id, booked_at DESC, id DESC);
-- Loan credits still waiting for their disbursement notice.
CREATE INDEX account_transaction_unmatched_loan_idx ON account_transaction (project_id, contract_no)
    WHERE matched_disbursement_id IS NULL AND direction = 'CREDIT' AND purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN');
-- A transaction can be reversed once.
CREATE UNIQUE INDEX account_transaction_reversal_once ON account_transaction (bank_code, reverses_serial_no)
    WHERE reverses_serial_no IS NOT NULL;
