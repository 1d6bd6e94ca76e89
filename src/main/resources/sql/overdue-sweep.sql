-- The statements of the overdue sweep (cn.escrow.signing.OverdueSweepService), in the order it runs them.
-- OverdueSweepPlanTest explains them in the suite and bench/sweep-scale.sh at scale, from this file.
--
-- Each statement reaches loan_disbursement only through an index, whatever the statistics say: the rows
-- to change are picked from a partial index (ORDER BY due_at LIMIT walks it), collected into an array,
-- and then reached by primary key (id = ANY (ARRAY (...))). With no join to plan, there is no whole-table
-- hash join to prefer when the awaiting set is large (issue 21). Its cost follows what is newly due.
--
-- An alert is a record of its own (raised_at, raised_by, its notice); the sweep's OVERDUE_SWEEP_RUN audit
-- event counts those it raised, and each change of signing state is audited here, one event per project.
--
-- Parameters: now (the sweep's time), cutoff (now minus escrow.loan-arrival.reporting-grace),
-- warn_until (now plus escrow.loan-arrival.warn-before), batch (escrow.overdue-sweep.batch-size),
-- actor, zone (escrow.zone, for the alert texts); disabled_action and enabled_action, the audit actions
-- (cn.escrow.audit.AuditAction SIGNING_DISABLED and SIGNING_ENABLED, bound by name so that an action is
-- spelt once, in the enum).

-- name: warn-due-soon
-- One LOAN_DUE_SOON alert for each notice still awaiting funds that is due by warn_until (but not yet by
-- cutoff: those are marked overdue next). The partial index holds only notices not warned yet, so each
-- notice is read here once. Run first: it locks notices only, never a project after a notice.
WITH soon AS (
    UPDATE loan_disbursement d SET warned_at = :now
    WHERE d.id = ANY (ARRAY (
            SELECT a.id FROM loan_disbursement a
            WHERE a.status = 'AWAITING_FUNDS' AND a.warned_at IS NULL AND a.due_at > :cutoff AND a.due_at <= :warn_until
            ORDER BY a.due_at LIMIT :batch))
      AND d.status = 'AWAITING_FUNDS' AND d.warned_at IS NULL
    RETURNING d.id, d.project_id, d.serial_no, d.bank_code, d.amount, d.due_at),
raised AS (
    INSERT INTO alert AS al (project_id, kind, severity, status, subject, detail, raised_at, raised_by, loan_disbursement_id)
    SELECT project_id, 'LOAN_DUE_SOON', 'WARNING', 'OPEN', 'disbursement:' || serial_no,
           format('The money of loan notice %s (lender %s, %s CNY) is due in the supervised account by %s',
                  serial_no, bank_code, amount, to_char(due_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI')),
           :now, :actor, id
    FROM soon
    ON CONFLICT (loan_disbursement_id, kind) WHERE loan_disbursement_id IS NOT NULL DO NOTHING
    RETURNING al.id)
SELECT (SELECT count(*) FROM soon) AS warned, (SELECT count(*) FROM raised) AS alerts;

-- name: mark-overdue
-- Marks up to batch notices still awaiting funds at cutoff OVERDUE, disables their projects' signing,
-- raises one LOAN_OVERDUE alert per notice and audits each project whose signing it disabled.
WITH overdue AS (
    UPDATE loan_disbursement d SET status = 'OVERDUE', overdue_at = :now
    WHERE d.id = ANY (ARRAY (
            SELECT a.id FROM loan_disbursement a
            WHERE a.status = 'AWAITING_FUNDS' AND a.due_at <= :cutoff
            ORDER BY a.due_at LIMIT :batch))
      -- Checked again on the row's latest version: a credit may have settled it since the array was read.
      AND d.status = 'AWAITING_FUNDS'
    RETURNING d.id, d.project_id, d.serial_no, d.bank_code, d.amount, d.due_at),
per_project AS (SELECT project_id, count(*) AS n FROM overdue GROUP BY project_id),
locked AS (
    -- The projects of the newly overdue notices, locked, as they stand once locked: FOR UPDATE waits for a
    -- concurrent change (a settling credit that re-enabled one, a manual lock that disabled one) and returns
    -- the row as that change left it. So was_enabled is the state this sweep really changes, not the one its
    -- snapshot saw, and every change it makes gets its audit event, once. (Projects are joined, not reached
    -- by = ANY: an = ANY on the inner side of a nested loop would probe every id per row.)
    SELECT p.id, p.signing_enabled AS was_enabled, o.n
    FROM project p JOIN per_project o ON p.id = o.project_id
    FOR UPDATE OF p),
touched AS (
    -- Every one of them is updated, so that its row stays locked until we commit and a concurrent settling
    -- credit cannot re-enable it early.
    UPDATE project p SET signing_enabled = FALSE,
        signing_changed_at = CASE WHEN l.was_enabled THEN :now ELSE p.signing_changed_at END
    FROM locked l
    WHERE p.id = l.id
    RETURNING p.id, l.n, l.was_enabled),
disabled AS (SELECT id, n FROM touched WHERE was_enabled),
disabled_audit AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, :actor, :disabled_action, 'project:' || id, id,
           jsonb_build_object('cause', 'OVERDUE_LOAN_FUNDS', 'newlyOverdue', n)
    FROM disabled),
raised AS (
    INSERT INTO alert AS al (project_id, kind, severity, status, subject, detail, raised_at, raised_by, loan_disbursement_id)
    SELECT project_id, 'LOAN_OVERDUE', 'HIGH', 'OPEN', 'disbursement:' || serial_no,
           format('The money of loan notice %s (lender %s, %s CNY) was due by %s and has not arrived: online signing is disabled',
                  serial_no, bank_code, amount, to_char(due_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI')),
           :now, :actor, id
    FROM overdue
    ON CONFLICT (loan_disbursement_id, kind) WHERE loan_disbursement_id IS NOT NULL DO NOTHING
    RETURNING al.id)
SELECT (SELECT count(*) FROM overdue) AS marked,
       coalesce((SELECT array_agg(id ORDER BY id) FROM disabled), '{}') AS disabled,
       (SELECT count(*) FROM raised) AS alerts;

-- name: lock-reenable-candidates
-- Projects that may get signing back, locked first: a manual lock is created under its project's row lock, so
-- this waits for one being created, and the reenable statement that follows (a new snapshot) sees it.
SELECT q.id FROM project q
WHERE NOT q.signing_enabled
  AND NOT EXISTS (SELECT 1 FROM loan_disbursement d WHERE d.project_id = q.id AND d.status = 'OVERDUE' OFFSET 0)
  AND NOT EXISTS (SELECT 1 FROM signing_lock l WHERE l.project_id = q.id AND l.lifted_at IS NULL OFFSET 0)
ORDER BY q.id FOR UPDATE OF q;

-- name: reenable
-- Projects whose reasons are all gone (settled while auto re-enable was off, or missed): signing back on.
-- Only disabled projects are kept, each checked by two index probes. OFFSET 0 keeps each
-- NOT EXISTS a probe per project: stale statistics cannot turn it into a pass over every overdue notice
-- for each disabled project.
WITH enabled AS (
    UPDATE project p SET signing_enabled = TRUE, signing_changed_at = :now
    WHERE p.id = ANY (ARRAY (
            SELECT q.id FROM project q
            WHERE NOT q.signing_enabled
              AND NOT EXISTS (SELECT 1 FROM loan_disbursement d WHERE d.project_id = q.id AND d.status = 'OVERDUE' OFFSET 0)
              AND NOT EXISTS (SELECT 1 FROM signing_lock l WHERE l.project_id = q.id AND l.lifted_at IS NULL OFFSET 0)))
      AND NOT p.signing_enabled
    RETURNING p.id),
audited AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, :actor, :enabled_action, 'project:' || id, id, jsonb_build_object('cause', 'SWEEP_NO_REASON_LEFT')
    FROM enabled)
SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM enabled), '{}') AS enabled;
