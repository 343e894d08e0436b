/**
 * Appends to the audit chain inside the caller's transaction. Each row's hash covers the
 * previous row's hash and its own canonical content, so any edit or deletion breaks the chain
 * from that row on. The single-row audit_head is locked by the UPDATE, which serialises
 * writers on a native server as well as on PGlite.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../domain/actor.ts';
import { type AuditEvent, outcomeOf } from '../domain/audit.ts';
import type { Db, Tx } from './db.ts';

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

export const chainHash = (prevHash: string, row: AuditRowContent): string =>
  createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');

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
  await tx
    .insertInto('audit_events')
    .values({
      seq: content.seq,
      event_id: content.eventId,
      occurred_at: content.occurredAt,
      type: content.type,
      actor_id: content.actorId,
      actor_role: content.actorRole,
      agency_id: content.agencyId,
      outcome: content.outcome as 'succeeded',
      resource_type: content.resourceType,
      resource_id: content.resourceId,
      data: JSON.stringify(content.data),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return content.eventId;
}

/** Records an event in a transaction of its own (denials and refusals that change nothing else). */
export const recordAudit = (db: Db, actor: Actor, at: Date, event: AuditEvent): Promise<string> =>
  db.transaction().execute((tx) => appendAudit(tx, actor, at, event));

export interface ChainCheck {
  ok: boolean;
  rows: number;
  firstBadSeq: number | null;
}

/** Re-computes the chain from the first row; names the first row whose hash does not hold. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const rows = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  let prev = '0'.repeat(64);
  let expectedSeq = 1;
  for (const r of rows) {
    const content: AuditRowContent = {
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
    if (content.seq !== expectedSeq || r.prev_hash !== prev || chainHash(prev, content) !== r.hash) {
      return { ok: false, rows: rows.length, firstBadSeq: content.seq };
    }
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, rows: rows.length, firstBadSeq: null };
}
