-- Dashboard figures (docs/dashboards.md): one statement over the period [:s, :e) for the projects whose division matches
-- one of :divs (LIKE patterns; '%' for the whole system). Each row is one point of one section of one county:
-- (division_code, section, label, n, amount). Points that are zero are left out; the service adds them, so that every
-- section has the same labels. "At end" figures are as of :e, or :now while the period is open.

-- name: figures
WITH p AS (
    -- as in the reports: a project counts once it exists or has money booked before the end
    SELECT id, division_code FROM project pr
    WHERE division_code LIKE ANY(CAST(:divs AS text[]))
      AND (created_at < CAST(:e AS timestamptz)
           OR EXISTS (SELECT 1 FROM account_transaction t WHERE t.project_id = pr.id AND t.booked_at < :e))
),
-- A project's balance, key amount and remaining key obligation at the end, and the shortfall (the arithmetic of
-- supervision.Position, as the reports' shortfallAtEnd).
pos AS (
    SELECT p.id, p.division_code,
           coalesce((SELECT sum(CASE WHEN t.direction = 'CREDIT' THEN t.amount ELSE -t.amount END)
                     FROM account_transaction t WHERE t.project_id = p.id AND t.booked_at < :e), 0) AS balance,
           coalesce((SELECT k.key_amount FROM key_amount_change k WHERE k.project_id = p.id AND k.set_at < :e
                     ORDER BY k.set_at DESC, k.id DESC LIMIT 1), 0) AS key_amount,
           coalesce((SELECT sum(r.key_part) FROM release_application r WHERE r.project_id = p.id
                     AND r.status IN ('APPROVED', 'EXECUTED') AND r.decided_at < :e), 0) AS key_released,
           coalesce((SELECT sum(r.amount) FROM release_application r
                     LEFT JOIN account_transaction t ON t.id = r.executed_by_transaction_id
                     WHERE r.project_id = p.id AND r.status IN ('APPROVED', 'EXECUTED') AND r.decided_at < :e
                       AND (t.id IS NULL OR t.booked_at >= :e)), 0) AS pending,
           -- the level at the end: the last change before it, else what the first later change left, else GREEN
           -- (the risk computation starts every project at GREEN and records each change)
           coalesce((SELECT c.to_level FROM project_risk_change c WHERE c.project_id = p.id AND c.at < :e
                     ORDER BY c.at DESC, c.id DESC LIMIT 1),
                    (SELECT c.from_level FROM project_risk_change c WHERE c.project_id = p.id AND c.at >= :e
                     ORDER BY c.at, c.id LIMIT 1), 'GREEN') AS level
    FROM p
),
-- Signing off from one signing event to the next of the same project (the feed holds every change).
off AS (
    SELECT e.project_id, greatest(e.at, CAST(:s AS timestamptz)) AS from_at,
           least(coalesce(e.until, 'infinity'), CAST(:e AS timestamptz), CAST(:now AS timestamptz)) AS to_at
    FROM (SELECT project_id, enabled, at, lead(at) OVER (PARTITION BY project_id ORDER BY seq) AS until
          FROM signing_event WHERE at < :e AND project_id IN (SELECT id FROM p)) e
    WHERE NOT e.enabled
)
SELECT division_code, 'projectsByLevel' AS section, level AS label, count(*) AS n, sum(balance) AS amount
FROM pos GROUP BY division_code, level
UNION ALL
SELECT division_code, 'balances', 'balanceAtEnd', count(*), sum(balance) FROM pos GROUP BY division_code
UNION ALL
SELECT division_code, 'balances', 'keyAmountAtEnd', count(*) FILTER (WHERE key_amount > 0), sum(key_amount)
FROM pos GROUP BY division_code
UNION ALL
SELECT division_code, 'balances', 'remainingKeyAtEnd', count(*) FILTER (WHERE key_amount > key_released),
       sum(greatest(key_amount - key_released, 0))
FROM pos GROUP BY division_code
UNION ALL
SELECT division_code, 'balances', 'shortfallAtEnd', count(*), sum(shortfall)
FROM (SELECT division_code, greatest(greatest(key_amount - key_released, 0) - (balance - pending), 0) AS shortfall FROM pos) s
WHERE shortfall > 0 GROUP BY division_code
UNION ALL
SELECT p.division_code, 'inflowsByPurpose', t.purpose, count(*), sum(t.amount)
FROM account_transaction t JOIN p ON p.id = t.project_id
WHERE t.direction = 'CREDIT' AND t.reverses_serial_no IS NULL AND t.booked_at >= :s AND t.booked_at < :e
GROUP BY p.division_code, t.purpose
UNION ALL
SELECT p.division_code, 'releases', x.label, count(*), sum(r.amount)
FROM release_application r JOIN p ON p.id = r.project_id
CROSS JOIN LATERAL (VALUES ('approved', r.decided_at), ('executed', r.executed_at)) x(label, at)
WHERE r.status IN ('APPROVED', 'EXECUTED') AND x.at >= :s AND x.at < :e
GROUP BY p.division_code, x.label
UNION ALL
SELECT p.division_code, 'overdueNotices', x.label, count(*), sum(d.amount)
FROM loan_disbursement d JOIN p ON p.id = d.project_id
CROSS JOIN LATERAL (VALUES
    ('becameOverdue', d.overdue_at >= :s AND d.overdue_at < :e),
    ('overdueAtEnd', d.overdue_at < :e AND (d.funds_arrived_at IS NULL OR d.funds_arrived_at >= :e)
                     AND (d.withdrawn_at IS NULL OR d.withdrawn_at >= :e))) x(label, counted)
WHERE x.counted
GROUP BY p.division_code, x.label
UNION ALL
SELECT p.division_code, 'signingLocked', 'lockedDays', count(DISTINCT o.project_id),
       round(CAST(sum(extract(epoch FROM o.to_at - o.from_at)) / 86400 AS numeric), 2)
FROM off o JOIN p ON p.id = o.project_id
WHERE o.to_at > o.from_at
GROUP BY p.division_code
ORDER BY 1, 2, 3
