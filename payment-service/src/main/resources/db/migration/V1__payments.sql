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
