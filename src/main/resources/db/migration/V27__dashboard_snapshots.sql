-- Issue 19: dashboard figures are published like the reports, in the same immutable store (subject DASHBOARD).
-- A published figure never changes; a corrected republication is a new version with its reason, the earlier versions
-- staying as they were. Reports keep one version per period.
ALTER TABLE report_snapshot ADD COLUMN subject VARCHAR(16) NOT NULL DEFAULT 'REPORT' CHECK (subject IN ('REPORT', 'DASHBOARD'));
ALTER TABLE report_snapshot ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE report_snapshot ADD COLUMN reason VARCHAR(500);
ALTER TABLE report_snapshot DROP CONSTRAINT report_snapshot_key;
ALTER TABLE report_snapshot ADD CONSTRAINT report_snapshot_key UNIQUE (subject, kind, period_start, version);
-- The first publication has no reason, every republication one; a report is published once.
ALTER TABLE report_snapshot ADD CONSTRAINT report_snapshot_reason_check CHECK ((version = 1) = (reason IS NULL));
ALTER TABLE report_snapshot ADD CONSTRAINT report_snapshot_report_once CHECK (subject = 'DASHBOARD' OR version = 1);
