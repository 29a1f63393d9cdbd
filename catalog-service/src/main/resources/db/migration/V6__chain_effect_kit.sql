-- The catalog's undo rows take the kit's shape (platform-chainmirror ChainEffects, as licensing and
-- payment-service have it): the thing an event changed is named by kind and key (here the catalog
-- model's id), and its state before may be absent.
ALTER TABLE chain_effect ADD COLUMN key TEXT;
UPDATE chain_effect SET key = model_id::text;
ALTER TABLE chain_effect ALTER COLUMN key SET NOT NULL;
ALTER TABLE chain_effect DROP COLUMN model_id;
ALTER TABLE chain_effect ALTER COLUMN before DROP NOT NULL;
