-- The rules a criteria set gives a leaf beside its method, as JSON: a range
-- leaf's score step, a survey leaf's answer shares; none where the set
-- keeps the regulation's (0.25; A, B, C, D = 100, 60, 20, 0 %).
ALTER TABLE rm_criteria ADD COLUMN rules TEXT;
