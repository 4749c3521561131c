-- Read models: built from the global log by the projector, dropped and
-- rebuilt at will, never a source of truth. Portable SQL (the same file for
-- both stores): decimals are kept as text (exact), JSON as text, flags as
-- 0/1. The *_state columns hold the domain aggregate's own serialised state,
-- so the projector reuses the domain's rules instead of copying them.

CREATE TABLE projection_checkpoints
(
    name     TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);

CREATE TABLE rm_audit_trail
(
    position       BIGINT PRIMARY KEY,
    recorded_at    TEXT   NOT NULL,
    actor          TEXT,
    role           TEXT,
    unit_id        TEXT,
    aggregate_type TEXT   NOT NULL,
    aggregate_id   TEXT   NOT NULL,
    event_type     TEXT   NOT NULL,
    summary        TEXT   NOT NULL,
    payload        TEXT   NOT NULL
);
CREATE INDEX rm_audit_trail_by_aggregate ON rm_audit_trail (aggregate_type, aggregate_id, position);
CREATE INDEX rm_audit_trail_by_actor ON rm_audit_trail (actor, position);
CREATE INDEX rm_audit_trail_by_unit ON rm_audit_trail (unit_id, position);
CREATE INDEX rm_audit_trail_by_type ON rm_audit_trail (event_type, position);

CREATE TABLE rm_units
(
    unit_id   TEXT PRIMARY KEY,
    code      TEXT   NOT NULL,
    name      TEXT   NOT NULL,
    kind      TEXT   NOT NULL,
    parent_id TEXT,
    active    BIGINT NOT NULL
);

-- Never a password hash.
CREATE TABLE rm_accounts
(
    account_id           TEXT PRIMARY KEY,
    username             TEXT   NOT NULL,
    display_name         TEXT   NOT NULL,
    role                 TEXT   NOT NULL,
    unit_id              TEXT,
    department           TEXT,
    permissions          TEXT   NOT NULL,
    locked               BIGINT NOT NULL,
    lock_reason          TEXT,
    must_change_password BIGINT NOT NULL
);

CREATE TABLE rm_criteria_sets
(
    criteria_set_id TEXT PRIMARY KEY,
    index_kind      TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    year            BIGINT NOT NULL,
    version         BIGINT NOT NULL,
    published       BIGINT NOT NULL,
    digest          TEXT,
    set_state       TEXT   NOT NULL
);

CREATE TABLE rm_criteria
(
    criteria_set_id        TEXT   NOT NULL,
    code                   TEXT   NOT NULL,
    ordinal                BIGINT NOT NULL,
    title                  TEXT   NOT NULL,
    max_score              TEXT   NOT NULL,
    method                 TEXT,
    levels                 TEXT,
    evidence_required      BIGINT NOT NULL,
    not_applicable_allowed BIGINT NOT NULL,
    appraised_by           TEXT   NOT NULL,
    PRIMARY KEY (criteria_set_id, code)
);

CREATE TABLE rm_periods
(
    period_id       TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    year            BIGINT NOT NULL,
    criteria_set_id TEXT NOT NULL,
    status          TEXT NOT NULL,
    deadlines       TEXT NOT NULL,
    period_state    TEXT NOT NULL
);

CREATE TABLE rm_scorecards
(
    period_id          TEXT   NOT NULL,
    unit_id            TEXT   NOT NULL,
    status             TEXT   NOT NULL,
    approved_hash      TEXT,
    submitted_hash     TEXT,
    field_points       TEXT   NOT NULL,
    bonus              TEXT   NOT NULL,
    penalty            TEXT   NOT NULL,
    total              TEXT   NOT NULL,
    applicable_maximum TEXT   NOT NULL,
    index_value        TEXT   NOT NULL,
    fields             TEXT   NOT NULL,
    -- Every leaf's final score and where it came from (appraised, self
    -- score not appraised, survey, not scored, not applicable).
    final_leaves       TEXT   NOT NULL,
    scorecard_state    TEXT   NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE rm_scorecard_leaves
(
    period_id             TEXT NOT NULL,
    unit_id               TEXT NOT NULL,
    code                  TEXT NOT NULL,
    self_points           TEXT,
    not_applicable_reason TEXT,
    explanation           TEXT,
    evidence              TEXT NOT NULL,
    round1_points         TEXT,
    round1_reason         TEXT,
    round2_points         TEXT,
    round2_reason         TEXT,
    appraiser_id          TEXT,
    answers               TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id, code)
);

CREATE TABLE rm_worksheets
(
    period_id       TEXT   NOT NULL,
    appraiser_id    TEXT   NOT NULL,
    assigned        BIGINT NOT NULL,
    round1_done     BIGINT NOT NULL,
    round2_done     BIGINT NOT NULL,
    submitted       BIGINT NOT NULL,
    worksheet_state TEXT   NOT NULL,
    PRIMARY KEY (period_id, appraiser_id)
);

CREATE TABLE rm_sub_account_requests
(
    request_id   TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    accounts     TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT
);

CREATE TABLE rm_rankings
(
    period_id          TEXT   NOT NULL,
    unit_id            TEXT   NOT NULL,
    block              TEXT   NOT NULL,
    unit_code          TEXT   NOT NULL,
    rank               BIGINT NOT NULL,
    total              TEXT   NOT NULL,
    applicable_maximum TEXT   NOT NULL,
    index_value        TEXT   NOT NULL,
    fields             TEXT   NOT NULL,
    classification     TEXT,
    state              TEXT   NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);
