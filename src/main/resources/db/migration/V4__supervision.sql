-- Key supervised amount, release by construction node, judicial actions, refunds, daily
-- reconciliation and alerts (issue 6). Every rule checked in Java is backed here too.

-- What the bureau knows of a project's construction, and the key amount it set.
CREATE TABLE project_supervision (
    project_id          BIGINT PRIMARY KEY REFERENCES project (id),
    floor_area          NUMERIC(14, 2) CHECK (floor_area > 0),
    average_price       NUMERIC(14, 2) CHECK (average_price > 0),
    fit_out             VARCHAR(8) CHECK (fit_out IN ('SHELL', 'FITTED')),
    construction_cost   NUMERIC(14, 2) CHECK (construction_cost > 0),
    key_amount          NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (key_amount >= 0),
    key_amount_reason   VARCHAR(500),
    key_amount_set_by   VARCHAR(100),
    key_amount_set_at   TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Every key amount the bureau set, with why (the current one is on project_supervision).
CREATE TABLE key_amount_change (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT         NOT NULL REFERENCES project (id),
    key_amount    NUMERIC(14, 2) NOT NULL CHECK (key_amount >= 0),
    previous      NUMERIC(14, 2) NOT NULL,
    reason        VARCHAR(500)   NOT NULL,
    basis         JSONB          NOT NULL DEFAULT '{}'::jsonb,
    top_up_due    NUMERIC(14, 2) NOT NULL CHECK (top_up_due >= 0),
    set_by        VARCHAR(100)   NOT NULL,
    set_at        TIMESTAMPTZ    NOT NULL
);
CREATE INDEX key_amount_change_project_idx ON key_amount_change (project_id, set_at DESC);

-- The city's construction nodes: cumulative share of the key amount releasable once reached.
CREATE TABLE construction_node (
    code               VARCHAR(32)  PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{1,32}$'),
    name               VARCHAR(200) NOT NULL,
    seq                INTEGER      NOT NULL UNIQUE CHECK (seq > 0),
    cap_percent        NUMERIC(5, 2) NOT NULL CHECK (cap_percent >= 0 AND cap_percent <= 100),
    min_retained_percent NUMERIC(5, 2) NOT NULL DEFAULT 0 CHECK (min_retained_percent >= 0 AND min_retained_percent <= 100)
);
-- Default: Putian 2022 (see README), the only table in the domain notes that keeps a minimum balance.
INSERT INTO construction_node (code, name, seq, cap_percent, min_retained_percent) VALUES
    ('PRESALE_PERMIT',        '取得预售许可',       1,  30.00, 0),
    ('HALF_FLOORS',           '主体结构完成一半',   2,  50.00, 0),
    ('TOPPED_OUT',            '主体结构封顶',       3,  70.00, 0),
    ('COMPLETION_ACCEPTANCE', '竣工验收',           4,  85.00, 0),
    ('COMPLETION_FILING',     '竣工验收备案',       5, 100.00, 5.00),
    ('FIRST_REGISTRATION',    '首次登记',           6, 100.00, 0);

-- Release applications: APPLIED -> APPROVED | REJECTED; APPROVED -> EXECUTED by the bank's RELEASE debit.
CREATE TABLE release_application (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_no        VARCHAR(32)    NOT NULL UNIQUE,
    project_id        BIGINT         NOT NULL REFERENCES project (id),
    node_code         VARCHAR(32)    NOT NULL REFERENCES construction_node (code),
    amount            NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    key_part          NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (key_part >= 0 AND key_part <= amount),
    payee_name        VARCHAR(200)   NOT NULL,
    payee_account_no  VARCHAR(64)    NOT NULL,
    purpose           VARCHAR(500)   NOT NULL,
    documents         JSONB          NOT NULL DEFAULT '[]'::jsonb,
    status            VARCHAR(10)    NOT NULL CHECK (status IN ('APPLIED', 'APPROVED', 'REJECTED', 'EXECUTED')),
    applied_by        VARCHAR(100)   NOT NULL,
    applied_at        TIMESTAMPTZ    NOT NULL,
    decided_by        VARCHAR(100),
    decided_at        TIMESTAMPTZ,
    decision_reason   VARCHAR(500),
    executed_at       TIMESTAMPTZ,
    executed_by_transaction_id BIGINT REFERENCES account_transaction (id)
);
CREATE INDEX release_application_project_idx ON release_application (project_id, applied_at DESC);

ALTER TABLE account_transaction ADD COLUMN release_no VARCHAR(32);

-- Court actions on a supervised account, pushed by its bank.
CREATE TABLE judicial_action (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_code           VARCHAR(16)    NOT NULL,
    serial_no           VARCHAR(64)    NOT NULL CHECK (serial_no ~ '^[A-Za-z0-9_-]{1,64}$'),
    project_id          BIGINT         NOT NULL REFERENCES supervised_account (project_id),
    action              VARCHAR(10)    NOT NULL CHECK (action IN ('FREEZE', 'UNFREEZE', 'DEDUCTION')),
    court               VARCHAR(200)   NOT NULL,
    document_no         VARCHAR(64)    NOT NULL,
    amount              NUMERIC(14, 2) CHECK (amount > 0),
    acted_at            TIMESTAMPTZ    NOT NULL,
    received_at         TIMESTAMPTZ    NOT NULL,
    freeze_document_no  VARCHAR(64),
    lifted_at           TIMESTAMPTZ,
    consent_id          BIGINT,
    linked_transaction_id BIGINT REFERENCES account_transaction (id),
    content_hash        CHAR(64)       NOT NULL,
    CONSTRAINT judicial_action_key UNIQUE (bank_code, serial_no)
);
CREATE INDEX judicial_action_project_idx ON judicial_action (project_id, acted_at DESC);

-- The bureau's written consent to a court deduction.
CREATE TABLE deduction_consent (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   BIGINT         NOT NULL REFERENCES project (id),
    court        VARCHAR(200)   NOT NULL,
    document_no  VARCHAR(64)    NOT NULL,
    amount       NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    reason       VARCHAR(500)   NOT NULL,
    given_by     VARCHAR(100)   NOT NULL,
    given_at     TIMESTAMPTZ    NOT NULL,
    CONSTRAINT deduction_consent_key UNIQUE (project_id, document_no)
);

-- Refund due to a buyer when a contract is cancelled; settled by REFUND debits naming the contract.
ALTER TABLE contract ADD COLUMN refund_due NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (refund_due >= 0);
ALTER TABLE contract ADD COLUMN refunded NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (refunded >= 0);
ALTER TABLE contract ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE contract ADD COLUMN cancelled_by VARCHAR(100);
ALTER TABLE contract ADD COLUMN cancel_reason VARCHAR(500);

-- The bank's end-of-day figures and ours.
CREATE TABLE daily_balance (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_code           VARCHAR(16)    NOT NULL,
    project_id          BIGINT         NOT NULL REFERENCES supervised_account (project_id),
    balance_date        DATE           NOT NULL,
    closing_balance     NUMERIC(14, 2) NOT NULL,
    entry_count         INTEGER        NOT NULL CHECK (entry_count >= 0),
    own_closing_balance NUMERIC(14, 2) NOT NULL,
    own_entry_count     INTEGER        NOT NULL,
    matches             BOOLEAN        NOT NULL,
    received_at         TIMESTAMPTZ    NOT NULL,
    content_hash        CHAR(64)       NOT NULL,
    CONSTRAINT daily_balance_key UNIQUE (project_id, balance_date)
);

-- One list of what supervisors must look at.
CREATE TABLE alert (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       BIGINT       REFERENCES project (id),
    kind             VARCHAR(40)  NOT NULL,
    severity         VARCHAR(8)   NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'HIGH')),
    status           VARCHAR(12)  NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
    subject          VARCHAR(200) NOT NULL,
    detail           VARCHAR(1000) NOT NULL,
    raised_at        TIMESTAMPTZ  NOT NULL,
    raised_by        VARCHAR(100) NOT NULL,
    acknowledged_by  VARCHAR(100),
    acknowledged_at  TIMESTAMPTZ,
    acknowledge_note VARCHAR(500),
    closed_by        VARCHAR(100),
    closed_at        TIMESTAMPTZ,
    close_note       VARCHAR(500)
);
CREATE INDEX alert_project_idx ON alert (project_id, raised_at DESC);
CREATE INDEX alert_open_idx ON alert (kind, project_id) WHERE status <> 'CLOSED';
