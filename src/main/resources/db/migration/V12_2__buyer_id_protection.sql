-- Buyers' ID numbers are sensitive personal information (PIPL art. 28): stored encrypted
-- (buyer_id_enc, AES-256-GCM), shown masked (buyer_id_masked: first 6 and last 4 characters), and
-- matched by the buyers' self-check through a keyed hash of contract number and last 6 characters
-- (buyer_lookup_mac, HMAC-SHA256), so that the look-up never decrypts (cn.escrow.registry.BuyerIds).
-- Rows filed before this version keep their clear buyer_id_no until the service's first start, which
-- encrypts them and clears the column (cn.escrow.registry.BuyerIdProtection); new rows never fill it.
ALTER TABLE contract ALTER COLUMN buyer_id_no DROP NOT NULL;
ALTER TABLE contract
    ADD COLUMN buyer_id_enc      VARCHAR(200),
    ADD COLUMN buyer_id_masked   VARCHAR(32),
    ADD COLUMN buyer_lookup_mac  BYTEA CHECK (length(buyer_lookup_mac) = 32);
ALTER TABLE contract ADD CONSTRAINT contract_buyer_id_protected CHECK (
    CASE WHEN buyer_id_no IS NULL
         THEN buyer_id_enc IS NOT NULL AND buyer_id_masked IS NOT NULL AND buyer_lookup_mac IS NOT NULL
         ELSE buyer_id_enc IS NULL END);
CREATE INDEX contract_buyer_id_clear_idx ON contract (id) WHERE buyer_id_no IS NOT NULL;

-- Wrong guesses in the buyers' self-check slow further guesses on that contract number down (a
-- growing delay) instead of locking it for a fixed window (cn.escrow.buyers.GuessBackoff).
CREATE TABLE buyer_lookup_backoff (
    contract_no      VARCHAR(64) PRIMARY KEY,
    failures         INT         NOT NULL CHECK (failures >= 0),
    last_failure_at  TIMESTAMPTZ NOT NULL,
    next_allowed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX buyer_lookup_backoff_last_idx ON buyer_lookup_backoff (last_failure_at);
DELETE FROM buyer_lookup_limit WHERE scope = 'CONTRACT';
