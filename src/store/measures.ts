/**
 * Queries of the program performance measures (migration 0018, ADR 0005): a case's encounter
 * version written in the transaction of the case step (`syncCaseEncounter`), the set-based fold
 * of new and superseded encounter versions into the measure rollups (one INSERT … SELECT … ON
 * CONFLICT per table), the whole rebuild of the small sources (complaints, training), and the
 * reads of the screen, which touch rollup tables only.
 */
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { CaseRecord } from '../domain/jem-case.ts';
import {
  type CaseEncounter,
  type CaseSource,
  caseEncounterFacts,
  OFFENSE_LIST,
  offenseRanks,
} from '../domain/measures.ts';
import {
  CONVICTION_CATEGORIES,
  categoryMeasure,
  MEASURE_COUNT,
  MEASURE_IDENTIFIED,
  MEASURE_PROCEEDINGS,
} from '../domain/statistics.ts';
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
}

async function currentVersion(tx: Tx, caseId: string): Promise<CurrentVersion | null> {
  const r = await sql<{ encounter_id: string; row_hash: string; reviews: unknown }>`
    SELECT encounter_id, row_hash, reviews
    FROM encounters WHERE case_id = ${caseId} AND superseded_seq IS NULL`.execute(tx);
  const row = r.rows[0];
  if (!row) return null;
  return {
    encounterId: row.encounter_id,
    hash: row.row_hash,
    reviews: json(row.reviews as CaseEncounter['reviews'] | string),
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
  // The new version's seq first: the previous version is superseded at it before the insert, so
  // a case never has two current versions. The id names the seq, so it stays unique when older
  // versions are pruned (pruneSupersededVersions).
  const next = await sql<{ seq: string | number }>`
    SELECT nextval(pg_get_serial_sequence('encounters', 'seq')) AS seq`.execute(tx);
  const seq = Number(next.rows[0]!.seq);
  const encounterId = `case:${facts.caseId}:${seq}`;
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

/** MERGE of a signed delta into a count table: zero cells deleted, others updated or inserted. */
function mergeCounts(
  table: string,
  keys: readonly string[],
  counts: readonly string[],
  using: RawBuilder<unknown>,
  zero: string,
) {
  const columns = [...keys, ...counts];
  return sql`
    MERGE INTO ${raw(table)} t USING (${using}) k ON ${raw(keys.map((c) => `t.${c} = k.${c}`).join(' AND '))}
    WHEN MATCHED AND t.${raw(zero)} + k.${raw(zero)} = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET ${raw(counts.map((c) => `${c} = t.${c} + k.${c}`).join(', '))}
    WHEN NOT MATCHED THEN INSERT (${raw(columns.join(', '))}) VALUES (${raw(columns.map((c) => `k.${c}`).join(', '))})`;
}

/**
 * Runs `body` with hash and merge joins off when the change is small, so each statement probes
 * the rollup tables' primary keys for the keys that changed instead of reading them whole.
 */
async function probing<T>(tx: Tx, small: boolean, body: () => Promise<T>): Promise<T> {
  if (small) await sql`SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off`.execute(tx);
  try {
    return await body();
  } finally {
    if (small) await sql`SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on`.execute(tx);
  }
}

const GROUP_KEYS = ['model', 'agency', 'state'] as const;
const keyMatch = (a: string, b: string, keys: readonly string[] = GROUP_KEYS) =>
  raw(keys.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND '));

/**
 * Adds the versions between the marks to the measure rollups, touching only the cells they
 * change: the per-encounter rules (criminality class, most serious charge against
 * stat_offense_ranks) evaluated in SQL as domain/measures.ts states them, the delta summed per
 * model, agency, state and month, then merged into the month table, its agency-free companion,
 * the cumulative table (the delta's month and the group's later months) and the histograms.
 */
export async function foldMeasures(tx: Tx, after: number, through: number): Promise<void> {
  if (through <= after) return;
  // The versions entering and leaving, read once for the tables.
  await sql`DROP TABLE IF EXISTS pg_temp.stat_fold`.execute(tx);
  await sql`CREATE TEMP TABLE stat_fold ON COMMIT DROP AS ${deltaRows(after, through)}`.execute(tx);
  const d = sql`SELECT * FROM stat_fold`;
  await sql`DROP TABLE IF EXISTS pg_temp.stat_md`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_md ON COMMIT DROP AS
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
    SELECT model, agency, state, month, ${raw(MONTH_COUNTS.map(([c, e]) => `coalesce(sum(${e}), 0)::bigint AS ${c}`).join(', '))}
    FROM f GROUP BY model, agency, state, month`.execute(tx);
  const changed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM stat_md`.execute(tx);
  await probing(tx, Number(changed.rows[0]!.n) <= PROBE_UP_TO, async () => {
    await mergeCounts(
      'stat_measure_months',
      ['model', 'agency', 'state', 'month'],
      MONTH_COLUMNS,
      sql`SELECT * FROM stat_md`,
      'encounters',
    ).execute(tx);
    await mergeCounts(
      'stat_measure_state_months',
      ['model', 'state', 'month'],
      MONTH_COLUMNS,
      sql`SELECT model, state, month, ${raw(MONTH_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', '))}
          FROM stat_md GROUP BY model, state, month`,
      'encounters',
    ).execute(tx);
    await sql`
      INSERT INTO stat_measure_groups (model, agency, state)
      SELECT DISTINCT model, agency, state FROM stat_md ON CONFLICT DO NOTHING`.execute(tx);
    // Cumulative counts: a row at each changed month, seeded with the group's counts before it
    // (read before this statement's own rows), then every delta added to its month and later.
    await sql`
      INSERT INTO stat_measure_cumulative (model, agency, state, month, ${raw(MONTH_COLUMNS.join(', '))})
      SELECT k.model, k.agency, k.state, k.month, ${raw(MONTH_COLUMNS.map((c) => `coalesce(p.${c}, 0)`).join(', '))}
      FROM stat_md k LEFT JOIN LATERAL (
        SELECT * FROM stat_measure_cumulative c WHERE ${keyMatch('c', 'k')} AND c.month < k.month
        ORDER BY c.month DESC LIMIT 1) p ON true
      ON CONFLICT DO NOTHING`.execute(tx);
    await sql`
      UPDATE stat_measure_cumulative c SET ${raw(MONTH_COLUMNS.map((x) => `${x} = c.${x} + s.${x}`).join(', '))}
      FROM (
        SELECT c2.model, c2.agency, c2.state, c2.month, ${raw(MONTH_COLUMNS.map((x) => `sum(k.${x}) AS ${x}`).join(', '))}
        FROM stat_md k JOIN stat_measure_cumulative c2 ON ${keyMatch('c2', 'k')} AND c2.month >= k.month
        GROUP BY c2.model, c2.agency, c2.state, c2.month
      ) s
      WHERE ${keyMatch('c', 's', [...GROUP_KEYS, 'month'])}`.execute(tx);

    const monthOf = (c: string) => `date_trunc('month', ${c})::date`;
    await mergeCounts(
      'stat_hold_minutes',
      ['model', 'agency', 'state', 'month', 'minutes'],
      ['n'],
      sql`SELECT model, agency, state, ${raw(monthOf('encounter_date'))} AS month, hold_minutes AS minutes, sum(sign)::int AS n
          FROM stat_fold WHERE hold_minutes IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
      'n',
    ).execute(tx);
    await mergeCounts(
      'stat_lift_reasons',
      ['model', 'agency', 'state', 'month', 'reason'],
      ['n'],
      sql`SELECT model, agency, state, ${raw(monthOf('encounter_date'))} AS month, lift_reason AS reason, sum(sign)::int AS n
          FROM stat_fold WHERE lift_reason IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
      'n',
    ).execute(tx);
    await mergeCounts(
      'stat_reviews',
      ['model', 'agency', 'state', 'month', 'supervisor', 'decision', 'minutes'],
      ['n'],
      sql`SELECT d.model, d.agency, d.state, ${raw(monthOf("(r.v->>'on')::date"))} AS month, r.v->>'by' AS supervisor,
                 r.v->>'decision' AS decision, (r.v->>'minutes')::int AS minutes, sum(d.sign)::int AS n
          FROM stat_fold d, jsonb_array_elements(d.reviews) AS r(v) GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      'n',
    ).execute(tx);
  });
}

/**
 * Deletes the case versions superseded at or before the high-water mark `through`, in the
 * refresh transaction that moves the mark there. No later refresh reads them: it reads the
 * versions written or superseded after its starting mark (at least `through`) and the rows live
 * at that mark or at its end, and a version superseded at or before `through` is live at
 * neither. The naive counts and every other reader take current versions only. Uses the partial
 * index on superseded_seq. Returns the number deleted.
 */
export async function pruneSupersededVersions(tx: Tx, through: number): Promise<number> {
  const r = await sql`
    DELETE FROM encounters WHERE superseded_seq IS NOT NULL AND superseded_seq <= ${through}`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
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
  await sql`DELETE FROM stat_measure_state_months`.execute(tx);
  await sql`DELETE FROM stat_measure_cumulative`.execute(tx);
  await sql`DELETE FROM stat_measure_groups`.execute(tx);
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

/**
 * Whether the rollups lag the records, and when the small sources were rebuilt: one row read
 * and one probe of the seq index (the last encounter), whatever the table's size.
 */
export async function rollupFreshness(db: Q): Promise<{ behind: boolean; sourcesRebuiltAt: Date | null }> {
  const r = await sql<{ behind: boolean; at: Date | null }>`
    SELECT coalesce((SELECT max(seq) FROM encounters), 0) > s.through_seq AS behind, s.sources_rebuilt_at AS at
    FROM stat_rollup_state s WHERE s.id = 1`.execute(db);
  const row = r.rows[0];
  return { behind: row?.behind === true, sourcesRebuiltAt: row?.at ? new Date(row.at) : null };
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
 * and state empty) and per model, agency and state (month empty). Bounded reads at any volume:
 * the months from the agency-free table (or, for one agency, its own rows through the agency
 * index), the groups as two cumulative-row lookups each (window = through its last month minus
 * before its first).
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
    FROM ${raw(f.agency ? 'stat_measure_months' : 'stat_measure_state_months')} WHERE ${where(f)}
    GROUP BY month ORDER BY month`.execute(db);
  const groupFilter = [sql`true`];
  if (f.model) groupFilter.push(sql`g.model = ${f.model}`);
  if (f.state) groupFilter.push(sql`g.state = ${f.state}`);
  if (f.agency) groupFilter.push(sql`g.agency = ${f.agency}`);
  const latest = (op: '<=' | '<', month: string) => sql`
    SELECT * FROM stat_measure_cumulative c
    WHERE c.model = g.model AND c.agency = g.agency AND c.state = g.state AND c.month ${raw(op)} ${month}::date
    ORDER BY c.month DESC LIMIT 1`;
  const byGroup = await sql<MonthRow>`
    SELECT * FROM (
      SELECT g.model, g.agency, g.state, '' AS month,
             ${raw(MONTH_COLUMNS.map((c) => `(coalesce(hi.${c}, 0) - coalesce(lo.${c}, 0))::float8 AS ${c}`).join(', '))}
      FROM stat_measure_groups g
      LEFT JOIN LATERAL (${latest('<=', f.toMonth)}) hi ON true
      LEFT JOIN LATERAL (${latest('<', f.fromMonth)}) lo ON true
      WHERE ${sql.join(groupFilter, sql` AND `)}
    ) x WHERE encounters <> 0 ORDER BY model, state, agency`.execute(db);
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

/** The published quarterly measures of one row: a model, a state and a quarter. */
export interface QuarterRow {
  model: string;
  state: string;
  quarter: string;
  encounters: number;
  detainers: number;
  proceedings: number;
  convicted: number;
  pendingCharges: number;
  immigrationOnly: number;
}

const QUARTER_SUMS = raw(
  [
    'sum(encounters)::float8 AS encounters',
    'sum(detainers)::float8 AS detainers',
    'sum(proceedings)::float8 AS proceedings',
    'sum(convicted)::float8 AS "convicted"',
    'sum(pending_charges)::float8 AS "pendingCharges"',
    'sum(immigration_only)::float8 AS "immigrationOnly"',
  ].join(', '),
);

const quarterRows = (rows: QuarterRow[]) =>
  rows.map((r) => ({
    ...r,
    encounters: Number(r.encounters),
    detainers: Number(r.detainers),
    proceedings: Number(r.proceedings),
    convicted: Number(r.convicted),
    pendingCharges: Number(r.pendingCharges),
    immigrationOnly: Number(r.immigrationOnly),
  }));

/** Encounter measures by model, state and quarter for the filter's months, from the rollups. */
export async function quarterlyMeasures(db: Q, f: MeasureFilter): Promise<QuarterRow[]> {
  const r = await sql<QuarterRow>`
    SELECT model, state, to_char(date_trunc('quarter', month), 'YYYY-"Q"Q') AS quarter, ${QUARTER_SUMS}
    FROM ${raw(f.agency ? 'stat_measure_months' : 'stat_measure_state_months')} WHERE ${where(f)}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  return quarterRows(r.rows);
}

/**
 * The same figures by the naive GROUP BY over raw encounter rows (current versions), the
 * criminality class evaluated per row: the bench's baseline and the tests' reference.
 */
export async function rawQuarterlyMeasures(db: Q, f: MeasureFilter): Promise<QuarterRow[]> {
  const parts = [
    sql`encounter_date >= ${f.fromMonth}::date`,
    sql`encounter_date < (${f.toMonth}::date + interval '1 month')`,
    sql`superseded_seq IS NULL`,
  ];
  if (f.model) parts.push(sql`model = ${f.model}`);
  if (f.state) parts.push(sql`state = ${f.state}`);
  if (f.agency) parts.push(sql`agency = ${f.agency}`);
  const r = await sql<QuarterRow>`
    WITH e AS (
      SELECT model, state, to_char(date_trunc('quarter', encounter_date), 'YYYY-"Q"Q') AS quarter,
             1 AS encounters, detainer_issued::int AS detainers, removal_proceedings::int AS proceedings,
             CASE WHEN EXISTS (SELECT 1 FROM unnest(conviction_dates) x(on_date) WHERE x.on_date <= encounter_date) THEN 'C'
                  WHEN cardinality(pending_charges) > 0 THEN 'P' ELSE 'I' END AS class
      FROM encounters WHERE ${sql.join(parts, sql` AND `)}
    )
    SELECT model, state, quarter, sum(encounters)::float8 AS encounters, sum(detainers)::float8 AS detainers,
           sum(proceedings)::float8 AS proceedings, count(*) FILTER (WHERE class = 'C')::float8 AS "convicted",
           count(*) FILTER (WHERE class = 'P')::float8 AS "pendingCharges",
           count(*) FILTER (WHERE class = 'I')::float8 AS "immigrationOnly"
    FROM e GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  return quarterRows(r.rows);
}

/** The agencies and states present in the rollups, for the screen's filters. */
export async function measureDimensions(db: Q): Promise<{ agencies: { agency: string; state: string }[] }> {
  const r = await sql<{ agency: string; state: string }>`
    SELECT DISTINCT agency, state FROM stat_measure_groups ORDER BY state, agency`.execute(db);
  return { agencies: r.rows };
}

// The conviction-table fold, set-based ----------------------------------------------------------

/** Memory for the fold's sorts and hash tables, for the refresh transaction only. */
export async function useFoldMemory(tx: Tx): Promise<void> {
  await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
}

/** Touched subjects per statement: bounds the memory of one fold on a bulk backlog. */
const SUBJECTS_PER_FOLD = 1_000_000;
/** Up to this many delta cells, a rollup table is updated through its primary key. */
const PROBE_UP_TO = 500_000;

const CATEGORY_VALUES = raw(
  CONVICTION_CATEGORIES.map((c, i) => `('${c.prefix}', ${categoryMeasure(i)})`).join(', '),
);
const M_COLUMNS = Array.from({ length: MEASURE_COUNT }, (_, i) => `m${i}`);
const PIVOT = raw(
  M_COLUMNS.map((c, i) => `coalesce(sum(n) FILTER (WHERE m = ${i}), 0)::int AS ${c}`).join(', '),
);
const NON_ZERO = raw(M_COLUMNS.map((c) => `${c} <> 0`).join(' OR '));

/**
 * The conviction-table delta between high-water marks `after` and `through` (the SQL form of
 * `addSubjectContribution`, domain/statistics.ts), applied to stat_subject_days and
 * stat_subject_repeats. Work is proportional to what changed: the subjects with a version written
 * or superseded in between are found through the indexes on `seq` and `superseded_seq`, and only
 * their rows are read. For each, its subject-days per slice and measure, with the previous day
 * (the consecutive pair), as they stood at `after` (sign −1) and as they stand at `through` (+1);
 * these are summed per cell across subjects before anything is expanded to grains, so the rows a
 * case or an appended encounter leaves unchanged cancel at once and only changed cells are
 * written. Text keys sort in the "C" collation (byte order; the cells are sums, so the order does
 * not matter). A large backlog (the first build) is folded in buckets of subjects.
 */
export async function foldConvictions(
  tx: Tx,
  after: number,
  through: number,
): Promise<{ encounters: number; subjects: number }> {
  if (through <= after) return { encounters: 0, subjects: 0 };
  await sql`DROP TABLE IF EXISTS pg_temp.stat_touched`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_touched ON COMMIT DROP AS
    SELECT subject_id, 0 AS bucket FROM (
      SELECT subject_id FROM encounters WHERE seq > ${after} AND seq <= ${through}
      UNION
      SELECT subject_id FROM encounters WHERE superseded_seq > ${after} AND superseded_seq <= ${through}
    ) x`.execute(tx);
  const counted = await sql<{ subjects: number; encounters: number }>`
    SELECT (SELECT count(*)::int FROM stat_touched) AS subjects,
           (SELECT count(*)::int FROM encounters WHERE seq > ${after} AND seq <= ${through}) AS encounters`.execute(
    tx,
  );
  const { subjects, encounters } = counted.rows[0]!;
  const buckets = Math.ceil(Number(subjects) / SUBJECTS_PER_FOLD);
  if (buckets > 1) {
    await sql`UPDATE stat_touched SET bucket = abs(hashtext(subject_id)) % ${buckets}`.execute(tx);
    await sql`CREATE INDEX ON stat_touched (bucket)`.execute(tx);
  }
  await sql`ANALYZE stat_touched`.execute(tx);
  for (let b = 0; b < buckets; b++) await foldBucket(tx, after, through, b);
  return { encounters: Number(encounters), subjects: Number(subjects) };
}

async function foldBucket(tx: Tx, after: number, through: number, bucket: number): Promise<void> {
  // v: the bucket's versions, each flagged live at `after` (was) and at `through` (is).
  // cat: per subject and category, the earliest conviction on each side.
  // dl: one row per subject, slice and day, flagged per side for "identified" (any encounter)
  //     and "placed in proceedings"; w adds the previous such day on each side (the pairs).
  // A category's days are the identified days on or after its earliest conviction (a suffix),
  // so its previous day is the identified one when that is on or after the conviction too.
  // signed: per measure, −1 for the day and its previous day as they stood, +1 as they stand;
  // what is equal on both sides is dropped, the rest summed across subjects per cell.
  await sql`DROP TABLE IF EXISTS pg_temp.stat_g`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_g ON COMMIT DROP AS
    WITH v AS MATERIALIZED (
      SELECT e.subject_id COLLATE "C" AS subject_id, e.model COLLATE "C" AS model, e.state COLLATE "C" AS state,
             e.encounter_date AS day, e.removal_proceedings, e.conviction_codes, e.conviction_dates,
             (e.seq <= ${after} AND (e.superseded_seq IS NULL OR e.superseded_seq > ${after})) AS was,
             (e.superseded_seq IS NULL OR e.superseded_seq > ${through}) AS is_now
      FROM stat_touched t CROSS JOIN LATERAL (
        SELECT * FROM encounters x WHERE x.subject_id = t.subject_id AND x.seq <= ${through} OFFSET 0) e
      WHERE t.bucket = ${bucket}
    ), cat AS (
      SELECT v.subject_id, c.m, min(u.on_date) FILTER (WHERE v.was) AS was_on,
             min(u.on_date) FILTER (WHERE v.is_now) AS is_on
      FROM v CROSS JOIN LATERAL unnest(v.conviction_codes, v.conviction_dates) AS u(code, on_date)
      JOIN (VALUES ${CATEGORY_VALUES}) AS c(prefix, m) ON c.prefix = left(u.code, 2)
      WHERE v.was OR v.is_now
      GROUP BY v.subject_id, c.m
    ), dl AS (
      SELECT v.subject_id, sl.model, sl.state, v.day,
             bool_or(v.was) AS was, bool_or(v.is_now) AS is_now,
             bool_or(v.was AND v.removal_proceedings) AS was_p, bool_or(v.is_now AND v.removal_proceedings) AS is_p
      FROM v CROSS JOIN LATERAL (VALUES ('*' COLLATE "C", '*' COLLATE "C"), (v.model, '*'), ('*', v.state),
                                        (v.model, v.state)) AS sl(model, state)
      WHERE v.was OR v.is_now
      GROUP BY v.subject_id, sl.model, sl.state, v.day
    ), w AS (
      SELECT dl.*,
             max(day) FILTER (WHERE was) OVER before AS was_prev,
             max(day) FILTER (WHERE is_now) OVER before AS is_prev,
             max(day) FILTER (WHERE was_p) OVER before AS was_pprev,
             max(day) FILTER (WHERE is_p) OVER before AS is_pprev
      FROM dl
      WINDOW before AS (PARTITION BY subject_id, model, state ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ), pm AS (
      SELECT model, state, ${raw(String(MEASURE_IDENTIFIED))} AS m, day, was AS w_in, was_prev AS w_prev,
             is_now AS i_in, is_prev AS i_prev
      FROM w
      UNION ALL
      SELECT model, state, ${raw(String(MEASURE_PROCEEDINGS))}, day, was_p, was_pprev, is_p, is_pprev FROM w
      WHERE was_p OR is_p
      UNION ALL
      SELECT w.model, w.state, c.m, w.day,
             coalesce(w.was AND c.was_on <= w.day, false), CASE WHEN w.was_prev >= c.was_on THEN w.was_prev END,
             coalesce(w.is_now AND c.is_on <= w.day, false), CASE WHEN w.is_prev >= c.is_on THEN w.is_prev END
      FROM w JOIN cat c ON c.subject_id = w.subject_id
      WHERE (w.was AND c.was_on <= w.day) OR (w.is_now AND c.is_on <= w.day)
    ), signed AS (
      SELECT model, state, m, day, w_prev AS prev, -1 AS n FROM pm
      WHERE w_in AND NOT (i_in AND w_prev IS NOT DISTINCT FROM i_prev)
      UNION ALL
      SELECT model, state, m, day, i_prev, 1 FROM pm
      WHERE i_in AND NOT (w_in AND w_prev IS NOT DISTINCT FROM i_prev)
    )
    SELECT model COLLATE "default" AS model, state COLLATE "default" AS state, m, day, prev, sum(n)::int AS n
    FROM signed GROUP BY 1, 2, m, day, prev HAVING sum(n) <> 0`.execute(tx);
  await sql`DROP TABLE IF EXISTS pg_temp.stat_dd`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_dd ON COMMIT DROP AS
    SELECT * FROM (
      SELECT model, state, g.grain, g.day, ${PIVOT}
      FROM stat_g CROSS JOIN LATERAL (VALUES ('D', stat_g.day), ('M', date_trunc('month', stat_g.day)::date)) AS g(grain, day)
      GROUP BY model, state, g.grain, g.day
    ) x WHERE ${NON_ZERO}`.execute(tx);
  await sql`DROP TABLE IF EXISTS pg_temp.stat_dp`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_dp ON COMMIT DROP AS
    SELECT * FROM (
      SELECT model, state, g.p_grain, g.d_grain, g.p, g.d, ${PIVOT}
      FROM stat_g CROSS JOIN LATERAL (VALUES
        ('D', 'D', stat_g.prev, stat_g.day),
        ('D', 'M', stat_g.prev, date_trunc('month', stat_g.day)::date),
        ('M', 'D', date_trunc('month', stat_g.prev)::date, stat_g.day),
        ('M', 'M', date_trunc('month', stat_g.prev)::date, date_trunc('month', stat_g.day)::date)
      ) AS g(p_grain, d_grain, p, d)
      WHERE stat_g.prev IS NOT NULL
      GROUP BY model, state, g.p_grain, g.d_grain, g.p, g.d
    ) x WHERE ${NON_ZERO}`.execute(tx);
  await applyCells(tx, 'stat_subject_days', ['model', 'state', 'grain', 'day'], 'stat_dd');
  await applyCells(tx, 'stat_subject_repeats', ['model', 'state', 'p_grain', 'd_grain', 'p', 'd'], 'stat_dp');
}

/**
 * Adds a delta table to a rollup table with one MERGE, each cell written once: a cell the delta
 * brings to all zeros is deleted, an existing one updated by the signed delta, a missing one
 * inserted. A decrement whose cell does not exist inserts a negative count, and one that takes a
 * count below zero stores it: both violate the table's `>= 0` checks and abort the refresh (a
 * defect, never silently absorbed).
 */
async function applyCells(tx: Tx, table: string, keys: string[], delta: string): Promise<void> {
  const match = raw(keys.map((k) => `t.${k} = k.${k}`).join(' AND '));
  const columns = [...keys, ...M_COLUMNS];
  const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${raw(delta)}`.execute(tx);
  // A delta small beside the table probes its primary key cell by cell; a hash join would read
  // the whole rollup table. A bulk delta (the first build) lets the planner choose.
  const probe = Number(n.rows[0]!.n) <= PROBE_UP_TO;
  if (probe) await sql`SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off`.execute(tx);
  await sql`
    MERGE INTO ${raw(table)} t USING ${raw(delta)} k ON ${match}
    WHEN MATCHED AND ${raw(M_COLUMNS.map((m) => `t.${m} + k.${m} = 0`).join(' AND '))} THEN DELETE
    WHEN MATCHED THEN UPDATE SET ${raw(M_COLUMNS.map((m) => `${m} = t.${m} + k.${m}`).join(', '))}
    WHEN NOT MATCHED THEN INSERT (${raw(columns.join(', '))}) VALUES (${raw(columns.map((c) => `k.${c}`).join(', '))})`.execute(
    tx,
  );
  if (probe) await sql`SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on`.execute(tx);
}
