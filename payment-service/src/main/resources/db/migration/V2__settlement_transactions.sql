-- Claim transactions are signed here, recorded, then broadcast, so a crash at any point leaves a
-- transaction that can be sent again (same nonce, same hash) or replaced (same nonce, higher gas
-- price). Every transaction sent for a settlement is kept: any of them may be the one mined.
ALTER TABLE settlement ADD COLUMN nonce BIGINT;
ALTER TABLE settlement ADD COLUMN sent_at TIMESTAMPTZ;
CREATE TABLE settlement_tx (
    tx_hash        TEXT          PRIMARY KEY,
    settlement_id  UUID          NOT NULL REFERENCES settlement,
    nonce          BIGINT        NOT NULL,
    gas_price      NUMERIC(78,0) NOT NULL,
    raw_tx         TEXT          NOT NULL,
    sent_at        TIMESTAMPTZ   NOT NULL
);
CREATE INDEX settlement_tx_settlement ON settlement_tx (settlement_id);
CREATE INDEX settlement_submitted ON settlement (created_at) WHERE state = 'submitted';
