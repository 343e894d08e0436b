/**
 * Loads a steering-committee meeting and authorizes `committee.manage` on it (the program office;
 * the agency party to the agreement for its own). An id that is no meeting, or another agency's
 * meeting for agency staff, is not found. `getMeeting` reads one with its action items and their
 * history.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import { actionItemOverdue } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { hideForeign } from './oversight-scope.ts';

const NOT_FOUND = 'No meeting has that id.';

export async function loadMeeting(
  deps: Deps,
  actor: Actor,
  meetingId: string,
): Promise<Result<oversight.MeetingRecord>> {
  const meeting = UUID.test(meetingId) ? await oversight.findMeeting(deps.db, meetingId) : null;
  if (!meeting) return fail('not_found', NOT_FOUND);
  const denied = await guard(deps, actor, 'committee.manage', {
    type: 'committee_meeting',
    id: meetingId,
    agencyId: meeting.agencyId,
  });
  if (denied) return hideForeign(denied, actor, meeting.agencyId, NOT_FOUND);
  return ok(meeting);
}

export async function getMeeting(deps: Deps, actor: Actor, meetingId: string) {
  const loaded = await loadMeeting(deps, actor, meetingId);
  if (!loaded.ok) return loaded;
  const today = isoDate(deps.clock.now());
  const actionItems = await Promise.all(
    loaded.value.actionItems.map(async (i) => ({
      ...i,
      overdue: actionItemOverdue(i, today),
      history: await oversight.actionItemHistory(deps.db, i.itemId),
    })),
  );
  return ok({ asOf: today, meeting: { ...loaded.value, actionItems } });
}
