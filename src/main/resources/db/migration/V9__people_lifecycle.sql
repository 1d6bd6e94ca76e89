-- People (interface 1.1): account lifecycle, login lockout and the role rules.

-- Lifecycle and login defence. The counters live here, in PostgreSQL, so that every instance shares them.
ALTER TABLE app_user
    ADD COLUMN enabled              BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN failed_logins        INTEGER     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    ADD COLUMN locked_until         TIMESTAMPTZ,
    ADD COLUMN last_login_at        TIMESTAMPTZ,
    -- Set by the service on every create, reset and change; NULL only for rows written around it.
    ADD COLUMN password_changed_at  TIMESTAMPTZ,
    ADD COLUMN must_change_password BOOLEAN     NOT NULL DEFAULT FALSE;
UPDATE app_user SET password_changed_at = created_at;

-- ENTERPRISE combined with a bureau role let enterprise staff escape their enterprise and approve their own
-- releases (issue 14, finding 2). Such people keep only ENTERPRISE, the narrower side: a bureau employee among
-- them gets a separate staff account from an administrator. Each change is an audit event naming what was taken.
INSERT INTO audit_event (at, actor, action, subject, details)
SELECT now(), 'system', 'USER_ROLES_NARROWED', 'user:' || username,
       jsonb_build_object('previousRoles', roles, 'roles', 'ENTERPRISE', 'enterpriseId', enterprise_id,
                          'reason', 'ENTERPRISE cannot be combined with another role')
FROM app_user WHERE roles LIKE '%ENTERPRISE%' AND roles <> 'ENTERPRISE'
ORDER BY id;
UPDATE app_user SET roles = 'ENTERPRISE' WHERE roles LIKE '%ENTERPRISE%' AND roles <> 'ENTERPRISE';

-- ENTERPRISE and MONITOR stand alone; the bureau roles combine freely. (The enterprise_id rule of V1 stays.)
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles CHECK (
    roles IN ('ENTERPRISE', 'MONITOR') OR roles ~ '^(ADMIN|SUPERVISOR|AUDITOR)(,(ADMIN|SUPERVISOR|AUDITOR))*$');
