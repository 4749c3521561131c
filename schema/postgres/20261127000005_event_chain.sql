-- The integrity chain over the global log (ops/decisions/0008). Each entry is
--   SHA-256(previous entry's hash ‖ SHA-256(position) ‖ SHA-256(recorded time)
--           ‖ SHA-256(aggregate type) ‖ SHA-256(aggregate id) ‖ SHA-256(sequence)
--           ‖ SHA-256(event type) ‖ SHA-256(event version) ‖ SHA-256(payload)
--           ‖ SHA-256(metadata))
-- over the exact stored text (UTF-8), with 32 zero bytes before position 1.
-- It is written in the same transaction as the event, so an event without
-- its entry was not appended through the store.
CREATE TABLE event_chain
(
    position BIGINT PRIMARY KEY,
    hash     TEXT   NOT NULL
);

CREATE FUNCTION events_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT AS
$$
DECLARE
    previous bytea;
BEGIN
    IF NEW.position = 1 THEN
        previous := decode(repeat('00', 32), 'hex');
    ELSE
        SELECT decode(hash, 'hex') INTO previous FROM event_chain WHERE position = NEW.position - 1;
        IF previous IS NULL THEN
            RAISE EXCEPTION 'the event chain has no entry before position %', NEW.position;
        END IF;
    END IF;
    INSERT INTO event_chain (position, hash)
    VALUES (NEW.position, encode(sha256(previous
        || sha256(convert_to(NEW.position::text, 'UTF8'))
        || sha256(convert_to(to_char(NEW.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8'))
        || sha256(convert_to(NEW.aggregate_type, 'UTF8'))
        || sha256(convert_to(NEW.aggregate_id, 'UTF8'))
        || sha256(convert_to(NEW.sequence::text, 'UTF8'))
        || sha256(convert_to(NEW.event_type, 'UTF8'))
        || sha256(convert_to(NEW.event_version, 'UTF8'))
        || sha256(convert_to(NEW.payload::text, 'UTF8'))
        || sha256(convert_to(NEW.metadata::text, 'UTF8'))), 'hex'));
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_chain
    AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_chain();

CREATE TRIGGER event_chain_refuse_update_delete
    BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();

CREATE TRIGGER event_chain_refuse_truncate
    BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- Signed checkpoints (position and head hash, signed with the operator's
-- ed25519 key), kept here as well as published outside the database.
CREATE TABLE audit_checkpoints
(
    position   BIGINT NOT NULL,
    head       TEXT   NOT NULL,
    signed_at  TEXT   NOT NULL,
    public_key TEXT   NOT NULL,
    signature  TEXT   NOT NULL,
    PRIMARY KEY (position, public_key)
);
