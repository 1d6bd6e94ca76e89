-- Published periodic reports (周通报, 半月专报, 月上报): immutable snapshots, like the audit trail.
CREATE TABLE report_snapshot (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          VARCHAR(16)  NOT NULL CHECK (kind IN ('WEEKLY', 'HALF_MONTHLY', 'MONTHLY')),
    period_start  DATE         NOT NULL,
    period_end    DATE         NOT NULL CHECK (period_end > period_start),
    generated_at  TIMESTAMPTZ  NOT NULL,
    generated_by  VARCHAR(100) NOT NULL,
    content       JSONB        NOT NULL,
    CONSTRAINT report_snapshot_key UNIQUE (kind, period_start)
);

CREATE FUNCTION report_snapshot_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'published reports are immutable' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER report_snapshot_no_change BEFORE UPDATE OR DELETE ON report_snapshot
    FOR EACH ROW EXECUTE FUNCTION report_snapshot_immutable();
CREATE TRIGGER report_snapshot_no_truncate BEFORE TRUNCATE ON report_snapshot
    FOR EACH STATEMENT EXECUTE FUNCTION report_snapshot_immutable();
