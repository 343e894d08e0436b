/**
 * One case as a NIEM 5.2 exchange: the subject, the encounter the case records and, when one was
 * drafted, the I-247A detainer (documents/niem.ts). Loaded as the case page loads it (`case.read`
 * with the case's agency; another agency's case and a §1367-protected subject answer as missing).
 * Audited; a recipient outside the agency makes it a Privacy Act disclosure (R24).
 */

import {
  detainerFromCase,
  encounterFromCase,
  type NiemPerson,
  niemExchangeXml,
  personFromSubject,
} from '../../documents/niem.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import { loadCase } from '../casework/case-step.ts';
import type { Deps } from '../deps.ts';
import type { ExportedFile } from './export-conviction-table.ts';
import { NIEM_MEDIA_TYPE } from './export-encounters-niem.ts';
import { checkRecipient, type RecipientInput, recordExport } from './record-export.ts';

export async function exportCaseNiem(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: RecipientInput = {},
): Promise<Result<ExportedFile>> {
  const loaded = await loadCase(deps, actor, caseId);
  if (!loaded.ok) return loaded;
  const stale = requireRecentAuth(deps, actor, 'export');
  if (stale) return stale;
  const recipient = checkRecipient(input);
  if (!recipient.ok) return fail('invalid_input', recipient.message, { where: { field: recipient.field } });
  const { kase, booking, subject } = loaded.value;
  const agency = (await casework.agencyName(deps.db, kase.agencyId)) ?? kase.agencyId;
  const person: NiemPerson = subject ? personFromSubject(subject) : { subjectId: `case:${kase.caseId}` };
  const detainer = detainerFromCase(kase);
  const xml = niemExchangeXml({
    createdAt: deps.clock.now().toISOString(),
    description: `Case ${kase.caseNumber}${detainer ? ' with its immigration detainer (Form I-247A)' : ''}`,
    subjects: [{ person, encounters: [encounterFromCase(kase, agency, booking?.charges ?? [])] }],
    detainers: detainer ? [{ subjectId: person.subjectId, detainer }] : [],
  });
  const content = new TextEncoder().encode(xml);
  const receipt = await recordExport(deps, actor, {
    report: 'case',
    format: 'niem',
    nature: `NIEM 5.2 XML of case ${kase.caseNumber}: encounter${detainer ? ' and immigration detainer (I-247A)' : ''}`,
    content,
    recordIds: [kase.caseNumber],
    subjectIds: subject ? [subject.subjectId] : [],
    recipient: recipient.value,
  });
  return ok(
    { ...receipt, content, mediaType: NIEM_MEDIA_TYPE, fileName: `case_${kase.caseNumber}.xml` },
    receipt.auditId,
  );
}
