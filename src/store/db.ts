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
  /** Test-only faults injected into every top-level transaction (see `withRetry`). */
  faults?: TransactionFaults;
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
  return { ...store, db: withRetry(store.db, options.faults ? { faults: options.faults } : {}) };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (restart, failover, a dropped database) must not
  // crash the process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  // The same for a connection that dies while checked out between two queries (the server
  // crashed or restarted mid-transaction, R34): without a listener its 'error' event would end
  // the process. Its next query fails instead, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
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

// ---------------------------------------------------------------------------------------------
// Retrying transactions (security.md R36). A top-level `db.transaction().execute(fn)` that fails
// with a serialization failure (40001) or a deadlock (40P01) has written nothing: PostgreSQL
// rolled it back whole. It runs again, at most MAX_TRANSACTION_RETRIES more times, after a short
// jittered pause; then `RetryLaterError` reaches the caller (HTTP: 503 `retry-later` with
// Retry-After, http/problem.ts). `fn` must therefore have no effect outside the transaction,
// which the one-path rule already requires (after-commit effects run after `execute`).
// Invariants are held by constraints and locks, not by this: a retry only re-runs the work.

/** SQLSTATEs after which a transaction may simply run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);
/** Retries after the first attempt; the fourth failure is answered "retry later". */
export const MAX_TRANSACTION_RETRIES = 3;

/** A transaction that kept failing with 40001/40P01: nothing of it was written. */
export class RetryLaterError extends Error {
  readonly sqlState: string;
  readonly attempts: number;
  constructor(sqlState: string, attempts: number) {
    super(`transaction failed with SQLSTATE ${sqlState} after ${attempts} attempts`);
    this.name = 'RetryLaterError';
    this.sqlState = sqlState;
    this.attempts = attempts;
  }
}

/** Test-only hooks; production code never sets them (no environment variable reaches here). */
export interface TransactionFaults {
  /**
   * Runs inside every attempt of a top-level transaction after its body, before COMMIT; throwing
   * (e.g. an error with `code: '40001'`) rolls the attempt back as the server would.
   */
  beforeCommit?(attempt: number, tx: Tx): void | Promise<void>;
}

export interface RetryOptions {
  faults?: TransactionFaults;
  /** The pause before retry `n` (1-based); jittered 5–25 ms × n by default. */
  pause?: (retry: number) => Promise<void>;
}

/** The SQLSTATE of a retryable failure, or null. */
export function retryableSqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code) ? code : null;
}

const defaultPause = (retry: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, retry * (5 + Math.random() * 20)));

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or retries run out. */
export async function runWithRetry<T>(
  attempt: (n: number) => Promise<T>,
  pause: (retry: number) => Promise<void> = defaultPause,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const state = retryableSqlState(error);
      if (!state) throw error;
      if (n > MAX_TRANSACTION_RETRIES) throw new RetryLaterError(state, n);
      await pause(n);
    }
  }
}

const unwrapped = new WeakMap<object, Db>();

/**
 * `db` whose top-level transactions retry as above; every other method is `db`'s own. Wrapping
 * an already wrapped handle replaces its options (tests add faults to a store's handle).
 */
export function withRetry(db: Db, options: RetryOptions = {}): Db {
  const base = unwrapped.get(db) ?? db;
  const wrapped = new Proxy(base, {
    get(target, prop) {
      if (prop === 'transaction') return () => retryingBuilder(target.transaction(), options);
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  unwrapped.set(wrapped, base);
  return wrapped;
}

type Builder = ReturnType<Db['transaction']>;

function retryingBuilder(builder: Builder, options: RetryOptions): Builder {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') {
        return <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
          runWithRetry(
            (n) =>
              target.execute(async (tx) => {
                const value = await fn(tx);
                await options.faults?.beforeCommit?.(n, tx);
                return value;
              }),
            options.pause,
          );
      }
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // setIsolationLevel / setAccessMode return a new builder: keep it retrying.
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out && typeof out === 'object' && 'execute' in out
          ? retryingBuilder(out as Builder, options)
          : out;
      };
    },
  });
}
