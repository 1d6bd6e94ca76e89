-- Issue 17: a supervisor suspends a project's releases by hand (deposits bypassed the account, falsified
-- documents: Putian, Tongguan), with a reason; another supervisor lifts it, with a reason. At most one
-- suspension of a project is in force; the history stays.
CREATE TABLE release_suspension (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT       NOT NULL REFERENCES project (id),
    reason        VARCHAR(500) NOT NULL,
    suspended_by  VARCHAR(100) NOT NULL,
    suspended_at  TIMESTAMPTZ  NOT NULL,
    lifted_by     VARCHAR(100),
    lifted_at     TIMESTAMPTZ,
    lift_reason   VARCHAR(500),
    CONSTRAINT release_suspension_lift_whole
        CHECK ((lifted_by IS NULL) = (lifted_at IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL)),
    CONSTRAINT release_suspension_lifted_after CHECK (lifted_at IS NULL OR lifted_at >= suspended_at)
);
CREATE UNIQUE INDEX release_suspension_one_active ON release_suspension (project_id) WHERE lifted_at IS NULL;
CREATE INDEX release_suspension_project_idx ON release_suspension (project_id, suspended_at DESC);
