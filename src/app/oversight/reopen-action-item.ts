/**
 * Reopens a steering-committee action item marked done (e.g. the work turned out incomplete),
 * with the reason; its history keeps the earlier completion. An open item is refused.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { actionItemStep } from './action-item-step.ts';

export async function reopenActionItem(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  itemId: string,
  input: { note: string },
) {
  return actionItemStep(deps, actor, meetingId, itemId, 'reopen', () => {
    const note = input.note.trim();
    if (!note) return fail('invalid_input', 'Say why the item is reopened.', { where: { field: 'note' } });
    return ok({ kind: 'reopened', note });
  });
}
