-- Oversight (domain notes section 6): spot checks, rectification notices with a deadline, the
-- enterprise blacklist's history; and the shared counters that rate-limit the buyers' self-check.

-- A regular or surprise check (抽查) of a project's fund collection.
CREATE TABLE spot_check (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   BIGINT        NOT NULL REFERENCES project (id),
    kind         VARCHAR(10)   NOT NULL CHECK (kind IN ('SCHEDULED', 'SURPRISE')),
    checked_at   TIMESTAMPTZ   NOT NULL,
    findings     VARCHAR(4000) NOT NULL CHECK (length(findings) >= 1),
    compliant    BOOLEAN       NOT NULL,
    recorded_by  VARCHAR(100)  NOT NULL,
    recorded_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX spot_check_project_idx ON spot_check (project_id, checked_at DESC, id DESC);

-- A rectification notice (整改通知): ISSUED -> RESPONDED -> CLOSED (accepted) or back to ISSUED (rejected);
-- ISSUED or RESPONDED when the deadline passes -> OVERDUE (by the rectification sweep), which blacklists.
CREATE TABLE rectification (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spot_check_id   BIGINT        NOT NULL REFERENCES spot_check (id),
    project_id      BIGINT        NOT NULL REFERENCES project (id),
    enterprise_id   BIGINT        NOT NULL REFERENCES enterprise (id),
    requirement     VARCHAR(4000) NOT NULL CHECK (length(requirement) >= 1),
    deadline        TIMESTAMPTZ   NOT NULL,
    status          VARCHAR(10)   NOT NULL CHECK (status IN ('ISSUED', 'RESPONDED', 'CLOSED', 'OVERDUE')),
    issued_by       VARCHAR(100)  NOT NULL,
    issued_at       TIMESTAMPTZ   NOT NULL,
    response        VARCHAR(4000),
    responded_by    VARCHAR(100),
    responded_at    TIMESTAMPTZ,
    decision        VARCHAR(10)   CHECK (decision IN ('ACCEPTED', 'REJECTED')),
    decision_note   VARCHAR(500),
    decided_by      VARCHAR(100),
    decided_at      TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    overdue_at      TIMESTAMPTZ,
    CONSTRAINT rectification_deadline_after_issue CHECK (deadline > issued_at),
    CONSTRAINT rectification_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
    CONSTRAINT rectification_overdue CHECK ((status = 'OVERDUE') = (overdue_at IS NOT NULL)),
    CONSTRAINT rectification_responded CHECK (status <> 'RESPONDED' OR response IS NOT NULL)
);
-- The sweep reads only open notices, by deadline: its cost follows what is due, not the table.
CREATE INDEX rectification_open_deadline_idx ON rectification (deadline) WHERE status IN ('ISSUED', 'RESPONDED');
CREATE INDEX rectification_enterprise_idx ON rectification (enterprise_id, issued_at DESC, id DESC);
CREATE INDEX rectification_spot_check_idx ON rectification (spot_check_id);

-- Every change of an enterprise's blacklist state; enterprise.blacklisted is the current state.
CREATE TABLE blacklist_history (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id      BIGINT       NOT NULL REFERENCES enterprise (id),
    action             VARCHAR(4)   NOT NULL CHECK (action IN ('ADD', 'LIFT')),
    reason             VARCHAR(500) NOT NULL CHECK (length(reason) >= 1),
    acted_by           VARCHAR(100) NOT NULL,
    acted_at           TIMESTAMPTZ  NOT NULL,
    source             VARCHAR(24)  NOT NULL CHECK (source IN ('MANUAL', 'RECTIFICATION_OVERDUE')),
    rectification_id   BIGINT       REFERENCES rectification (id),
    CONSTRAINT blacklist_history_source CHECK ((source = 'RECTIFICATION_OVERDUE') = (rectification_id IS NOT NULL)),
    CONSTRAINT blacklist_history_lift_manual CHECK (action = 'ADD' OR source = 'MANUAL')
);
CREATE INDEX blacklist_history_enterprise_idx ON blacklist_history (enterprise_id, acted_at DESC, id DESC);
-- A rectification blacklists at most once, whatever runs twice.
CREATE UNIQUE INDEX blacklist_history_rectification_once ON blacklist_history (rectification_id)
    WHERE rectification_id IS NOT NULL;

-- Fixed-window counters of the buyers' self-check, shared by every instance: requests per client
-- address, failed attempts per contract number. One row per key, upserted.
CREATE TABLE buyer_lookup_limit (
    scope         VARCHAR(8)   NOT NULL CHECK (scope IN ('ADDRESS', 'CONTRACT')),
    limit_key     VARCHAR(128) NOT NULL,
    window_start  TIMESTAMPTZ  NOT NULL,
    hits          INTEGER      NOT NULL CHECK (hits >= 0),
    PRIMARY KEY (scope, limit_key)
);
CREATE INDEX buyer_lookup_limit_window_idx ON buyer_lookup_limit (window_start);

-- The buyer's payments: credits of an account that name a contract.
CREATE INDEX account_transaction_contract_idx ON account_transaction (contract_no, project_id) WHERE contract_no IS NOT NULL;
