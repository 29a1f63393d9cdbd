-- A failed call's charge is released by payment-service from the decision's AccessGranted event
-- (refunded, with the charge id), read from this service's outbox: the second queue goes (issue 27).
DROP TABLE pending_release;
