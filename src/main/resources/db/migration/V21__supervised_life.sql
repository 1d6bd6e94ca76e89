-- Issue 18: a project's supervised life. A three-party agreement opens supervision; the supervising bank
-- confirms the account; a change of account or bank goes through an application and another person's approval
-- and hands the balance over; completion filing and first registration open the last nodes; ending supervision
-- (four eyes) closes the account, and pushes to a closed account are refused.

-- AWAITING_CONFIRMATION: opened under an agreement (or handed over to), the bank has not confirmed it yet;
-- pushes are still taken (buyer money is never turned away) and raise an alert. Accounts opened the v1 way are ACTIVE.
ALTER TABLE supervised_account
    ADD COLUMN status       VARCHAR(24)  NOT NULL DEFAULT 'ACTIVE'
        CHECK (status IN ('AWAITING_CONFIRMATION', 'ACTIVE', 'CLOSED')),
    ADD COLUMN confirmed_by VARCHAR(100),
    ADD COLUMN confirmed_at TIMESTAMPTZ,
    ADD COLUMN closed_at    TIMESTAMPTZ,
    ADD CONSTRAINT supervised_account_confirmed_whole CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
    ADD CONSTRAINT supervised_account_closed_has_time CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL));

-- The three-party agreement (bureau, developer, supervising bank), one per project, with its signed document.
CREATE TABLE supervision_agreement (
    project_id       BIGINT PRIMARY KEY REFERENCES project (id),
    agreement_no     VARCHAR(64)  NOT NULL UNIQUE CHECK (length(agreement_no) >= 1),
    bank_code        VARCHAR(16)  NOT NULL CHECK (bank_code ~ '^[A-Z0-9]{2,16}$'),
    signed_on        DATE         NOT NULL,
    valid_from       DATE         NOT NULL,
    valid_until      DATE,
    document_name    VARCHAR(200) NOT NULL,
    document_type    VARCHAR(40)  NOT NULL CHECK (document_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    document_sha256  CHAR(64)     NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
    document_size    INTEGER      NOT NULL CHECK (document_size > 0),
    document         BYTEA        NOT NULL,
    recorded_by      VARCHAR(100) NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT agreement_validity CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CONSTRAINT agreement_size CHECK (octet_length(document) = document_size)
);

-- Account numbers a project used before a change (or until supervision ended): never reused, pushes refused.
CREATE TABLE former_account (
    account_no     VARCHAR(32)    PRIMARY KEY CHECK (account_no ~ '^[0-9]{6,32}$'),
    project_id     BIGINT         NOT NULL REFERENCES project (id),
    bank_code      VARCHAR(16)    NOT NULL,
    final_balance  NUMERIC(14, 2) NOT NULL,
    closed_at      TIMESTAMPTZ    NOT NULL,
    why            VARCHAR(20)    NOT NULL CHECK (why IN ('CHANGED', 'SUPERVISION_ENDED'))
);
CREATE INDEX former_account_project_idx ON former_account (project_id);

-- A change of supervised account or bank: APPLIED -> APPROVED | REJECTED; at most one open per project.
CREATE TABLE account_change (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    change_no        VARCHAR(32)    NOT NULL UNIQUE,
    project_id       BIGINT         NOT NULL REFERENCES supervised_account (project_id),
    from_bank_code   VARCHAR(16)    NOT NULL,
    from_account_no  VARCHAR(32)    NOT NULL,
    to_bank_code     VARCHAR(16)    NOT NULL CHECK (to_bank_code ~ '^[A-Z0-9]{2,16}$'),
    to_account_no    VARCHAR(32)    NOT NULL CHECK (to_account_no ~ '^[0-9]{6,32}$'),
    reason           VARCHAR(500)   NOT NULL,
    status           VARCHAR(10)    NOT NULL CHECK (status IN ('APPLIED', 'APPROVED', 'REJECTED')),
    applied_by       VARCHAR(100)   NOT NULL,
    applied_at       TIMESTAMPTZ    NOT NULL,
    decided_by       VARCHAR(100),
    decided_at       TIMESTAMPTZ,
    decision_reason  VARCHAR(500),
    handed_over      NUMERIC(14, 2),
    CONSTRAINT account_change_differs CHECK (to_account_no <> from_account_no),
    CONSTRAINT account_change_decided CHECK ((status = 'APPLIED') = (decided_by IS NULL)),
    CONSTRAINT account_change_handover CHECK ((status = 'APPROVED') = (handed_over IS NOT NULL)),
    CONSTRAINT account_change_four_eyes CHECK (decided_by IS NULL OR decided_by <> applied_by)
);
CREATE UNIQUE INDEX account_change_one_open ON account_change (project_id) WHERE status = 'APPLIED';
CREATE INDEX account_change_project_idx ON account_change (project_id, applied_at DESC);

-- Completion filing, first registration and the end of supervision of a project.
CREATE TABLE project_lifecycle (
    project_id                BIGINT PRIMARY KEY REFERENCES project (id),
    completion_certificate_no VARCHAR(64),
    completion_filed_on       DATE,
    completion_recorded_by    VARCHAR(100),
    registration_certificate_no VARCHAR(64),
    registered_on             DATE,
    registration_recorded_by  VARCHAR(100),
    state                     VARCHAR(12)    NOT NULL DEFAULT 'SUPERVISED' CHECK (state IN ('SUPERVISED', 'ENDING', 'ENDED')),
    end_reason                VARCHAR(500),
    end_applied_by            VARCHAR(100),
    end_applied_at            TIMESTAMPTZ,
    ended_by                  VARCHAR(100),
    ended_at                  TIMESTAMPTZ,
    released_balance          NUMERIC(14, 2),
    CONSTRAINT lifecycle_completion_whole CHECK ((completion_certificate_no IS NULL) = (completion_filed_on IS NULL)),
    CONSTRAINT lifecycle_registration_after_completion CHECK (registration_certificate_no IS NULL OR completion_certificate_no IS NOT NULL),
    CONSTRAINT lifecycle_registration_whole CHECK ((registration_certificate_no IS NULL) = (registered_on IS NULL)),
    CONSTRAINT lifecycle_end_applied CHECK ((state = 'SUPERVISED') = (end_applied_by IS NULL)),
    CONSTRAINT lifecycle_ended CHECK ((state = 'ENDED') = (ended_by IS NOT NULL AND released_balance IS NOT NULL)),
    CONSTRAINT lifecycle_end_needs_registration CHECK (state = 'SUPERVISED' OR registration_certificate_no IS NOT NULL),
    CONSTRAINT lifecycle_end_four_eyes CHECK (ended_by IS NULL OR ended_by <> end_applied_by)
);

-- The last nodes open only with their milestone: a release at them is refused before it is recorded.
ALTER TABLE construction_node ADD COLUMN requires_milestone VARCHAR(24)
    CHECK (requires_milestone IN ('COMPLETION_FILING', 'FIRST_REGISTRATION'));
UPDATE construction_node SET requires_milestone = 'COMPLETION_FILING' WHERE code = 'COMPLETION_FILING';
UPDATE construction_node SET requires_milestone = 'FIRST_REGISTRATION' WHERE code = 'FIRST_REGISTRATION';
