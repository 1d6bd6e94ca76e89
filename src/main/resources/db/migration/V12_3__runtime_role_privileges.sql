-- Least privilege for the service's runtime role (the datasource user, placeholder runtime_role),
-- when migrations run as a separate owner role (quarkus.flyway.username, docs/operations.md):
-- reads and writes the business tables, but may only insert and read the audit trail and its chain,
-- and cannot alter any table or disable a trigger (it owns none). With one role for both (an older
-- external set-up) nothing changes here. Tables created by later migrations get the same default
-- privileges; a later append-only table revokes UPDATE, DELETE and TRUNCATE itself, as done below.
DO $$
DECLARE
    app text := '${runtime_role}';
BEGIN
    IF app = '' OR app = current_user OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE NOTICE 'No separate runtime role (%): privileges unchanged', app;
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app);
    EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event, audit_chain FROM %I', app);
END;
$$;
