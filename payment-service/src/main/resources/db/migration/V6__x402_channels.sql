-- x402 `batch-settlement` channels this service serves as the resource server's side and settles as
-- facilitator (X402BatchSettlement.sol): per channel its immutable config, what its vouchers
-- allowed and what was charged (chargedCumulativeAmount), and a mirror of the chain's balance and
-- claims. A request holds the channel (busy_*) from its voucher's check to its charge, so one
-- voucher pays one call and concurrent vouchers of a channel are refused, not double-served.
CREATE TABLE x402_channel (
    channel_id           TEXT          PRIMARY KEY,   -- bytes32, 0x + 64 lower-case hex digits
    payer                TEXT          NOT NULL,
    payer_authorizer     TEXT          NOT NULL,
    receiver             TEXT          NOT NULL,      -- the model's payee
    receiver_authorizer  TEXT          NOT NULL,      -- the settlement key
    token                TEXT          NOT NULL,
    withdraw_delay       BIGINT        NOT NULL,
    salt                 TEXT          NOT NULL,
    balance              NUMERIC(78,0) NOT NULL,      -- on chain: deposits - refunds - withdrawals
    total_claimed        NUMERIC(78,0) NOT NULL,      -- on chain
    withdraw_requested_at BIGINT       NOT NULL DEFAULT 0,
    refund_nonce         NUMERIC(78,0) NOT NULL DEFAULT 0,
    synced_at            TIMESTAMPTZ   NOT NULL,      -- when the chain fields were read or moved by us
    charged              NUMERIC(78,0) NOT NULL,      -- chargedCumulativeAmount
    signed_max           NUMERIC(78,0) NOT NULL DEFAULT 0,
    signature            TEXT,                        -- the voucher of signed_max
    busy_request         TEXT,
    busy_max             NUMERIC(78,0),
    busy_signature       TEXT,
    busy_until           TIMESTAMPTZ,
    created_at           TIMESTAMPTZ   NOT NULL
);

-- Each paid call: what it charged the channel (actual price <= the requirement's amount).
CREATE TABLE x402_channel_charge (
    channel_id   TEXT          NOT NULL REFERENCES x402_channel,
    cumulative   NUMERIC(78,0) NOT NULL,              -- chargedCumulativeAmount after it
    amount       NUMERIC(78,0) NOT NULL,
    request_id   TEXT          NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (channel_id, cumulative)
);

-- The chain transactions of channels, each a settlement of reason 'x402-batch' sent by the
-- settlement key (its nonce sequence, recorded before broadcast, followed up like claims):
-- a deposit (once per ERC-3009 authorization), a claim-and-settle round, a refund.
CREATE TABLE x402_channel_tx (
    settlement_id  UUID          PRIMARY KEY REFERENCES settlement,
    kind           TEXT          NOT NULL,            -- deposit | claim | refund
    channel_id     TEXT,                              -- deposit, refund
    amount         NUMERIC(78,0),                     -- deposit, refund
    auth_key       TEXT          UNIQUE,              -- deposit: payer + ERC-3009 nonce
    created_at     TIMESTAMPTZ   NOT NULL
);
-- A claim round's rows: the channel's total claimed once it is mined.
CREATE TABLE x402_claim_item (
    settlement_id  UUID          NOT NULL REFERENCES x402_channel_tx,
    channel_id     TEXT          NOT NULL REFERENCES x402_channel,
    total_claimed  NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (settlement_id, channel_id)
);
