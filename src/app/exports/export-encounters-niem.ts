/**
 * The historical encounters of a window as one NIEM 5.2 exchange (documents/niem.ts). Unlike the
 * conviction table this is personal data, record by record: the actor must hold `stats.read`
 * (ICE's program office, supervisors and inspectors: the encounters span every agency) and
 * `case.read`. A dedicated system action (`export.encounters`) should replace the pair. Every
 * export is audited; one to a recipient outside the agency is a Privacy Act disclosure (R24)
 * listing every encounter id and subject id released.
 */

import { niemExchangeXml, subjectsFromRows } from '../../documents/niem.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { encountersInWindow } from '../../store/exports.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { type ConvictionTableInput, checkConvictionTableInput } from '../statistics/get-conviction-table.ts';
import type { ExportedFile } from './export-conviction-table.ts';
import { checkRecipient, type RecipientInput, recordExport } from './record-export.ts';

/** More encounters than this in one file is refused: narrow the window, model or state. */
export const MAX_NIEM_ENCOUNTERS = 50_000;

export const NIEM_MEDIA_TYPE = 'application/xml; charset=utf-8';

export interface ExportEncountersInput extends ConvictionTableInput, RecipientInput {
  format?: string | undefined;
}

export async function exportEncountersNiem(
  deps: Deps,
  actor: Actor,
  input: ExportEncountersInput,
  limits: { maxEncounters?: number } = {},
): Promise<Result<ExportedFile>> {
  for (const action of ['stats.read', 'case.read'] as const) {
    const denied = await guard(deps, actor, action);
    if (denied) return denied;
  }
  const stale = requireRecentAuth(deps, actor, 'export');
  if (stale) return stale;
  if ((input.format ?? 'niem').toLowerCase() !== 'niem')
    return fail('invalid_input', `format "${input.format}" is not niem.`, { where: { field: 'format' } });
  const checked = checkConvictionTableInput(input);
  if (!checked.ok) return fail('invalid_input', checked.message, { where: { field: checked.field } });
  const recipient = checkRecipient(input);
  if (!recipient.ok) return fail('invalid_input', recipient.message, { where: { field: recipient.field } });
  const max = limits.maxEncounters ?? MAX_NIEM_ENCOUNTERS;
  const q = checked.query;
  const rows = await encountersInWindow(deps.db, q, max + 1);
  if (rows.length > max)
    return fail(
      'invalid_input',
      `the window holds more than ${max} encounters: narrow the dates, the model or the state.`,
      { where: { field: 'to' } },
    );
  const scope = [q.model && `model ${q.model}`, q.state && `state ${q.state}`].filter(Boolean).join(', ');
  const xml = niemExchangeXml({
    createdAt: deps.clock.now().toISOString(),
    description: `Encounters ${q.from} to ${q.to}${scope ? ` (${scope})` : ''}: ${rows.length}`,
    subjects: subjectsFromRows(rows),
  });
  const content = new TextEncoder().encode(xml);
  const receipt = await recordExport(deps, actor, {
    report: 'encounters',
    format: 'niem',
    nature: `NIEM 5.2 XML of ${rows.length} historical encounters, ${q.from} to ${q.to}${scope ? `, ${scope}` : ''}`,
    content,
    recordIds: rows.map((r) => r.encounterId),
    subjectIds: rows.map((r) => r.subjectId),
    recipient: recipient.value,
  });
  return ok(
    { ...receipt, content, mediaType: NIEM_MEDIA_TYPE, fileName: `encounters_${q.from}_${q.to}.xml` },
    receipt.auditId,
  );
}
