/**
 * The databases tests run against: embedded PGlite always, and native PostgreSQL when
 * DATABASE_URL is set. In CI a missing DATABASE_URL is a failure, never a skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Deps } from '../../src/app/deps.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { openStore, type Store } from '../../src/store/db.ts';

export type Backend = 'pglite' | 'postgres';

export function backends(): Backend[] {
  if (process.env.DATABASE_URL) return ['pglite', 'postgres'];
  if (process.env.CI) throw new Error('CI must set DATABASE_URL: tests run on PGlite and native PostgreSQL.');
  return ['pglite'];
}

export interface TestDb {
  store: Store;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the native server. */
export async function freshDb(backend: Backend, now = '2026-11-29T12:00:00Z'): Promise<TestDb> {
  const clock = fixedClock(now);
  if (backend === 'pglite') {
    const store = await openStore({ dataDir: 'memory://' });
    return { store, clock, deps: { db: store.db, clock }, close: () => store.close() };
  }
  const admin = new URL(process.env.DATABASE_URL!);
  const name = `delegate_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    store,
    clock,
    deps: { db: store.db, clock },
    async close() {
      await store.close();
      await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: URL, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}
