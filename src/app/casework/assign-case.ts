/** Assign a screening case to an officer (self-assign, or a coordinator or supervisor assigning); bulk assigns several. */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { caseStep, loadCase } from './case-step.ts';

const schema = z.strictObject({
  assignee: z.union([z.literal('self'), z.uuid()], { error: 'must be "self" or a user id' }),
});

export async function assignCase(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const assignee = parsed.data.assignee === 'self' ? actor.id : parsed.data.assignee;
  return caseStep(deps, actor, caseId, {
    action: 'case.assign',
    step: 'assign',
    // The assignee is looked up only once the caller may act on the case.
    decide: async (ctx, at) => {
      if (actor.kind === 'user' && actor.role === 'lea_officer' && assignee !== actor.id)
        return fail('forbidden', 'An officer assigns cases only to themself.', {
          ruleId: 'case.self-assign-only',
        });
      const user = await casework.userFlags(deps.db, assignee);
      if (!user) return fail('invalid_input', 'assignee: no user has that id');
      return ok({
        patch: { assignedTo: assignee, assignedAt: at },
        event: {
          type: 'case.assigned',
          summary: `Assigned to ${user.displayName}`,
          data: { assignee },
        },
        notices:
          assignee === actor.id
            ? []
            : [
                {
                  recipientRole: 'lea_officer',
                  recipientUser: assignee,
                  kind: 'case_assigned',
                  subject: `Case ${ctx.kase.caseNumber} assigned to you`,
                  body: `${ctx.kase.priorityExplanation}`,
                },
              ],
      });
    },
  });
}

/** Several cases to one assignee; each is its own step, and the answer lists each outcome. */
export async function assignCases(
  deps: Deps,
  actor: Actor,
  input: { caseIds: string[]; assignee: string | 'self' },
): Promise<Result<{ assigned: string[]; refused: Array<{ caseId: string; reason: string }> }>> {
  const denied = await guard(deps, actor, 'case.assign');
  if (denied) return denied;
  // A case the caller may not see fails the whole request, as it would alone (R10, R11).
  for (const caseId of input.caseIds) {
    const visible = await loadCase(deps, actor, caseId);
    if (!visible.ok) return visible;
  }
  const assigned: string[] = [];
  const refused: Array<{ caseId: string; reason: string }> = [];
  for (const caseId of input.caseIds) {
    const r = await assignCase(deps, actor, caseId, { assignee: input.assignee });
    if (r.ok) assigned.push(caseId);
    else refused.push({ caseId, reason: r.error.userMessage });
  }
  return ok({ assigned, refused });
}
