/**
 * A possible match found at intake (domain/subject-resolution.ts) is decided by a person: the
 * two records are different people (the task closes), or the same person — which only proposes
 * the merge. A merge needs two people: a second ICE user confirms it (confirm-subject-merge.ts).
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

const schema = z.strictObject({
  decision: z.enum(['same_person', 'different_people']),
  reason: z.string().trim().min(1, 'must give the evidence relied on').max(2000),
});

export async function resolveSubjectMatch(
  deps: Deps,
  actor: Actor,
  taskId: string,
  input: unknown,
): Promise<Result<{ taskId: string; confirmationTaskId: string | null }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const task = await casework.findTask(deps.db, taskId);
  if (!task || task.kind !== 'subject_match_review')
    return fail('not_found', 'No possible-match task has that id.');
  const denied = await guard(deps, actor, 'subject.merge', { type: 'task', id: taskId });
  if (denied) return denied;
  if (task.status !== 'open') return fail('conflict', 'This possible match was already decided.');
  const kase = task.caseId ? await casework.findCase(deps.db, task.caseId) : null;
  const from = typeof task.data.candidateSubjectId === 'string' ? task.data.candidateSubjectId : null;
  if (!kase?.subjectId || !from) return fail('conflict', 'The task no longer points at two subjects.');
  const at = deps.clock.now();
  const { decision, reason } = parsed.data;
  const confirmationTaskId = decision === 'same_person' ? uuidv7() : null;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (!(await casework.completeTask(tx, taskId, actor.id, at, { decision, reason })))
      throw new Error('task changed concurrently');
    if (confirmationTaskId)
      await casework.insertTask(
        tx,
        {
          taskId: confirmationTaskId,
          agencyId: task.agencyId,
          caseId: task.caseId,
          kind: 'subject_merge_confirmation',
          recipientRole: 'ice_supervisor',
          title: 'Confirm the merge of two subject records (a second person must confirm)',
          // The record created at intake folds into the subject already known.
          data: {
            from: kase.subjectId,
            into: from,
            proposedBy: actor.id,
            reason,
            // The index's score and waterfall travel to the second person.
            ...(task.data.match ? { match: task.data.match } : {}),
          },
          dueAt: null,
        },
        at,
      );
    return appendAudit(tx, actor, at, {
      type: 'subject.match_resolved',
      resource: { type: 'subject', id: kase.subjectId! },
      data: { otherSubjectId: from, decision, mergeProposed: decision === 'same_person' },
    });
  });
  return ok({ taskId, confirmationTaskId }, auditId);
}
