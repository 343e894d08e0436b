/**
 * Queries of the exports (issue 8): the historical encounters of a window as exported, and the
 * Privacy Act accounting of disclosures (migration 0012; R24). Called only from use cases.
 */
import { sql } from 'kysely';
import type { EncounterRow } from '../domain/encounters-file.ts';
import type { Db, Tx } from './db.ts';

export interface EncounterWindow {
  from: string;
  to: string;
  model?: 'JEM' | 'WSO' | 'TFM' | undefined;
  state?: string | undefined;
}

/**
 * The encounters dated in the window (both ends included), by subject then date, at most
 * `limit` of them (the caller asks for one more than it allows, to know when to refuse).
 */
export async function encountersInWindow(
  db: Db | Tx,
  w: EncounterWindow,
  limit: number,
): Promise<EncounterRow[]> {
  const filters = [
    // Only a case's current version: earlier versions are kept for the rollups (ADR 0005).
    sql`superseded_seq IS NULL`,
    sql`encounter_date BETWEEN ${w.from} AND ${w.to}`,
    ...(w.model ? [sql`model = ${w.model}`] : []),
    ...(w.state ? [sql`state = ${w.state}`] : []),
  ];
  const r = await sql<{
    encounterId: string;
    agency: string;
    state: string;
    model: 'JEM' | 'WSO' | 'TFM';
    encounterDate: string;
    subjectId: string;
    codes: string[];
    dates: string[];
    pending: string[];
    detainerIssued: boolean;
    removalProceedings: boolean;
  }>`
    SELECT encounter_id AS "encounterId", agency, state, model, encounter_date::text AS "encounterDate",
           subject_id AS "subjectId", conviction_codes AS codes, conviction_dates::text[] AS dates,
           pending_charges AS pending, detainer_issued AS "detainerIssued",
           removal_proceedings AS "removalProceedings"
    FROM encounters
    WHERE ${sql.join(filters, sql` AND `)}
    ORDER BY subject_id, encounter_date, encounter_id
    LIMIT ${limit}`.execute(db);
  return r.rows.map(({ codes, dates, pending, ...e }) => ({
    ...e,
    convictions: codes.map((code, i) => ({ code, date: dates[i]! })),
    pendingCharges: pending,
  }));
}

export interface DisclosureRow {
  disclosureId: string;
  disclosedAt: Date;
  disclosedBy: string;
  recipientName: string;
  recipientAddress: string | null;
  purpose: string;
  legalBasis: string;
  nature: string;
  report: string;
  format: string;
  contentSha256: string;
  recordIds: string[];
  subjectIds: string[];
  auditId: string | null;
}

export async function insertDisclosure(tx: Tx, d: DisclosureRow): Promise<void> {
  await tx
    .insertInto('disclosures')
    .values({
      disclosure_id: d.disclosureId,
      disclosed_at: d.disclosedAt,
      disclosed_by: d.disclosedBy,
      recipient_name: d.recipientName,
      recipient_address: d.recipientAddress,
      purpose: d.purpose,
      legal_basis: d.legalBasis,
      nature: d.nature,
      report: d.report,
      format: d.format,
      content_sha256: d.contentSha256,
      record_ids: d.recordIds,
      record_count: d.recordIds.length,
      subject_ids: d.subjectIds,
      audit_id: d.auditId,
    })
    .execute();
}

const disclosureColumns = [
  'disclosure_id as disclosureId',
  'disclosed_at as disclosedAt',
  'disclosed_by as disclosedBy',
  'recipient_name as recipientName',
  'recipient_address as recipientAddress',
  'purpose',
  'legal_basis as legalBasis',
  'nature',
  'report',
  'format',
  'content_sha256 as contentSha256',
  'record_ids as recordIds',
  'subject_ids as subjectIds',
  'audit_id as auditId',
] as const;

/** The accounting for one subject (5 U.S.C. §552a(c)(3)): every disclosure of their records, oldest first. */
export async function disclosuresOfSubject(db: Db | Tx, subjectId: string): Promise<DisclosureRow[]> {
  const rows = await db
    .selectFrom('disclosures')
    .select(disclosureColumns)
    .where(sql<boolean>`subject_ids @> ARRAY[${subjectId}]::text[]`)
    .orderBy('disclosed_at')
    .orderBy('disclosure_id')
    .execute();
  return rows as DisclosureRow[];
}

/** Every disclosure, oldest first (tests and the accounting report). */
export async function allDisclosures(db: Db | Tx): Promise<DisclosureRow[]> {
  const rows = await db
    .selectFrom('disclosures')
    .select(disclosureColumns)
    .orderBy('disclosed_at')
    .orderBy('disclosure_id')
    .execute();
  return rows as DisclosureRow[];
}
