-- Events the read models could not take (see the PostgreSQL migration of
-- the same name for why).
CREATE TABLE projection_skipped (
    position INTEGER PRIMARY KEY,
    event_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    skipped_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
