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

-- Events published from those blocks, one row per block (a JSON array of {logIndex, id, type,
-- topic, key, payload}), so a reorg can retract exactly them; a row per block keeps the write
-- cheap when blocks are dense.
CREATE TABLE published_block (
    chain_id     BIGINT NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    events       TEXT   NOT NULL,
    PRIMARY KEY (chain_id, block_number)
);

-- Base ids (chainId:txHash:logIndex) of events that were retracted. If the same log comes back
-- in another block (the transaction re-included), it is published as id:blockHash, so inboxes
-- that already hold the base id apply it again. Never pruned: reorgs are rare and small.
CREATE TABLE retracted_event (
    chain_id BIGINT NOT NULL,
    event_id TEXT   NOT NULL,
    PRIMARY KEY (chain_id, event_id)
);
