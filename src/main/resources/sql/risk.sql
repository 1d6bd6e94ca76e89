-- Early warning: each project's risk from facts the service holds, set-based (docs/risk.md).
-- :project limits the run to one project (on demand); NULL computes every project (the job).
-- A factor is one SELECT of the facts CTE giving (project_id, kind, n, evidence); points = weight x least(n, :cap).
-- Adding a factor: one more UNION ALL branch, a weight in escrow.risk.* (RiskWeights) and a row in docs/risk.md.

-- name: compute
WITH scope AS (
    SELECT id, created_at FROM project WHERE (CAST(:project AS bigint) IS NULL OR id = CAST(:project AS bigint))
),
facts AS (
    SELECT d.project_id, 'LOAN_OVERDUE' AS kind, count(*) AS n,
           jsonb_build_object('notices', count(*), 'amount', to_char(sum(d.amount), 'FM999999999990.00'), 'oldestDueAt', min(d.due_at)) AS evidence
    FROM loan_disbursement d JOIN scope s ON s.id = d.project_id
    WHERE d.status = 'OVERDUE' AND d.withdrawn_at IS NULL
    GROUP BY d.project_id
    UNION ALL
    SELECT d.project_id, 'LOAN_DUE_SOON', count(*),
           jsonb_build_object('notices', count(*), 'amount', to_char(sum(d.amount), 'FM999999999990.00'), 'firstDueAt', min(d.due_at))
    FROM loan_disbursement d JOIN scope s ON s.id = d.project_id
    WHERE d.status = 'AWAITING_FUNDS' AND d.withdrawn_at IS NULL AND d.due_at < CAST(:now AS timestamptz) + CAST(:due_soon AS interval)
    GROUP BY d.project_id
    UNION ALL
    SELECT k.project_id, 'KEY_SHORTFALL', 1,
           jsonb_build_object('balance', to_char(a.balance, 'FM999999999990.00'),
                              'remainingKeyObligation', to_char(k.key_amount - k.released, 'FM999999999990.00'),
                              'shortfall', to_char(k.key_amount - k.released - a.balance, 'FM999999999990.00'))
    FROM (SELECT ps.project_id, ps.key_amount,
                 coalesce((SELECT sum(r.key_part) FROM release_application r
                           WHERE r.project_id = ps.project_id AND r.status IN ('APPROVED', 'EXECUTED')), 0) AS released
          FROM project_supervision ps JOIN scope s ON s.id = ps.project_id WHERE ps.key_amount > 0) k
    JOIN supervised_account a ON a.project_id = k.project_id
    WHERE a.balance < k.key_amount - k.released
    UNION ALL
    SELECT al.project_id, 'UNEXPLAINED_DEBITS', count(*),
           jsonb_build_object('openAlerts', count(*), 'alertIds', jsonb_agg(al.id ORDER BY al.id))
    FROM alert al JOIN scope s ON s.id = al.project_id
    WHERE al.status <> 'CLOSED' AND al.kind IN ('UNEXPLAINED_DEBIT', 'UNMATCHED_RELEASE_DEBIT', 'UNCONSENTED_DEDUCTION',
                      'DEDUCTION_WITHIN_KEY_OBLIGATION', 'REFUND_TOOK_KEY_MONEY')
    GROUP BY al.project_id
    UNION ALL
    SELECT j.project_id, 'FREEZE', count(*),
           jsonb_build_object('activeFreezes', count(*), 'amount', to_char(sum(j.amount), 'FM999999999990.00'),
                              'documentNos', jsonb_agg(j.document_no ORDER BY j.acted_at))
    FROM judicial_action j JOIN scope s ON s.id = j.project_id
    WHERE j.action = 'FREEZE' AND j.lifted_at IS NULL
    GROUP BY j.project_id
    UNION ALL
    SELECT j.project_id, 'DEDUCTION', count(*),
           jsonb_build_object('deductions', count(*), 'amount', to_char(sum(j.amount), 'FM999999999990.00'), 'lastAt', max(j.acted_at))
    FROM judicial_action j JOIN scope s ON s.id = j.project_id
    WHERE j.action = 'DEDUCTION' AND j.acted_at >= CAST(:now AS timestamptz) - CAST(:deduction_window AS interval)
    GROUP BY j.project_id
    UNION ALL
    SELECT r.project_id, CASE WHEN r.status = 'OVERDUE' THEN 'RECTIFICATION_OVERDUE' ELSE 'RECTIFICATION_OPEN' END, count(*),
           jsonb_build_object('rectifications', count(*), 'ids', jsonb_agg(r.id ORDER BY r.id), 'earliestDeadline', min(r.deadline))
    FROM rectification r JOIN scope s ON s.id = r.project_id
    WHERE r.status IN ('ISSUED', 'RESPONDED', 'OVERDUE')
    GROUP BY r.project_id, r.status = 'OVERDUE'
    UNION ALL
    SELECT c.project_id, 'SALES_COLLAPSE', 1,
           jsonb_build_object('filedLast30Days', c.recent, 'monthlyAverageBefore', round(c.history / 6.0, 1))
    FROM (SELECT c.project_id,
                 count(*) FILTER (WHERE c.created_at >= CAST(:now AS timestamptz) - interval '30 days') AS recent,
                 count(*) FILTER (WHERE c.created_at < CAST(:now AS timestamptz) - interval '30 days') AS history
          FROM contract c JOIN scope s ON s.id = c.project_id
          WHERE c.created_at >= CAST(:now AS timestamptz) - interval '210 days'
          GROUP BY c.project_id) c
    WHERE c.history / 6.0 >= :sales_min_monthly AND c.recent < c.history / 6.0 * :sales_collapse_ratio
    UNION ALL
    SELECT s.id, 'NO_NODE_RELEASE', 1,
           jsonb_build_object('lastReleaseAt', l.last_release, 'since', coalesce(l.last_release, s.created_at))
    FROM scope s
    JOIN supervised_account a ON a.project_id = s.id
    LEFT JOIN LATERAL (SELECT max(r.decided_at) AS last_release FROM release_application r
                       WHERE r.project_id = s.id AND r.status IN ('APPROVED', 'EXECUTED')) l ON TRUE
    WHERE coalesce(l.last_release, s.created_at) < CAST(:now AS timestamptz) - CAST(:no_release_after AS interval)
    UNION ALL
    SELECT al.project_id, 'MISSING_STATEMENTS', count(*),
           jsonb_build_object('openAlerts', count(*), 'alertIds', jsonb_agg(al.id ORDER BY al.id))
    FROM alert al JOIN scope s ON s.id = al.project_id
    WHERE al.status <> 'CLOSED' AND al.kind = 'STATEMENT_MISSING'
    GROUP BY al.project_id
),
weights (kind, weight) AS (
    SELECT * FROM jsonb_each_text(CAST(:weights AS jsonb))
),
scored AS (
    SELECT f.project_id, f.kind, CAST(w.weight AS integer) * least(f.n, :cap) AS points, f.evidence
    FROM facts f JOIN weights w ON w.kind = f.kind
    WHERE CAST(w.weight AS integer) > 0
),
computed AS (
    SELECT s.id AS project_id, coalesce(sum(sc.points), 0) AS score,
           coalesce(jsonb_agg(jsonb_build_object('kind', sc.kind, 'points', sc.points, 'evidence', sc.evidence)
                              ORDER BY sc.points DESC, sc.kind) FILTER (WHERE sc.kind IS NOT NULL), '[]'::jsonb) AS factors
    FROM scope s LEFT JOIN scored sc ON sc.project_id = s.id
    GROUP BY s.id
),
leveled AS (
    SELECT c.*, CASE WHEN c.score >= :red THEN 'RED' WHEN c.score >= :orange THEN 'ORANGE'
                     WHEN c.score >= :yellow THEN 'YELLOW' ELSE 'GREEN' END AS level,
           coalesce(r.level, 'GREEN') AS previous
    FROM computed c LEFT JOIN project_risk r ON r.project_id = c.project_id
    WHERE r.project_id IS NULL OR (r.level, r.score, r.factors) IS DISTINCT FROM
          (CASE WHEN c.score >= :red THEN 'RED' WHEN c.score >= :orange THEN 'ORANGE'
                WHEN c.score >= :yellow THEN 'YELLOW' ELSE 'GREEN' END, CAST(c.score AS integer), c.factors)
),
written AS (
    INSERT INTO project_risk AS r (project_id, level, score, factors, changed_at, level_since)
    SELECT project_id, level, score, factors, :now, :now FROM leveled
    ON CONFLICT (project_id) DO UPDATE SET level = EXCLUDED.level, score = EXCLUDED.score, factors = EXCLUDED.factors,
        changed_at = EXCLUDED.changed_at,
        level_since = CASE WHEN r.level = EXCLUDED.level THEN r.level_since ELSE EXCLUDED.level_since END
    RETURNING project_id
),
changes AS (
    INSERT INTO project_risk_change (project_id, from_level, to_level, score, at)
    SELECT project_id, previous, level, score, :now FROM leveled WHERE level <> previous
    RETURNING id, project_id, from_level, to_level, score
),
raised AS (
    INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
    SELECT project_id, 'RISK_LEVEL_CHANGED',
           CASE WHEN to_level IN ('ORANGE', 'RED') THEN 'HIGH' WHEN to_level = 'YELLOW' THEN 'WARNING' ELSE 'INFO' END,
           'OPEN', 'project:' || project_id,
           format('The project''s risk level changed from %s to %s (score %s)', from_level, to_level, score), :now, :actor
    FROM changes
    RETURNING id
),
audited AS (
    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
    SELECT :now, :actor, :action, 'project:' || project_id, project_id,
           jsonb_build_object('from', from_level, 'to', to_level, 'score', score)
    FROM changes
    RETURNING id
)
SELECT (SELECT count(*) FROM scope) AS projects, (SELECT count(*) FROM written) AS written,
       (SELECT count(*) FROM changes) AS changes, (SELECT count(*) FROM raised) AS alerts, (SELECT count(*) FROM audited) AS audited;
