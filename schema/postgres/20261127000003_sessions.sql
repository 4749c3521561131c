-- Sign-in sessions. A session is not a fact of the scoring history (sign-in
-- failures and locks are, as account events); it is a credential check, so
-- it lives in its own table and may be updated (sign-out).
CREATE TABLE sessions
(
    -- SHA-256 (hex) of the bearer token: the token itself is never stored.
    token_hash       text        PRIMARY KEY,
    account_id       text        NOT NULL,
    -- The account's session epoch when signed in: a password change, a
    -- reset or a lock moves the epoch on and so ends every older session.
    session_epoch bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    client           text,
    user_agent       text
);
CREATE INDEX sessions_by_account ON sessions (account_id);
