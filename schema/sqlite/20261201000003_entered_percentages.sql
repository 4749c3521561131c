-- A ratio leaf is entered as a percentage and scored as points rounded to
-- two places: the percentage itself is kept beside the points, so that a
-- page offers back what was typed instead of a figure derived from points
-- (or, worse, the points in a percentage field). Filled from the events'
-- entries; rows written before this are filled by a rebuild.
ALTER TABLE rm_scorecard_leaves ADD COLUMN self_percentage TEXT;
ALTER TABLE rm_scorecard_leaves ADD COLUMN round1_percentage TEXT;
ALTER TABLE rm_scorecard_leaves ADD COLUMN round2_percentage TEXT;
