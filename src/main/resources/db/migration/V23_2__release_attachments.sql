-- Issue 17: documents of a release application are files, not names. Stored in PostgreSQL (bytea) beside the
-- application: one backup, one transaction, the same access rules, no second store to secure; files are small (a
-- few MiB at most, escrow.releases.attachment-max-size). The type is sniffed from the content; the SHA-256 is of the
-- bytes stored.
CREATE TABLE release_attachment (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_no    VARCHAR(32)  NOT NULL REFERENCES release_application (release_no),
    file_name     VARCHAR(200) NOT NULL,
    content_type  VARCHAR(20)  NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes    INTEGER      NOT NULL CHECK (size_bytes > 0),
    sha256        CHAR(64)     NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content       BYTEA        NOT NULL,
    uploaded_by   VARCHAR(100) NOT NULL,
    uploaded_at   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT release_attachment_size CHECK (octet_length(content) = size_bytes),
    CONSTRAINT release_attachment_once UNIQUE (release_no, sha256)
);
