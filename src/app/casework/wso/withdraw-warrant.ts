/**
 * ICE withdraws a warrant it lodged with a WSO agency (for example, the person was found to have
 * lawful status, or another agency holds them). The case closes `warrant_withdrawn` and the
 * custody clock stops; a person already arrested on the warrant is released from it, which is
 * the jail's mandatory release task.
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';

const schema = z.strictObject({
  reason: z.string().trim().min(3, 'give the reason for the withdrawal').max(500),
});

export async function withdrawWsoWarrant(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const { reason } = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'detainer.lift',
    step: 'withdraw_wso_warrant',
    decide: (ctx, at) => {
      const { kase } = ctx;
      const warrant = kase.record.wsoWarrant;
      if (kase.model !== 'WSO' || !warrant)
        return fail('conflict', 'There is no lodged WSO warrant to withdraw on this case.', {
          ruleId: 'wso.no-warrant',
        });
      const arrested = kase.status === 'warrant_served';
      return ok({
        patch: {
          status: 'closed',
          outcome: 'warrant_withdrawn',
          outcomeReason: reason,
          closedAt: at,
        },
        event: {
          type: 'case.warrant_withdrawn',
          summary: `ICE withdrew ${warrant.form} ${warrant.number}: ${reason}`,
          data: { arrested },
        },
        cancelTimers: true,
        tasks: arrested
          ? [
              {
                kind: 'mandatory_release',
                recipientRole: 'lea_admin',
                title: `Release the person of case ${kase.caseNumber} from the warrant: ICE withdrew it`,
                dueAt: at,
              },
            ]
          : [],
        notices: [
          {
            recipientRole: 'lea_admin',
            kind: 'wso_warrant_withdrawn',
            subject: `ICE withdrew the warrant on case ${kase.caseNumber}`,
            body: arrested
              ? 'The person is no longer held on the warrant: release them unless held on another basis.'
              : 'Do not serve it.',
          },
        ],
      });
    },
  });
}
