-- x402 `exact` payments this service settles as facilitator: one row per ERC-3009 authorization
-- (payer, nonce), so a payload is settled at most once, however often and by whomever it is sent.
-- Its transferWithAuthorization is a settlement of reason 'x402', sent by the settlement key in the
-- same nonce sequence as its claims, recorded before it is broadcast and followed up the same way.
CREATE TABLE x402_transfer (
    payer          TEXT          NOT NULL,
    auth_nonce     TEXT          NOT NULL,      -- bytes32, 0x + 64 lower-case hex digits
    pay_to         TEXT          NOT NULL,
    amount         NUMERIC(78,0) NOT NULL,
    valid_after    NUMERIC(78,0) NOT NULL,
    valid_before   NUMERIC(78,0) NOT NULL,
    signature      TEXT          NOT NULL,
    settlement_id  UUID          NOT NULL UNIQUE REFERENCES settlement,
    created_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (payer, auth_nonce)
);
