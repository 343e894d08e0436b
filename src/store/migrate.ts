/** Applies src/store/migrations/NNNN_name.sql in order, each in its own transaction. */
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

export async function migrate(db: Kysely<Database>): Promise<string[]> {
  // No DDL when the ledger exists: the application role (src/store/roles.ts) may not run any,
  // and opens a migrated database with nothing pending.
  const ledger = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(
    db,
  );
  if (!ledger.rows[0]?.t) {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  }
  const applied = new Set(
    (await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name),
  );
  const done: string[] = [];
  for (const file of migrationFiles()) {
    if (applied.has(file)) continue;
    const text = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    await db.transaction().execute(async (tx) => {
      // Serialise concurrent migrators on a native server.
      await sql`SELECT pg_advisory_xact_lock(287287)`.execute(tx);
      const again = await tx
        .selectFrom('schema_migrations')
        .select('name')
        .where('name', '=', file)
        .execute();
      if (again.length > 0) return;
      await sql.raw(text).execute(tx);
      await tx.insertInto('schema_migrations').values({ name: file }).execute();
      done.push(file);
    });
  }
  return done;
}
