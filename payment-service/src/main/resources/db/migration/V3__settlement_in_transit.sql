-- What each claim carries from the model's earnings to the ledger account settlement:in-transit
-- when its transaction is recorded: the voucher less what the chain had claimed. Confirmation
-- pays it out; a skip, a failure or a retracted claim moves it back to the earnings.
ALTER TABLE settlement_item ADD COLUMN in_transit NUMERIC(78,0) NOT NULL DEFAULT 0;
