/**
 * An ICE supervisor resolves a citizenship review (ICE Directive 16001.2) with structured
 * evidence. A confirmed citizen's record is corrected and the case closed with no action; a
 * finding of no citizenship, after counsel was consulted, lets the case resume where it stopped.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { CITIZENSHIP_TASKS } from './open-citizenship-review.ts';

const schema = z.strictObject({
  finding: z.enum(['citizen', 'not_citizen']),
  evidence: z.string().trim().min(1, 'must describe the evidence examined').max(5000),
  counselConsulted: z.boolean(),
});

export async function resolveCitizenshipReview(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const r = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'citizenship.resolve',
    step: 'resolve_citizenship_review',
    decide: (ctx, at) => {
      const c = ctx.kase.record.citizenship;
      if (!c) return fail('conflict', 'No citizenship review is open on this case.');
      if (r.finding === 'not_citizen' && !r.counselConsulted)
        return fail(
          'conflict',
          'Consult legal counsel (OPLA) before finding that the subject is not a U.S. citizen.',
          { ruleId: 'citizenship.counsel-before-finding', citation: 'ICE Directive 16001.2' },
        );
      const resolution = { at: at.toISOString(), by: actor.id, ...r };
      const record = { ...ctx.kase.record, citizenship: { ...c, resolution } };
      const closeTasks = { kinds: CITIZENSHIP_TASKS, resolution: { finding: r.finding } };
      if (r.finding === 'citizen') {
        const subjectId = ctx.kase.subjectId;
        return ok({
          patch: {
            citizenshipReviewOpen: false,
            record,
            status: 'closed',
            outcome: 'no_action_citizen',
            outcomeReason: 'U.S. citizenship confirmed',
            closedAt: at,
          },
          event: {
            type: 'case.citizenship_review_resolved',
            summary:
              'U.S. citizenship confirmed: the subject record is corrected and the case closed with no action',
            data: { finding: r.finding },
          },
          closeTasks,
          cancelTimers: true,
          alsoWrite: async (tx) => {
            if (subjectId) await casework.markConfirmedCitizen(tx, subjectId, at);
          },
        });
      }
      return ok({
        patch: { citizenshipReviewOpen: false, record, status: c.resumeStatus },
        event: {
          type: 'case.citizenship_review_resolved',
          summary: 'Citizenship review resolved: not a U.S. citizen (counsel consulted); the case resumes',
          data: { finding: r.finding },
        },
        closeTasks,
      });
    },
  });
}
