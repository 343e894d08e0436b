/**
 * An auditor exports the audit trail as CSV or XLSX (issue 7), with the search's filters.
 * Privileged: the auditor must have re-authenticated recently (R7). Every text cell is
 * neutralised against formula injection (R26, `documents/tabular.ts`), and the export is itself
 * recorded (R15: exports, and every access to the audit log) through `recordExport`.
 */
import { type Table, toCsv, toXlsx } from '../../documents/tabular.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { type AuditEventRow, canonicalJson, searchAuditEvents } from '../../store/audit.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { type ExportedFile, isTableFormat, MEDIA_TYPES } from '../exports/export-conviction-table.ts';
import { recordExport } from '../exports/record-export.ts';
import { guard } from '../guard.ts';
import { type AuditFilterInput, checkAuditFilters, describeFilters } from './search-audit-events.ts';

/** At most this many events in one file; more must be narrowed by the filters. */
export const EXPORT_MAX = 10_000;

export interface AuditExportInput extends AuditFilterInput {
  format?: string | undefined;
}

export const AUDIT_COLUMNS = [
  'seq',
  'occurred_at',
  'type',
  'outcome',
  'actor_id',
  'actor_role',
  'agency_id',
  'resource_type',
  'resource_id',
  'data',
  'event_id',
  'hash',
] as const;

/** One row per event, oldest first, with the hash that chains it (the file can be checked against the trail). */
export function auditTable(events: readonly AuditEventRow[]): Table {
  return {
    columns: AUDIT_COLUMNS,
    rows: [...events]
      .reverse()
      .map((e) => [
        e.seq,
        e.occurredAt,
        e.type,
        e.outcome,
        e.actorId,
        e.actorRole,
        e.agencyId,
        e.resourceType,
        e.resourceId,
        canonicalJson(e.data),
        e.eventId,
        e.hash,
      ]),
  };
}

export async function exportAuditTrail(
  deps: Deps,
  actor: Actor,
  input: AuditExportInput,
): Promise<Result<ExportedFile>> {
  const denied = await guard(deps, actor, 'audit.export');
  if (denied) return denied;
  // Exports are privileged actions (R7): a recent password-and-second-factor proof.
  const stale = requireRecentAuth(deps, actor, 'export');
  if (stale) return stale;
  const format = (input.format ?? 'csv').trim().toLowerCase();
  if (!isTableFormat(format))
    return fail('invalid_input', `format "${input.format}" is not csv or xlsx.`, {
      where: { field: 'format' },
    });
  const checked = checkAuditFilters(input);
  if (!checked.ok) return fail('invalid_input', checked.message, { where: { field: checked.field } });
  const events = await searchAuditEvents(deps.db, { ...checked.query, limit: EXPORT_MAX + 1 });
  if (events.length > EXPORT_MAX)
    return fail(
      'invalid_input',
      `More than ${EXPORT_MAX} events match; narrow the filters (time range, type).`,
      {
        where: { field: 'from' },
      },
    );
  const now = deps.clock.now();
  const table = auditTable(events);
  const content =
    format === 'csv'
      ? new TextEncoder().encode(toCsv(table))
      : await toXlsx(table, { sheet: 'Audit trail', at: now });
  const receipt = await recordExport(deps, actor, {
    report: 'audit_trail',
    format,
    nature: `Audit trail events (${describeFilters(checked.query)})`,
    content,
    recordIds: events.map((e) => e.eventId),
    subjectIds: [],
    recipient: null,
  });
  const stamp = now.toISOString().slice(0, 10);
  return ok(
    { ...receipt, content, mediaType: MEDIA_TYPES[format], fileName: `audit-trail_${stamp}.${format}` },
    receipt.auditId,
  );
}
