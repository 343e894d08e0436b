/**
 * The officer's determination after the interview: no action (lawful status or citizen),
 * citizenship review (a stop), or removable (an I-213 follows).
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { citizenshipStop } from './open-citizenship-review.ts';

const schema = z.strictObject({
  outcome: z.enum(['no_action', 'citizenship_review', 'removable']),
  reason: z.string().trim().min(1, 'must give the reason').max(5000),
});

export async function recordDetermination(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const d = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'interview',
    step: 'determine',
    decide: (ctx, at) => {
      const determination = { at: at.toISOString(), by: actor.id, ...d };
      const record = { ...ctx.kase.record, determination };
      if (d.outcome === 'citizenship_review') {
        if (ctx.kase.citizenshipReviewOpen)
          return fail('conflict', 'A citizenship review is already open on this case.');
        const s = citizenshipStop(ctx, record, at, 'indicia', d.reason);
        return ok({ ...s, event: { ...s.event, type: 'case.determination_recorded' } });
      }
      if (d.outcome === 'no_action')
        return ok({
          patch: {
            record,
            status: 'closed',
            outcome: 'no_action_lawful_status',
            outcomeReason: d.reason,
            closedAt: at,
          },
          event: {
            type: 'case.determination_recorded',
            summary: `No action: ${d.reason}`,
            data: { outcome: d.outcome },
          },
        });
      return ok({
        patch: { record, status: 'removable' },
        event: {
          type: 'case.determination_recorded',
          summary: `Removable: ${d.reason}`,
          data: { outcome: d.outcome },
        },
      });
    },
  });
}
