/** An ICE supervisor approves the I-213, or returns it to the officer with reasons (8 U.S.C. §1357(g)(3)). */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';

const schema = z
  .strictObject({ decision: z.enum(['approved', 'returned']), reasons: z.string().trim().max(5000) })
  .refine((r) => r.decision === 'approved' || r.reasons.length > 0, {
    path: ['reasons'],
    message: 'are required when the I-213 is returned',
  });

export async function reviewI213(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const r = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'approve_i213',
    step: 'review_i213',
    decide: (ctx, at) => {
      const i213 = ctx.kase.record.i213;
      if (!i213) return fail('conflict', 'No I-213 awaits review on this case.');
      if (i213.submittedBy === actor.id)
        return fail('conflict', 'The officer who prepared the I-213 does not review it.', {
          ruleId: 'case.separate-reviewer',
        });
      const reviews = [
        ...i213.reviews,
        { at: at.toISOString(), by: actor.id, decision: r.decision, reasons: r.reasons },
      ];
      const approved = r.decision === 'approved';
      return ok({
        patch: {
          status: approved ? 'i213_approved' : 'removable',
          record: { ...ctx.kase.record, i213: { ...i213, reviews } },
        },
        event: {
          type: 'case.i213_reviewed',
          summary: approved ? 'I-213 approved by ICE' : `I-213 returned by ICE: ${r.reasons}`,
          data: {
            decision: r.decision,
            reviewMinutes: Math.round((at.getTime() - Date.parse(i213.submittedAt)) / 60000),
          },
        },
        notices: [
          {
            recipientRole: 'lea_officer',
            recipientUser: i213.submittedBy,
            kind: approved ? 'i213_approved' : 'i213_returned',
            subject: `I-213 for case ${ctx.kase.caseNumber} ${approved ? 'approved' : 'returned'}`,
            body: approved ? 'Draft the charging document and detainer.' : r.reasons,
          },
        ],
      });
    },
  });
}
