/**
 * Statistics benchmarks (issue 8), on synthetic encounters (seeded; no real people):
 * - import of a generated CSV, against parsing and checking it without a database;
 * - the conviction-category table read from the rollups, against the naive GROUP BY over raw
 *   rows on the same data in the same run (p95 of each, and the speed-up);
 * - the incremental rollup refresh after 10,000 new encounters, against the full build.
 * - the program measures screen (every measure of domain/measures.ts) read from its rollups.
 * `npm run bench -- statistics [--encounters N]` or `BENCH_ENCOUNTERS=10000000` (opt-in; default
 * 200,000, about a minute on two cores; ten million takes hours and tens of GB: run it once).
 * Native PostgreSQL when DATABASE_URL is set, else PGlite in a temporary directory.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { readCsvRecords } from '../src/app/statistics/encounters-csv.ts';
import { getMeasures } from '../src/app/statistics/get-measures.ts';
import { importEncounters } from '../src/app/statistics/import-encounters.ts';
import { refreshRollups } from '../src/app/statistics/refresh-rollups.ts';
import { operator } from '../src/domain/actor.ts';
import { checkHeader, ENCOUNTER_COLUMNS, parseEncounterRow } from '../src/domain/encounters-file.ts';
import { addDays, type ConvictionTableQuery } from '../src/domain/statistics.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { rawCounts, rollupCounts } from '../src/store/encounters.ts';
import { type MeasureFilter, quarterlyMeasures, rawQuarterlyMeasures } from '../src/store/measures.ts';
import { median, ms, percentile, type Row, time, tmp } from './table.ts';

const clock = { now: () => new Date() };
const actor = operator('bench');
const FIRST_DAY = '2015-01-01';
const DAYS = 3652; // ten years
const STATES = [
  'TX',
  'FL',
  'AZ',
  'GA',
  'NC',
  'TN',
  'AL',
  'OK',
  'LA',
  'SC',
  'MO',
  'VA',
  'IN',
  'OH',
  'PA',
  'NJ',
  'WY',
  'NV',
];
const CODES = [
  '0911',
  '1010',
  '1102',
  '1205',
  '1313',
  '1399',
  '3562',
  '3599',
  '3601',
  '4801',
  '5212',
  '0399',
  '2404',
  '5404',
];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v < 1000) throw new Error(`--${name} must be a whole number ≥ 1000`);
  return v;
}

/** mulberry32: a small seeded generator, so every run sees the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `count` encounters: subjects drawn from a pool of 70% of the count (so about a third
 * are seen more than once), dates from `firstDay` over `days` days, 0–3 convictions.
 */
async function writeEncounters(
  file: string,
  count: number,
  opts: { seed: number; idPrefix: string; subjects: number; firstDay: string; days: number },
) {
  const rnd = random(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r));
  await write(`${ENCOUNTER_COLUMNS.join(',')}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    const subject = Math.floor(rnd() * opts.subjects);
    const date = addDays(opts.firstDay, Math.floor(rnd() * opts.days));
    const convictions: string[] = [];
    const k = Math.floor(rnd() * 4);
    // A subject's convictions are the same on each of its rows, as a criminal history is.
    const srnd = random(subject * 7919 + 1);
    for (let j = 0; j < k; j++) {
      const on = addDays('2005-01-01', Math.floor(srnd() * 7300));
      convictions.push(`${CODES[Math.floor(srnd() * CODES.length)]}@${on}`);
    }
    const model = rnd() < 0.5 ? 'TFM' : rnd() < 0.6 ? 'JEM' : 'WSO';
    const state = STATES[subject % STATES.length]!;
    chunk.push(
      `${opts.idPrefix}${i},County ${subject % 97} Sheriff's Office,${rnd() < 0.9 ? state : pick(STATES)},${model},${date},S${subject},${convictions.join(';')},${rnd() < 0.2 ? pick(CODES) : ''},${rnd() < 0.6},${rnd() < 0.4}`,
    );
    if (chunk.length === 10_000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) await write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** A uniform draw in [0, 1) from the integer expression `x` and a seed, in SQL (deterministic). */
const uniform = (x: string, seed: number) =>
  `((hashint8extended((${x})::bigint, ${seed}) & 4294967295)::float8 / 4294967296)`;

/**
 * Inserts `count` encounters with one set-based statement (generate_series), with the shape of
 * `writeEncounters`: subjects drawn from a pool, dates over `days` days from `firstDay`, a
 * subject's 0–3 convictions a prefix of one list fixed per subject, 10% of encounters in another
 * state than the subject's usual one. The bulk of a large bench is loaded this way; the import
 * figure is measured through the real importer on its own file.
 */
export async function generateEncounters(
  db: Store['db'],
  opts: {
    start: number;
    count: number;
    seed: number;
    idPrefix: string;
    subjects: number;
    firstDay: string;
    days: number;
  },
): Promise<void> {
  const states = `ARRAY[${STATES.map((x) => `'${x}'`).join(',')}]::text[]`;
  const codes = `ARRAY[${CODES.map((x) => `'${x}'`).join(',')}]::text[]`;
  const code = (j: number) =>
    `(${codes})[1 + floor(${uniform(`s * 4 + ${j}`, opts.seed + 10)} * ${CODES.length})::int]`;
  const on = (j: number) =>
    `date '2005-01-01' + floor(${uniform(`s * 4 + ${j}`, opts.seed + 11)} * 7300)::int`;
  const importId = randomUUID();
  await db
    .insertInto('encounter_imports')
    .values({
      import_id: importId,
      source_file: `generated:${opts.idPrefix}`,
      imported_by: 'bench',
      imported_at: new Date(),
    })
    .execute();
  await sql`
    INSERT INTO encounters (encounter_id, import_id, agency, state, model, encounter_date, subject_id,
                            conviction_codes, conviction_dates, pending_charges, detainer_issued,
                            removal_proceedings, row_hash)
    SELECT ${opts.idPrefix} || i, ${importId}::uuid, 'County ' || (s % 97) || ' Sheriff''s Office',
           CASE WHEN ${sql.raw(uniform('i', opts.seed + 3))} < 0.9 THEN (${sql.raw(states)})[1 + (s % ${STATES.length})::int]
                ELSE (${sql.raw(states)})[1 + floor(${sql.raw(uniform('i', opts.seed + 4))} * ${STATES.length})::int] END,
           CASE WHEN ${sql.raw(uniform('i', opts.seed + 5))} < 0.5 THEN 'TFM'
                WHEN ${sql.raw(uniform('i', opts.seed + 5))} < 0.8 THEN 'JEM' ELSE 'WSO' END,
           ${opts.firstDay}::date + floor(${sql.raw(uniform('i', opts.seed + 2))} * ${opts.days})::int,
           'S' || s,
           (ARRAY[${sql.raw(code(0))}, ${sql.raw(code(1))}, ${sql.raw(code(2))}])[1:k],
           (ARRAY[${sql.raw(on(0))}, ${sql.raw(on(1))}, ${sql.raw(on(2))}])[1:k],
           CASE WHEN ${sql.raw(uniform('i', opts.seed + 6))} < 0.2
                THEN ARRAY[(${sql.raw(codes)})[1 + floor(${sql.raw(uniform('i', opts.seed + 7))} * ${CODES.length})::int]]
                ELSE '{}'::text[] END,
           ${sql.raw(uniform('i', opts.seed + 8))} < 0.6, ${sql.raw(uniform('i', opts.seed + 9))} < 0.4,
           md5(${opts.idPrefix} || i)
    FROM (SELECT i, floor(${sql.raw(uniform('i', opts.seed + 1))} * ${opts.subjects})::bigint AS s,
                 floor(${sql.raw(uniform('i', opts.seed + 12))} * 4)::int AS k
          FROM generate_series(${opts.start}::bigint, ${opts.start + opts.count - 1}::bigint) AS i) x`.execute(
    db,
  );
}

async function parseOnly(file: string): Promise<number> {
  let rows = 0;
  let header = false;
  for await (const { fields, line } of readCsvRecords(file)) {
    if (!header) {
      if (checkHeader(fields)) throw new Error('bad header');
      header = true;
      continue;
    }
    const r = parseEncounterRow(fields, line, '2030-01-01');
    if (!r.ok) throw new Error(r.problem.message);
    rows++;
  }
  return rows;
}

const QUERIES: ConvictionTableQuery[] = [
  { from: '2017-10-01', to: '2020-09-30' },
  { from: '2017-10-01', to: '2020-09-30', model: 'JEM' },
  { from: '2017-10-01', to: '2020-09-30', state: 'TX' },
  { from: '2017-10-01', to: '2020-09-30', model: 'TFM', state: 'FL' },
  { from: '2019-01-01', to: '2019-12-31' },
  { from: '2021-04-15', to: '2021-06-20' },
  { from: '2015-01-01', to: '2024-12-31' },
];

async function openBenchStore(dir: string): Promise<Store> {
  return openStore({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: dir, holder: 'bench' });
}

/** The database of a native run: it must be empty; it is kept afterwards for inspection. */
async function assertEmpty(store: Store) {
  if (store.kind !== 'postgres') return;
  const existing = await store.db.selectFrom('encounters').select('encounter_id').limit(1).execute();
  if (existing.length) throw new Error('bench: DATABASE_URL must name an empty database');
}

const log = (s: string) => console.error(`[statistics ${new Date().toISOString().slice(11, 19)}] ${s}`);

export async function statisticsBench(): Promise<Row[]> {
  // --reuse: measure again on a database a previous run filled (native only): no import, no
  // bulk load, no full build; the refresh rounds add encounters with ids of their own.
  const reuse = process.argv.includes('--reuse');
  if (reuse) return reuseBench();
  const n = option('encounters', Number(process.env.BENCH_ENCOUNTERS) || 200_000);
  // The import figure is measured through the real importer on up to 1,000,000 rows; the rest of
  // a large run is generated set-based in the database (same shape, same subject pool).
  const imported = Math.min(n, 1_000_000);
  const subjects = Math.floor(n * 0.7);
  const rows: Row[] = [];
  const dir = tmp('delegate-bench-stats-');
  const store = await openBenchStore(dir);
  const where = store.kind === 'postgres' ? 'native PostgreSQL' : 'PGlite file';
  const deps = { db: store.db, clock };
  try {
    await assertEmpty(store);
    // Import.
    const csv = path.join(dir, 'encounters.csv');
    await writeEncounters(csv, imported, {
      seed: 8,
      idPrefix: 'B',
      subjects,
      firstDay: FIRST_DAY,
      days: DAYS,
    });
    log(`importing ${imported}`);
    const parse = await time(() => parseOnly(csv));
    const imp = await time(async () => {
      const r = await importEncounters(deps, actor, { file: csv, refresh: false });
      if (!r.ok) throw new Error(r.error.userMessage);
    });
    fs.rmSync(csv);
    const perMillion = (imp / imported) * 1_000_000;
    rows.push({
      name: `import ${imported.toLocaleString('en-US')} encounters through the importer (${where}), ${Math.round(imported / (imp / 1000)).toLocaleString('en-US')} rows/s`,
      measured: ms(imp),
      baseline: `parse and check only ${ms(parse)}`,
      ratio: imp / parse,
      target: '1,000,000 rows ≤ 60 s (native)',
      met: perMillion <= 60_000,
    });
    if (n > imported) {
      log(`generating ${n - imported} set-based`);
      const gen = await time(async () => {
        const step = 1_000_000;
        for (let start = imported; start < n; start += step)
          await generateEncounters(store.db, {
            start,
            count: Math.min(step, n - start),
            seed: 8,
            idPrefix: 'B',
            subjects,
            firstDay: FIRST_DAY,
            days: DAYS,
          });
        await sql`ANALYZE encounters`.execute(store.db);
      });
      rows.push({
        name: `bulk load of the other ${(n - imported).toLocaleString('en-US')} encounters (generate_series, not the importer)`,
        measured: ms(gen),
        baseline: '—',
        ratio: 1,
        target: '(setup)',
        met: true,
      });
    }

    log('full build');
    const full = await time(async () => {
      const r = await refreshRollups(deps, actor);
      if (!r.ok) throw new Error(r.error.userMessage);
    });
    await measure(store, {
      n,
      subjects,
      dir,
      rows,
      baseline: `full build of ${n.toLocaleString('en-US')} ${ms(full)}`,
      full,
      runId: '',
    });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

interface MeasureRun {
  n: number;
  subjects: number;
  dir: string;
  rows: Row[];
  baseline: string;
  full: number;
  runId: string;
}

/** The refresh rounds and the reads, on a database holding the rollups of `o.n` encounters. */
async function measure(store: Store, o: MeasureRun): Promise<void> {
  const deps = { db: store.db, clock };
  // Each figure is logged as soon as it is measured (a long run can be read while it goes).
  const record = (row: Row) => {
    o.rows.push(row);
    log(`${row.name}: ${row.measured} (${row.baseline})`);
  };
  // The incremental refresh after 10,000 more encounters, twice.
  const incremental: number[] = [];
  for (const [round, seed] of [
    ['N', 9],
    ['M', 10],
  ] as const) {
    const more = path.join(o.dir, `more-${round}.csv`);
    await writeEncounters(more, 10_000, {
      seed,
      idPrefix: `${round}${o.runId}`,
      subjects: o.subjects + 5_000, // most new encounters are of subjects seen before
      firstDay: addDays(FIRST_DAY, DAYS - 90),
      days: 90,
    });
    const r = await importEncounters(deps, actor, { file: more, refresh: false });
    if (!r.ok) throw new Error(r.error.userMessage);
    log(`incremental refresh ${round}`);
    incremental.push(
      await time(async () => {
        const x = await refreshRollups(deps, actor);
        if (!x.ok || x.value.encounters !== 10_000)
          throw new Error('bench: the refresh did not fold in 10,000');
      }),
    );
  }
  const worst = Math.max(...incremental);
  record({
    name: `incremental rollup refresh after 10,000 new encounters (worst of ${incremental.map((x) => ms(x)).join(', ')})`,
    measured: ms(worst),
    baseline: o.baseline,
    ratio: worst / o.full,
    target: '≤ 2 s',
    met: worst <= 2000,
  });

  // The conviction-category table: rollups against raw rows, same data, same run.
  log('conviction table');
  // Each naive query is timed while checked against the rollups; at a million rows and more
  // that single round is the sample (each naive query takes seconds to minutes).
  const naiveRounds = o.n >= 1_000_000 ? 0 : 2;
  const rollup: number[] = [];
  const naive: number[] = [];
  for (const q of QUERIES) {
    const a = JSON.stringify(await rollupCounts(store.db, q));
    let b = '';
    naive.push(
      await time(async () => {
        b = JSON.stringify(await rawCounts(store.db, q));
      }),
    );
    if (a !== b) throw new Error(`bench: rollups ${a} differ from raw rows ${b} for ${JSON.stringify(q)}`);
  }
  for (let i = 0; i < 15; i++)
    for (const q of QUERIES) rollup.push(await time(() => rollupCounts(store.db, q)));
  for (let i = 0; i < naiveRounds; i++)
    for (const q of QUERIES) naive.push(await time(() => rawCounts(store.db, q)));
  const p95r = percentile(rollup, 0.95);
  const p95n = percentile(naive, 0.95);
  record({
    name: `conviction table p95, ${QUERIES.length} windows × filters, ${o.n.toLocaleString('en-US')} encounters (speed-up)`,
    measured: `rollups ${ms(p95r)}`,
    baseline: `raw GROUP BY ${ms(p95n)}`,
    ratio: p95n / p95r,
    target: '≥ 20× and ≤ 50 ms',
    met: p95n / p95r >= 20 && p95r <= 50,
  });

  // The quarterly measures: rollups against the naive GROUP BY over raw rows.
  log('quarterly measures');
  const filters: MeasureFilter[] = QUERIES.map((q) => ({
    fromMonth: `${q.from.slice(0, 7)}-01`,
    toMonth: `${q.to.slice(0, 7)}-01`,
    model: q.model,
    state: q.state,
  }));
  const quarterly: number[] = [];
  const quarterlyNaive: number[] = [];
  for (const f of filters) {
    const a = JSON.stringify(await quarterlyMeasures(store.db, f));
    let b = '';
    quarterlyNaive.push(
      await time(async () => {
        b = JSON.stringify(await rawQuarterlyMeasures(store.db, f));
      }),
    );
    if (a !== b) throw new Error(`bench: quarterly rollups ${a} differ from raw rows ${b}`);
  }
  for (let i = 0; i < 15; i++)
    for (const f of filters) quarterly.push(await time(() => quarterlyMeasures(store.db, f)));
  for (let i = 0; i < naiveRounds; i++)
    for (const f of filters) quarterlyNaive.push(await time(() => rawQuarterlyMeasures(store.db, f)));
  const p95q = percentile(quarterly, 0.95);
  const p95qn = percentile(quarterlyNaive, 0.95);
  record({
    name: `quarterly measures by model and state p95, ${filters.length} windows × filters (speed-up)`,
    measured: `rollups ${ms(p95q)}`,
    baseline: `raw GROUP BY ${ms(p95qn)}`,
    ratio: p95qn / p95q,
    target: '≥ 20× and ≤ 50 ms',
    met: p95qn / p95q >= 20 && p95q <= 50,
  });

  // The measures screen: the whole API read (every measure of domain/measures.ts).
  log('measures screen');
  const inputs = QUERIES.map((q) => ({
    from: q.from.slice(0, 7),
    to: q.to.slice(0, 7),
    model: q.model,
    state: q.state,
  }));
  const first = await getMeasures(deps, actor, inputs[0]!);
  if (!first.ok) throw new Error(`bench: measures read refused: ${first.error.userMessage}`);
  const screen: number[] = [];
  for (let i = 0; i < 10; i++)
    for (const input of inputs)
      screen.push(
        await time(async () => {
          const r = await getMeasures(deps, actor, input);
          if (!r.ok) throw new Error(r.error.userMessage);
        }),
      );
  const p95s = percentile(screen, 0.95);
  record({
    name: `measures screen API read (get-measures) p95, ${inputs.length} windows × filters`,
    measured: ms(p95s),
    baseline: `median ${ms(median(screen))}`,
    ratio: p95s / median(screen),
    target: '≤ 100 ms',
    met: p95s <= 100,
  });
}

async function reuseBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = tmp('delegate-bench-stats-');
  const store = await openBenchStore(dir);
  try {
    if (store.kind !== 'postgres') throw new Error('bench: --reuse needs DATABASE_URL');
    // Migrations added since the first run are applied on open; catch up anything they left.
    const catchUp = await time(async () => {
      const r = await refreshRollups({ db: store.db, clock }, actor);
      if (!r.ok) throw new Error(r.error.userMessage);
    });
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM encounters`.execute(store.db);
    const n = Number(r.rows[0]!.n);
    await measure(store, {
      n,
      subjects: Math.floor(n * 0.7),
      dir,
      rows,
      baseline: `catch-up refresh on open ${ms(catchUp)}`,
      full: Math.max(catchUp, 1),
      runId: `r${Date.now().toString(36)}-`,
    });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.main) {
  const { printTable } = await import('./table.ts');
  printTable(await statisticsBench());
}
