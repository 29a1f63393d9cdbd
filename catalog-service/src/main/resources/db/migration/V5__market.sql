-- The market and the terms (issue 17): the marketplace's listings and sales, the licence tiers
-- and licences of the catalog's models (to resolve a licence's model and a tier's supply), and
-- the terms documents the tiers' digests point at. Rows are keyed by the chain event that made
-- them, so a retraction removes or restores exactly what its event did.

-- One row per Listed event; cancellation or sale closes it (closed_by = that event's id).
CREATE TABLE market_listing (
    event_id       TEXT           PRIMARY KEY,
    chain_id       BIGINT         NOT NULL,
    marketplace    TEXT           NOT NULL,
    listing_id     NUMERIC(78, 0) NOT NULL,
    kind           TEXT           NOT NULL CHECK (kind IN ('model', 'license')),
    collection     TEXT           NOT NULL,
    token_id       NUMERIC(78, 0) NOT NULL,
    model_token_id NUMERIC(78, 0), -- the on-chain model; a licence's is known once its purchase is
    seller         TEXT           NOT NULL,
    price          NUMERIC(78, 0) NOT NULL,
    status         TEXT           NOT NULL CHECK (status IN ('active', 'cancelled', 'sold')),
    closed_by      TEXT,
    listed_tx      TEXT           NOT NULL,
    listed_block   BIGINT         NOT NULL,
    listed_at      TIMESTAMPTZ    NOT NULL,
    closed_at      TIMESTAMPTZ
);
CREATE INDEX market_listing_by_id ON market_listing (chain_id, marketplace, listing_id);
CREATE INDEX market_listing_token ON market_listing (chain_id, collection, token_id);
CREATE INDEX market_listing_model ON market_listing (chain_id, model_token_id, status);
CREATE INDEX market_listing_price ON market_listing (status, price, event_id);
CREATE INDEX market_listing_age ON market_listing (status, listed_at, event_id);
CREATE INDEX market_listing_seller ON market_listing (seller, status);

-- One row per Sold event.
CREATE TABLE market_sale (
    event_id         TEXT           PRIMARY KEY,
    listing_event_id TEXT,
    chain_id         BIGINT         NOT NULL,
    marketplace      TEXT           NOT NULL,
    listing_id       NUMERIC(78, 0) NOT NULL,
    kind             TEXT           NOT NULL,
    collection       TEXT           NOT NULL,
    token_id         NUMERIC(78, 0) NOT NULL,
    model_token_id   NUMERIC(78, 0),
    seller           TEXT           NOT NULL,
    buyer            TEXT           NOT NULL,
    price            NUMERIC(78, 0) NOT NULL,
    royalty_receiver TEXT           NOT NULL,
    royalty          NUMERIC(78, 0) NOT NULL,
    fee              NUMERIC(78, 0) NOT NULL,
    tx_hash          TEXT           NOT NULL,
    block_number     BIGINT         NOT NULL,
    log_index        BIGINT         NOT NULL,
    sold_at          TIMESTAMPTZ    NOT NULL
);
CREATE INDEX market_sale_model ON market_sale (chain_id, model_token_id, block_number DESC, log_index DESC);
CREATE INDEX market_sale_token ON market_sale (chain_id, collection, token_id);

-- Licence tiers of the LicenseToken contract (TierCreated; TierUpdated switches active).
CREATE TABLE chain_tier (
    event_id       TEXT           PRIMARY KEY, -- keyed by its event: a reorg may reuse the id
    chain_id       BIGINT         NOT NULL,
    tier_id        NUMERIC(78, 0) NOT NULL,
    model_token_id NUMERIC(78, 0) NOT NULL,
    price          NUMERIC(78, 0) NOT NULL,
    duration       NUMERIC(78, 0) NOT NULL,
    call_quota     NUMERIC(78, 0) NOT NULL,
    max_supply     BIGINT         NOT NULL, -- 0 = unlimited
    transferable   BOOLEAN        NOT NULL,
    terms_digest   TEXT           NOT NULL,
    features       TEXT           NOT NULL, -- JSON array of feature keys (keccak-256, hex)
    active         BOOLEAN        NOT NULL,
    created_block  BIGINT         NOT NULL
);
CREATE INDEX chain_tier_id ON chain_tier (chain_id, tier_id);
CREATE INDEX chain_tier_model ON chain_tier (chain_id, model_token_id);

-- What each TierUpdated found, so its retraction restores it.
CREATE TABLE chain_tier_change (
    event_id      TEXT           PRIMARY KEY,
    chain_id      BIGINT         NOT NULL,
    tier_id       NUMERIC(78, 0) NOT NULL,
    active_before BOOLEAN        NOT NULL
);

-- Licences (LicensePurchased), their holder kept by LicenseTransferred.
CREATE TABLE chain_licence (
    event_id       TEXT           PRIMARY KEY,
    chain_id       BIGINT         NOT NULL,
    license_id     NUMERIC(78, 0) NOT NULL,
    tier_id        NUMERIC(78, 0) NOT NULL,
    model_token_id NUMERIC(78, 0) NOT NULL,
    holder         TEXT           NOT NULL
);
CREATE INDEX chain_licence_id ON chain_licence (chain_id, license_id);
CREATE INDEX chain_licence_tier ON chain_licence (chain_id, tier_id);

-- Terms documents: stored only when keccak-256 of their bytes is the digest.
CREATE TABLE terms_document (
    model_id    UUID        NOT NULL REFERENCES model (id),
    digest      TEXT        NOT NULL,
    body        TEXT        NOT NULL,
    size_bytes  INT         NOT NULL,
    uploaded_by TEXT        NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model_id, digest)
);

-- What model search filters and sorts by, kept from the tables above on every market change.
ALTER TABLE model
    ADD COLUMN for_sale        BOOLEAN        NOT NULL DEFAULT false,
    ADD COLUMN last_sale_price NUMERIC(78, 0);
CREATE INDEX model_for_sale ON model (created_at DESC, id DESC) WHERE for_sale;
CREATE INDEX model_last_sale_price ON model (last_sale_price, id) WHERE last_sale_price IS NOT NULL;
