/**
 * Appends to the audit chain inside the caller's transaction. Each row's hash covers the
 * previous row's hash and its own canonical content, so any edit or deletion breaks the chain
 * from that row on. The single-row audit_head is locked by the UPDATE, which serialises
 * writers on a native server as well as on PGlite.
 */
import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../domain/actor.ts';
import { type AuditEvent, outcomeOf } from '../domain/audit.ts';
import type { Db, Tx } from './db.ts';
import type { AuditEventsTable } from './schema.ts';

export interface AuditRowContent {
  seq: number;
  eventId: string;
  occurredAt: string;
  type: string;
  actorId: string;
  actorRole: string | null;
  agencyId: string | null;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  data: unknown;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Domain separation: a hash of this chain can never be mistaken for any other SHA-256 use. */
export const CHAIN_DOMAIN = 'delegate.audit.chain.v1';
export const GENESIS_HASH = '0'.repeat(64);

export const chainHash = (prevHash: string, row: AuditRowContent): string =>
  createHash('sha256').update(`${CHAIN_DOMAIN}\0${prevHash}\0`).update(canonicalJson(row)).digest('hex');

export async function appendAudit(tx: Tx, actor: Actor, at: Date, event: AuditEvent): Promise<string> {
  const head = await sql<{ seq: string | number; hash: string }>`
    UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`.execute(tx);
  const { seq, hash: prevHash } = head.rows[0]!;
  const content: AuditRowContent = {
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
  const hash = chainHash(prevHash, content);
  // The row and the new head in one round trip (the head row is already locked by the UPDATE above).
  await sql`
    WITH row AS (
      INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                                resource_type, resource_id, data, prev_hash, hash)
      VALUES (${content.seq}, ${content.eventId}, ${content.occurredAt}, ${content.type}, ${content.actorId},
              ${content.actorRole}, ${content.agencyId}, ${content.outcome}, ${content.resourceType},
              ${content.resourceId}, ${JSON.stringify(content.data)}::jsonb, ${prevHash}, ${hash})
      RETURNING seq
    )
    UPDATE audit_head SET hash = ${hash} WHERE id = 1 AND EXISTS (SELECT 1 FROM row)`.execute(tx);
  return content.eventId;
}

/** Records an event in a transaction of its own (denials and refusals that change nothing else). */
export const recordAudit = (db: Db, actor: Actor, at: Date, event: AuditEvent): Promise<string> =>
  db.transaction().execute((tx) => appendAudit(tx, actor, at, event));

export interface ChainCheck {
  ok: boolean;
  rows: number;
  /** The first row that does not hold (or where rows are missing), else null. */
  firstBadSeq: number | null;
  reason: string | null;
  head: { seq: number; hash: string };
}

const PAGE = 5000;

/** What the hash covers, read back from a stored row. */
export function rowContent(r: Selectable<AuditEventsTable>): AuditRowContent {
  return {
    seq: Number(r.seq),
    eventId: r.event_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    type: r.type,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    agencyId: r.agency_id,
    outcome: r.outcome,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    data: r.data,
  };
}

/**
 * Re-computes the chain from the first row, a page at a time, and checks it ends where
 * audit_head says it ends (so a truncated tail is caught too). Names the first bad row.
 */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  const head = { seq: Number(headRow.seq), hash: headRow.hash };
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const bad = (seq: number, reason: string): ChainCheck => ({
    ok: false,
    rows: expectedSeq - 1,
    firstBadSeq: seq,
    reason,
    head,
  });
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return bad(expectedSeq, `row ${expectedSeq} is missing`);
      if (r.prev_hash !== prev) return bad(seq, `row ${seq} does not follow row ${seq - 1}`);
      const content = rowContent(r);
      if (chainHash(prev, content) !== r.hash) return bad(seq, `row ${seq} was altered`);
      prev = r.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  const rowsSeen = expectedSeq - 1;
  if (rowsSeen > head.seq) return bad(head.seq + 1, `row ${head.seq + 1} lies beyond the recorded head`);
  if (rowsSeen < head.seq) return bad(rowsSeen + 1, `rows ${rowsSeen + 1} to ${head.seq} are missing`);
  if (prev !== head.hash) return bad(rowsSeen, `row ${rowsSeen} does not match the recorded head`);
  return { ok: true, rows: rowsSeen, firstBadSeq: null, reason: null, head };
}

/** The hash stored for one row, to compare with a checkpoint. */
export async function auditRowHash(db: Db, seq: number): Promise<string | null> {
  const r = await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
  return r?.hash ?? null;
}

export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const r = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { seq: Number(r.seq), hash: r.hash };
}
