-- Issue 17: money leaves only as approved.
-- A release of a blacklisted developer's project may need a second supervisor's approval
-- (escrow.releases.blacklist-second-approver): the first approval is kept here until the second decides.
-- An approved release has a payment deadline (pay_by); the bank's payment must name it, pay its amount to
-- its payee account, and a reversal of that payment (退汇) puts it back to APPROVED.
ALTER TABLE release_application
    ADD COLUMN first_approved_by VARCHAR(100),
    ADD COLUMN first_approved_at TIMESTAMPTZ,
    ADD COLUMN pay_by            TIMESTAMPTZ;
-- Approvals made before this version get the default three days from their decision.
UPDATE release_application SET pay_by = decided_at + interval '3 days' WHERE status = 'APPROVED';
ALTER TABLE release_application
    ADD CONSTRAINT release_first_approval_whole CHECK ((first_approved_by IS NULL) = (first_approved_at IS NULL)),
    ADD CONSTRAINT release_executed_by_a_debit CHECK ((status = 'EXECUTED') = (executed_by_transaction_id IS NOT NULL)),
    ADD CONSTRAINT release_approved_has_deadline CHECK (status <> 'APPROVED' OR pay_by IS NOT NULL);

-- The bank lists its approved instructions, and the not-paid sweep reaches the overdue ones, by index.
CREATE INDEX release_application_unpaid_idx ON release_application (pay_by) WHERE status = 'APPROVED';
CREATE INDEX release_application_executed_by_idx ON release_application (executed_by_transaction_id)
    WHERE executed_by_transaction_id IS NOT NULL;
