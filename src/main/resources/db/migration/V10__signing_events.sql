-- Signing events: one row per change of a project's online signing state, numbered so that a reader
-- resuming from the last number it saw never misses or repeats one; and the delivery cursor of the
-- outbound webhook that pushes them to the signing system.

-- Why a project's signing is off, in the shape of the signing-status reasons: overdue loan notices
-- (oldest due first), then active manual locks (oldest first). The one definition of the reasons: the
-- signing-status endpoint, contract filing and the events all read it.
-- PL/pgSQL rather than SQL: its plan is cached for the session; a SQL function with an aggregate is
-- planned again at every call (four times slower in the trigger below).
CREATE FUNCTION signing_reasons(p_project_id BIGINT) RETURNS JSONB
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
        SELECT coalesce(jsonb_agg(r.reason ORDER BY r.rank, r.at, r.id), '[]'::jsonb)
        FROM (
            SELECT 1 AS rank, d.due_at AS at, d.id,
                   jsonb_build_object('kind', 'OVERDUE_LOAN_FUNDS', 'serialNo', d.serial_no, 'contractNo', c.contract_no,
                                      'amount', d.amount, 'dueAt', d.due_at) AS reason
            FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
            WHERE d.project_id = p_project_id AND d.status = 'OVERDUE'
            UNION ALL
            SELECT 2, l.locked_at, l.id,
                   jsonb_build_object('kind', 'MANUAL', 'lockId', l.id, 'reason', l.reason, 'lockedBy', l.locked_by,
                                      'lockedAt', l.locked_at)
            FROM signing_lock l
            WHERE l.project_id = p_project_id AND l.lifted_at IS NULL
        ) r);
END
$$;

-- CACHE 1 (the default, stated because it matters): every number is drawn from the shared sequence
-- at the moment nextval runs, never from a range a session fetched earlier.
CREATE SEQUENCE signing_event_seq CACHE 1;

CREATE TABLE signing_event (
    seq         BIGINT      PRIMARY KEY CHECK (seq > 0),
    project_id  BIGINT      NOT NULL REFERENCES project (id),
    enabled     BOOLEAN     NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    reasons     JSONB       NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
    CONSTRAINT signing_event_enabled_without_reasons CHECK (NOT enabled OR reasons = '[]'::jsonb)
);

-- The turnstile of event numbering: one row, locked by every transaction that records an event, at
-- its commit. See record_signing_event.
CREATE TABLE signing_event_turn (
    id  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id)
);
INSERT INTO signing_event_turn DEFAULT VALUES;

-- Records one event per change of project.signing_enabled, whichever code made it (SigningControl,
-- the set-based overdue sweep, locks, withdrawals, anything later), in the changing transaction.
--
-- The guarantee: a reader asking for seq > (the last seq it saw) never misses an event. A number
-- drawn while the change is made is not enough: T1 draws 5, T2 draws 6, T2 commits first, a reader
-- sees 6 and moves past 5 before T1 commits. So the number is drawn at commit time (the trigger is
-- DEFERRABLE INITIALLY DEFERRED, so it runs as the transaction commits) and only while holding the
-- row lock of signing_event_turn. That lock is released only after the holder's commit is visible to
-- every new snapshot (or after its rollback). Numbers are therefore drawn in commit order, and a
-- reader's snapshot that shows seq s shows every committed event with a smaller seq: the one that
-- drew s waited until each earlier holder had committed or rolled back. A rolled-back transaction
-- leaves a gap in the numbers (sequences are not transactional), never a reordering.
--
-- No deadlock: this lock is the last one such a transaction takes (deferred triggers run after all its
-- statements), and after taking it the transaction touches only its own new event rows and the
-- project rows it has already locked by updating them (the foreign-key check). Only transactions that
-- change a project's signing state take it, and hold it for their commit (one WAL flush): other
-- writes, bank pushes included, never wait for it.
--
-- The reasons are read at commit time, so an event shows every reason its transaction committed
-- (a sweep that marks several notices of one project in different batches lists them all).
CREATE FUNCTION record_signing_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM signing_event_turn FOR UPDATE;
    INSERT INTO signing_event (seq, project_id, enabled, at, reasons)
    VALUES (nextval('signing_event_seq'), NEW.id, NEW.signing_enabled, NEW.signing_changed_at,
            CASE WHEN NEW.signing_enabled THEN '[]'::jsonb ELSE signing_reasons(NEW.id) END);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER project_signing_event
    AFTER UPDATE OF signing_enabled ON project
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.signing_enabled IS DISTINCT FROM NEW.signing_enabled)
    EXECUTE FUNCTION record_signing_event();

-- Projects already off when the feed begins get one event each, so that a reader starting at
-- after=0 learns the whole current state (a project without an event is on: projects start on).
INSERT INTO signing_event (seq, project_id, enabled, at, reasons)
SELECT nextval('signing_event_seq'), id, FALSE, signing_changed_at, signing_reasons(id)
FROM (SELECT id, signing_changed_at FROM project WHERE NOT signing_enabled ORDER BY signing_changed_at, id) off;

-- The outbound webhook's place in the feed: every event up to delivered_seq has been answered 2xx by
-- the receiver. One row; the instance that delivers holds its row lock while it does, so one instance
-- delivers at a time. attempts, next_attempt_at and last_error describe the retries of the next event.
CREATE TABLE signing_webhook_cursor (
    id               BOOLEAN      PRIMARY KEY DEFAULT TRUE CHECK (id),
    delivered_seq    BIGINT       NOT NULL DEFAULT 0 CHECK (delivered_seq >= 0),
    delivered_at     TIMESTAMPTZ,
    attempts         INTEGER      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  TIMESTAMPTZ,
    last_error       VARCHAR(500)
);
INSERT INTO signing_webhook_cursor DEFAULT VALUES;
