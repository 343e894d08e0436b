/**
 * JEM casework benchmarks (issue 4), ratios in one run because the machine is shared and noisy:
 * (a) intake — bookings per second through `ingestBooking` (validate, resolve the subject,
 * prioritise, persist, audit) against bare single-row INSERTs of the same payload into a plain
 * table, and the latency of intake paced at 100 bookings a second; (b) the screening queue —
 * the first page of a facility's queue through `listCases` with 100,000 open cases on file,
 * against a primary-key read of one case, with the plan PostgreSQL chose for it. Native
 * PostgreSQL (a fresh database) when DATABASE_URL is set, else PGlite in a temporary directory.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import { ingestBooking } from '../src/app/casework/ingest-booking.ts';
import { listCases } from '../src/app/casework/list-cases.ts';
import { seedDemo } from '../src/app/demo/seed-demo.ts';
import type { Deps } from '../src/app/deps.ts';
import { type Actor, operator, type Role } from '../src/domain/actor.ts';
import { fixedClock } from '../src/domain/clock.ts';
import type { Result } from '../src/domain/result.ts';
import { type SyntheticBooking, syntheticBookings } from '../src/integrations/systems/bookings.ts';
import { generatePopulation } from '../src/integrations/systems/population.ts';
import * as casework from '../src/store/casework.ts';
import { type Db, openStore, type Store } from '../src/store/db.ts';
import { median, ms, percentile, type Row, time, tmp } from './table.ts';

const NOW = '2026-11-29T12:00:00Z';
const ROUNDS = 5;
const PER_ROUND = 200;
const PACED_RATE = 100;
const PACED_SECONDS = 10;
const OPEN_CASES = 100_000;
const QUEUE_CALLS = 200;

const must = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, msec)));

interface BenchDb {
  store: Store;
  where: string;
  close(): Promise<void>;
}

/** A fresh database: a new one on the native server, or PGlite in a temporary directory. */
async function openBenchDb(): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = tmp('delegate-bench-casework-');
    const store = await openStore({ dataDir: dir, holder: 'bench' });
    return {
      store,
      where: 'PGlite file: DATABASE_URL not set',
      async close() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `delegate_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: target.toString() });
  return {
    store,
    where: 'native PostgreSQL',
    async close() {
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function actors(db: Db) {
  const users = await db.selectFrom('users').select(['user_id', 'email', 'role', 'agency_id']).execute();
  const actorFor = (email: string): Actor => {
    const u = users.find((x) => x.email === email);
    if (!u) throw new Error(`bench: no demo user ${email}`);
    return { kind: 'user', id: u.user_id, role: u.role as Role, agencyId: u.agency_id };
  };
  return {
    coordinator: actorFor('coordinator@demo.delegate.test'),
    officer: actorFor('officer@demo.delegate.test'),
  };
}

/** Synthetic bookings at MAIN with the given booking-number prefix. */
function bookingsFor(prefix: string, count: number, seed: number): SyntheticBooking[] {
  const population = generatePopulation({ seed });
  return syntheticBookings({
    seed,
    count,
    facilityCode: 'MAIN',
    start: new Date(Date.parse(NOW) - 200 * 86_400_000),
    population,
  }).map((b, i) => ({ ...b, bookingNumber: `${prefix}-${String(i + 1).padStart(6, '0')}` }));
}

const bareInsert = (db: Db, b: SyntheticBooking) =>
  sql`INSERT INTO bench_plain_bookings (booking_number, facility_code, booked_at, person, charges, expected_release_at)
      VALUES (${b.bookingNumber}, ${b.facilityCode}, ${b.bookedAt}::timestamptz, ${JSON.stringify(b.person)}::jsonb,
              ${JSON.stringify(b.charges)}::jsonb, ${b.expectedReleaseAt ?? null}::timestamptz)`.execute(db);

async function intake(deps: Deps, coordinator: Actor, where: string): Promise<Row[]> {
  const db = deps.db;
  await sql`CREATE TABLE bench_plain_bookings (
    id bigserial PRIMARY KEY, booking_number text NOT NULL, facility_code text NOT NULL,
    booked_at timestamptz NOT NULL, person jsonb NOT NULL, charges jsonb NOT NULL,
    expected_release_at timestamptz)`.execute(db);
  // Warm both paths (module loading, plan caches) before measuring.
  for (const b of bookingsFor('WARM', 20, 41)) {
    must(await ingestBooking(deps, coordinator, b));
    await bareInsert(db, { ...b, bookingNumber: `${b.bookingNumber}-bare` });
  }
  const full: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const batch = bookingsFor(`R${round}`, PER_ROUND, 100 + round);
    full.push(
      await time(async () => {
        for (const b of batch) must(await ingestBooking(deps, coordinator, b));
      }),
    );
    bare.push(
      await time(async () => {
        for (const b of batch) await bareInsert(db, b);
      }),
    );
  }
  const fullRate = PER_ROUND / (median(full) / 1000);
  const bareRate = PER_ROUND / (median(bare) / 1000);
  const rows: Row[] = [
    {
      name: `intake, full path (validate, resolve, prioritise, persist, audit) vs bare single-row INSERT, ${where}`,
      measured: `${Math.round(fullRate)} bookings/s`,
      baseline: `bare ${Math.round(bareRate)} rows/s`,
      ratio: fullRate / bareRate,
      target: '≥ 50 % of bare',
      met: fullRate / bareRate >= 0.5,
    },
  ];
  rows.push(await pacedIntake(deps, coordinator, where, bareRate));
  return rows;
}

/** Intake at a steady 100 bookings a second for 10 s: the latency of each call. */
async function pacedIntake(deps: Deps, coordinator: Actor, where: string, bareRate: number): Promise<Row> {
  const count = PACED_RATE * PACED_SECONDS;
  const batch = bookingsFor('PACED', count, 7);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await sleep(t0 + (i * 1000) / PACED_RATE - performance.now());
    latencies.push(
      await time(async () => {
        must(await ingestBooking(deps, coordinator, batch[i]!));
      }),
    );
  }
  const achieved = count / ((performance.now() - t0) / 1000);
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  return {
    name: `intake paced at ${PACED_RATE}/s for ${PACED_SECONDS} s (achieved ${Math.round(achieved)}/s), p50 ${ms(p50)}, ${where}`,
    measured: `p99 ${ms(p99)}`,
    baseline: `bare INSERT ${ms(1000 / bareRate)}`,
    ratio: p99 / (1000 / bareRate),
    target: 'p99 ≤ 25 ms at 100/s',
    met: p99 <= 25 && achieved >= PACED_RATE * 0.95,
  };
}

/** Intake again once the store holds a year of a large jail: does a booking cost more as cases accumulate? */
async function intakeOnFullStore(deps: Deps, coordinator: Actor, where: string): Promise<Row> {
  const batch = bookingsFor('FULL', 300, 9);
  const latencies: number[] = [];
  for (const b of batch)
    latencies.push(await time(async () => must(await ingestBooking(deps, coordinator, b))));
  const bare: number[] = [];
  for (const b of batch) bare.push(await time(() => bareInsert(deps.db, b)));
  const rate = 1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length);
  const bareRate = 1000 / (bare.reduce((a, b) => a + b, 0) / bare.length);
  return {
    name: `intake with ${(OPEN_CASES + 30_000).toLocaleString('en-US')} cases and subjects on file, full path vs bare INSERT (p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}), ${where}`,
    measured: `${Math.round(rate)} bookings/s`,
    baseline: `bare ${Math.round(bareRate)} rows/s`,
    ratio: rate / bareRate,
    target: '≥ 50 % of bare; p99 ≤ 25 ms',
    met: rate / bareRate >= 0.5 && percentile(latencies, 0.99) <= 25,
  };
}

/** 100,000 open cases at MAIN (and closed and ANNEX ones beside them), written in bulk. */
async function fillQueue(db: Db, agencyId: string) {
  const at = NOW;
  const fill = async (from: number, to: number, facility: string, closed: boolean) => {
    await sql`INSERT INTO subjects (subject_id, first_name, last_name, dob, sex, created_at)
      SELECT md5('fill-subject-' || g)::uuid, 'Fill', 'Subject' || g,
             date '1960-01-01' + (g * 7919) % 16000, 'M', ${at}::timestamptz
      FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
    await sql`INSERT INTO bookings (agency_id, booking_id, booking_number, facility_code, booked_at, person, charges,
                content_hash, subject_id, expected_release_at, created_at)
      SELECT ${agencyId}::uuid, md5('fill-booking-' || g)::uuid, 'FILL-' || g, ${facility},
             ${at}::timestamptz - (g % 2000) * interval '1 hour',
             jsonb_build_object('firstName', 'Fill', 'lastName', 'Subject' || g, 'dob', '1980-01-01', 'sex', 'M'),
             '[{"ncic":"1313","description":"Simple assault","level":"misdemeanor"}]'::jsonb,
             md5('fill-hash-' || g), md5('fill-subject-' || g)::uuid,
             CASE WHEN g % 3 = 0 THEN NULL ELSE ${at}::timestamptz + (g % 1440) * interval '1 hour' END,
             ${at}::timestamptz
      FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
    await sql`INSERT INTO cases (agency_id, case_id, case_number, booking_id, subject_id, facility_code, status, tier,
                priority_explanation, priority_policy_version, opened_at, expected_release_at, record,
                outcome, closed_at, updated_at, version)
      SELECT ${agencyId}::uuid, md5('fill-case-' || g)::uuid, 'JEM-2026-F' || lpad(g::text, 7, '0'),
             md5('fill-booking-' || g)::uuid, md5('fill-subject-' || g)::uuid, ${facility},
             CASE WHEN ${closed}::boolean THEN 'closed'
                  ELSE (ARRAY['screening','screening','screening','screening','interviewed','removable',
                              'i213_submitted','detainer_served'])[1 + g % 8] END,
             (ARRAY[1,2,2,3,3,3,3,4,4,4])[1 + (g * 7919) % 10],
             'Synthetic fill', 'bench',
             ${at}::timestamptz - (g % 2000) * interval '1 hour',
             CASE WHEN g % 3 = 0 THEN NULL ELSE ${at}::timestamptz + (g % 1440) * interval '1 hour' END,
             '{}'::jsonb,
             CASE WHEN ${closed}::boolean THEN 'released_before_detainer' END,
             CASE WHEN ${closed}::boolean THEN ${at}::timestamptz END,
             ${at}::timestamptz, 1
      FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
  };
  for (let from = 1; from <= OPEN_CASES; from += 25_000)
    await fill(from, Math.min(OPEN_CASES, from + 24_999), 'MAIN', false);
  await fill(OPEN_CASES + 1, OPEN_CASES + 20_000, 'MAIN', true);
  await fill(OPEN_CASES + 20_001, OPEN_CASES + 30_000, 'ANNEX', false);
  for (const table of ['subjects', 'bookings', 'cases']) await sql`ANALYZE ${sql.table(table)}`.execute(db);
}

/** Records the operation nodes of the queries it sees, to EXPLAIN the one `listCases` ran. */
class Capture implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** "Limit → Nested Loop → Index Scan (cases_queue_idx on cases)": the plan's spine, first child each time. */
function spine(node: PlanNode): string {
  const parts: string[] = [];
  for (let n: PlanNode | undefined = node; n; n = n.Plans?.[0]) {
    const on = n['Index Name']
      ? ` (${n['Index Name']})`
      : n['Relation Name']
        ? ` (${n['Relation Name']})`
        : '';
    parts.push(`${n['Node Type']}${on}`);
  }
  return parts.join(' → ');
}

async function explainQueue(deps: Deps, officer: Actor): Promise<{ plan: string; serverMs: number }> {
  const capture = new Capture();
  must(
    await listCases({ ...deps, db: deps.db.withPlugin(capture) }, officer, {
      list: 'screening',
      facility: 'MAIN',
    }),
  );
  const node = capture.nodes.find((n) => JSON.stringify(n).includes('"case_number"'));
  if (!node) throw new Error('bench: the queue query was not seen');
  const compiled = deps.db.getExecutor().compileQuery(node, { queryId: 'explain-queue' });
  const r = await deps.db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
  );
  const out = r.rows[0]!['QUERY PLAN'][0]!;
  return { plan: spine(out.Plan), serverMs: out['Execution Time'] };
}

async function queue(deps: Deps, officer: Actor, coordinator: Actor, where: string): Promise<Row[]> {
  const agencyId = officer.agencyId!;
  const fillMs = await time(() => fillQueue(deps.db, agencyId));
  const input = { list: 'screening' as const, facility: 'MAIN' };
  const first = must(await listCases(deps, officer, input));
  if (first.items.length !== 50) throw new Error(`bench: first page has ${first.items.length} items`);
  for (let i = 0; i < 10; i++) must(await listCases(deps, officer, input));
  const ids = (await deps.db.selectFrom('cases').select('case_id').limit(QUEUE_CALLS).execute()).map(
    (r) => r.case_id,
  );
  const page: number[] = [];
  const byKey: number[] = [];
  for (let i = 0; i < QUEUE_CALLS; i++) {
    page.push(await time(async () => must(await listCases(deps, officer, input))));
    byKey.push(await time(() => casework.findCase(deps.db, ids[i % ids.length]!)));
  }
  const p95 = percentile(page, 0.95);
  const base = percentile(byKey, 0.95);
  const { plan, serverMs } = await explainQueue(deps, officer);
  return [
    await intakeOnFullStore(deps, coordinator, where),
    {
      name: `queue first page (screening, MAIN), ${OPEN_CASES.toLocaleString('en-US')} open cases, ${where}; plan: ${plan}; EXPLAIN ANALYZE ${ms(serverMs)}; fill ${ms(fillMs)}`,
      measured: `p95 ${ms(p95)} (p50 ${ms(median(page))})`,
      baseline: `case by primary key p95 ${ms(base)}`,
      ratio: p95 / base,
      target: 'p95 ≤ 20 ms',
      met: p95 <= 20,
    },
  ];
}

export async function caseworkBench(): Promise<Row[]> {
  const bench = await openBenchDb();
  try {
    const clock = fixedClock(NOW);
    const deps: Deps = { db: bench.store.db, clock };
    must(await seedDemo(deps, operator('bench')));
    const { coordinator, officer } = await actors(deps.db);
    const rows = await intake(deps, coordinator, bench.where);
    rows.push(...(await queue(deps, officer, coordinator, bench.where)));
    return rows;
  } finally {
    await bench.close();
  }
}
