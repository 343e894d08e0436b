import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function ping(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Current values of server settings, by name. */
export async function serverSettings(db: Db, names: string[]): Promise<Record<string, string>> {
  const r = await sql<{ name: string; setting: string }>`
    SELECT name, setting FROM pg_settings WHERE name = ANY(${names}::text[])`.execute(db);
  return Object.fromEntries(r.rows.map((row) => [row.name, row.setting]));
}
