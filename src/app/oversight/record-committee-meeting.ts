/** Records a held steering-committee meeting: the date, who attended, the minutes and the action items. */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { loadMeeting } from './committee-meeting.ts';

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
  const loaded = await loadMeeting(deps, actor, meetingId);
  if (!loaded.ok) return loaded;
  const meeting = loaded.value;
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
  const actionItems: Array<{ itemId: string; summary: string; owner: string; dueOn: string | null }> = [];
  for (const a of input.actionItems) {
    if (a.dueOn && !isIsoDate(a.dueOn))
      return fail('invalid_input', 'An action item’s due date must be a calendar date.', {
        where: { field: 'actionItems' },
      });
    const summary = a.summary.trim();
    if (!summary)
      return fail('invalid_input', 'Describe every action item.', { where: { field: 'actionItems' } });
    actionItems.push({ itemId: uuidv7(), summary, owner: a.owner.trim(), dueOn: a.dueOn ?? null });
  }
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const recorded = await oversight.recordMeeting(
      tx,
      meetingId,
      { heldOn: input.heldOn, attendees, minutes, actionItems },
      now,
    );
    if (!recorded) return null;
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
  if (auditId === null) return fail('conflict', 'The meeting is already recorded.');
  return ok({ meetingId }, auditId);
}
