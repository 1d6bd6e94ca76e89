-- Tamper evidence for the audit trail (cn.escrow.audit.AuditChainHash, docs/security.md).
-- Each audit event gets a place in a hash chain: hash(n) = SHA-256(hash(n-1) || canonical form of event n).
-- Writers do nothing more than before: a sealer, one at a time (an advisory lock, whatever the number
-- of instances), appends committed events to the chain in the order it finds them (cn.escrow.audit.AuditSealer).

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- No foreign key to audit_event: its check would lock (and so write to) every sealed event's row; an
-- event deleted behind the chain's back is what the verification reports (EVENT_MISSING).
CREATE TABLE audit_chain (
    position   BIGINT      PRIMARY KEY CHECK (position >= 1),
    event_id   BIGINT      NOT NULL UNIQUE,
    hash       BYTEA       NOT NULL CHECK (length(hash) = 32),
    sealed_at  TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- Where the sealer looks: every event with id <= floor_id is sealed or will never commit. The floor
-- moves up to candidate_id (the last id handed out when it was read) once every transaction that was
-- running then has ended (the oldest running transaction is at or past candidate_xmax), so the sealer
-- scans only recent ids and still finds an event whose transaction committed late.
CREATE TABLE audit_seal_state (
    singleton       BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    floor_id        BIGINT  NOT NULL,
    candidate_id    BIGINT  NOT NULL,
    candidate_xmax  xid8    NOT NULL
);
INSERT INTO audit_seal_state (floor_id, candidate_id, candidate_xmax) VALUES (0, 0, '0');
