-- Registry, people and the audit trail. Every rule the Java code checks is backed here, so a bug
-- cannot store a duplicate, a negative amount or a dangling reference.

CREATE TABLE app_user (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       VARCHAR(64)  NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
    password_hash  VARCHAR(100) NOT NULL,
    roles          VARCHAR(100) NOT NULL CHECK (roles ~ '^(ADMIN|SUPERVISOR|AUDITOR|ENTERPRISE)(,(ADMIN|SUPERVISOR|AUDITOR|ENTERPRISE))*$'),
    enterprise_id  BIGINT,
    created_at     TIMESTAMPTZ  NOT NULL
);

CREATE TABLE enterprise (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    credit_code  CHAR(18)     NOT NULL UNIQUE,
    blacklisted  BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ  NOT NULL
);

ALTER TABLE app_user ADD CONSTRAINT app_user_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id);
ALTER TABLE app_user ADD CONSTRAINT app_user_enterprise_role CHECK ((roles LIKE '%ENTERPRISE%') = (enterprise_id IS NOT NULL));

CREATE TABLE project (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id        BIGINT       NOT NULL REFERENCES enterprise (id),
    name                 VARCHAR(200) NOT NULL CHECK (length(name) >= 1),
    presale_permit_no    VARCHAR(64)  NOT NULL UNIQUE,
    address              VARCHAR(500),
    signing_enabled      BOOLEAN      NOT NULL DEFAULT TRUE,
    signing_changed_at   TIMESTAMPTZ  NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX project_enterprise_idx ON project (enterprise_id);

-- One supervised account per project (project_id is the key), account number unique.
CREATE TABLE supervised_account (
    project_id    BIGINT PRIMARY KEY REFERENCES project (id),
    bank_code     VARCHAR(16)    NOT NULL CHECK (bank_code ~ '^[A-Z0-9]{2,16}$'),
    account_no    VARCHAR(32)    NOT NULL UNIQUE CHECK (account_no ~ '^[0-9]{6,32}$'),
    account_name  VARCHAR(500)   NOT NULL CHECK (account_name LIKE '%预售资金监管专户'),
    balance       NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (scale(balance) <= 2),
    entry_count   BIGINT         NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ    NOT NULL
);

CREATE TABLE contract (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     BIGINT         NOT NULL REFERENCES project (id),
    contract_no    VARCHAR(64)    NOT NULL UNIQUE,
    unit_no        VARCHAR(64)    NOT NULL,
    buyer_name     VARCHAR(200)   NOT NULL,
    buyer_id_no    VARCHAR(32)    NOT NULL,
    total_price    NUMERIC(14, 2) NOT NULL CHECK (total_price > 0),
    down_payment   NUMERIC(14, 2) NOT NULL CHECK (down_payment >= 0),
    loan_amount    NUMERIC(14, 2) NOT NULL CHECK (loan_amount >= 0),
    loan_type      VARCHAR(16)    NOT NULL CHECK (loan_type IN ('NONE', 'COMMERCIAL', 'PROVIDENT_FUND', 'COMBINED')),
    status         VARCHAR(16)    NOT NULL CHECK (status IN ('FILED', 'CANCELLED')),
    created_at     TIMESTAMPTZ    NOT NULL,
    CONSTRAINT contract_split CHECK (down_payment + loan_amount = total_price),
    CONSTRAINT contract_loan_type CHECK ((loan_amount = 0) = (loan_type = 'NONE'))
);
CREATE INDEX contract_project_idx ON contract (project_id);

-- Append-only: the trigger below refuses UPDATE and DELETE, whatever the code does.
CREATE TABLE audit_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    subject     VARCHAR(200) NOT NULL,
    project_id  BIGINT,
    details     JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC);
CREATE INDEX audit_event_project_idx ON audit_event (project_id, at DESC) WHERE project_id IS NOT NULL;

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
