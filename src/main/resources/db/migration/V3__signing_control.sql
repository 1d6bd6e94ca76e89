-- Online signing control: manual locks and the record of every overdue sweep.

CREATE TABLE signing_lock (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT       NOT NULL REFERENCES project (id),
    reason      VARCHAR(500) NOT NULL,
    locked_by   VARCHAR(100) NOT NULL,
    locked_at   TIMESTAMPTZ  NOT NULL,
    lifted_by   VARCHAR(100),
    lifted_at   TIMESTAMPTZ
);
CREATE INDEX signing_lock_active_idx ON signing_lock (project_id) WHERE lifted_at IS NULL;

CREATE TABLE overdue_sweep (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger              VARCHAR(16)  NOT NULL CHECK (trigger IN ('SCHEDULE', 'MANUAL')),
    started_by           VARCHAR(100) NOT NULL,
    started_at           TIMESTAMPTZ  NOT NULL,
    finished_at          TIMESTAMPTZ  NOT NULL,
    duration_ms          BIGINT       NOT NULL,
    newly_overdue        INTEGER      NOT NULL,
    projects_disabled    BIGINT[]     NOT NULL,
    projects_reenabled   BIGINT[]     NOT NULL
);
CREATE INDEX overdue_sweep_started_idx ON overdue_sweep (started_at DESC, id DESC);
