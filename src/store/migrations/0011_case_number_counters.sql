-- Case numbers (<model>-<year>-<n>) from a counter row per prefix: one indexed upsert per new
-- case instead of counting every case of the year, and two concurrent bookings can never draw
-- the same number (the upsert serialises on the counter row).
CREATE TABLE case_number_counters (
  prefix text PRIMARY KEY,
  last integer NOT NULL CHECK (last > 0)
);
INSERT INTO case_number_counters (prefix, last)
SELECT substring(case_number FROM '^([A-Z]+-[0-9]{4})-'), max(substring(case_number FROM '-([0-9]+)$')::integer)
FROM cases
GROUP BY 1;
