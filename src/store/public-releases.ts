/**
 * Public dashboard releases (migration 0014): writing a built release, reading the latest one
 * that passed its check (published values only), and the exact counts behind it for the next
 * release's revision check. Called only from use cases.
 */
import { sql } from 'kysely';
import type { PublishedTable, ReleaseProblem, ReleaseTable } from '../domain/disclosure-control.ts';
import type { Db, Tx } from './db.ts';

export interface StoredRelease {
  releaseId: string;
  builtAt: string;
  periodFrom: string;
  periodTo: string;
  tables: PublishedTable[];
  checkPassed: boolean;
  problems: ReleaseProblem[];
}

export async function insertRelease(
  tx: Tx,
  r: {
    releaseId: string;
    builtAt: Date;
    builtBy: string;
    periodFrom: string;
    periodTo: string;
    published: PublishedTable[];
    exact: ReleaseTable[];
    passed: boolean;
    problems: ReleaseProblem[];
  },
): Promise<void> {
  await sql`INSERT INTO public_releases (release_id, built_at, built_by, period_from, period_to, tables,
                                         check_passed, check_problems)
    VALUES (${r.releaseId}, ${r.builtAt}, ${r.builtBy}, ${r.periodFrom}, ${r.periodTo},
            ${JSON.stringify(r.published)}::jsonb, ${r.passed}, ${JSON.stringify(r.problems)}::jsonb)`.execute(
    tx,
  );
  await sql`INSERT INTO public_release_exact (release_id, tables)
    VALUES (${r.releaseId}, ${JSON.stringify(r.exact)}::jsonb)`.execute(tx);
}

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** The latest release that passed its check, published values only; null when none. */
export async function latestPassedRelease(db: Db | Tx): Promise<StoredRelease | null> {
  const r = await sql<{
    release_id: string;
    built_at: Date | string;
    period_from: Date | string;
    period_to: Date | string;
    tables: unknown;
    check_passed: boolean;
    check_problems: unknown;
  }>`SELECT release_id, built_at, period_from::text AS period_from, period_to::text AS period_to, tables,
            check_passed, check_problems
     FROM public_releases WHERE check_passed ORDER BY built_at DESC, release_id DESC LIMIT 1`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  return {
    releaseId: row.release_id,
    builtAt: new Date(row.built_at).toISOString(),
    periodFrom: day(row.period_from),
    periodTo: day(row.period_to),
    tables: json<PublishedTable[]>(row.tables),
    checkPassed: row.check_passed,
    problems: json<ReleaseProblem[]>(row.check_problems),
  };
}

/** The exact tables behind the latest passed release (the previous release of the next build). */
export async function latestPassedExact(db: Db | Tx): Promise<ReleaseTable[]> {
  const r = await sql<{ tables: unknown }>`
    SELECT x.tables FROM public_release_exact x JOIN public_releases p USING (release_id)
    WHERE p.check_passed ORDER BY p.built_at DESC, p.release_id DESC LIMIT 1`.execute(db);
  return r.rows[0] ? json<ReleaseTable[]>(r.rows[0].tables) : [];
}

/** Encounter records by model, state and calendar quarter in [from, to]. */
export async function recordCounts(
  db: Db | Tx,
  from: string,
  to: string,
): Promise<{ model: string; state: string; quarter: string; encounters: number; detainers: number }[]> {
  const r = await sql<{
    model: string;
    state: string;
    quarter: string;
    encounters: number;
    detainers: number;
  }>`
    SELECT model, state,
           extract(year FROM encounter_date)::int || '-Q' || extract(quarter FROM encounter_date)::int AS quarter,
           count(*)::int AS encounters,
           (count(*) FILTER (WHERE detainer_issued))::int AS detainers
    FROM encounters WHERE superseded_seq IS NULL AND encounter_date BETWEEN ${from} AND ${to}
    GROUP BY 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, encounters: Number(x.encounters), detainers: Number(x.detainers) }));
}
