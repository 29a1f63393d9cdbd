-- How far the indexer has published, per chain. Moves only after Kafka acknowledged every
-- event up to block_number.
CREATE TABLE cursor (
    chain_id     BIGINT PRIMARY KEY,
    block_number BIGINT      NOT NULL,
    block_hash   TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
