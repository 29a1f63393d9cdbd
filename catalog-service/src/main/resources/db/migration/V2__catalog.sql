-- The full catalog: slugs, richer descriptions, lifecycle, versions, search, on-chain prices,
-- and the record of what each chain event changed (so a retraction can undo exactly that).
ALTER TABLE model
    ADD COLUMN slug                TEXT,
    ADD COLUMN summary             TEXT,
    ADD COLUMN modality            TEXT,
    ADD COLUMN license_summary     TEXT,
    ADD COLUMN deprecated          BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN delisted            BOOLEAN NOT NULL DEFAULT false, -- state is derived from these and the token
    ADD COLUMN owner               TEXT,      -- token owner once tokenized, else developer
    ADD COLUMN token_metadata_uri  TEXT,
    ADD COLUMN chain_artifact_digest TEXT,
    ADD COLUMN digest_mismatch     BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN latest_version      TEXT,
    ADD COLUMN latest_version_at   TIMESTAMPTZ,
    ADD COLUMN latest_version_digest TEXT,
    ADD COLUMN usage_prices        TEXT NOT NULL DEFAULT '[]', -- JSON array of on-chain per-call prices
    ADD COLUMN min_usage_price     NUMERIC(78, 0), -- cheapest pay-per-use price, NULL if none
    ADD COLUMN document            TEXT;           -- the model as GET shows it, kept on every write

UPDATE model SET slug = 'model-' || replace(id::text, '-', ''), owner = coalesce(token_owner, developer);
ALTER TABLE model ALTER COLUMN slug SET NOT NULL, ALTER COLUMN owner SET NOT NULL;
CREATE UNIQUE INDEX model_slug ON model (slug);
DROP INDEX model_token_owner;
CREATE INDEX model_owner ON model (owner, created_at DESC, id DESC);
CREATE INDEX model_token ON model (token_chain_id, token_id);

-- Full-text search, ranked: name weighs most, then summary and tags, then the description.
ALTER TABLE model ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(summary, '') || ' ' || tags), 'B') ||
    setweight(to_tsvector('english', coalesce(task, '') || ' ' || coalesce(framework, '') || ' '
        || coalesce(modality, '')), 'C') ||
    setweight(to_tsvector('english', left(coalesce(description, ''), 65536)), 'D')) STORED;
CREATE INDEX model_search ON model USING GIN (search);
CREATE INDEX model_tags ON model USING GIN ((tags::jsonb) jsonb_path_ops);
CREATE INDEX model_newest ON model (created_at DESC, id DESC);
CREATE INDEX model_task ON model (task, created_at DESC, id DESC);
CREATE INDEX model_framework ON model (framework, created_at DESC, id DESC);
CREATE INDEX model_state ON model (state, created_at DESC, id DESC);
CREATE INDEX model_name ON model (lower(name), id);
CREATE INDEX model_price ON model (min_usage_price, id) WHERE min_usage_price IS NOT NULL;

CREATE TABLE model_version (
    id            UUID        PRIMARY KEY,
    model_id      UUID        NOT NULL REFERENCES model (id),
    version       TEXT        NOT NULL,
    artifact_uri  TEXT        NOT NULL,
    sha256        TEXT        NOT NULL,
    size_bytes    BIGINT      NOT NULL,
    release_notes TEXT,
    published_by  TEXT        NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (model_id, version)
);

-- What each applied chain event changed, to undo exactly that when it is retracted.
CREATE TABLE chain_effect (
    event_id   TEXT        PRIMARY KEY,
    model_id   UUID        NOT NULL,
    kind       TEXT        NOT NULL,
    before     TEXT        NOT NULL, -- JSON of the fields as they were
    applied_at TIMESTAMPTZ NOT NULL
);
