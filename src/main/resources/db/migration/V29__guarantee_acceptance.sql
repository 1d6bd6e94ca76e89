-- A guarantee turns part of the key obligation into free money, so it is a money decision taken by two people:
-- one supervisor records it (PROPOSED), another accepts it (ACTIVE) or rejects it. Guarantees recorded before this
-- rule count as accepted when recorded (accepted_by stays empty for them).
ALTER TABLE guarantee DROP CONSTRAINT guarantee_status_check;
ALTER TABLE guarantee ADD CONSTRAINT guarantee_status_check CHECK (status IN ('PROPOSED', 'ACTIVE', 'REJECTED', 'EXPIRED'));
ALTER TABLE guarantee ADD COLUMN accepted_by VARCHAR(100);
ALTER TABLE guarantee ADD COLUMN accepted_at TIMESTAMPTZ;
ALTER TABLE guarantee ADD COLUMN decided_by VARCHAR(100);
ALTER TABLE guarantee ADD COLUMN decision_note VARCHAR(500);
UPDATE guarantee SET accepted_at = recorded_at;
ALTER TABLE guarantee ADD CONSTRAINT guarantee_second_person
    CHECK ((accepted_by IS NULL OR accepted_by <> recorded_by) AND (decided_by IS NULL OR decided_by <> recorded_by));
ALTER TABLE guarantee ADD CONSTRAINT guarantee_active_accepted CHECK (status <> 'ACTIVE' OR accepted_at IS NOT NULL);
ALTER TABLE guarantee ADD CONSTRAINT guarantee_rejected_decided CHECK ((status = 'REJECTED') = (decided_by IS NOT NULL));
