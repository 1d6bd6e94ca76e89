-- Lowering a project's key amount frees supervised money, so it is a money decision that takes two
-- people: one proposes, another applies or rejects (raising it, which only protects buyers, applies at once).
CREATE TABLE key_amount_proposal (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     BIGINT         NOT NULL REFERENCES project (id),
    key_amount     NUMERIC(14, 2) NOT NULL CHECK (key_amount >= 0),
    previous       NUMERIC(14, 2) NOT NULL,
    reason         VARCHAR(500)   NOT NULL,
    status         VARCHAR(16)    NOT NULL CHECK (status IN ('PROPOSED', 'APPLIED', 'REJECTED')),
    proposed_by    VARCHAR(100)   NOT NULL,
    proposed_at    TIMESTAMPTZ    NOT NULL,
    decided_by     VARCHAR(100),
    decided_at     TIMESTAMPTZ,
    decision_note  VARCHAR(500),
    CHECK (key_amount < previous),
    CHECK ((status = 'PROPOSED') = (decided_by IS NULL)),
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
-- At most one proposal of a project waits for a decision.
CREATE UNIQUE INDEX key_amount_proposal_waiting ON key_amount_proposal (project_id) WHERE status = 'PROPOSED';
CREATE INDEX key_amount_proposal_project_idx ON key_amount_proposal (project_id, proposed_at DESC);

-- The applied change names the proposal it came from (null for a raise or a refund approval).
ALTER TABLE key_amount_change ADD COLUMN proposal_id BIGINT REFERENCES key_amount_proposal (id);
