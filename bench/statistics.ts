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
import fs from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../src/app/statistics/encounters-csv.ts';
import { importEncounters } from '../src/app/statistics/import-encounters.ts';
import { refreshRollups } from '../src/app/statistics/refresh-rollups.ts';
import { operator } from '../src/domain/actor.ts';
import { checkHeader, ENCOUNTER_COLUMNS, parseEncounterRow } from '../src/domain/encounters-file.ts';
import { addDays, type ConvictionTableQuery } from '../src/domain/statistics.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { rawCounts, rollupCounts } from '../src/store/encounters.ts';
import {
  complaintCounts,
  holdHistogram,
  liftReasons,
  type MeasureFilter,
  measureMonths,
  reviewHistograms,
  trainingRows,
} from '../src/store/measures.ts';
import { ms, percentile, type Row, time, tmp } from './table.ts';

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

export async function statisticsBench(): Promise<Row[]> {
  const n = option('encounters', Number(process.env.BENCH_ENCOUNTERS) || 200_000);
  const rows: Row[] = [];
  const dir = tmp('delegate-bench-stats-');
  const store = await openBenchStore(dir);
  const where = store.kind === 'postgres' ? 'native PostgreSQL' : 'PGlite file';
  const deps = { db: store.db, clock };
  try {
    if (store.kind === 'postgres') {
      const existing = await store.db.selectFrom('encounters').select('encounter_id').limit(1).execute();
      if (existing.length) throw new Error('bench: DATABASE_URL must name an empty database');
    }
    // Import.
    const csv = path.join(dir, 'encounters.csv');
    await writeEncounters(csv, n, {
      seed: 8,
      idPrefix: 'B',
      subjects: Math.floor(n * 0.7),
      firstDay: FIRST_DAY,
      days: DAYS,
    });
    const parse = await time(() => parseOnly(csv));
    const imp = await time(async () => {
      const r = await importEncounters(deps, actor, { file: csv, refresh: false });
      if (!r.ok) throw new Error(r.error.userMessage);
    });
    const perMillion = (imp / n) * 1_000_000;
    rows.push({
      name: `import ${n.toLocaleString('en-US')} encounters (${where}), ${Math.round(n / (imp / 1000)).toLocaleString('en-US')} rows/s`,
      measured: ms(imp),
      baseline: `parse and check only ${ms(parse)}`,
      ratio: imp / parse,
      target: '1,000,000 rows ≤ 60 s (native)',
      met: perMillion <= 60_000,
    });

    // Full build of the rollups, then the incremental refresh after 10,000 more.
    const full = await time(async () => {
      const r = await refreshRollups(deps, actor);
      if (!r.ok) throw new Error(r.error.userMessage);
    });
    const more = path.join(dir, 'more.csv');
    await writeEncounters(more, 10_000, {
      seed: 9,
      idPrefix: 'N',
      subjects: Math.floor(n * 0.7) + 5_000, // about half the new ones are subjects seen before
      firstDay: addDays(FIRST_DAY, DAYS - 90),
      days: 90,
    });
    const r = await importEncounters(deps, actor, { file: more, refresh: false });
    if (!r.ok) throw new Error(r.error.userMessage);
    const incremental = await time(async () => {
      const x = await refreshRollups(deps, actor);
      if (!x.ok || x.value.encounters !== 10_000)
        throw new Error('bench: the refresh did not fold in 10,000');
    });
    rows.push({
      name: 'incremental rollup refresh after 10,000 new encounters',
      measured: ms(incremental),
      baseline: `full build of ${n.toLocaleString('en-US')} ${ms(full)}`,
      ratio: incremental / full,
      target: '≤ 2 s',
      met: incremental <= 2000,
    });

    // The conviction-category table: rollups against raw rows, same data, same run.
    for (const q of QUERIES) {
      const a = JSON.stringify(await rollupCounts(store.db, q));
      const b = JSON.stringify(await rawCounts(store.db, q));
      if (a !== b) throw new Error(`bench: rollups ${a} differ from raw rows ${b} for ${JSON.stringify(q)}`);
    }
    const rollup: number[] = [];
    const naive: number[] = [];
    for (let i = 0; i < 15; i++)
      for (const q of QUERIES) rollup.push(await time(() => rollupCounts(store.db, q)));
    for (let i = 0; i < 3; i++) for (const q of QUERIES) naive.push(await time(() => rawCounts(store.db, q)));
    const p95r = percentile(rollup, 0.95);
    const p95n = percentile(naive, 0.95);
    rows.push({
      name: `conviction table p95, ${QUERIES.length} windows × filters, ${n.toLocaleString('en-US')} encounters (speed-up)`,
      measured: `rollups ${ms(p95r)}`,
      baseline: `raw GROUP BY ${ms(p95n)}`,
      ratio: p95n / p95r,
      target: '≥ 20× and ≤ 50 ms',
      met: p95n / p95r >= 20 && p95r <= 50,
    });

    // The measures screen: every rollup it reads, for the same windows and filters.
    const filters: MeasureFilter[] = QUERIES.map((q) => ({
      fromMonth: `${q.from.slice(0, 7)}-01`,
      toMonth: `${q.to.slice(0, 7)}-01`,
      model: q.model,
      state: q.state,
    }));
    const screen: number[] = [];
    for (let i = 0; i < 10; i++)
      for (const f of filters)
        screen.push(
          await time(async () => {
            await measureMonths(store.db, f);
            await holdHistogram(store.db, f);
            await liftReasons(store.db, f);
            await reviewHistograms(store.db, f);
            await complaintCounts(store.db, f);
            await trainingRows(store.db, f);
          }),
        );
    const p95s = percentile(screen, 0.95);
    rows.push({
      name: `measures screen rollup reads p95, ${filters.length} windows × filters`,
      measured: ms(p95s),
      baseline: '—',
      ratio: 1,
      target: '≤ 50 ms',
      met: p95s <= 50,
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
