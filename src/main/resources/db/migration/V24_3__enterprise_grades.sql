-- Issue 19: graded supervision. The bureau grades each developer A (well graded), B (standard) or C (bad record);
-- the grade sets the key percentage of the key-amount proposal (escrow.key-amount.grade-*-percent). Every change is
-- kept; a change that moves the percentage waits for a second person (PROPOSED, then APPLIED or REJECTED).
ALTER TABLE enterprise ADD COLUMN grade CHAR(1) NOT NULL DEFAULT 'B' CHECK (grade IN ('A', 'B', 'C'));

CREATE TABLE enterprise_grade_change (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id  BIGINT        NOT NULL REFERENCES enterprise (id),
    grade          CHAR(1)       NOT NULL CHECK (grade IN ('A', 'B', 'C')),
    previous       CHAR(1)       NOT NULL CHECK (previous IN ('A', 'B', 'C')),
    status         VARCHAR(8)    NOT NULL CHECK (status IN ('PROPOSED', 'APPLIED', 'REJECTED')),
    source         VARCHAR(16)   NOT NULL CHECK (source IN ('MANUAL', 'BLACKLISTING', 'SPOT_CHECK')),
    reason         VARCHAR(500)  NOT NULL,
    proposed_by    VARCHAR(100)  NOT NULL,
    proposed_at    TIMESTAMPTZ   NOT NULL,
    decided_by     VARCHAR(100),
    decided_at     TIMESTAMPTZ,
    CHECK ((status = 'PROPOSED') = (decided_at IS NULL)),
    CHECK (status = 'PROPOSED' OR decided_by IS NOT NULL)
);
CREATE INDEX enterprise_grade_change_idx ON enterprise_grade_change (enterprise_id, proposed_at DESC, id DESC);
-- At most one proposal waits per enterprise.
CREATE UNIQUE INDEX enterprise_grade_change_one_proposed ON enterprise_grade_change (enterprise_id) WHERE status = 'PROPOSED';
