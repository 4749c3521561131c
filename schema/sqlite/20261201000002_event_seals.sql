-- Seals over the integrity chain (ops/decisions/0018): each append
-- transaction of the server signs, with the server's own ed25519 key, the
-- range of positions it wrote and the chain's hashes at both ends, in the
-- same transaction. A row written into `events` behind the server's back
-- has no seal over its position.
CREATE TABLE event_seals
(
    first_position INTEGER PRIMARY KEY,
    last_position  INTEGER NOT NULL CHECK (last_position >= first_position),
    hash_before    TEXT    NOT NULL,
    hash_at_last   TEXT    NOT NULL,
    sealed_at      TEXT    NOT NULL,
    public_key     TEXT    NOT NULL,
    signature      TEXT    NOT NULL
) STRICT;

CREATE TRIGGER event_seals_refuse_update
    BEFORE UPDATE ON event_seals
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: UPDATE on event_seals is refused');
END;

CREATE TRIGGER event_seals_refuse_delete
    BEFORE DELETE ON event_seals
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: DELETE on event_seals is refused');
END;
