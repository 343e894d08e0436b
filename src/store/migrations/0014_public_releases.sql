-- Public dashboard releases (issue 8; security.md §4, R42–R44). A release is a fixed set of
-- precomputed tables built on the server; `tables` holds the published (rounded) values only
-- and is all the public dashboard ever reads. The release check's result is kept with it; only
-- a release that passed is served. The exact counts behind a release are kept apart, in
-- public_release_exact, for the next release's revision check, and are never served.
CREATE TABLE public_releases (
  release_id uuid PRIMARY KEY,
  built_at timestamptz NOT NULL,
  built_by text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  tables jsonb NOT NULL,
  check_passed boolean NOT NULL,
  check_problems jsonb NOT NULL
);
CREATE INDEX public_releases_passed_idx ON public_releases (check_passed, built_at DESC);

CREATE TABLE public_release_exact (
  release_id uuid PRIMARY KEY REFERENCES public_releases (release_id),
  tables jsonb NOT NULL
);
