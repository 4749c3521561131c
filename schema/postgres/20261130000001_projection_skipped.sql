-- Events the read models could not take. The projector applies the events
-- of a failed batch one at a time; the one that fails by itself (not for
-- want of a database) is recorded here and stepped over, so that one event
-- can never stop the read models for good. While a row is here /readyz says
-- the read models are not to be trusted; a rebuild after the fix empties it
-- and replays.
CREATE TABLE projection_skipped (
    position BIGINT PRIMARY KEY,
    event_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    skipped_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
