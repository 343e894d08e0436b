/** The officer prepares the I-213 (Record of Deportable/Inadmissible Alien) for ICE review. */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { criminalHistoryOf } from './criminal-history.ts';
import { i213Data, signerOf } from './documents.ts';

const schema = z.strictObject({
  narrative: z.string().trim().min(20, 'must be at least 20 characters').max(50000),
});

export async function submitI213(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const { narrative } = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'prepare_i213',
    step: 'submit_i213',
    decide: async (ctx, at) => {
      const queries = await casework.queriesOf(deps.db, caseId);
      const { lines } = criminalHistoryOf(ctx.booking, queries);
      const signer = await signerOf(deps.db, actor);
      const previous = ctx.kase.record.i213;
      return ok({
        patch: {
          status: 'i213_submitted',
          record: {
            ...ctx.kase.record,
            i213: {
              narrative,
              submittedAt: at.toISOString(),
              submittedBy: actor.id,
              reviews: previous?.reviews ?? [],
            },
          },
        },
        event: {
          type: 'case.i213_submitted',
          summary: previous
            ? 'I-213 resubmitted for ICE review'
            : 'I-213 prepared and submitted for ICE review',
          data: { resubmission: Boolean(previous) },
        },
        documents: [
          {
            form: 'I-213',
            data: i213Data(ctx, narrative, signer, lines),
            ...(previous ? { reason: 'resubmitted after ICE returned it' } : {}),
          },
        ],
        notices: [
          {
            recipientRole: 'ice_supervisor',
            kind: 'review_request',
            subject: `I-213 for case ${ctx.kase.caseNumber} awaits your review`,
            body: ctx.kase.priorityExplanation,
          },
        ],
      });
    },
  });
}
