-- Concurrency invariants held by the database (security.md R36), not by isolation level alone.
--
-- At most one open detainer per subject per issuing agency: a detainer is open from the draft
-- until it is lifted, ICE assumes custody or the hold ends (the statuses below; domain/jem-case.ts).
-- Two officers drafting detainers on two bookings of the same person race here; the second
-- insert of the pair fails with 23505 on this index, which the API answers 409
-- (http/problem.ts CONSTRAINT_CONFLICTS).
CREATE UNIQUE INDEX cases_one_open_detainer ON cases (subject_id, agency_id)
  WHERE subject_id IS NOT NULL
    AND status IN ('detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running');
