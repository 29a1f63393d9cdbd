-- The W3C traceparent of the request that asked for each charge (null when untraced): the
-- settlement that claims a channel links its span to the trace of the call whose voucher it claims.
ALTER TABLE charge ADD COLUMN trace_parent text;
