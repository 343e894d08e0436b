/**
 * Writes a new complaint (either channel) with its reference, its first history entry, the
 * notices to the program office (and the agency's coordinator when the agency is known) and its
 * audit event, in one transaction. The notices and the audit event never carry the narrative
 * or the complainant's contact.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import { type ComplaintChannel, complaintReference } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { notify } from '../../store/officers.ts';
import * as oversight from '../../store/oversight.ts';
import { findAgency } from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { type ComplaintContent, checkComplaintContent } from './complaint-input.ts';

export interface ReceivedComplaint {
  complaintId: string;
  reference: string;
  receivedAt: string;
}

export async function receiveComplaint(
  deps: Deps,
  actor: Actor,
  input: ComplaintContent & {
    channel: ComplaintChannel;
    language: string;
    agencyId: string | null;
    links?: { officerIds: string[]; caseIds: string[]; moaIds: string[] };
  },
): Promise<Result<ReceivedComplaint>> {
  const now = deps.clock.now();
  const checked = checkComplaintContent(input, isoDate(now));
  if (!checked.ok) return checked;
  if (input.agencyId && (!UUID.test(input.agencyId) || !(await findAgency(deps.db, input.agencyId))))
    return fail('invalid_input', 'No agency has that id.', { where: { field: 'agencyId' } });
  const complaintId = uuidv7();
  const reference = complaintReference(now, randomBytes(8));
  const c = checked.value;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.insertComplaint(
      tx,
      {
        complaintId,
        reference,
        channel: input.channel,
        language: input.language,
        agencyId: input.agencyId,
        agencyNamed: c.agencyNamed,
        occurredOn: c.occurredOn,
        location: c.location,
        narrative: c.narrative,
        contact: c.contact,
        officerIds: input.links?.officerIds ?? [],
        caseIds: input.links?.caseIds ?? [],
        moaIds: input.links?.moaIds ?? [],
        by: actor.id,
      },
      now,
    );
    const body = `Complaint ${reference} was received (${input.channel.replace('_', ' ')}). Acknowledge it and forward it to ICE OPR.`;
    await notify(
      tx,
      {
        notificationId: uuidv7(),
        agencyId: null,
        recipientRole: 'program_office',
        subject: 'Complaint received',
        body,
      },
      now,
    );
    if (input.agencyId)
      await notify(
        tx,
        {
          notificationId: uuidv7(),
          agencyId: input.agencyId,
          recipientRole: 'lea_admin',
          subject: 'Complaint received',
          body: `Complaint ${reference} concerns your agency.`,
        },
        now,
      );
    return appendAudit(tx, actor, now, {
      type: 'complaint.received',
      resource: { type: 'complaint', id: complaintId },
      data: { reference, channel: input.channel, agencyId: input.agencyId },
    });
  });
  return ok({ complaintId, reference, receivedAt: now.toISOString() }, auditId);
}
