/**
 * Queries of the program performance measures (migration 0018, ADR 0005): a case's encounter
 * version written in the transaction of the case step (`syncCaseEncounter`), the set-based fold
 * of new and superseded encounter versions into the measure rollups (one INSERT … SELECT … ON
 * CONFLICT per table), the whole rebuild of the small sources (complaints, training), and the
 * reads of the screen, which touch rollup tables only.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CaseRecord } from '../domain/jem-case.ts';
import {
  type CaseEncounter,
  type CaseSource,
  caseEncounterFacts,
  OFFENSE_LIST,
  offenseRanks,
} from '../domain/measures.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

/** The lock imports and refreshes hold exclusively (store/encounters.ts); case steps share it. */
const STATISTICS_LOCK = 287_008;

// Casework → encounters -------------------------------------------------------------------------

interface CaseSourceRow {
  case_id: string;
  model: 'JEM' | 'WSO' | 'TFM';
  subject_id: string | null;
  opened_at: Date;
  record: CaseRecord | string;
  outcome: string | null;
  closed_at: Date | null;
  hold_started_at: Date | null;
  agency: string;
  state: string;
  charges: Array<{ ncic?: string }> | string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

async function caseSource(tx: Tx, caseId: string): Promise<CaseSource | null> {
  const r = await sql<CaseSourceRow>`
    SELECT c.case_id, c.model, c.subject_id, c.opened_at, c.record, c.outcome, c.closed_at, c.hold_started_at,
           a.name AS agency, a.state, b.charges
    FROM cases c JOIN agencies a ON a.agency_id = c.agency_id
    LEFT JOIN bookings b ON b.booking_id = c.booking_id
    WHERE c.case_id = ${caseId}`.execute(tx);
  const row = r.rows[0];
  if (!row) return null;
  const answers = await sql<{ response: unknown }>`
    SELECT response FROM system_queries
    WHERE case_id = ${caseId} AND system = 'NCIC' AND state = 'answered' AND response IS NOT NULL`.execute(
    tx,
  );
  const ncic = answers.rows.map((a) => {
    const v = json(a.response as Record<string, unknown> | string) as {
      convictions?: { ncic: string; date: string }[];
      pendingCharges?: { ncic: string }[];
    };
    return {
      convictions: (v.convictions ?? []).map((c) => ({ code: c.ncic, date: c.date })),
      pendingCharges: (v.pendingCharges ?? []).map((c) => c.ncic),
    };
  });
  const charges = row.charges ? json(row.charges) : [];
  return {
    caseId: row.case_id,
    model: row.model,
    agency: row.agency,
    state: row.state,
    subjectId: row.subject_id,
    openedAt: new Date(row.opened_at),
    record: json(row.record),
    outcome: row.outcome,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    holdStartedAt: row.hold_started_at ? new Date(row.hold_started_at) : null,
    bookingCharges: charges
      .map((c) => c.ncic)
      .filter((c): c is string => typeof c === 'string' && /^\d{4}$/.test(c)),
    ncic,
  };
}

const arrayLiteral = (xs: readonly string[]) => `{${xs.join(',')}}`;

/**
 * Brings the case's encounter up to date inside the caller's transaction: when the facts the
 * measures read have changed, a new version is inserted and the previous one superseded at its
 * seq. Nothing is written when nothing changed, or while the case has no subject.
 */
export async function syncCaseEncounter(tx: Tx, caseId: string): Promise<void> {
  const source = await caseSource(tx, caseId);
  if (!source) return;
  const prev = await currentVersion(tx, caseId);
  const facts = caseEncounterFacts(source, prev?.reviews ?? []);
  if (facts) await putCaseEncounter(tx, facts, prev);
}

interface CurrentVersion {
  encounterId: string;
  hash: string;
  reviews: CaseEncounter['reviews'];
  versions: number;
}

async function currentVersion(tx: Tx, caseId: string): Promise<CurrentVersion | null> {
  const r = await sql<{ encounter_id: string; row_hash: string; reviews: unknown; n: number }>`
    SELECT encounter_id, row_hash, reviews,
           (SELECT count(*)::int FROM encounters x WHERE x.case_id = ${caseId}) AS n
    FROM encounters WHERE case_id = ${caseId} AND superseded_seq IS NULL`.execute(tx);
  const row = r.rows[0];
  if (!row) return null;
  return {
    encounterId: row.encounter_id,
    hash: row.row_hash,
    reviews: json(row.reviews as CaseEncounter['reviews'] | string),
    versions: Number(row.n),
  };
}

/**
 * Writes the case's encounter as `facts` unless the current version already says exactly that.
 * Takes the statistics lock shared, so a refresh never sees a later seq committed before an
 * earlier one (store/encounters.ts).
 */
export async function putCaseEncounter(
  tx: Tx,
  facts: Omit<CaseEncounter, 'encounterId'>,
  known?: CurrentVersion | null,
): Promise<boolean> {
  const prev = known === undefined ? await currentVersion(tx, facts.caseId) : known;
  const hash = createHash('sha256').update(JSON.stringify(facts)).digest('hex');
  if (prev?.hash === hash) return false;
  await sql`SELECT pg_advisory_xact_lock_shared(${STATISTICS_LOCK})`.execute(tx);
  const encounterId = `case:${facts.caseId}:${(prev?.versions ?? 0) + 1}`;
  // The new version's seq first: the previous version is superseded at it before the insert, so
  // a case never has two current versions.
  const next = await sql<{ seq: string | number }>`
    SELECT nextval(pg_get_serial_sequence('encounters', 'seq')) AS seq`.execute(tx);
  const seq = Number(next.rows[0]!.seq);
  if (prev)
    await sql`UPDATE encounters SET superseded_seq = ${seq} WHERE encounter_id = ${prev.encounterId}`.execute(
      tx,
    );
  await sql`
    INSERT INTO encounters (seq, encounter_id, import_id, case_id, agency, state, model, encounter_date, subject_id,
                            conviction_codes, conviction_dates, pending_charges, detainer_issued,
                            removal_proceedings, row_hash, arrest, transfer, detainer_outcome, lift_reason,
                            hold_minutes, citizenship, reviews)
    OVERRIDING SYSTEM VALUE
    VALUES (${seq}, ${encounterId}, NULL, ${facts.caseId}, ${facts.agency}, ${facts.state}, ${facts.model}, ${facts.date},
            ${facts.subjectId}, ${arrayLiteral(facts.convictions.map((c) => c.code))}::text[],
            ${arrayLiteral(facts.convictions.map((c) => c.date))}::date[],
            ${arrayLiteral(facts.pendingCharges)}::text[], ${facts.detainerIssued}, ${facts.removalProceedings},
            ${hash}, ${facts.arrest}, ${facts.transfer}, ${facts.detainerOutcome}, ${facts.liftReason},
            ${facts.holdMinutes}, ${facts.citizenship}, ${JSON.stringify(facts.reviews)}::jsonb)`.execute(tx);
  return true;
}

/** Syncs every case of a booking (its charges or release changed). */
export async function syncBookingEncounters(tx: Tx, bookingId: string): Promise<void> {
  const r = await sql<{ case_id: string }>`SELECT case_id FROM cases WHERE booking_id = ${bookingId}`.execute(
    tx,
  );
  for (const c of r.rows) await syncCaseEncounter(tx, c.case_id);
}

/** Syncs every case of a subject (a merge moved cases onto it). */
export async function syncSubjectEncounters(tx: Tx, subjectId: string): Promise<void> {
  const r = await sql<{ case_id: string }>`SELECT case_id FROM cases WHERE subject_id = ${subjectId}`.execute(
    tx,
  );
  for (const c of r.rows) await syncCaseEncounter(tx, c.case_id);
}

/** Syncs the case of a system query (an NCIC/III answer arrived). */
export async function syncQueryEncounter(tx: Tx, queryId: string): Promise<void> {
  const r = await sql<{ case_id: string }>`
    SELECT case_id FROM system_queries WHERE query_id = ${queryId} AND system = 'NCIC' AND state = 'answered'`.execute(
    tx,
  );
  for (const c of r.rows) await syncCaseEncounter(tx, c.case_id);
}

// The fold ------------------------------------------------------------------------------------

/** The encounter versions entering (+1) and leaving (−1) between marks `after` and `through`. */
const deltaRows = (after: number, through: number) => sql`
  SELECT 1 AS sign, e.* FROM encounters e
  WHERE e.seq > ${after} AND e.seq <= ${through} AND (e.superseded_seq IS NULL OR e.superseded_seq > ${through})
  UNION ALL
  SELECT -1 AS sign, e.* FROM encounters e
  WHERE e.superseded_seq > ${after} AND e.superseded_seq <= ${through} AND e.seq <= ${after}`;

const MONTH_COUNTS = [
  ['encounters', 'sign'],
  ['detainers', 'sign * detainer_issued::int'],
  ['arrests', 'sign * arrest::int'],
  ['transfers', 'sign * transfer::int'],
  ['proceedings', 'sign * removal_proceedings::int'],
  ['convicted', "sign * (class = 'C')::int"],
  ['pending_charges', "sign * (class = 'P')::int"],
  ['immigration_only', "sign * (class = 'I')::int"],
  ['charged', 'sign * (minor IS NOT NULL)::int'],
  ['minor_offense', 'sign * coalesce(minor, false)::int'],
  ['outcome_assumed_custody', "sign * (detainer_outcome = 'assumed_custody')::int"],
  ['outcome_lifted', "sign * (detainer_outcome = 'lifted')::int"],
  ['outcome_released_at_limit', "sign * (detainer_outcome = 'released_at_limit')::int"],
  ['outcome_released_other', "sign * (detainer_outcome = 'released_other')::int"],
  ['outcome_pending', "sign * (detainer_outcome = 'pending')::int"],
  ['holds', 'sign * (hold_minutes IS NOT NULL)::int'],
  ['hold_minutes', 'sign * coalesce(hold_minutes, 0)'],
  ['over_holds', `sign * (coalesce(hold_minutes, 0) > ${48 * 60})::int`],
  ['citizenship_claims', 'sign * (citizenship IS NOT NULL)::int'],
  ['citizenship_open', "sign * (citizenship = 'open')::int"],
  ['citizenship_citizen', "sign * (citizenship = 'citizen')::int"],
  ['citizenship_not_citizen', "sign * (citizenship = 'not_citizen')::int"],
] as const;

export const MONTH_COLUMNS = MONTH_COUNTS.map(([c]) => c);
export type MonthColumn = (typeof MONTH_COUNTS)[number][0];

const raw = (s: string) => sql.raw(s);

/**
 * Adds the versions between the marks to the measure rollups: one statement per table, the
 * per-encounter rules (criminality class, most serious charge against stat_offense_ranks)
 * evaluated in SQL as domain/measures.ts states them.
 */
export async function foldMeasures(tx: Tx, after: number, through: number): Promise<void> {
  if (through <= after) return;
  // The versions entering and leaving, read once for the four tables.
  await sql`DROP TABLE IF EXISTS pg_temp.stat_fold`.execute(tx);
  await sql`CREATE TEMP TABLE stat_fold ON COMMIT DROP AS ${deltaRows(after, through)}`.execute(tx);
  const d = sql`SELECT * FROM stat_fold`;
  await sql`
    WITH d AS (${d}), f AS (
      SELECT d.*, date_trunc('month', d.encounter_date)::date AS month,
        CASE WHEN EXISTS (SELECT 1 FROM unnest(d.conviction_dates) x(on_date) WHERE x.on_date <= d.encounter_date) THEN 'C'
             WHEN cardinality(d.pending_charges) > 0 THEN 'P' ELSE 'I' END AS class,
        (SELECT coalesce(r.minor, false)
           FROM (SELECT u.code FROM unnest(d.conviction_codes, d.conviction_dates) u(code, on_date)
                 WHERE u.on_date <= d.encounter_date
                 UNION ALL SELECT p.code FROM unnest(d.pending_charges) p(code)) c
           LEFT JOIN stat_offense_ranks r ON r.prefix = left(c.code, 2)
           ORDER BY coalesce(r.rank, 999), c.code LIMIT 1) AS minor
      FROM d
    )
    INSERT INTO stat_measure_months AS t (model, agency, state, month, ${raw(MONTH_COLUMNS.join(', '))})
    SELECT model, agency, state, month, ${raw(MONTH_COUNTS.map(([, e]) => `coalesce(sum(${e}), 0)`).join(', '))}
    FROM f GROUP BY model, agency, state, month
    ON CONFLICT (model, agency, state, month) DO UPDATE SET
      ${raw(MONTH_COLUMNS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', '))}`.execute(tx);
  await sql`DELETE FROM stat_measure_months WHERE encounters = 0`.execute(tx);

  await sql`
    WITH d AS (${d})
    INSERT INTO stat_hold_minutes AS t (model, agency, state, month, minutes, n)
    SELECT model, agency, state, date_trunc('month', encounter_date)::date, hold_minutes, sum(sign)
    FROM d WHERE hold_minutes IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (model, agency, state, month, minutes) DO UPDATE SET n = t.n + excluded.n`.execute(tx);
  await sql`DELETE FROM stat_hold_minutes WHERE n = 0`.execute(tx);

  await sql`
    WITH d AS (${d})
    INSERT INTO stat_lift_reasons AS t (model, agency, state, month, reason, n)
    SELECT model, agency, state, date_trunc('month', encounter_date)::date, lift_reason, sum(sign)
    FROM d WHERE lift_reason IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (model, agency, state, month, reason) DO UPDATE SET n = t.n + excluded.n`.execute(tx);
  await sql`DELETE FROM stat_lift_reasons WHERE n = 0`.execute(tx);

  await sql`
    WITH d AS (${d})
    INSERT INTO stat_reviews AS t (model, agency, state, month, supervisor, decision, minutes, n)
    SELECT d.model, d.agency, d.state, date_trunc('month', (r.v->>'on')::date)::date, r.v->>'by', r.v->>'decision',
           (r.v->>'minutes')::int, sum(d.sign)
    FROM d, jsonb_array_elements(d.reviews) AS r(v) GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (model, agency, state, month, supervisor, decision, minutes) DO UPDATE SET n = t.n + excluded.n`.execute(
    tx,
  );
  await sql`DELETE FROM stat_reviews WHERE n = 0`.execute(tx);
}

/**
 * Loads the configured offense ranking. When its version differs from the one the rollups were
 * built with, the measure rollups are emptied and the caller folds everything again (returns true).
 */
export async function loadOffenseList(tx: Tx): Promise<boolean> {
  const r = await sql<{
    v: string | null;
  }>`SELECT offense_list_version AS v FROM stat_rollup_state WHERE id = 1`.execute(tx);
  if (r.rows[0]?.v === OFFENSE_LIST.version) return false;
  await sql`DELETE FROM stat_offense_ranks`.execute(tx);
  const ranks = offenseRanks();
  await sql`
    INSERT INTO stat_offense_ranks (prefix, rank, minor)
    SELECT * FROM unnest(${ranks.map((x) => x.prefix)}::text[], ${ranks.map((x) => x.rank)}::int[],
                         ${ranks.map((x) => x.minor)}::boolean[])`.execute(tx);
  await sql`DELETE FROM stat_measure_months`.execute(tx);
  await sql`DELETE FROM stat_hold_minutes`.execute(tx);
  await sql`DELETE FROM stat_lift_reasons`.execute(tx);
  await sql`DELETE FROM stat_reviews`.execute(tx);
  await sql`UPDATE stat_rollup_state SET offense_list_version = ${OFFENSE_LIST.version} WHERE id = 1`.execute(
    tx,
  );
  return true;
}

/** Rebuilds complaints by month and training compliance as of `asOf` (small sources). */
export async function rebuildSmallRollups(tx: Tx, at: Date): Promise<void> {
  const asOf = at.toISOString().slice(0, 10);
  await sql`DELETE FROM stat_complaint_months`.execute(tx);
  await sql`
    INSERT INTO stat_complaint_months (agency, state, month, n)
    SELECT coalesce(a.name, ''), coalesce(a.state, ''), date_trunc('month', c.received_at AT TIME ZONE 'UTC')::date,
           count(*)::int
    FROM complaints c LEFT JOIN agencies a ON a.agency_id = c.agency_id
    GROUP BY 1, 2, 3`.execute(tx);
  await sql`DELETE FROM stat_training`.execute(tx);
  await sql`
    INSERT INTO stat_training (agency, state, model, officers, trained, refresher_current, as_of)
    SELECT a.name, a.state, o.model, count(*)::int,
           count(*) FILTER (WHERE o.certified_on IS NOT NULL)::int,
           count(*) FILTER (WHERE o.certified_on IS NOT NULL AND
             greatest(o.certified_on, coalesce(o.last_refresher_on, o.certified_on)) + coalesce(cad.days, 365)
               >= ${asOf}::date)::int,
           ${asOf}::date
    FROM officers o JOIN agencies a ON a.agency_id = o.agency_id
    LEFT JOIN LATERAL (
      SELECT max(v.refresher_cadence_days) AS days FROM authorizations au
      JOIN moa_versions v ON v.agency_id = au.agency_id AND v.moa_id = au.moa_id AND v.version = au.moa_version
      WHERE au.officer_id = o.officer_id AND au.ended_at IS NULL) cad ON true
    WHERE o.stage IN ('certified', 'authorized', 'suspended')
    GROUP BY a.name, a.state, o.model`.execute(tx);
  await sql`UPDATE stat_rollup_state SET sources_rebuilt_at = ${at} WHERE id = 1`.execute(tx);
}

export async function sourcesRebuiltAt(db: Q): Promise<Date | null> {
  const r = await sql<{
    at: Date | null;
  }>`SELECT sources_rebuilt_at AS at FROM stat_rollup_state WHERE id = 1`.execute(db);
  const at = r.rows[0]?.at;
  return at ? new Date(at) : null;
}

// Reads -----------------------------------------------------------------------------------------

export interface MeasureFilter {
  /** First days of the first and last months included. */
  fromMonth: string;
  toMonth: string;
  model?: string | undefined;
  state?: string | undefined;
  agency?: string | undefined;
}

function where(f: MeasureFilter, withModel = true) {
  const parts = [sql`month BETWEEN ${f.fromMonth} AND ${f.toMonth}`];
  if (withModel && f.model) parts.push(sql`model = ${f.model}`);
  if (f.state) parts.push(sql`state = ${f.state}`);
  if (f.agency) parts.push(sql`agency = ${f.agency}`);
  return sql.join(parts, sql` AND `);
}

export type MonthRow = { model: string; agency: string; state: string; month: string } & Record<
  MonthColumn,
  number
>;

/**
 * The measure counts of the filter summed in the database two ways: per month (model, agency
 * and state empty) and per model, agency and state (month empty).
 */
export async function measureMonths(
  db: Q,
  f: MeasureFilter,
): Promise<{ byMonth: MonthRow[]; byGroup: MonthRow[] }> {
  const sums = raw(MONTH_COLUMNS.map((c) => `sum(${c})::float8 AS ${c}`).join(', '));
  const numeric = (x: MonthRow) => {
    const out = { ...x } as MonthRow;
    for (const c of MONTH_COLUMNS) out[c] = Number(x[c]);
    return out;
  };
  const byMonth = await sql<MonthRow>`
    SELECT '' AS model, '' AS agency, '' AS state, to_char(month, 'YYYY-MM') AS month, ${sums}
    FROM stat_measure_months WHERE ${where(f)} GROUP BY month ORDER BY month`.execute(db);
  const byGroup = await sql<MonthRow>`
    SELECT model, agency, state, '' AS month, ${sums}
    FROM stat_measure_months WHERE ${where(f)} GROUP BY model, agency, state ORDER BY model, state, agency`.execute(
    db,
  );
  return { byMonth: byMonth.rows.map(numeric), byGroup: byGroup.rows.map(numeric) };
}

export async function holdHistogram(db: Q, f: MeasureFilter): Promise<[number, number][]> {
  const r = await sql<{ minutes: number; n: number }>`
    SELECT minutes, sum(n)::float8 AS n FROM stat_hold_minutes WHERE ${where(f)} GROUP BY minutes`.execute(
    db,
  );
  return r.rows.map((x) => [Number(x.minutes), Number(x.n)]);
}

export async function liftReasons(db: Q, f: MeasureFilter): Promise<{ reason: string; n: number }[]> {
  const r = await sql<{ reason: string; n: number }>`
    SELECT reason, sum(n)::float8 AS n FROM stat_lift_reasons WHERE ${where(f)} GROUP BY reason ORDER BY reason`.execute(
    db,
  );
  return r.rows.map((x) => ({ reason: x.reason, n: Number(x.n) }));
}

export async function reviewHistograms(
  db: Q,
  f: MeasureFilter,
): Promise<{ supervisor: string; name: string | null; decision: string; minutes: number; n: number }[]> {
  const r = await sql<{
    supervisor: string;
    name: string | null;
    decision: string;
    minutes: number;
    n: number;
  }>`
    SELECT s.supervisor, (SELECT u.display_name FROM users u WHERE u.user_id::text = s.supervisor) AS name,
           s.decision, s.minutes, sum(s.n)::float8 AS n
    FROM stat_reviews s WHERE ${where(f)} GROUP BY s.supervisor, s.decision, s.minutes`.execute(db);
  return r.rows.map((x) => ({ ...x, minutes: Number(x.minutes), n: Number(x.n) }));
}

export async function complaintCounts(
  db: Q,
  f: MeasureFilter,
): Promise<{ agency: string; state: string; n: number }[]> {
  const r = await sql<{ agency: string; state: string; n: number }>`
    SELECT agency, state, sum(n)::float8 AS n FROM stat_complaint_months WHERE ${where(f, false)}
    GROUP BY agency, state ORDER BY state, agency`.execute(db);
  return r.rows.map((x) => ({ ...x, n: Number(x.n) }));
}

export async function trainingRows(
  db: Q,
  f: Pick<MeasureFilter, 'model' | 'state' | 'agency'>,
): Promise<
  {
    agency: string;
    state: string;
    model: string;
    officers: number;
    trained: number;
    refresherCurrent: number;
    asOf: string;
  }[]
> {
  const parts = [sql`true`];
  if (f.model) parts.push(sql`model = ${f.model}`);
  if (f.state) parts.push(sql`state = ${f.state}`);
  if (f.agency) parts.push(sql`agency = ${f.agency}`);
  const r = await sql<{
    agency: string;
    state: string;
    model: string;
    officers: number;
    trained: number;
    refresher_current: number;
    as_of: string;
  }>`
    SELECT agency, state, model, officers, trained, refresher_current, as_of::text AS as_of FROM stat_training
    WHERE ${sql.join(parts, sql` AND `)} ORDER BY state, agency, model`.execute(db);
  return r.rows.map((x) => ({
    agency: x.agency,
    state: x.state,
    model: x.model,
    officers: Number(x.officers),
    trained: Number(x.trained),
    refresherCurrent: Number(x.refresher_current),
    asOf: String(x.as_of).slice(0, 10),
  }));
}

/** The agencies and states present in the rollups, for the screen's filters. */
export async function measureDimensions(db: Q): Promise<{ agencies: { agency: string; state: string }[] }> {
  const r = await sql<{ agency: string; state: string }>`
    SELECT DISTINCT agency, state FROM stat_measure_months ORDER BY state, agency`.execute(db);
  return { agencies: r.rows };
}
