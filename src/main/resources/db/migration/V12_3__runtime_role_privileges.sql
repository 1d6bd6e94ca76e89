-- Least privilege for the service's runtime role (the datasource user, placeholder runtime_role),
-- when migrations run as a separate owner role (quarkus.flyway.username, docs/operations.md):
-- reads and writes the business tables, but may only insert and read the audit trail and its chain,
-- and cannot alter any table or disable a trigger (it owns none). With one role for both (an older
-- external set-up) nothing changes here.
--
-- The grants are one function, so that they can be given again where they were lost: the embedded
-- database calls it when it sets up its roles (cn.escrow.platform.db.ClusterLockdown), e.g. on a data
-- directory restored with pg_restore --no-privileges. Tables created by later migrations get the same
-- rights by default privileges; a later append-only table is added to the REVOKE below with
-- CREATE OR REPLACE of this function.
CREATE FUNCTION escrow_grant_runtime_role(app text, owner text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', owner, app);
    EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event, audit_chain FROM %I', app);
END;
$$;

DO $$
DECLARE
    app text := '${runtime_role}';
BEGIN
    IF app = '' OR app = current_user OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE NOTICE 'No separate runtime role (%): privileges unchanged', app;
        RETURN;
    END IF;
    PERFORM escrow_grant_runtime_role(app, current_user);
END;
$$;
