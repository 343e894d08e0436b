/**
 * R39 (latency and error SLO under load): 50 concurrent clients of one agency over real HTTP
 * against the real server, a mix of 80 % reads and 20 % creates, then the same concurrency on the
 * health endpoint as the same-run baseline. Reports read p95/p99, write p95, the error rate, and
 * checks that the audit trail holds exactly one event per acknowledged create.
 * Native PostgreSQL when DATABASE_URL is set, else embedded PGlite. On this 2-core machine the
 * clients and the server share the cores, so the figures are an upper bound.
 */
import { randomUUID } from 'node:crypto';
import { createUser } from '../src/app/accounts/create-user.ts';
import type { Deps } from '../src/app/deps.ts';
import { systemClock } from '../src/cli/run.ts';
import { operator } from '../src/domain/actor.ts';
import { buildServer } from '../src/http/server.ts';
import { openStore } from '../src/store/db.ts';
import { signInOverHttp } from '../test/support/sign-in.ts';
import { ms, percentile, type Row } from './table.ts';

const CLIENTS = 50;
const REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 3_000);
const EMAIL = 'program@load.delegate.test';
const PASSWORD = 'granite-orchard-lantern-7731';

interface Sample {
  kind: 'read' | 'write' | 'health';
  ms: number;
  status: number;
}

async function drive(total: number, one: (i: number) => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) samples.push(await one(next++));
    }),
  );
  return samples;
}

export async function loadBench(): Promise<Row[]> {
  const store = await openStore(
    process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
  );
  const deps: Deps = { db: store.db, clock: systemClock };
  const created = await createUser(deps, operator('bench'), {
    email: EMAIL,
    displayName: 'Program Office (load bench)',
    role: 'program_office',
    agencyId: null,
    password: PASSWORD,
  });
  if (!created.ok && created.error.code !== 'conflict') throw new Error(created.error.userMessage);
  const app = await buildServer({ deps, database: { kind: store.kind }, version: 'bench', logger: false });
  const cookie = await signInOverHttp(app, EMAIL, { password: PASSWORD });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
  const before = await store.db
    .selectFrom('audit_events')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('type', '=', 'complaint.received')
    .executeTakeFirstOrThrow();

  const timed = async (kind: Sample['kind'], url: string, init?: RequestInit): Promise<Sample> => {
    const t0 = performance.now();
    try {
      const r = await fetch(url, init);
      await r.arrayBuffer();
      return { kind, ms: performance.now() - t0, status: r.status };
    } catch {
      return { kind, ms: performance.now() - t0, status: 0 };
    }
  };
  const reads = ['/complaints', '/session', '/moas', '/registry/counts'];
  const samples = await drive(REQUESTS, (i) =>
    i % 5 === 4
      ? timed('write', `${base}/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            language: 'en',
            narrative: `Load bench complaint ${i}: a synthetic narrative of sufficient length.`,
          }),
        })
      : timed('read', `${base}${reads[i % reads.length]}`, { headers: { cookie } }),
  );
  const health = await drive(REQUESTS, () => timed('health', `${base}/health`));
  const after = await store.db
    .selectFrom('audit_events')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('type', '=', 'complaint.received')
    .executeTakeFirstOrThrow();
  await app.close();
  await store.close();

  const of = (k: Sample['kind']) => samples.filter((s) => s.kind === k);
  const readMs = of('read').map((s) => s.ms);
  const writeMs = of('write').map((s) => s.ms);
  const healthP95 = percentile(
    health.map((s) => s.ms),
    0.95,
  );
  const errors = samples.filter((s) => s.status === 0 || s.status >= 500).length;
  const unexpected = samples.filter((s) => s.status >= 400 && s.status < 500).length;
  const acked = of('write').filter((s) => s.status === 201 || s.status === 200).length;
  const audited = Number(after.n) - Number(before.n);
  const where = `${store.kind}, ${CLIENTS} clients, ${REQUESTS} requests`;
  const row = (name: string, value: number, limit: number): Row => ({
    name: `load (${where}): ${name}`,
    measured: ms(value),
    baseline: `health p95 ${ms(healthP95)}`,
    ratio: value / healthP95,
    target: `< ${limit} ms`,
    met: value < limit,
  });
  return [
    row('read p95', percentile(readMs, 0.95), 300),
    row('read p99', percentile(readMs, 0.99), 1_000),
    row('write p95', percentile(writeMs, 0.95), 500),
    {
      name: `load (${where}): error rate (5xx or no answer)`,
      measured: `${errors} of ${samples.length}${unexpected ? ` (+${unexpected} 4xx)` : ''}`,
      baseline: `${health.filter((s) => s.status !== 200).length} health failures`,
      ratio: errors / samples.length,
      target: '< 0.1 % and no 4xx',
      met: errors / samples.length < 0.001 && unexpected === 0,
    },
    {
      name: `load (${where}): audit events per acknowledged create`,
      measured: `${audited} events`,
      baseline: `${acked} acknowledged`,
      ratio: acked ? audited / acked : 0,
      target: 'equal',
      met: audited === acked,
    },
  ];
}
