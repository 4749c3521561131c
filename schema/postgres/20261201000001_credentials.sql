-- Password hashes, outside the history (ops/decisions/0017). The events that
-- set a password name a credential; its hash is here, where only sign-in
-- and password changes read it. Not part of the chain, not a read model (a
-- rebuild leaves it alone), not in an audit archive; in every backup.
--
-- Histories written before this table held the hash in version 1 of those
-- events: the server carries each one over here at start-up, under an id
-- derived from the event's account and sequence, and every read of the log
-- takes the hash out of the payload.
CREATE TABLE credentials
(
    credential_id TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    -- argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    stored_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX credentials_by_account ON credentials (account_id);
