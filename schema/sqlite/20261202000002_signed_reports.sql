-- The signed report a unit submits with its approved content (Điều 9.3),
-- as the evidence JSON of the PDF scan; none before submission, after a
-- reopening, or in histories from before it was asked for.
ALTER TABLE rm_scorecards ADD COLUMN signed_report TEXT;
