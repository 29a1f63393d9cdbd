-- The payment-service's state (issue 12). Money is NUMERIC(78,0): uint256 base units of $SOA.

-- Channels as the chain says (mirrored from soa.chain.escrow.v1) and as charges use them.
-- The chain columns change only through the mirror; charged/covered/best_* only through charges.
CREATE TABLE channel (
    channel_id      NUMERIC(78,0) PRIMARY KEY,
    known           BOOLEAN       NOT NULL,          -- false after its opening was retracted
    payer           TEXT          NOT NULL,
    signer          TEXT          NOT NULL,
    model_id        NUMERIC(78,0) NOT NULL,
    deposit         NUMERIC(78,0) NOT NULL,          -- amount locked (opened + extended)
    expires_at      BIGINT        NOT NULL,          -- unix seconds
    claimed         NUMERIC(78,0) NOT NULL DEFAULT 0, -- cumulative claimed on chain
    closed          BOOLEAN       NOT NULL DEFAULT FALSE,
    charged         NUMERIC(78,0) NOT NULL DEFAULT 0, -- accepted charges, less released ones
    covered         NUMERIC(78,0) NOT NULL DEFAULT 0, -- the largest valid voucher's amount
    best_signature  BYTEA,                           -- that voucher's signature
    in_flight       NUMERIC(78,0) NOT NULL DEFAULT 0, -- a voucher sent to claimBatch, unconfirmed
    CONSTRAINT charged_covered CHECK (charged <= covered),
    CONSTRAINT covered_deposit CHECK (covered <= deposit OR NOT known)
);

-- What each applied chain event changed, so its retraction restores exactly that.
CREATE TABLE chain_effect (
    event_id    TEXT        PRIMARY KEY,
    kind        TEXT        NOT NULL,              -- channel | price | owner
    key         TEXT        NOT NULL,              -- channel id, model:feature, model id
    before      TEXT,                               -- JSON of the fields before; null = absent
    applied_at  TIMESTAMPTZ NOT NULL
);

-- Per-feature prices and owners of models (mirrored from soa.chain.models.v1).
CREATE TABLE feature_price (
    model_id  NUMERIC(78,0) NOT NULL,
    feature   TEXT          NOT NULL,               -- bytes32 keccak-256 of the feature id
    price     NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (model_id, feature)
);
CREATE TABLE model_owner (
    model_id  NUMERIC(78,0) PRIMARY KEY,
    owner     TEXT          NOT NULL
);

-- Charges: one per request id (the idempotency key).
CREATE TABLE charge (
    charge_id          UUID          PRIMARY KEY,
    request_id         TEXT          NOT NULL UNIQUE,
    channel_id         NUMERIC(78,0) NOT NULL REFERENCES channel,
    model_id           NUMERIC(78,0) NOT NULL,
    feature            TEXT          NOT NULL,
    amount             NUMERIC(78,0) NOT NULL CHECK (amount > 0),
    cumulative_amount  NUMERIC(78,0) NOT NULL,      -- the voucher that came with it
    signature          BYTEA         NOT NULL,      -- its signature (settlement claims with it)
    charged_after      NUMERIC(78,0) NOT NULL,
    covered_after      NUMERIC(78,0) NOT NULL,
    accepted_at        TIMESTAMPTZ   NOT NULL,
    released_at        TIMESTAMPTZ
);
CREATE INDEX charge_channel ON charge (channel_id);

-- The double-entry ledger: append only; every entry's postings sum to zero.
CREATE TABLE posting (
    posting_id  BIGSERIAL     PRIMARY KEY,
    entry_id    UUID          NOT NULL,
    account     TEXT          NOT NULL,
    amount      NUMERIC(78,0) NOT NULL,           -- signed: debit < 0 < credit
    posted_at   TIMESTAMPTZ   NOT NULL
);
CREATE INDEX posting_entry ON posting (entry_id);
CREATE INDEX posting_account ON posting (account);

-- Settlement: claimBatch transactions of the newest voucher not above what was charged, one item
-- per channel; confirmed by the indexer's ChannelClaimed / ClaimSkipped, not by the receipt.
CREATE TABLE settlement (
    settlement_id  UUID        PRIMARY KEY,
    state          TEXT        NOT NULL,            -- submitted | confirmed | failed
    reason         TEXT        NOT NULL,            -- batch-full | max-age | expiry | on-demand
    tx_hash        TEXT,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    confirmed_at   TIMESTAMPTZ
);
CREATE TABLE settlement_item (
    settlement_id      UUID          NOT NULL REFERENCES settlement,
    channel_id         NUMERIC(78,0) NOT NULL,
    model_id           NUMERIC(78,0) NOT NULL,
    cumulative_amount  NUMERIC(78,0) NOT NULL,
    signature          BYTEA         NOT NULL,
    state              TEXT          NOT NULL,      -- in-flight | claimed | skipped
    skip_reason        TEXT,
    paid               NUMERIC(78,0),               -- gross claimed by it (ChannelClaimed.paid)
    fee                NUMERIC(78,0),
    PRIMARY KEY (settlement_id, channel_id)
);
CREATE INDEX settlement_item_open ON settlement_item (channel_id) WHERE state = 'in-flight';
