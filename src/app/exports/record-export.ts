/**
 * What every export shares: the check of the recipient, and the record of the export — an audit
 * event always, and for a recipient outside the agency the Privacy Act disclosure record
 * (5 U.S.C. §552a(c); security.md R24: date, nature, purpose, recipient name and address,
 * routine-use citation, the record ids disclosed), both in one transaction.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { appendAudit } from '../../store/audit.ts';
import { insertDisclosure } from '../../store/exports.ts';
import type { Deps } from '../deps.ts';

/** A recipient outside the agency. Absent: an internal export (need to know), not a disclosure. */
export interface Recipient {
  name: string;
  address?: string | undefined;
  purpose: string;
  /** The routine use (or other §552a(b) provision) of the system of records relied on. */
  routineUse: string;
}

export interface RecipientInput {
  recipient?: string | undefined;
  recipientAddress?: string | undefined;
  purpose?: string | undefined;
  routineUse?: string | undefined;
}

type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const clean = (s: string | undefined) => (s ?? '').trim();

/** The recipient, none (internal), or the one-line reason the input is not usable. */
export function checkRecipient(input: RecipientInput): Checked<Recipient | null> {
  const name = clean(input.recipient);
  const purpose = clean(input.purpose);
  const routineUse = clean(input.routineUse);
  const address = clean(input.recipientAddress);
  if (!name) {
    for (const [field, v] of [
      ['purpose', purpose],
      ['routineUse', routineUse],
      ['recipientAddress', address],
    ] as const)
      if (v) return { ok: false, field, message: `${field} is given without a recipient.` };
    return { ok: true, value: null };
  }
  if (name.length > 200)
    return { ok: false, field: 'recipient', message: 'recipient is longer than 200 characters.' };
  if (!purpose)
    return {
      ok: false,
      field: 'purpose',
      message: 'an export outside the agency needs its purpose (5 U.S.C. §552a(c)).',
    };
  if (!routineUse)
    return {
      ok: false,
      field: 'routineUse',
      message: 'an export outside the agency needs the routine use it relies on (SORN DHS/ICE-011).',
    };
  for (const [field, v] of [
    ['purpose', purpose],
    ['routineUse', routineUse],
    ['recipientAddress', address],
  ] as const)
    if (v.length > 1000) return { ok: false, field, message: `${field} is longer than 1000 characters.` };
  return { ok: true, value: { name, address: address || undefined, purpose, routineUse } };
}

export interface ExportRecord {
  report: string;
  format: string;
  /** What was disclosed, in words (report, window, filters). */
  nature: string;
  content: Uint8Array;
  /** Ids of the records about individuals in the export (empty for aggregate tables). */
  recordIds: readonly string[];
  subjectIds: readonly string[];
  recipient: Recipient | null;
}

export interface ExportReceipt {
  exportId: string;
  sha256: string;
  records: number;
  disclosureId: string | null;
  auditId: string;
}

export async function recordExport(deps: Deps, actor: Actor, e: ExportRecord): Promise<ExportReceipt> {
  const at = deps.clock.now();
  const exportId = uuidv7();
  const sha256 = createHash('sha256').update(e.content).digest('hex');
  const disclosureId = e.recipient ? uuidv7() : null;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const id = await appendAudit(tx, actor, at, {
      type: 'export.created',
      resource: { type: 'export', id: exportId },
      data: {
        report: e.report,
        format: e.format,
        records: e.recordIds.length,
        sha256,
        recipient: e.recipient?.name ?? null,
        disclosureId,
      },
    });
    if (e.recipient && disclosureId)
      await insertDisclosure(tx, {
        disclosureId,
        disclosedAt: at,
        disclosedBy: actor.id,
        recipientName: e.recipient.name,
        recipientAddress: e.recipient.address ?? null,
        purpose: e.recipient.purpose,
        legalBasis: e.recipient.routineUse,
        nature: e.nature,
        report: e.report,
        format: e.format,
        contentSha256: sha256,
        recordIds: [...e.recordIds],
        subjectIds: [...new Set(e.subjectIds)],
        auditId: id,
      });
    return id;
  });
  return { exportId, sha256, records: e.recordIds.length, disclosureId, auditId };
}
