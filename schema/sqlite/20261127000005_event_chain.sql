-- The integrity chain over the global log (ops/decisions/0008); on SQLite the
-- entry is computed by the event repository, in the same transaction as the
-- event, with the same definition as on PostgreSQL.
CREATE TABLE event_chain
(
    position INTEGER PRIMARY KEY,
    hash     TEXT    NOT NULL
) STRICT;

CREATE TRIGGER event_chain_refuse_update
    BEFORE UPDATE ON event_chain
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: UPDATE on event_chain is refused');
END;

CREATE TRIGGER event_chain_refuse_delete
    BEFORE DELETE ON event_chain
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: DELETE on event_chain is refused');
END;

CREATE TABLE audit_checkpoints
(
    position   INTEGER NOT NULL,
    head       TEXT    NOT NULL,
    signed_at  TEXT    NOT NULL,
    public_key TEXT    NOT NULL,
    signature  TEXT    NOT NULL,
    PRIMARY KEY (position, public_key)
) STRICT;
