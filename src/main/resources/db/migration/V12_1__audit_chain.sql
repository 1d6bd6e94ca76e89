-- Tamper evidence for the audit trail (cn.escrow.audit.AuditChain, docs/security.md).
-- Each audit event gets a place in a hash chain: hash(n) = SHA-256(hash(n-1) || canonical form of event n).
-- Writers never wait for the chain: an AFTER INSERT trigger only queues the new events' ids (in the
-- writer's transaction, so a queued id is always a committed event), and one sealer at a time (an
-- advisory lock, whatever the number of instances) appends them to the chain in the order it finds them.

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TABLE audit_seal_queue (
    event_id  BIGINT PRIMARY KEY
);

CREATE FUNCTION audit_event_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_seal_queue (event_id) SELECT id FROM inserted;
    RETURN NULL;
END;
$$;
-- One trigger call per statement, also for the set-based statements that insert many events at once.
CREATE TRIGGER audit_event_to_seal AFTER INSERT ON audit_event REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_enqueue();

CREATE TABLE audit_chain (
    position   BIGINT      PRIMARY KEY CHECK (position >= 1),
    event_id   BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    hash       BYTEA       NOT NULL CHECK (length(hash) = 32),
    sealed_at  TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- Events written before this version are sealed by the first sealer run, in id order.
INSERT INTO audit_seal_queue (event_id) SELECT id FROM audit_event;
