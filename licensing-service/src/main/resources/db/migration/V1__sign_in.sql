-- Sign-In with Ethereum (EIP-4361) nonces: single use, short-lived. A sign-in consumes its nonce
-- in one conditional update, so a replayed message (here or at another replica) finds it used.
CREATE TABLE siwe_nonce (
    nonce       TEXT        PRIMARY KEY,
    issued_at   TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    address     TEXT                      -- who signed in with it
);
CREATE INDEX siwe_nonce_expiry ON siwe_nonce (expires_at);
