/** Records a held steering-committee meeting: the date, who attended, the minutes and the action items. */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordCommitteeMeeting(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  input: {
    heldOn: string;
    attendees: oversight.Attendee[];
    minutes: string;
    actionItems: Array<{ summary: string; owner: string; dueOn?: string | null | undefined }>;
  },
): Promise<Result<{ meetingId: string }>> {
  const meeting = UUID.test(meetingId) ? await oversight.findMeeting(deps.db, meetingId) : null;
  if (!meeting) return fail('not_found', 'No meeting has that id.');
  const denied = await guard(deps, actor, 'committee.manage', {
    type: 'committee_meeting',
    id: meetingId,
    agencyId: meeting.agencyId,
  });
  if (denied) return denied;
  if (meeting.status !== 'scheduled') return fail('conflict', 'The meeting is already recorded.');
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (!isIsoDate(input.heldOn) || input.heldOn > today)
    return fail('invalid_input', 'The date held must be a calendar date, not in the future.', {
      where: { field: 'heldOn' },
    });
  const attendees = input.attendees
    .map((a) => ({ name: a.name.trim(), organization: a.organization.trim() }))
    .filter((a) => a.name);
  if (attendees.length === 0)
    return fail('invalid_input', 'List who attended.', { where: { field: 'attendees' } });
  const minutes = input.minutes.trim();
  if (!minutes) return fail('invalid_input', 'Record the minutes.', { where: { field: 'minutes' } });
  const actionItems: oversight.ActionItem[] = [];
  for (const a of input.actionItems) {
    if (a.dueOn && !isIsoDate(a.dueOn))
      return fail('invalid_input', 'An action item’s due date must be a calendar date.', {
        where: { field: 'actionItems' },
      });
    actionItems.push({
      summary: a.summary.trim(),
      owner: a.owner.trim(),
      dueOn: a.dueOn ?? null,
      done: false,
    });
  }
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.recordMeeting(
      tx,
      meetingId,
      { heldOn: input.heldOn, attendees, minutes, actionItems },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'committee.meeting_recorded',
      resource: { type: 'committee_meeting', id: meetingId },
      data: {
        agencyId: meeting.agencyId,
        moaId: meeting.moaId,
        heldOn: input.heldOn,
        attendees: attendees.length,
        actionItems: actionItems.length,
      },
    });
  });
  return ok({ meetingId }, auditId);
}
