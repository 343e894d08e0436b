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
  // max(seq) is one index lookup; an EXISTS over a join scanned every encounter row at 10M.
  const r = await sql<{ behind: boolean }>`
    SELECT coalesce((SELECT max(seq) FROM encounters), 0) > s.through_seq AS behind
    FROM stat_rollup_state s WHERE s.id = 1`.execute(db);
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
