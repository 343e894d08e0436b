-- Casework indexes found by the issue-4 bench (bench/casework.ts).

-- The screening queue orders open cases of a facility by tier, then time to release (a case
-- without an expected release last), then case id for a stable keyset. The index of 0007 keyed
-- the raw expected_release_at, so PostgreSQL had to sort every open case of the first tier to
-- find a page. This one carries the queue's own sort expression: the first page is an index scan
-- that stops after one page. It covers every query the old one served, so that one goes.
CREATE INDEX cases_queue_order_idx ON cases (
  agency_id, facility_code, tier, (coalesce(expected_release_at, 'infinity'::timestamptz)), case_id
) WHERE closed_at IS NULL;
DROP INDEX cases_queue_idx;

-- Subject resolution at intake looks up candidates sharing an identifier, or the date of birth,
-- or the surname and year of birth. Every branch but the date of birth had an index, so the
-- lookup read every subject (34 ms a booking with 130,000 on file); with this one it is a
-- bitmap OR of index scans (under 1 ms).
CREATE INDEX subjects_dob_idx ON subjects (dob);
