/** ICE lifts (cancels) a detainer with a reason code; the jail then releases the person as usual. */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { LIFT_REASONS } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';

const schema = z.strictObject({
  reason: z.enum(LIFT_REASONS),
  note: z.string().trim().max(2000).default(''),
});

export async function liftDetainer(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const l = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'detainer.lift',
    step: 'lift_detainer',
    decide: (ctx, at) =>
      ok({
        patch: {
          status: 'closed',
          outcome: 'detainer_lifted',
          outcomeReason: l.reason,
          closedAt: at,
          record: {
            ...ctx.kase.record,
            lift: { at: at.toISOString(), by: actor.id, reason: l.reason, note: l.note },
          },
        },
        event: {
          type: 'case.detainer_lifted',
          summary: `Detainer lifted by ICE (${l.reason.replaceAll('_', ' ')})${l.note ? `: ${l.note}` : ''}`,
          data: { reason: l.reason },
        },
        cancelTimers: true,
        notices: [
          {
            recipientRole: 'lea_admin',
            kind: 'detainer_lifted',
            subject: `Detainer lifted on case ${ctx.kase.caseNumber}`,
            body: 'Release the person under your usual procedures; there is no immigration hold.',
          },
        ],
      }),
  });
}
