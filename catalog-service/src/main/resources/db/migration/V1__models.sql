-- Models in the catalog; token_* mirror the chain once the model token is minted.
CREATE TABLE model (
    id              UUID PRIMARY KEY,
    catalog_id      TEXT        NOT NULL UNIQUE,
    name            TEXT        NOT NULL,
    description     TEXT,
    task            TEXT,
    framework       TEXT,
    tags            TEXT        NOT NULL DEFAULT '[]', -- JSON array
    features        TEXT        NOT NULL DEFAULT '[]', -- JSON array of {id, description}
    endpoint_url    TEXT,
    artifact_digest TEXT,
    developer       TEXT        NOT NULL,
    state           TEXT        NOT NULL,
    token_chain_id  BIGINT,
    token_contract  TEXT,
    token_id        NUMERIC(78, 0),
    token_owner     TEXT,
    token_tx_hash   TEXT,
    token_block     BIGINT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX model_developer ON model (developer);
CREATE INDEX model_token_owner ON model (token_owner);
