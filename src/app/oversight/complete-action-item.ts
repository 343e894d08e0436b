/**
 * Marks a steering-committee action item done: the date it was done (not before the meeting
 * that set it, not in the future), who marked it and an optional note. Either party to the
 * agreement may (`committee.manage`: the program office; the agency's coordinator for its own).
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { checkCompletionDate } from '../../domain/oversight.ts';
import { fail, ok } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { actionItemStep } from './action-item-step.ts';

export async function completeActionItem(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  itemId: string,
  input: { on: string; note?: string | null | undefined },
) {
  const today = isoDate(deps.clock.now());
  return actionItemStep(deps, actor, meetingId, itemId, 'complete', (meeting) => {
    const refusal = checkCompletionDate(input.on, meeting.heldOn, today);
    if (refusal) return fail('invalid_input', refusal, { where: { field: 'on' } });
    return ok({ kind: 'done', on: input.on, note: input.note?.trim() || null });
  });
}
