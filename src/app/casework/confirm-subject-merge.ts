/**
 * The second person confirms (or rejects) a proposed merge of two subject records. The one who
 * proposed it cannot confirm it. On confirmation the other record is folded into the case's
 * subject: its bookings and cases move with it, and it is kept, marked merged, for the record;
 * in the subject index its matching records now resolve to the subject it was folded into.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { subjectsMergedAfterCommit } from './subject-index.ts';

const schema = z.strictObject({ confirm: z.boolean() });

export async function confirmSubjectMerge(
  deps: Deps,
  actor: Actor,
  taskId: string,
  input: unknown,
): Promise<Result<{ taskId: string; merged: boolean }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const task = await casework.findTask(deps.db, taskId);
  if (!task || task.kind !== 'subject_merge_confirmation')
    return fail('not_found', 'No merge awaiting confirmation has that id.');
  const denied = await guard(deps, actor, 'subject.merge', { type: 'task', id: taskId });
  if (denied) return denied;
  if (task.status !== 'open') return fail('conflict', 'This merge was already decided.');
  const { from, into, proposedBy } = task.data as { from: string; into: string; proposedBy: string };
  if (proposedBy === actor.id)
    return fail(
      'conflict',
      'A merge of two subject records is confirmed by a second person, not the one who proposed it.',
      {
        ruleId: 'subject.merge-two-person',
      },
    );
  const at = deps.clock.now();
  const { confirm } = parsed.data;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (!(await casework.completeTask(tx, taskId, actor.id, at, { confirm })))
      throw new Error('task changed concurrently');
    if (confirm) await casework.mergeSubject(tx, from, into);
    return appendAudit(tx, actor, at, {
      type: confirm ? 'subject.merged' : 'subject.match_resolved',
      resource: { type: 'subject', id: into },
      data: { otherSubjectId: from, proposedBy, confirmedBy: actor.id, merged: confirm },
    });
  });
  // The subject index folds the record in too (its trigger moved the matching records).
  if (confirm) await subjectsMergedAfterCommit(deps);
  return ok({ taskId, merged: confirm }, auditId);
}
