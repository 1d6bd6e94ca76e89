-- Issue 19: early warning. The current risk of each project (written only when it changes) and every level change.
CREATE TABLE project_risk (
    project_id   BIGINT       PRIMARY KEY REFERENCES project (id),
    level        VARCHAR(6)   NOT NULL CHECK (level IN ('GREEN', 'YELLOW', 'ORANGE', 'RED')),
    score        INTEGER      NOT NULL CHECK (score >= 0),
    factors      JSONB        NOT NULL CHECK (jsonb_typeof(factors) = 'array'),
    changed_at   TIMESTAMPTZ  NOT NULL,
    level_since  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX project_risk_rank_idx ON project_risk (score DESC, project_id);

CREATE TABLE project_risk_change (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT      NOT NULL REFERENCES project (id),
    from_level  VARCHAR(6)  NOT NULL CHECK (from_level IN ('GREEN', 'YELLOW', 'ORANGE', 'RED')),
    to_level    VARCHAR(6)  NOT NULL CHECK (to_level IN ('GREEN', 'YELLOW', 'ORANGE', 'RED')),
    score       INTEGER     NOT NULL CHECK (score >= 0),
    at          TIMESTAMPTZ NOT NULL,
    CHECK (from_level <> to_level)
);
CREATE INDEX project_risk_change_project_idx ON project_risk_change (project_id, at DESC, id DESC);
CREATE INDEX project_risk_change_at_idx ON project_risk_change (at DESC, id DESC);
-- Sales history per project (collapsing sales).
CREATE INDEX IF NOT EXISTS contract_project_created_idx ON contract (project_id, created_at);
