-- The licence calls taken, by request (caller:SOA-Request-Id): a request sent again because its
-- answer was lost (the gateway restarted, the connection dropped) takes no second call. Kept a
-- day (ExpirySweep prunes), far beyond any client's retries.
CREATE TABLE licence_take (
    request_key  TEXT          PRIMARY KEY,
    license_id   NUMERIC(78,0) NOT NULL,
    taken_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX licence_take_age ON licence_take (taken_at);
