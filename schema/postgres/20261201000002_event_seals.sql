-- Seals over the integrity chain (ops/decisions/0018). Each append
-- transaction of the server signs, with the server's own ed25519 key (which
-- the database role never holds), the range of positions it wrote and the
-- chain's hashes at both ends, in the same transaction. A row inserted into
-- `events` behind the server's back is chained by the trigger like any
-- other, but no seal covers its position: verification names it.
CREATE TABLE event_seals
(
    first_position BIGINT PRIMARY KEY,
    last_position  BIGINT NOT NULL CHECK (last_position >= first_position),
    -- The chain's hash before `first_position` and at `last_position`, hex.
    hash_before    TEXT   NOT NULL,
    hash_at_last   TEXT   NOT NULL,
    -- UTC, RFC 3339.
    sealed_at      TEXT   NOT NULL,
    public_key     TEXT   NOT NULL,
    signature      TEXT   NOT NULL
);

CREATE TRIGGER event_seals_refuse_update_delete
    BEFORE UPDATE OR DELETE ON event_seals
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();

CREATE TRIGGER event_seals_refuse_truncate
    BEFORE TRUNCATE ON event_seals
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
