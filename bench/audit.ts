/**
 * Audit benchmarks (issue 7), each against a baseline measured in the same run:
 * 1. the same HTTP request (and the same use case) on a database that audits and on one whose
 *    audit appender is a bench-only no-op, interleaved round by round;
 * 2. `audit verify` over a 10,000-row chain against raw SHA-256 over the very bytes it hashes.
 * The no-op appender exists only here: production has no setting that turns auditing off.
 * Each pair is reported twice: wall time (the target) and this process's CPU time, which on a
 * shared machine moves less with other people's load (on PGlite it includes the database).
 */
import { hash as digest } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createUser } from '../src/app/accounts/create-user.ts';
import type { Deps } from '../src/app/deps.ts';
import { createTrainingClass } from '../src/app/officers/create-training-class.ts';
import { type Actor, operator } from '../src/domain/actor.ts';
import { outcomeOf } from '../src/domain/audit.ts';
import type { Clock } from '../src/domain/clock.ts';
import { buildServer } from '../src/http/server.ts';
import {
  type AuditAppender,
  type AuditRowContent,
  appendAudit,
  chainBytesV2,
  chainHash,
  chainHashV2,
  installAuditAppenderForBench,
  verifyAuditChain,
} from '../src/store/audit.ts';
import { type Db, openStore, type Store } from '../src/store/db.ts';
import { signInOverHttp } from '../test/support/sign-in.ts';
import { median, ms, type Row, time } from './table.ts';

const ACTOR = operator('bench');
const BENCH_USER = 'program@bench.delegate.test';
const BENCH_PASSWORD = 'correct horse battery staple bench';
const CHAIN = 10_000;
const ROUNDS = 9;
const PER_ROUND = 100;

/** A clock that moves on a second per call of `advance`, so TOTP steps never run out. */
function benchClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (d) => {
      offset += d;
    },
  };
}

interface Side {
  store: Store;
  deps: Deps;
  request(): Promise<void>;
  useCase(): Promise<void>;
}

/**
 * The appender as it was before this change (issue 7 bench "before"): the head advanced by one
 * statement, the row hashed here in format 1 and inserted with the new head by a second.
 */
const previousAppender: AuditAppender = async (tx, actor, at, event) => {
  const head = await sql<{ seq: string | number; hash: string }>`
    UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`.execute(tx);
  const { seq, hash: prevHash } = head.rows[0]!;
  const c: AuditRowContent = {
    seq: Number(seq),
    eventId: uuidv7(),
    occurredAt: at.toISOString(),
    type: event.type,
    actorId: actor.id,
    actorRole: actor.role,
    agencyId: actor.agencyId,
    outcome: outcomeOf(event),
    resourceType: event.resource?.type ?? null,
    resourceId: event.resource?.id ?? null,
    data: event.data,
  };
  const hash = chainHash(prevHash, c);
  await sql`
    WITH row AS (
      INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                                resource_type, resource_id, data, prev_hash, hash)
      VALUES (${c.seq}, ${c.eventId}, ${c.occurredAt}, ${c.type}, ${c.actorId}, ${c.actorRole}, ${c.agencyId},
              ${c.outcome}, ${c.resourceType}, ${c.resourceId}, ${JSON.stringify(c.data)}::jsonb, ${prevHash}, ${hash})
      RETURNING seq
    )
    UPDATE audit_head SET hash = ${hash} WHERE id = 1 AND EXISTS (SELECT 1 FROM row)`.execute(tx);
  return c.eventId;
};

type Kind = 'audited' | 'previous' | 'unaudited';

async function side(kind: Kind): Promise<Side> {
  const store = await openStore({ dataDir: 'memory://' });
  const deps: Deps = { db: store.db, clock: benchClock() };
  const created = await createUser(deps, ACTOR, {
    email: BENCH_USER,
    displayName: 'Program Office (bench)',
    role: 'program_office',
    agencyId: null,
    password: BENCH_PASSWORD,
  });
  if (!created.ok) throw new Error(created.error.userMessage);
  // The bench-only build: this database's audited writes write nothing.
  if (kind === 'unaudited') installAuditAppenderForBench(store.db, async () => uuidv7());
  if (kind === 'previous') installAuditAppenderForBench(store.db, previousAppender);
  const app = await buildServer({ deps, database: { kind: 'pglite' }, version: 'bench' });
  await app.ready();
  const cookie = await signInOverHttp(app, BENCH_USER, { password: BENCH_PASSWORD });
  const body = { model: 'JEM', startsOn: '2026-01-05', endsOn: '2026-01-30' };
  return {
    store,
    deps,
    async request() {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/training-classes',
        headers: { cookie },
        payload: body,
      });
      if (r.statusCode !== 201) throw new Error(`bench request: ${r.statusCode} ${r.body}`);
    },
    async useCase() {
      const r = await createTrainingClass(deps, ACTOR as Actor, {
        model: 'JEM',
        startsOn: '2026-01-05',
        endsOn: '2026-01-30',
      });
      if (!r.ok) throw new Error(r.error.userMessage);
    },
  };
}

/** Wall time and this process's CPU time (user + system) of `body`, in ms. */
async function timeBoth(body: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const wall = await time(body);
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

interface Pair {
  wall: [number, number];
  /** CPU time of this process: on PGlite all the work, so the figure the machine's load disturbs least. */
  cpu: [number, number];
}

/** Per-call medians of `body` on both sides, alternating which goes first each round. */
async function interleaved(a: () => Promise<void>, b: () => Promise<void>): Promise<Pair> {
  const run = (f: () => Promise<void>) =>
    timeBoth(async () => {
      for (let i = 0; i < PER_ROUND; i++) await f();
    });
  for (let i = 0; i < 30; i++) {
    await a();
    await b();
  }
  const ta: { wall: number; cpu: number }[] = [];
  const tb: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ta.push(await run(a));
      tb.push(await run(b));
    } else {
      tb.push(await run(b));
      ta.push(await run(a));
    }
  }
  const per = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') =>
    median(xs.map((x) => x[k])) / PER_ROUND;
  return { wall: [per(ta, 'wall'), per(tb, 'wall')], cpu: [per(ta, 'cpu'), per(tb, 'cpu')] };
}

async function overheadRows(): Promise<Row[]> {
  const audited = await side('audited');
  const bare = await side('unaudited');
  const previous = await side('previous');
  const rows: Row[] = [];
  const before = await interleaved(previous.request, bare.request);
  const [pa, pb] = before.wall;
  rows.push({
    name: 'before: the same request with the previous appender (two statements, format 1)',
    measured: ms(pa),
    baseline: `unaudited ${ms(pb)}`,
    ratio: pa / pb,
    target: '(before)',
    met: true,
  });
  const request = await interleaved(audited.request, bare.request);
  const [ra, rb] = request.wall;
  rows.push({
    name: 'POST /api/v1/training-classes, audited vs bench-only no-op appender (PGlite)',
    measured: ms(ra),
    baseline: `unaudited ${ms(rb)}`,
    ratio: ra / rb,
    target: 'overhead ≤ 15 %',
    met: ra / rb <= 1.15,
  });
  const [rca, rcb] = request.cpu;
  rows.push({
    name: 'the same requests, CPU time of the process (PGlite runs in it)',
    measured: ms(rca),
    baseline: `unaudited ${ms(rcb)}`,
    ratio: rca / rcb,
    target: '(same target, CPU time)',
    met: rca / rcb <= 1.15,
  });
  const [ua, ub] = (await interleaved(audited.useCase, bare.useCase)).wall;
  rows.push({
    name: 'create-training-class use case alone, audited vs no-op appender (PGlite)',
    measured: ms(ua),
    baseline: `unaudited ${ms(ub)}`,
    ratio: ua / ub,
    target: '(request row is the target)',
    met: true,
  });
  const check = await verifyAuditChain(audited.store.db);
  if (!check.ok) throw new Error(`chain does not verify after the bench: ${check.reason}`);
  await audited.store.close();
  await bare.store.close();
  await previous.store.close();
  return rows;
}

interface StoredRow {
  seq: number;
  event_id: string;
  occurred_at: Date;
  type: string;
  actor_id: string;
  actor_role: string | null;
  agency_id: string | null;
  outcome: string;
  resource_type: string | null;
  resource_id: string | null;
  data_text: string;
  prev_hash: string;
  hash: string;
  canonical: string;
}

/** `audit verify` against raw SHA-256 of the bytes it hashes, interleaved, on one database. */
async function measureVerify(db: Db, bytes: readonly string[], where: string): Promise<Row[]> {
  const verifyTimes: { wall: number; cpu: number }[] = [];
  const rawTimes: { wall: number; cpu: number }[] = [];
  let sink = '';
  for (let i = 0; i < 9; i++) {
    verifyTimes.push(
      await timeBoth(async () => {
        const check = await verifyAuditChain(db);
        if (!check.ok || check.rows !== bytes.length)
          throw new Error(`chain does not verify: ${check.reason}`);
      }),
    );
    rawTimes.push(
      await timeBoth(async () => {
        for (const b of bytes) sink = digest('sha256', b, 'hex');
      }),
    );
  }
  if (sink.length !== 64) throw new Error('no hash');
  const rate = (t: number) => `${Math.round(bytes.length / (t / 1000))} rows/s`;
  const row = (k: 'wall' | 'cpu', name: string, target: string): Row => {
    const v = median(verifyTimes.map((t) => t[k]));
    const raw = median(rawTimes.map((t) => t[k]));
    return {
      name,
      measured: rate(v),
      baseline: `raw ${rate(raw)}`,
      ratio: raw / v,
      target,
      met: raw / v >= 0.5,
    };
  };
  return [
    row(
      'wall',
      `audit verify, ${bytes.length} rows (${where}), throughput vs raw SHA-256 of the same bytes`,
      '≥ 50 % of raw',
    ),
    row(
      'cpu',
      `the same, CPU time of this process (${where === 'PGlite' ? 'the database included' : 'the server not included'})`,
      '(same target, CPU time)',
    ),
  ];
}

/** The same rows in a fresh database on the native server (DATABASE_URL), copied in bulk. */
async function onNativeServer<T>(rows: readonly StoredRow[], body: (db: Db) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `delegate_bench_audit_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  try {
    for (let i = 0; i < rows.length; i += 1000) {
      const values = rows
        .slice(i, i + 1000)
        .map(
          (r) =>
            sql`(${r.seq}, ${r.event_id}, ${r.occurred_at}, ${r.type}, ${r.actor_id}, ${r.actor_role}, ${r.agency_id}, ${r.outcome}, ${r.resource_type}, ${r.resource_id}, ${r.data_text}::jsonb, ${r.prev_hash}, ${r.hash}, 2)`,
        );
      await sql`INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id,
                  outcome, resource_type, resource_id, data, prev_hash, hash, chain_version)
                VALUES ${sql.join(values)}`.execute(store.db);
    }
    await sql`UPDATE audit_head SET seq = ${rows.length}, hash = ${rows.at(-1)!.hash}`.execute(store.db);
    return await body(store.db);
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function verifyRows(): Promise<Row[]> {
  const store = await openStore({ dataDir: 'memory://' });
  for (let i = 0; i < CHAIN; i += 500) {
    await store.db.transaction().execute(async (tx) => {
      for (let j = i; j < i + 500; j++) {
        await appendAudit(tx, ACTOR, new Date(), {
          type: 'facility.added',
          resource: { type: 'facility', id: `f${j}` },
          data: { agencyId: 'bench', code: `F${j}` },
        });
      }
    });
  }
  // The exact bytes verify hashes, prepared in memory before the clock starts.
  const stored = await sql<StoredRow>`
    SELECT *, data::text AS data_text FROM audit_events ORDER BY seq`.execute(store.db);
  const bytes = stored.rows.map((r) => chainBytesV2(r.prev_hash, r.canonical));
  const last = stored.rows.at(-1)!;
  if (chainHashV2(last.prev_hash, last.canonical) !== last.hash)
    throw new Error('not the bytes verify hashes');
  const rows = await measureVerify(store.db, bytes, 'PGlite');
  await store.close();
  if (process.env.DATABASE_URL)
    rows.push(...(await onNativeServer(stored.rows, (db) => measureVerify(db, bytes, 'PostgreSQL'))));
  return rows;
}

export async function auditBench(): Promise<Row[]> {
  return [...(await overheadRows()), ...(await verifyRows())];
}
