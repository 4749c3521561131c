-- How far each process manager has read the global log. A process manager
-- acts through commands (each its own transaction) and is idempotent, so it
-- moves its checkpoint after acting: a crash in between repeats an action,
-- which then changes nothing.
CREATE TABLE process_checkpoints
(
    name     text   PRIMARY KEY,
    position bigint NOT NULL CHECK (position >= 0)
);
