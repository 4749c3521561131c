-- The event store. Column names and types are the ones postgres-es 0.5 reads
-- and writes (it names its insert columns); `position` and `recorded_at` are
-- ours and are filled by a trigger, so postgres-es never needs to know them.
CREATE TABLE events
(
    aggregate_type text                         NOT NULL,
    aggregate_id   text                         NOT NULL,
    sequence       bigint CHECK (sequence >= 1) NOT NULL,
    event_type     text                         NOT NULL,
    event_version  text                         NOT NULL,
    -- json, not jsonb: json keeps the exact text written, which the integrity
    -- chain hashes.
    payload        json                         NOT NULL,
    metadata       json                         NOT NULL,
    -- Global log position: gap-free and in commit order (see below).
    position       bigint                       NOT NULL UNIQUE,
    -- When the database recorded the event, in UTC.
    recorded_at    timestamptz                  NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

-- The last position handed out. One row, whose row lock serialises appends.
--
-- A plain sequence is not enough: its value is taken at insert but becomes
-- visible at commit, so a reader could pass position 11 while 10 is still in
-- flight and skip 10 for ever. Taking the next position by updating this row
-- holds its lock until the transaction ends, so positions become visible in
-- the order they were handed out, and a rolled-back append gives its number
-- back (no gaps). See ops/decisions/0001-global-log-position.md.
CREATE TABLE event_log_head
(
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position  bigint  NOT NULL CHECK (position >= 0)
);
INSERT INTO event_log_head (singleton, position) VALUES (true, 0);

CREATE FUNCTION events_assign_position() RETURNS trigger
    LANGUAGE plpgsql
    -- Pin the schema the migration ran in, whatever the inserting session's
    -- search_path: the head row cannot be swapped for another table.
    SET search_path FROM CURRENT AS
$$
BEGIN
    -- Whatever the client sent is overwritten: only this trigger numbers the log.
    UPDATE event_log_head SET position = position + 1 RETURNING position INTO NEW.position;
    -- Taken after the lock, so recorded times follow log order.
    NEW.recorded_at := clock_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER events_assign_position
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_assign_position();

-- Events are immutable: the database itself refuses to change or remove one,
-- whatever the application does.
CREATE FUNCTION events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER events_refuse_update_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();

CREATE TRIGGER events_refuse_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
