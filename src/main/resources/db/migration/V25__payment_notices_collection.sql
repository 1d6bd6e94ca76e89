-- Money in before filing (issue 18, domain §7: Kunming 2020, Tai'an 交存验证, Tongguan §二.3/§五).

-- A contract waits for its down payment before it is filed, when escrow.filing.require-down-payment is on.
ALTER TABLE contract DROP CONSTRAINT contract_status_check;
ALTER TABLE contract ADD CONSTRAINT contract_status_check CHECK (status IN ('PENDING_FUNDS', 'FILED', 'CANCELLED'));

-- Payment notices (缴款通知书): what a buyer is told to pay into the supervised account, by number.
CREATE TABLE payment_notice (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_no    VARCHAR(32)    NOT NULL UNIQUE,
    contract_id  BIGINT         NOT NULL REFERENCES contract (id),
    project_id   BIGINT         NOT NULL REFERENCES project (id),
    kind         VARCHAR(16)    NOT NULL CHECK (kind IN ('DOWN_PAYMENT', 'FULL_PAYMENT')),
    amount       NUMERIC(14, 2) NOT NULL CHECK (amount > 0 AND scale(amount) <= 2),
    paid_amount  NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
    status       VARCHAR(12)    NOT NULL CHECK (status IN ('ISSUED', 'PAID', 'CANCELLED')),
    due_date     DATE           NOT NULL,
    issued_at    TIMESTAMPTZ    NOT NULL,
    issued_by    VARCHAR(100)   NOT NULL,
    paid_at      TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    cancelled_by VARCHAR(100),
    cancel_reason VARCHAR(500),
    CONSTRAINT payment_notice_paid CHECK ((status = 'PAID') = (paid_at IS NOT NULL)),
    CONSTRAINT payment_notice_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
CREATE INDEX payment_notice_contract_idx ON payment_notice (contract_id);
CREATE INDEX payment_notice_project_idx ON payment_notice (project_id, issued_at DESC);
CREATE INDEX payment_notice_open_down_idx ON payment_notice (issued_at) WHERE status = 'ISSUED' AND kind = 'DOWN_PAYMENT';

-- A credit may name the notice it pays (additive field of the v1 push).
ALTER TABLE account_transaction ADD COLUMN payment_notice_no VARCHAR(32);
CREATE INDEX account_transaction_notice_idx ON account_transaction (payment_notice_no) WHERE payment_notice_no IS NOT NULL;

-- Unattributed credits (不明入账) attributed later by a supervisor: recorded beside the ledger row, never over it.
-- The primary key is the transaction: a credit is attributed once, whatever runs twice.
CREATE TABLE credit_attribution (
    transaction_id  BIGINT        PRIMARY KEY REFERENCES account_transaction (id),
    project_id      BIGINT        NOT NULL REFERENCES project (id),
    contract_id     BIGINT        NOT NULL REFERENCES contract (id),
    payment_notice_id BIGINT      REFERENCES payment_notice (id),
    reason          VARCHAR(500)  NOT NULL,
    attributed_by   VARCHAR(100)  NOT NULL,
    attributed_at   TIMESTAMPTZ   NOT NULL
);
CREATE INDEX credit_attribution_contract_idx ON credit_attribution (contract_id);

-- Collection alerts name their notice; raised once per notice and kind.
ALTER TABLE alert ADD COLUMN payment_notice_id BIGINT REFERENCES payment_notice (id);
CREATE UNIQUE INDEX alert_payment_notice_once ON alert (payment_notice_id, kind) WHERE payment_notice_id IS NOT NULL;

-- Buyer money on the ledger (credits of DEPOSIT, DOWN_PAYMENT, FULL_PAYMENT not reversed since), each with the contract
-- it counts for: the one it names, else its notice's, else the supervisor's attribution; NULL while unattributed.
CREATE VIEW buyer_credit AS
SELECT t.id, t.project_id, t.bank_code, t.serial_no, t.amount, t.purpose, t.booked_at, t.contract_no, t.payment_notice_no,
       coalesce(c.id, n.contract_id, ca.contract_id) AS contract_id, ca.transaction_id IS NOT NULL AS attributed
FROM account_transaction t
LEFT JOIN contract c ON c.contract_no = t.contract_no
LEFT JOIN payment_notice n ON n.notice_no = t.payment_notice_no
LEFT JOIN credit_attribution ca ON ca.transaction_id = t.id
WHERE t.direction = 'CREDIT' AND t.purpose IN ('DEPOSIT', 'DOWN_PAYMENT', 'FULL_PAYMENT') AND t.reverses_serial_no IS NULL
  AND NOT EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no);

-- Notice numbers: JK + issue day + a number from this sequence, so two notices never share one.
CREATE SEQUENCE payment_notice_no_seq;
