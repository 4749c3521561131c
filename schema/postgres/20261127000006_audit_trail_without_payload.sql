-- The audit trail keeps who, what and the Vietnamese line; the payload is
-- read from the event itself (joined by position). A copy of every payload
-- doubled what a rebuild writes, and the log is the one source of truth.
ALTER TABLE rm_audit_trail DROP COLUMN payload;
