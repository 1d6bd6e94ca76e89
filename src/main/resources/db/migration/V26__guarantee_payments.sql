-- Issue 18: a guarantor's payment into the supervised account settles its top-up duty. A supervisor attributes a credit
-- (purpose OTHER, on the project's ledger) to the guarantee; the part applied is at most the duty then due, so the duty
-- never goes below zero, and a credit is attributed once (to one guarantee), whatever is retried.
CREATE TABLE guarantee_payment (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guarantee_id    BIGINT         NOT NULL REFERENCES guarantee (id),
    transaction_id  BIGINT         NOT NULL UNIQUE REFERENCES account_transaction (id),
    amount          NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    applied         NUMERIC(14, 2) NOT NULL CHECK (applied > 0),
    due_after       NUMERIC(14, 2) NOT NULL CHECK (due_after >= 0),
    recorded_by     VARCHAR(100)   NOT NULL,
    recorded_at     TIMESTAMPTZ    NOT NULL,
    -- The bank reversed the credit later: its applied part is owed again.
    reversed_at     TIMESTAMPTZ,
    CONSTRAINT guarantee_payment_applied_within CHECK (applied <= amount)
);
CREATE INDEX guarantee_payment_guarantee_idx ON guarantee_payment (guarantee_id);
-- What the guarantor has paid against its duty so far (the sum of applied parts).
ALTER TABLE guarantee ADD COLUMN top_up_paid NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (top_up_paid >= 0);
