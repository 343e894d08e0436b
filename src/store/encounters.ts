/**
 * Queries of historical encounters and of the statistics rollups (migration 0008): batch
 * inserts for the import, the rows a rollup refresh reads, the delta it applies, and the two
 * ways to count the conviction-category table — from the rollups, and naively from raw rows
 * (the baseline of the bench and the reference of the tests).
 */
import { type RawBuilder, sql } from 'kysely';
import type { EncounterRow } from '../domain/encounters-file.ts';
import {
  CONVICTION_CATEGORIES,
  type ConvictionTableQuery,
  categoryMeasure,
  MEASURE_COUNT,
  MEASURE_IDENTIFIED,
  MEASURE_PROCEEDINGS,
  type RollupDelta,
  sliceOf,
  splitWindow,
} from '../domain/statistics.ts';
import type { Db, Tx } from './db.ts';

/** Imports and refreshes hold this lock to commit, so encounter seqs become visible in order. */
const STATISTICS_LOCK = 287_008;

export async function lockStatistics(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${STATISTICS_LOCK})`.execute(tx);
}

export async function insertImport(
  tx: Tx,
  v: { importId: string; sourceFile: string; importedBy: string; at: Date },
): Promise<void> {
  await tx
    .insertInto('encounter_imports')
    .values({
      import_id: v.importId,
      source_file: v.sourceFile,
      imported_by: v.importedBy,
      imported_at: v.at,
    })
    .execute();
}

export async function finishImport(tx: Tx, importId: string, rowsRead: number, rowsNew: number) {
  await tx
    .updateTable('encounter_imports')
    .set({ rows_read: rowsRead, rows_new: rowsNew })
    .where('import_id', '=', importId)
    .execute();
}

/** An array literal of codes or dates (digits and dashes only: nothing to quote). */
const arrayLiteral = (xs: readonly string[]) => `{${xs.join(',')}}`;

/**
 * Inserts a batch with one statement; an encounter id already stored is skipped. Returns the
 * ids inserted.
 */
export async function insertEncounters(
  tx: Tx,
  importId: string,
  rows: readonly { row: EncounterRow; hash: string }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(f: (r: { row: EncounterRow; hash: string }) => T) => rows.map(f);
  const r = await sql<{ encounter_id: string }>`
    INSERT INTO encounters (encounter_id, import_id, agency, state, model, encounter_date, subject_id,
                            conviction_codes, conviction_dates, pending_charges, detainer_issued,
                            removal_proceedings, row_hash)
    SELECT t.id, ${importId}::uuid, t.agency, t.state, t.model, t.on_date, t.subject,
           t.codes::text[], t.dates::date[], t.pending::text[], t.detainer, t.removal, t.hash
    FROM unnest(${col((x) => x.row.encounterId)}::text[], ${col((x) => x.row.agency)}::text[],
                ${col((x) => x.row.state)}::text[], ${col((x) => x.row.model)}::text[],
                ${col((x) => x.row.encounterDate)}::date[], ${col((x) => x.row.subjectId)}::text[],
                ${col((x) => arrayLiteral(x.row.convictions.map((c) => c.code)))}::text[],
                ${col((x) => arrayLiteral(x.row.convictions.map((c) => c.date)))}::text[],
                ${col((x) => arrayLiteral(x.row.pendingCharges))}::text[],
                ${col((x) => x.row.detainerIssued)}::boolean[], ${col((x) => x.row.removalProceedings)}::boolean[],
                ${col((x) => x.hash)}::text[])
      AS t(id, agency, state, model, on_date, subject, codes, dates, pending, detainer, removal, hash)
    ON CONFLICT (encounter_id) DO NOTHING
    RETURNING encounter_id`.execute(tx);
  return new Set(r.rows.map((x) => x.encounter_id));
}

/** The content fingerprint and import of each stored encounter among `ids`. */
export async function storedEncounters(
  tx: Tx | Db,
  ids: readonly string[],
): Promise<Map<string, { hash: string; importId: string }>> {
  if (ids.length === 0) return new Map();
  const r = await sql<{ encounter_id: string; row_hash: string; import_id: string }>`
    SELECT encounter_id, row_hash, import_id FROM encounters WHERE encounter_id = ANY(${ids}::text[])`.execute(
    tx,
  );
  return new Map(r.rows.map((x) => [x.encounter_id, { hash: x.row_hash, importId: x.import_id }]));
}

export async function encounterCount(db: Db | Tx): Promise<number> {
  const r = await db
    .selectFrom('encounters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Rollup refresh -------------------------------------------------------------------------------

export interface RollupState {
  throughSeq: number;
  maxSeq: number;
}

/** The high-water mark (locked for the transaction) and the last encounter seq. */
export async function rollupState(tx: Tx): Promise<RollupState> {
  const r = await sql<{ through_seq: string | number; max_seq: string | number | null }>`
    SELECT s.through_seq, (SELECT max(seq) FROM encounters) AS max_seq
    FROM stat_rollup_state s WHERE s.id = 1 FOR UPDATE`.execute(tx);
  const row = r.rows[0]!;
  return { throughSeq: Number(row.through_seq), maxSeq: Number(row.max_seq ?? 0) };
}

/** The rollups are behind when an encounter lies beyond the high-water mark. */
export async function rollupsBehind(db: Db): Promise<boolean> {
  const r = await sql<{ behind: boolean }>`
    SELECT EXISTS (SELECT 1 FROM encounters e, stat_rollup_state s WHERE s.id = 1 AND e.seq > s.through_seq)
      AS behind`.execute(db);
  return r.rows[0]?.behind === true;
}

export async function setRollupState(tx: Tx, throughSeq: number, at: Date): Promise<void> {
  await tx
    .updateTable('stat_rollup_state')
    .set({ through_seq: throughSeq, refreshed_at: at })
    .where('id', '=', 1)
    .execute();
}

/**
 * Subjects with an encounter version written or superseded in (afterSeq, throughSeq] (a case's
 * new version may name another subject than the one it replaces: both are touched).
 */
export async function subjectsBetween(tx: Tx, afterSeq: number, throughSeq: number): Promise<string[]> {
  const r = await sql<{ subject_id: string }>`
    SELECT subject_id FROM encounters WHERE seq > ${afterSeq} AND seq <= ${throughSeq}
    UNION
    SELECT subject_id FROM encounters WHERE superseded_seq > ${afterSeq} AND superseded_seq <= ${throughSeq}`.execute(
    tx,
  );
  return r.rows.map((x) => x.subject_id);
}

export interface SubjectRow {
  subjectId: string;
  seq: number;
  /** The seq of the version that replaced this one (case encounters); null while current. */
  supersededSeq: number | null;
  date: string;
  model: 'JEM' | 'WSO' | 'TFM';
  state: string;
  removalProceedings: boolean;
  convictionCodes: string[];
  convictionDates: string[];
}

/** Every encounter version of these subjects written up to `throughSeq`, superseded or not. */
export async function subjectRows(
  tx: Tx,
  subjectIds: readonly string[],
  throughSeq: number,
): Promise<SubjectRow[]> {
  if (subjectIds.length === 0) return [];
  const r = await sql<SubjectRow>`
    SELECT subject_id AS "subjectId", seq::float8 AS seq, superseded_seq::float8 AS "supersededSeq",
           encounter_date AS date, model, state,
           removal_proceedings AS "removalProceedings", conviction_codes AS "convictionCodes",
           conviction_dates::text[] AS "convictionDates"
    FROM encounters
    WHERE subject_id = ANY(${subjectIds}::text[]) AND seq <= ${throughSeq}`.execute(tx);
  return r.rows;
}

const CHUNK = 10_000;

function* chunks<T>(xs: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < xs.length; i += size) yield xs.slice(i, i + size);
}

/** m0 … m10: one count column per measure id. */
const MEASURE_COLUMNS = Array.from({ length: MEASURE_COUNT }, (_, i) => `m${i}`);

interface CellTable {
  name: 'stat_subject_days' | 'stat_subject_repeats';
  /** Key columns in the order of the domain's cell keys (dayKey, pairKey). */
  keys: { column: string; type: 'text' | 'date' }[];
}

const DAYS: CellTable = {
  name: 'stat_subject_days',
  keys: [
    { column: 'model', type: 'text' },
    { column: 'state', type: 'text' },
    { column: 'grain', type: 'text' },
    { column: 'day', type: 'date' },
  ],
};

const PAIRS: CellTable = {
  name: 'stat_subject_repeats',
  keys: [
    { column: 'model', type: 'text' },
    { column: 'state', type: 'text' },
    { column: 'p_grain', type: 'text' },
    { column: 'd_grain', type: 'text' },
    { column: 'p', type: 'date' },
    { column: 'd', type: 'date' },
  ],
};

interface Cell {
  key: string[];
  counts: number[];
}

const raw = (s: string) => sql.raw(s);
const list = (xs: string[]) => raw(xs.join(', '));

/** unnest(key arrays…[, count arrays…]) AS k(columns). */
function unnestCells(table: CellTable, cells: readonly Cell[], withCounts: boolean) {
  const keyArrays = table.keys.map((k, j) => sql`${cells.map((c) => c.key[j]!)}::${raw(k.type)}[]`);
  const countArrays = withCounts
    ? MEASURE_COLUMNS.map((_, i) => sql`${cells.map((c) => c.counts[i]!)}::integer[]`)
    : [];
  const columns = [...table.keys.map((k) => k.column), ...(withCounts ? MEASURE_COLUMNS : [])];
  return sql`unnest(${sql.join([...keyArrays, ...countArrays])}) AS k(${list(columns)})`;
}

const keyMatch = (table: CellTable) =>
  raw(table.keys.map((k) => `t.${k.column} = k.${k.column}`).join(' AND '));

async function addCells(tx: Tx, table: CellTable, cells: readonly Cell[]) {
  for (const part of chunks(cells)) {
    const columns = [...table.keys.map((k) => k.column), ...MEASURE_COLUMNS];
    await sql`
      INSERT INTO ${raw(table.name)} AS t (${list(columns)})
      SELECT * FROM ${unnestCells(table, part, true)}
      ON CONFLICT (${list(table.keys.map((k) => k.column))})
      DO UPDATE SET ${raw(MEASURE_COLUMNS.map((m) => `${m} = t.${m} + excluded.${m}`).join(', '))}`.execute(
      tx,
    );
  }
}

/** Decrements existing cells (a missing cell is a defect); cells left all zero are removed. */
async function subtractCells(tx: Tx, table: CellTable, cells: readonly Cell[]) {
  for (const part of chunks(cells)) {
    const r = await sql`
      UPDATE ${raw(table.name)} t SET ${raw(MEASURE_COLUMNS.map((m) => `${m} = t.${m} + k.${m}`).join(', '))}
      FROM ${unnestCells(table, part, true)}
      WHERE ${keyMatch(table)}`.execute(tx);
    if (Number(r.numAffectedRows ?? 0) !== part.length)
      throw new Error(`rollup refresh: a decrement of ${table.name} found no cell`);
    await sql`
      DELETE FROM ${raw(table.name)} t USING ${unnestCells(table, part, false)}
      WHERE ${keyMatch(table)} AND ${raw(MEASURE_COLUMNS.map((m) => `t.${m} = 0`).join(' AND '))}`.execute(
      tx,
    );
  }
}

/** Splits each cell's vector into its increments and its decrements. */
function split(cells: Map<string, number[]>): { up: Cell[]; down: Cell[] } {
  const up: Cell[] = [];
  const down: Cell[] = [];
  for (const [k, v] of cells) {
    const key = k.split('\t');
    if (v.some((n) => n > 0)) up.push({ key, counts: v.map((n) => Math.max(n, 0)) });
    if (v.some((n) => n < 0)) down.push({ key, counts: v.map((n) => Math.min(n, 0)) });
  }
  return { up, down };
}

/**
 * Adds a delta to the stored rollups: increments are upserted first, then decrements applied to
 * existing cells (a count below zero violates the table's check and aborts the refresh).
 */
export async function applyRollupDelta(tx: Tx, delta: RollupDelta): Promise<void> {
  const days = split(delta.days);
  const pairs = split(delta.pairs);
  await addCells(tx, DAYS, days.up);
  await addCells(tx, PAIRS, pairs.up);
  await subtractCells(tx, DAYS, days.down);
  await subtractCells(tx, PAIRS, pairs.down);
}

/** Fresh planner statistics after a bulk load, so the range scans of rollupCounts are chosen. */
export async function analyzeRollups(tx: Tx): Promise<void> {
  await sql`ANALYZE stat_subject_days, stat_subject_repeats`.execute(tx);
}

// Counting -------------------------------------------------------------------------------------

/**
 * Per-measure counts (index = measure id) read from the rollups: subject-days in the window
 * minus consecutive pairs inside it (see domain/statistics.ts).
 */
export async function rollupCounts(db: Db | Tx, q: ConvictionTableQuery): Promise<number[]> {
  const segments = splitWindow(q.from, q.to);
  if (segments.length === 0) return new Array<number>(MEASURE_COUNT).fill(0);
  const { model, state } = sliceOf(q);
  // One index range scan per segment and per pair of segments: an OR of ranges would scan the slice.
  const parts: RawBuilder<unknown>[] = segments.map(
    (s) => sql`SELECT ${list(MEASURE_COLUMNS)} FROM stat_subject_days
      WHERE model = ${model} AND state = ${state} AND grain = ${s.grain} AND day BETWEEN ${s.from} AND ${s.to}`,
  );
  for (const sp of segments)
    for (const sd of segments) {
      if (sp.from > sd.to) continue;
      parts.push(
        sql`SELECT ${list(MEASURE_COLUMNS.map((m) => `-${m}`))} FROM stat_subject_repeats
          WHERE model = ${model} AND state = ${state} AND p_grain = ${sp.grain} AND d_grain = ${sd.grain}
            AND p BETWEEN ${sp.from} AND ${sp.to} AND d BETWEEN ${sd.from} AND ${sd.to}`,
      );
    }
  const sums = raw(MEASURE_COLUMNS.map((m) => `coalesce(sum(${m}), 0)::float8 AS ${m}`).join(', '));
  const r = await sql<Record<string, number>>`
    SELECT ${sums} FROM (${sql.join(parts, sql` UNION ALL `)}) x`.execute(db);
  const row = r.rows[0]!;
  return MEASURE_COLUMNS.map((m) => Number(row[m] ?? 0));
}

/**
 * The same counts by the naive GROUP BY over raw rows: the encounters in the window joined to
 * every conviction of their subjects. No rollup is read.
 */
export async function rawCounts(db: Db | Tx, q: ConvictionTableQuery): Promise<number[]> {
  const filters = [
    sql`encounter_date BETWEEN ${q.from} AND ${q.to}`,
    ...(q.model ? [sql`model = ${q.model}`] : []),
    ...(q.state ? [sql`state = ${q.state}`] : []),
  ];
  const prefixes = CONVICTION_CATEGORIES.map((c) => c.prefix);
  const r = await sql<{ k: string; n: string | number }>`
    WITH e AS (
      SELECT subject_id, encounter_date, removal_proceedings FROM encounters
      WHERE superseded_seq IS NULL AND ${sql.join(filters, sql` AND `)}
    ), c AS (
      SELECT x.subject_id, left(u.code, 2) AS prefix, u.on_date
      FROM encounters x, unnest(x.conviction_codes, x.conviction_dates) AS u(code, on_date)
      WHERE x.superseded_seq IS NULL AND x.subject_id IN (SELECT subject_id FROM e)
    )
    SELECT 'identified' AS k, count(DISTINCT subject_id)::float8 AS n FROM e
    UNION ALL
    SELECT 'proceedings', count(DISTINCT subject_id)::float8 FROM e WHERE removal_proceedings
    UNION ALL
    SELECT c.prefix, count(DISTINCT e.subject_id)::float8
    FROM e JOIN c ON c.subject_id = e.subject_id AND c.on_date <= e.encounter_date
    WHERE c.prefix = ANY(${prefixes}::text[])
    GROUP BY c.prefix`.execute(db);
  const counts = new Array<number>(MEASURE_COUNT).fill(0);
  for (const row of r.rows) {
    if (row.k === 'identified') counts[MEASURE_IDENTIFIED] = Number(row.n);
    else if (row.k === 'proceedings') counts[MEASURE_PROCEEDINGS] = Number(row.n);
    else counts[categoryMeasure(prefixes.indexOf(row.k as (typeof prefixes)[number]))] = Number(row.n);
  }
  return counts;
}

// Set-based refresh ------------------------------------------------------------------------------

/**
 * The conviction-table delta between high-water marks `after` and `through`, computed in the
 * database and applied with one statement per table and direction (the SQL form of
 * `addSubjectContribution`, domain/statistics.ts): for every subject touched in between, its
 * subject-days and consecutive pairs per slice, measure and grain as they stood at `after`
 * (sign −1) and as they stand at `through` (sign +1). Cells whose counts cancel are not written.
 * Returns the number of encounter versions folded in and of subjects touched.
 */
export async function applySubjectDeltaSql(
  tx: Tx,
  after: number,
  through: number,
): Promise<{ encounters: number; subjects: number }> {
  const categories = sql.raw(
    CONVICTION_CATEGORIES.map((c, i) => `('${c.prefix}', ${categoryMeasure(i)})`).join(', '),
  );
  await sql`DROP TABLE IF EXISTS pg_temp.stat_sd`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_sd ON COMMIT DROP AS
    WITH touched AS (
      SELECT subject_id FROM encounters WHERE seq > ${after} AND seq <= ${through}
      UNION
      SELECT subject_id FROM encounters WHERE superseded_seq > ${after} AND superseded_seq <= ${through}
    ), v AS (
      SELECT -1 AS sign, e.subject_id, e.model, e.state, e.encounter_date, e.removal_proceedings,
             e.conviction_codes, e.conviction_dates
      FROM encounters e JOIN touched t ON t.subject_id = e.subject_id
      WHERE e.seq <= ${after} AND (e.superseded_seq IS NULL OR e.superseded_seq > ${after})
      UNION ALL
      SELECT 1, e.subject_id, e.model, e.state, e.encounter_date, e.removal_proceedings,
             e.conviction_codes, e.conviction_dates
      FROM encounters e JOIN touched t ON t.subject_id = e.subject_id
      WHERE e.seq <= ${through} AND (e.superseded_seq IS NULL OR e.superseded_seq > ${through})
    ), first_conviction AS (
      SELECT v.sign, v.subject_id, c.m, min(u.on_date) AS first_on
      FROM v CROSS JOIN LATERAL unnest(v.conviction_codes, v.conviction_dates) AS u(code, on_date)
      JOIN (VALUES ${categories}) AS c(prefix, m) ON c.prefix = left(u.code, 2)
      GROUP BY v.sign, v.subject_id, c.m
    ), em AS (
      SELECT sign, subject_id, model, state, encounter_date AS day, ${raw(String(MEASURE_IDENTIFIED))} AS m FROM v
      UNION ALL
      SELECT sign, subject_id, model, state, encounter_date, ${raw(String(MEASURE_PROCEEDINGS))} FROM v WHERE removal_proceedings
      UNION ALL
      SELECT v.sign, v.subject_id, v.model, v.state, v.encounter_date, f.m
      FROM v JOIN first_conviction f ON f.sign = v.sign AND f.subject_id = v.subject_id AND f.first_on <= v.encounter_date
    ), sd AS (
      SELECT DISTINCT em.sign, em.subject_id, s.model, s.state, em.day, em.m
      FROM em CROSS JOIN LATERAL (VALUES ('*', '*'), (em.model, '*'), ('*', em.state), (em.model, em.state)) AS s(model, state)
    )
    SELECT sign, subject_id, model, state, m, day,
           lag(day) OVER (PARTITION BY sign, subject_id, model, state, m ORDER BY day) AS prev
    FROM sd`.execute(tx);
  const pivot = raw(
    MEASURE_COLUMNS.map((c, i) => `coalesce(sum(sign) FILTER (WHERE m = ${i}), 0)::int AS ${c}`).join(', '),
  );
  const nonZero = raw(MEASURE_COLUMNS.map((c) => `${c} <> 0`).join(' OR '));
  await sql`DROP TABLE IF EXISTS pg_temp.stat_dd`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_dd ON COMMIT DROP AS
    SELECT * FROM (
      SELECT model, state, g.grain, g.day, ${pivot}
      FROM stat_sd CROSS JOIN LATERAL (VALUES ('D', stat_sd.day), ('M', date_trunc('month', stat_sd.day)::date)) AS g(grain, day)
      GROUP BY model, state, g.grain, g.day
    ) x WHERE ${nonZero}`.execute(tx);
  await sql`DROP TABLE IF EXISTS pg_temp.stat_dp`.execute(tx);
  await sql`
    CREATE TEMP TABLE stat_dp ON COMMIT DROP AS
    SELECT * FROM (
      SELECT model, state, g.p_grain, g.d_grain, g.p, g.d, ${pivot}
      FROM stat_sd CROSS JOIN LATERAL (VALUES
        ('D', 'D', stat_sd.prev, stat_sd.day),
        ('D', 'M', stat_sd.prev, date_trunc('month', stat_sd.day)::date),
        ('M', 'D', date_trunc('month', stat_sd.prev)::date, stat_sd.day),
        ('M', 'M', date_trunc('month', stat_sd.prev)::date, date_trunc('month', stat_sd.day)::date)
      ) AS g(p_grain, d_grain, p, d)
      WHERE stat_sd.prev IS NOT NULL
      GROUP BY model, state, g.p_grain, g.d_grain, g.p, g.d
    ) x WHERE ${nonZero}`.execute(tx);
  for (const [table, delta] of [
    [DAYS, 'stat_dd'],
    [PAIRS, 'stat_dp'],
  ] as const) {
    const keys = table.keys.map((k) => k.column);
    const positive = raw(MEASURE_COLUMNS.map((m) => `greatest(${m}, 0)`).join(', '));
    await sql`
      INSERT INTO ${raw(table.name)} AS t (${list([...keys, ...MEASURE_COLUMNS])})
      SELECT ${list(keys)}, ${positive} FROM ${raw(delta)} WHERE ${raw(MEASURE_COLUMNS.map((m) => `${m} > 0`).join(' OR '))}
      ON CONFLICT (${list(keys)})
      DO UPDATE SET ${raw(MEASURE_COLUMNS.map((m) => `${m} = t.${m} + excluded.${m}`).join(', '))}`.execute(
      tx,
    );
    const down = await sql`
      UPDATE ${raw(table.name)} t SET ${raw(MEASURE_COLUMNS.map((m) => `${m} = t.${m} + least(k.${m}, 0)`).join(', '))}
      FROM ${raw(delta)} k
      WHERE ${keyMatch(table)} AND (${raw(MEASURE_COLUMNS.map((m) => `k.${m} < 0`).join(' OR '))})`.execute(
      tx,
    );
    const expected = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${raw(delta)} WHERE ${raw(MEASURE_COLUMNS.map((m) => `${m} < 0`).join(' OR '))}`.execute(
      tx,
    );
    if (Number(down.numAffectedRows ?? 0) !== Number(expected.rows[0]!.n))
      throw new Error(`rollup refresh: a decrement of ${table.name} found no cell`);
    await sql`
      DELETE FROM ${raw(table.name)} t USING ${raw(delta)} k
      WHERE ${keyMatch(table)} AND ${raw(MEASURE_COLUMNS.map((m) => `t.${m} = 0`).join(' AND '))}`.execute(
      tx,
    );
  }
  const counts = await sql<{ encounters: number; subjects: number }>`
    SELECT (SELECT count(*)::int FROM encounters WHERE seq > ${after} AND seq <= ${through}) AS encounters,
           (SELECT count(DISTINCT subject_id)::int FROM stat_sd) AS subjects`.execute(tx);
  return { encounters: Number(counts.rows[0]!.encounters), subjects: Number(counts.rows[0]!.subjects) };
}
