-- The inbox is pruned by age (InboxPruner): oldest first, through this index.
CREATE INDEX inbox_received_at ON inbox (received_at);
