/** Registry queries. Called only from use cases in src/app/registry. */
import { sql } from 'kysely';
import type { ListKind, ListRow, Model } from '../domain/registry.ts';
import type { SnapshotRowView, SnapshotView } from '../domain/registry-history.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export interface SnapshotRecord {
  snapshotId: string;
  list: ListKind;
  date: string;
  sourceFile: string;
  rows: number;
  contentHash: string;
  importedAt: string;
}

const snapshotColumns = [
  'snapshot_id as snapshotId',
  'list',
  'snapshot_date as date',
  'source_file as sourceFile',
  'row_count as rows',
  'content_hash as contentHash',
  'imported_at as importedAt',
] as const;

const toRecord = (r: {
  snapshotId: string;
  list: ListKind;
  date: string;
  sourceFile: string;
  rows: number;
  contentHash: string;
  importedAt: Date;
}): SnapshotRecord => ({ ...r, importedAt: new Date(r.importedAt).toISOString() });

export async function findSnapshot(q: Q, list: ListKind, date: string): Promise<SnapshotRecord | null> {
  const r = await q
    .selectFrom('list_snapshots')
    .select(snapshotColumns)
    .where('list', '=', list)
    .where('snapshot_date', '=', date)
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

/** The latest snapshot of a list on or before a date. */
export async function snapshotOnOrBefore(q: Q, list: ListKind, date: string): Promise<SnapshotRecord | null> {
  const r = await q
    .selectFrom('list_snapshots')
    .select(snapshotColumns)
    .where('list', '=', list)
    .where('snapshot_date', '<=', date)
    .orderBy('snapshot_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

export const latestSnapshot = (q: Q, list: ListKind) => snapshotOnOrBefore(q, list, '9999-12-31');

export async function listSnapshots(q: Q): Promise<SnapshotRecord[]> {
  const rows = await q
    .selectFrom('list_snapshots')
    .select(snapshotColumns)
    .orderBy('snapshot_date')
    .orderBy('list')
    .execute();
  return rows.map(toRecord);
}

/** agency id by `${state}\u0000${nameKey}` for the given states. */
export async function agencyKeysIn(q: Q, states: string[]): Promise<Map<string, string>> {
  if (states.length === 0) return new Map();
  const rows = await q.selectFrom('agency_keys').selectAll().where('state', 'in', states).execute();
  return new Map(rows.map((r) => [`${r.state}\u0000${r.name_key}`, r.agency_id]));
}

export interface NewAgency {
  agencyId: string;
  state: string;
  name: string;
  agencyType: string | null;
  county: string | null;
  nameKey: string;
}

export async function insertAgencies(tx: Tx, agencies: NewAgency[], at: Date): Promise<void> {
  for (const batch of chunks(agencies, 2000)) {
    const json = JSON.stringify(batch);
    await sql`
      INSERT INTO agencies (agency_id, state, name, agency_type, county, created_at)
      SELECT x."agencyId", x.state, x.name, x."agencyType", x.county, ${at}
      FROM jsonb_to_recordset(${json}::jsonb)
        AS x("agencyId" uuid, state text, name text, "agencyType" text, county text)`.execute(tx);
    await sql`
      INSERT INTO agency_keys (agency_id, state, name_key)
      SELECT x."agencyId", x.state, x."nameKey"
      FROM jsonb_to_recordset(${json}::jsonb) AS x("agencyId" uuid, state text, "nameKey" text)`.execute(tx);
  }
}

export interface NewSnapshot {
  snapshotId: string;
  list: ListKind;
  date: string;
  sourceFile: string;
  format: string;
  columns: string[];
  contentHash: string;
  importedBy: string;
}

export async function insertSnapshot(
  tx: Tx,
  s: NewSnapshot,
  rows: Array<ListRow & { agencyId: string }>,
  at: Date,
): Promise<void> {
  await tx
    .insertInto('list_snapshots')
    .values({
      snapshot_id: s.snapshotId,
      list: s.list,
      snapshot_date: s.date,
      source_file: s.sourceFile,
      format: s.format,
      columns: s.columns,
      content_hash: s.contentHash,
      row_count: rows.length,
      imported_at: at,
      imported_by: s.importedBy,
    })
    .execute();
  // One JSON parameter per batch: far fewer bind parameters than a multi-row VALUES list.
  for (const batch of chunks(rows, 2000)) {
    const json = JSON.stringify(
      batch.map((r) => ({
        agency_id: r.agencyId,
        row_number: r.rowNumber,
        state: r.state,
        agency_name: r.agencyName,
        agency_type: r.agencyType,
        county: r.county,
        model: r.model,
        model_raw: r.modelRaw,
        signed_raw: r.signedRaw,
        signed_date: r.signedDate,
        moa_url: r.moaUrl,
        addendum_url: r.addendumUrl,
        flags: r.flags,
      })),
    );
    await sql`
      INSERT INTO snapshot_rows (agency_id, snapshot_id, row_number, state, agency_name, agency_type, county,
                                 model, model_raw, signed_raw, signed_date, moa_url, addendum_url, flags)
      SELECT x.agency_id, ${s.snapshotId}::uuid, x.row_number, x.state, x.agency_name, x.agency_type, x.county,
             x.model, x.model_raw, x.signed_raw, x.signed_date, x.moa_url, x.addendum_url, x.flags
      FROM jsonb_to_recordset(${json}::jsonb) AS x(agency_id uuid, row_number int, state text, agency_name text,
        agency_type text, county text, model text, model_raw text, signed_raw text, signed_date date,
        moa_url text, addendum_url text, flags text[])`.execute(tx);
  }
}

/**
 * Re-derives agreements from all snapshots, so the result does not depend on import order;
 * `agencyIds` limits the work to the agencies whose agreements can have changed.
 * Participating: one agreement per agency, model and signed date. Active while the latest
 * participating snapshot lists it; superseded when a later agreement for the same agency and
 * model appeared; otherwise removed. Pending: one entry per agency and model, pending while the
 * latest pending list names it, else delisted. Ids of existing agreements never change.
 */
export async function rederiveAgreements(tx: Tx, agencyIds: string[] | null = null): Promise<void> {
  const only = agencyIds ? sql`WHERE r.agency_id = ANY(${agencyIds}::uuid[])` : sql``;
  await sql`
    WITH latest AS (
      SELECT list, max(snapshot_date) AS d FROM list_snapshots GROUP BY list
    ), grouped AS (
      SELECT r.agency_id, s.list, r.model,
        CASE WHEN s.list = 'pending' THEN 'pending'
             WHEN r.signed_date IS NOT NULL THEN to_char(r.signed_date, 'YYYY-MM-DD')
             WHEN r.signed_raw IS NOT NULL THEN 'raw:' || r.signed_raw
             ELSE 'none' END AS signed_key,
        min(s.snapshot_date) AS first_seen,
        max(s.snapshot_date) AS last_seen,
        (array_agg(r.signed_date ORDER BY s.snapshot_date DESC))[1] AS signed_date,
        (array_agg(r.signed_raw ORDER BY s.snapshot_date DESC))[1] AS signed_raw,
        (array_agg(r.moa_url ORDER BY s.snapshot_date DESC) FILTER (WHERE r.moa_url IS NOT NULL))[1] AS moa_url,
        (array_agg(r.addendum_url ORDER BY s.snapshot_date DESC)
           FILTER (WHERE r.addendum_url IS NOT NULL))[1] AS addendum_url
      FROM snapshot_rows r JOIN list_snapshots s ON s.snapshot_id = r.snapshot_id
      ${only}
      GROUP BY 1, 2, 3, 4
    ), ranked AS (
      SELECT g.*, max(g.first_seen) OVER (PARTITION BY g.agency_id, g.list, g.model) AS newest_first_seen
      FROM grouped g
    )
    INSERT INTO agreements (agency_id, agreement_id, list, model, signed_key, signed_date, signed_raw,
                            status, first_seen, last_seen, moa_url, addendum_url)
    SELECT g.agency_id, gen_random_uuid(), g.list, g.model, g.signed_key, g.signed_date, g.signed_raw,
      CASE
        WHEN g.last_seen = l.d THEN (CASE WHEN g.list = 'pending' THEN 'pending' ELSE 'active' END)
        WHEN g.list = 'pending' THEN 'delisted'
        WHEN g.newest_first_seen > g.first_seen THEN 'superseded'
        ELSE 'removed'
      END,
      g.first_seen, g.last_seen, g.moa_url, g.addendum_url
    FROM ranked g JOIN latest l ON l.list = g.list
    ON CONFLICT (agency_id, list, model, signed_key) DO UPDATE SET
      signed_date = excluded.signed_date, signed_raw = excluded.signed_raw, status = excluded.status,
      first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      moa_url = excluded.moa_url, addendum_url = excluded.addendum_url
    WHERE (agreements.signed_date, agreements.signed_raw, agreements.status, agreements.first_seen,
           agreements.last_seen, agreements.moa_url, agreements.addendum_url)
      IS DISTINCT FROM (excluded.signed_date, excluded.signed_raw, excluded.status, excluded.first_seen,
           excluded.last_seen, excluded.moa_url, excluded.addendum_url)
  `.execute(tx);
}

/** Agencies listed in a snapshot. */
export async function agencyIdsIn(q: Q, snapshotId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('snapshot_rows')
    .select('agency_id')
    .distinct()
    .where('snapshot_id', '=', snapshotId)
    .execute();
  return rows.map((r) => r.agency_id);
}

/** An agency is shown under the name, type and county of its most recent listing. */
export async function refreshAgencies(tx: Tx, agencyIds: string[]): Promise<void> {
  if (agencyIds.length === 0) return;
  await sql`
    UPDATE agencies a SET name = d.name, agency_type = d.agency_type, county = d.county
    FROM (
      SELECT r.agency_id,
        (array_agg(r.agency_name ORDER BY s.snapshot_date DESC, s.list, r.row_number))[1] AS name,
        (array_agg(r.agency_type ORDER BY s.snapshot_date DESC, s.list, r.row_number)
           FILTER (WHERE r.agency_type IS NOT NULL))[1] AS agency_type,
        (array_agg(r.county ORDER BY s.snapshot_date DESC, s.list, r.row_number)
           FILTER (WHERE r.county IS NOT NULL))[1] AS county
      FROM snapshot_rows r JOIN list_snapshots s ON s.snapshot_id = r.snapshot_id
      WHERE r.agency_id = ANY(${agencyIds}::uuid[])
      GROUP BY r.agency_id
    ) d
    WHERE a.agency_id = d.agency_id
      AND (a.name, a.agency_type, a.county) IS DISTINCT FROM (d.name, d.agency_type, d.county)
  `.execute(tx);
}

export interface ModelCounts {
  agreements: number;
  agencies: number;
  states: number;
}

/** Rows, distinct agencies and distinct states of one snapshot, per model and in total. */
export async function countsOf(
  q: Q,
  snapshotId: string,
): Promise<{ models: Partial<Record<Model, ModelCounts>>; total: ModelCounts }> {
  const rows = await sql<{ model: Model | null } & ModelCounts>`
    SELECT model, count(*)::int AS agreements, count(DISTINCT agency_id)::int AS agencies,
           count(DISTINCT state)::int AS states
    FROM snapshot_rows WHERE snapshot_id = ${snapshotId}
    GROUP BY GROUPING SETS ((model), ())`.execute(q);
  const models: Partial<Record<Model, ModelCounts>> = {};
  let total: ModelCounts = { agreements: 0, agencies: 0, states: 0 };
  for (const r of rows.rows) {
    const c = { agreements: r.agreements, agencies: r.agencies, states: r.states };
    if (r.model === null) total = c;
    else models[r.model] = c;
  }
  return { models, total };
}

export async function stateCountsOf(q: Q, snapshotId: string) {
  const rows = await sql<{ state: string; model: Model; agreements: number; agencies: number }>`
    SELECT state, model, count(*)::int AS agreements, count(DISTINCT agency_id)::int AS agencies
    FROM snapshot_rows WHERE snapshot_id = ${snapshotId}
    GROUP BY state, model ORDER BY state, model`.execute(q);
  const agencies = await sql<{ state: string; agencies: number }>`
    SELECT state, count(DISTINCT agency_id)::int AS agencies
    FROM snapshot_rows WHERE snapshot_id = ${snapshotId} GROUP BY state`.execute(q);
  return { perModel: rows.rows, agenciesPerState: agencies.rows };
}

export async function modelRowsPerSnapshot(q: Q) {
  const r = await sql<{ date: string; list: ListKind; model: Model; rows: number }>`
    SELECT s.snapshot_date AS date, s.list, r.model, count(*)::int AS rows
    FROM list_snapshots s JOIN snapshot_rows r ON r.snapshot_id = s.snapshot_id
    GROUP BY s.snapshot_date, s.list, r.model ORDER BY s.snapshot_date, s.list, r.model`.execute(q);
  return r.rows;
}

export async function snapshotView(q: Q, snapshot: SnapshotRecord, agencyId?: string): Promise<SnapshotView> {
  let query = q
    .selectFrom('snapshot_rows')
    .select([
      'agency_id as agencyId',
      'agency_name as agencyName',
      'state',
      'model',
      'signed_date as signedDate',
      'signed_raw as signedRaw',
    ])
    .where('snapshot_id', '=', snapshot.snapshotId);
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  const rows = (await query.execute()) as SnapshotRowView[];
  return { date: snapshot.date, list: snapshot.list, rows };
}

export interface AgreementFilter {
  state?: string | undefined;
  model?: Model | undefined;
  status?: string | undefined;
  q?: string | undefined;
  agencyId?: string | undefined;
}

export type AgreementCursor = [state: string, name: string, model: string, id: string];

export async function listAgreements(q: Q, f: AgreementFilter, limit: number, after: AgreementCursor | null) {
  let query = q
    .selectFrom('agreements as g')
    .innerJoin('agencies as a', 'a.agency_id', 'g.agency_id')
    .select([
      'g.agreement_id as agreementId',
      'g.agency_id as agencyId',
      'a.name as agencyName',
      'a.state',
      'g.list',
      'g.model',
      'g.signed_date as signedDate',
      'g.signed_raw as signedRaw',
      'g.status',
      'g.first_seen as firstSeen',
      'g.last_seen as lastSeen',
      'g.moa_url as moaUrl',
      'g.addendum_url as addendumUrl',
    ]);
  if (f.state) query = query.where('a.state', '=', f.state);
  if (f.model) query = query.where('g.model', '=', f.model);
  if (f.status) query = query.where('g.status', '=', f.status);
  if (f.agencyId) query = query.where('g.agency_id', '=', f.agencyId);
  if (f.q) query = query.where('a.name', 'ilike', `%${escapeLike(f.q)}%`);
  if (after) {
    query = query.where(
      sql<boolean>`(a.state, a.name, g.model, g.agreement_id::text) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`,
    );
  }
  return query
    .orderBy('a.state')
    .orderBy('a.name')
    .orderBy('g.model')
    .orderBy(sql`g.agreement_id::text`)
    .limit(limit + 1)
    .execute();
}

export interface AgencyFilter {
  state?: string | undefined;
  q?: string | undefined;
}

export type AgencyCursor = [state: string, name: string, id: string];

export async function listAgencies(q: Q, f: AgencyFilter, limit: number, after: AgencyCursor | null) {
  let query = q.selectFrom('agencies as a').select([
    'a.agency_id as agencyId',
    'a.name',
    'a.state',
    'a.agency_type as agencyType',
    'a.county',
    sql<string[]>`coalesce((SELECT array_agg(DISTINCT g.model ORDER BY g.model) FROM agreements g
        WHERE g.agency_id = a.agency_id AND g.status = 'active'), '{}')`.as('models'),
  ]);
  if (f.state) query = query.where('a.state', '=', f.state);
  if (f.q) query = query.where('a.name', 'ilike', `%${escapeLike(f.q)}%`);
  if (after) {
    query = query.where(
      sql<boolean>`(a.state, a.name, a.agency_id::text) > (${after[0]}, ${after[1]}, ${after[2]})`,
    );
  }
  return query
    .orderBy('a.state')
    .orderBy('a.name')
    .orderBy(sql`a.agency_id::text`)
    .limit(limit + 1)
    .execute();
}

export async function findAgency(q: Q, agencyId: string) {
  return q
    .selectFrom('agencies')
    .select(['agency_id as agencyId', 'name', 'state', 'agency_type as agencyType', 'county'])
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
}

export async function agencyIdByName(q: Q, state: string, name: string): Promise<string | null> {
  const r = await q
    .selectFrom('agencies')
    .select('agency_id')
    .where('state', '=', state)
    .where('name', '=', name)
    .executeTakeFirst();
  return r?.agency_id ?? null;
}

export async function namesOfAgency(q: Q, agencyId: string) {
  const r = await sql<{ name: string; firstSeen: string; lastSeen: string }>`
    SELECT r.agency_name AS name, min(s.snapshot_date) AS "firstSeen", max(s.snapshot_date) AS "lastSeen"
    FROM snapshot_rows r JOIN list_snapshots s ON s.snapshot_id = r.snapshot_id
    WHERE r.agency_id = ${agencyId} GROUP BY r.agency_name ORDER BY min(s.snapshot_date)`.execute(q);
  return r.rows;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
