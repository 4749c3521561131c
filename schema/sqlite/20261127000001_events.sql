-- The event store on the embedded SQLite file.
CREATE TABLE events
(
    -- Global log position. An INTEGER PRIMARY KEY is SQLite's rowid: without
    -- AUTOINCREMENT a new row gets max(position) + 1. SQLite has one writer at
    -- a time and rows are never deleted, so positions are gap-free and follow
    -- commit order (a rolled-back append gives its number back).
    position       INTEGER PRIMARY KEY,
    aggregate_type TEXT    NOT NULL,
    aggregate_id   TEXT    NOT NULL,
    sequence       INTEGER NOT NULL CHECK (sequence >= 1),
    event_type     TEXT    NOT NULL,
    event_version  TEXT    NOT NULL,
    payload        TEXT    NOT NULL CHECK (json_valid(payload)),
    metadata       TEXT    NOT NULL CHECK (json_valid(metadata)),
    -- When the database recorded the event: UTC, RFC 3339, milliseconds.
    recorded_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (aggregate_type, aggregate_id, sequence)
) STRICT;

-- Events are immutable: the database itself refuses to change or remove one.
-- (SQLite has no TRUNCATE; a DELETE without WHERE fires this trigger too.)
CREATE TRIGGER events_refuse_update
    BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: UPDATE on events is refused');
END;

CREATE TRIGGER events_refuse_delete
    BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: DELETE on events is refused');
END;
