/**
 * The one database path: a pg.Pool, over PGlite's node-postgres adapter by default or over a
 * native PostgreSQL server when DATABASE_URL is set, with Kysely as the typed query layer.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';

// Keep `date` columns as YYYY-MM-DD strings, and bigint counts as numbers where they fit.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for a native server; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Who holds the data-directory lock, for the message another process sees. */
  holder?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DELEGATE_DATA_DIR || '.delegate');
}

export async function openStore(options: OpenOptions = {}): Promise<Store> {
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir ?? defaultDataDir(), options.holder ?? 'delegate');
  try {
    if (options.migrate !== false) await migrate(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (restart, failover, a dropped database) must not
  // crash the process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return { db, kind: 'postgres', location: safe.toString(), close: () => db.destroy() };
}

async function openPglite(dataDir: string, holder: string): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dataDir, holder);
  try {
    const pglite = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pgdata'));
    const pool = new pg.Pool(createPgConfig(pglite));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      async close() {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
