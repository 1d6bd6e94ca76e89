-- Issue 17: payees come from a registered list per project (Tongguan release form). The developer or the bureau
-- proposes one; a supervisor other than the proposer approves it. A release names an approved payee's account and a
-- spending category; the bureau may apply on a registered creditor's behalf (法〔2022〕12号).
CREATE TABLE payee (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       BIGINT       NOT NULL REFERENCES project (id),
    name             VARCHAR(200) NOT NULL,
    account_no       VARCHAR(32)  NOT NULL CHECK (account_no ~ '^[0-9]{6,32}$'),
    bank_name        VARCHAR(200) NOT NULL,
    kind             VARCHAR(16)  NOT NULL
        CHECK (kind IN ('CONSTRUCTION', 'MATERIAL', 'EQUIPMENT', 'DESIGN', 'SUPERVISION', 'OTHER')),
    status           VARCHAR(10)  NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
    proposed_by      VARCHAR(100) NOT NULL,
    proposed_at      TIMESTAMPTZ  NOT NULL,
    decided_by       VARCHAR(100),
    decided_at       TIMESTAMPTZ,
    decision_reason  VARCHAR(500),
    CONSTRAINT payee_account_once UNIQUE (project_id, account_no),
    CONSTRAINT payee_decided_whole CHECK ((status = 'PROPOSED') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
    CONSTRAINT payee_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);

ALTER TABLE release_application
    ADD COLUMN spending_category VARCHAR(40),
    ADD COLUMN payee_id BIGINT REFERENCES payee (id),
    ADD COLUMN for_creditor BOOLEAN NOT NULL DEFAULT false,
    ADD CONSTRAINT release_for_creditor_names_payee CHECK (NOT for_creditor OR payee_id IS NOT NULL);
