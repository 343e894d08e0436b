/**
 * The shape both action-item steps share (mark done, reopen): load the meeting through
 * `committee.manage` (another agency's meeting is not found), find the item in it, check the
 * item's status allows the step, then persist the step, its history entry and its audit event
 * in one transaction. A concurrent step that got there first makes this one a conflict.
 */
import type { Actor } from '../../domain/actor.ts';
import { type ActionItemStep, checkActionItemStep } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { loadMeeting } from './committee-meeting.ts';

export type ActionItemChange =
  | { kind: 'done'; on: string; note: string | null }
  | { kind: 'reopened'; note: string };

export async function actionItemStep(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  itemId: string,
  step: ActionItemStep,
  decide: (meeting: oversight.MeetingRecord, item: oversight.ActionItem) => Result<ActionItemChange>,
): Promise<Result<{ meetingId: string; itemId: string; status: 'open' | 'done' }>> {
  const loaded = await loadMeeting(deps, actor, meetingId);
  if (!loaded.ok) return loaded;
  const meeting = loaded.value;
  const item = meeting.actionItems.find((i) => i.itemId === itemId);
  if (!item) return fail('not_found', 'The meeting has no action item with that id.');
  const refusal = checkActionItemStep(item.status, step);
  if (refusal) return fail('conflict', refusal, { ruleId: `committee.action_item.${step}.status` });
  const decided = decide(meeting, item);
  if (!decided.ok) return decided;
  const change = decided.value;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const moved = await oversight.stepActionItem(tx, itemId, { ...change, by: actor.id }, now);
    if (!moved) return null;
    return appendAudit(tx, actor, now, {
      type: change.kind === 'done' ? 'committee.action_item_done' : 'committee.action_item_reopened',
      resource: { type: 'committee_meeting', id: meetingId },
      data: {
        agencyId: meeting.agencyId,
        moaId: meeting.moaId,
        itemId,
        item: item.seq,
        on: change.kind === 'done' ? change.on : null,
      },
    });
  });
  if (auditId === null) return fail('conflict', 'The action item was changed by someone else; reload it.');
  return ok({ meetingId, itemId, status: change.kind === 'done' ? 'done' : 'open' }, auditId);
}
