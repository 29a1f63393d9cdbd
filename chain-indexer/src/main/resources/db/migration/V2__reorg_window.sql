-- The indexer's memory of what it published, to undo reorgs and to resume exactly.
ALTER TABLE cursor ADD COLUMN block_time BIGINT;
ALTER TABLE cursor ADD COLUMN halted_reason TEXT;

-- Hashes of every block within reorg-window of the head that the cursor has passed.
CREATE TABLE block_hash (
    chain_id     BIGINT NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    PRIMARY KEY (chain_id, block_number)
);

-- Events published from those blocks, so a reorg can retract exactly them.
CREATE TABLE published_event (
    chain_id     BIGINT NOT NULL,
    block_number BIGINT NOT NULL,
    log_index    BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    event_id     TEXT   NOT NULL,
    event_type   TEXT   NOT NULL,
    topic        TEXT   NOT NULL,
    kafka_key    TEXT   NOT NULL,
    payload      TEXT   NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- Base ids (chainId:txHash:logIndex) of events that were retracted. If the same log comes back
-- in another block (the transaction re-included), it is published as id:blockHash, so inboxes
-- that already hold the base id apply it again. Never pruned: reorgs are rare and small.
CREATE TABLE retracted_event (
    chain_id BIGINT NOT NULL,
    event_id TEXT   NOT NULL,
    PRIMARY KEY (chain_id, event_id)
);
