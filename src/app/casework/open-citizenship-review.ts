/**
 * A claim or indicia of U.S. citizenship (ICE Directive 16001.2) stops the case at once: the
 * engine then refuses I-213 approval, charging documents, warrants, detainers, holds and
 * transfer while the review is open; an ICE supervisor task and a legal-counsel consult task
 * are created. Anyone working the case may record it, at any step.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import type { CaseRecord } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { type CaseEffect, caseStep } from './case-step.ts';
import type { CaseContext } from './standing.ts';

export const CITIZENSHIP_TASKS = ['citizenship_review_supervisor', 'legal_counsel_consult'];

/** The stop itself, shared with the interview (where most claims are made). */
export function citizenshipStop(
  ctx: CaseContext,
  record: CaseRecord,
  at: Date,
  source: 'claim' | 'indicia',
  statement: string,
): CaseEffect {
  return {
    patch: {
      citizenshipReviewOpen: true,
      record: {
        ...record,
        citizenship: { openedAt: at.toISOString(), source, statement, resumeStatus: ctx.kase.status },
      },
    },
    event: {
      type: 'case.citizenship_review_opened',
      summary: `Citizenship ${source === 'claim' ? 'claimed' : 'indicia noted'}: the case is stopped pending ICE supervisor review (ICE Directive 16001.2)`,
      data: { source },
    },
    tasks: [
      {
        kind: 'citizenship_review_supervisor',
        recipientRole: 'ice_supervisor',
        title: `Citizenship review for case ${ctx.kase.caseNumber}: investigate immediately (highest priority)`,
        data: { source, citation: 'ICE Directive 16001.2' },
        dueAt: at,
      },
      {
        kind: 'legal_counsel_consult',
        recipientRole: 'ice_supervisor',
        title: `Consult the OPLA Office of the Chief Counsel on case ${ctx.kase.caseNumber}`,
        data: { citation: 'ICE Directive 16001.2' },
      },
    ],
    notices: [
      {
        recipientRole: 'ice_supervisor',
        kind: 'citizenship_stop',
        subject: `Citizenship review opened on case ${ctx.kase.caseNumber}`,
        body: statement,
      },
    ],
  };
}

const schema = z.strictObject({
  source: z.enum(['claim', 'indicia']),
  statement: z.string().trim().min(1, 'must not be empty').max(5000),
});

export async function openCitizenshipReview(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  return caseStep(deps, actor, caseId, {
    action: 'case.flag',
    step: 'open_citizenship_review',
    decide: (ctx, at) => {
      if (ctx.kase.citizenshipReviewOpen)
        return fail('conflict', 'A citizenship review is already open on this case.', {
          ruleId: 'case.citizenship-review-open',
        });
      return ok(citizenshipStop(ctx, ctx.kase.record, at, parsed.data.source, parsed.data.statement));
    },
  });
}
