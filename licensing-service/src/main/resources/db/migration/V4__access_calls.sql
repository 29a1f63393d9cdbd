-- One call per request id (issue 26). A request id (the caller's SOA-Request-Id, or one the gateway
-- makes) names one call of one model's feature with one body: the row binds it to them
-- (fingerprint) and says where that call is. 'in-flight': an attempt holds it (a repeat gets 409
-- request-in-progress); 'answered': the model answered and the payment is kept (a repeat gets 409
-- request-already-answered with this outcome, and is neither forwarded nor charged); 'failed':
-- refused, or the model failed and what the attempt took was given back (a repeat is a new paid
-- attempt, attempt + 1). An in-flight row older than the gateway's longest call is a crashed
-- attempt and may be taken over. Kept a day (ExpirySweep prunes), far beyond any client's retries.
CREATE TABLE access_call (
    request_key  TEXT          PRIMARY KEY,          -- caller:request id
    fingerprint  TEXT          NOT NULL,             -- model:feature:sha-256 of the body
    state        TEXT          NOT NULL CHECK (state IN ('in-flight', 'answered', 'failed')),
    attempt      INT           NOT NULL,
    access       TEXT,                               -- licence | voucher, once paid
    license_id   NUMERIC(78,0),                      -- the licence whose call it took
    charge_id    UUID,                               -- or the charge payment-service made
    charged      NUMERIC(78,0),
    status       INT,                                -- the model's status, once answered
    started_at   TIMESTAMPTZ   NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX access_call_age ON access_call (started_at);

-- Replaced by access_call: a take is now bound to its call, not to caller and request id only.
DROP TABLE licence_take;
