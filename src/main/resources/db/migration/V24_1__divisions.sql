-- Issue 19: administrative divisions (GB/T 2260). Each project lies in one county-level division; supervisors and
-- auditors may be limited to divisions (a county, a city: code ending 00, a province: code ending 0000).
-- Existing projects were registered by the one county that ran the service before it became city-wide:
-- Linchuan district of Fuzhou (Jiangxi), 361002. New projects always name their division.
ALTER TABLE project ADD COLUMN division_code varchar(6) NOT NULL DEFAULT '361002';
ALTER TABLE project ALTER COLUMN division_code DROP DEFAULT;
ALTER TABLE project ADD CONSTRAINT project_division_code_check CHECK (
    division_code ~ '^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{4}$' AND right(division_code, 2) <> '00');
-- Prefix look-ups (LIKE '5301%') whatever the database collation.
CREATE INDEX project_division_idx ON project (division_code varchar_pattern_ops);

-- A person's divisions, comma-separated; NULL: the whole system (ADMIN, and staff of the city-wide bureau).
ALTER TABLE app_user ADD COLUMN divisions varchar(420);
ALTER TABLE app_user ADD CONSTRAINT app_user_divisions_check CHECK (
    divisions ~ '^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{4}(,(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{4}){0,59}$');
-- Only supervisors and auditors are limited by division (not ENTERPRISE, MONITOR or ADMIN).
ALTER TABLE app_user ADD CONSTRAINT app_user_divisions_roles_check CHECK (
    divisions IS NULL OR (roles NOT LIKE '%ADMIN%' AND roles NOT LIKE '%ENTERPRISE%' AND roles NOT LIKE '%MONITOR%'));
