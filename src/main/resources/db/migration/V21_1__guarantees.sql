-- Issue 18: bank guarantees (保函, November 2022 circular). A guarantee replaces up to a configured share of the key
-- amount once the account holds it; the guaranteed part becomes free money; each key-money release adds a
-- proportional top-up duty for the guarantor; it expires at completion filing or its end date.
CREATE TABLE guarantee (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guarantee_no      VARCHAR(64)    NOT NULL UNIQUE CHECK (length(guarantee_no) >= 1),
    project_id        BIGINT         NOT NULL REFERENCES project (id),
    guarantor_name    VARCHAR(200)   NOT NULL,
    guarantor_code    VARCHAR(16)    NOT NULL CHECK (guarantor_code ~ '^[A-Z0-9]{2,16}$'),
    amount            NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    valid_from        DATE           NOT NULL,
    valid_until       DATE           NOT NULL,
    status            VARCHAR(10)    NOT NULL CHECK (status IN ('ACTIVE', 'EXPIRED')),
    top_up_due        NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (top_up_due >= 0),
    expiry_warned     BOOLEAN        NOT NULL DEFAULT FALSE,
    recorded_by       VARCHAR(100)   NOT NULL,
    recorded_at       TIMESTAMPTZ    NOT NULL,
    expired_at        TIMESTAMPTZ,
    expiry_reason     VARCHAR(40),
    CONSTRAINT guarantee_validity CHECK (valid_until >= valid_from),
    CONSTRAINT guarantee_expired_whole CHECK ((status = 'EXPIRED') = (expired_at IS NOT NULL AND expiry_reason IS NOT NULL))
);
CREATE INDEX guarantee_project_idx ON guarantee (project_id) WHERE status = 'ACTIVE';
CREATE INDEX guarantee_active_until_idx ON guarantee (valid_until) WHERE status = 'ACTIVE';
