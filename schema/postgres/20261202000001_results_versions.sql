-- Every version of a period's results stays readable: the first
-- aggregation is version 1, each aggregation after corrections the next.
-- `corrections` lists the reopened leaves the version took in, with their
-- scores before and after and why; `results` is the whole ranking.
CREATE TABLE rm_results_versions
(
    period_id     TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    aggregated_at TEXT   NOT NULL,
    reason        TEXT,
    corrections   TEXT   NOT NULL,
    results       TEXT   NOT NULL,
    PRIMARY KEY (period_id, version)
);

-- A leaf reopened after provisional results and scored again: the score
-- stands over round 2's, and its reason beside it.
ALTER TABLE rm_scorecard_leaves ADD COLUMN corrected_points TEXT;
ALTER TABLE rm_scorecard_leaves ADD COLUMN corrected_reason TEXT;
