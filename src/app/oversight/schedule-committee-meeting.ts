/** Schedules a steering-committee meeting under an agreement (the program office, or the agency for its own). */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { findMoa } from '../../store/moas.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function scheduleCommitteeMeeting(
  deps: Deps,
  actor: Actor,
  input: { moaId: string; scheduledOn: string },
): Promise<Result<{ meetingId: string }>> {
  const moa = UUID.test(input.moaId) ? await findMoa(deps.db, input.moaId) : undefined;
  if (!moa) return fail('not_found', 'No agreement has that id.');
  const denied = await guard(deps, actor, 'committee.manage', {
    type: 'moa',
    id: input.moaId,
    agencyId: moa.agency_id,
  });
  if (denied) return denied;
  if (!isIsoDate(input.scheduledOn))
    return fail('invalid_input', 'The meeting date must be a calendar date.', {
      where: { field: 'scheduledOn' },
    });
  const meetingId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.insertMeeting(
      tx,
      {
        meetingId,
        agencyId: moa.agency_id,
        moaId: input.moaId,
        scheduledOn: input.scheduledOn,
        by: actor.id,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'committee.meeting_scheduled',
      resource: { type: 'committee_meeting', id: meetingId },
      data: { agencyId: moa.agency_id, moaId: input.moaId, scheduledOn: input.scheduledOn },
    });
  });
  return ok({ meetingId }, auditId);
}
