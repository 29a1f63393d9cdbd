-- The licensing-service's read model of the chain and the catalog (issue 13), and the access
-- gateway's quotas. Chain columns change only through the mirror; calls_used only through access.
-- uint64 values of the contract (expiry, quota) are held as BIGINT, capped at 2^63-1 (a quota or
-- an expiry that large never runs out here either).

-- Licence tiers (soa.chain.licenses.v1 TierCreated / TierUpdated).
CREATE TABLE tier (
    tier_id       NUMERIC(78,0) PRIMARY KEY,
    model_id      NUMERIC(78,0) NOT NULL,
    price         NUMERIC(78,0) NOT NULL,            -- $SOA base units
    duration      BIGINT        NOT NULL,            -- seconds; 0 = perpetual
    call_quota    BIGINT        NOT NULL,            -- 0 = unlimited
    max_supply    BIGINT        NOT NULL,            -- 0 = unlimited
    transferable  BOOLEAN       NOT NULL,
    terms_digest  TEXT          NOT NULL,
    features      TEXT[]        NOT NULL,            -- bytes32 keys; empty = every feature
    active        BOOLEAN       NOT NULL DEFAULT TRUE
);
CREATE INDEX tier_model ON tier (model_id);

-- Licences (LicensePurchased, then ERC-721 transfers and marketplace sales move the holder; the
-- calls left move with the licence).
CREATE TABLE licence (
    license_id    NUMERIC(78,0) PRIMARY KEY,
    tier_id       NUMERIC(78,0) NOT NULL,
    model_id      NUMERIC(78,0) NOT NULL,
    holder        TEXT          NOT NULL,            -- lower-case address
    expires_at    BIGINT        NOT NULL,            -- unix seconds; 0 = perpetual
    call_quota    BIGINT        NOT NULL,            -- 0 = unlimited
    calls_used    BIGINT        NOT NULL DEFAULT 0,
    purchase_tx   TEXT          NOT NULL,
    expiry_told   BOOLEAN       NOT NULL DEFAULT FALSE, -- EntitlementExpired written
    CONSTRAINT quota_not_overdrawn CHECK (call_quota = 0 OR calls_used <= call_quota)
);
CREATE INDEX licence_holder_model ON licence (holder, model_id);
CREATE INDEX licence_expiry ON licence (expires_at) WHERE NOT expiry_told AND expires_at > 0;

-- Owners and per-feature prices of model tokens (soa.chain.models.v1).
CREATE TABLE model_owner (
    model_id  NUMERIC(78,0) PRIMARY KEY,
    owner     TEXT          NOT NULL
);
CREATE TABLE feature_price (
    model_id  NUMERIC(78,0) NOT NULL,
    feature   TEXT          NOT NULL,                -- bytes32 keccak-256 of the feature id
    price     NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (model_id, feature)
);

-- The catalog's side (soa.catalog.models.v1): which token a catalog model is, its features and the
-- endpoint the gateway forwards to. The catalog accepts only its developer's tokenization.
CREATE TABLE catalog_model (
    catalog_id    UUID          PRIMARY KEY,
    token_id      NUMERIC(78,0) UNIQUE,
    features      TEXT[]        NOT NULL DEFAULT '{}', -- catalog feature ids
    endpoint_url  TEXT,
    listed        BOOLEAN       NOT NULL DEFAULT TRUE
);

-- What each applied chain event changed, so its retraction restores exactly that
-- (platform ChainEffects).
CREATE TABLE chain_effect (
    event_id    TEXT        PRIMARY KEY,
    kind        TEXT        NOT NULL,              -- tier | licence | holder | owner | price
    key         TEXT        NOT NULL,
    before      TEXT,                               -- the fields before; null = absent
    applied_at  TIMESTAMPTZ NOT NULL
);

-- Charges of voucher calls whose model failed, to release at payment-service (the credit goes back
-- to the channel). Queued with the decision's event; a row leaves once payment-service released it.
CREATE TABLE pending_release (
    charge_id  UUID        PRIMARY KEY,
    queued_at  TIMESTAMPTZ NOT NULL,
    attempts   INT         NOT NULL DEFAULT 0
);
