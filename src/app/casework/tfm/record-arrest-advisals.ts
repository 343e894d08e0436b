/**
 * The 8 CFR 287.3(c) advisals to a person arrested without a warrant: the reasons for the
 * arrest, the right to counsel at no expense to the government, and the list of free legal
 * services — all three, in a language the person understands. Without them no I-213 is prepared
 * and no charging document finalised (`checkCaseStep`).
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { checkArrestAdvisals } from '../../../domain/tfm.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';

const schema = z.strictObject({
  reasonsForArrest: z.boolean(),
  rightToCounsel: z.boolean(),
  legalServicesList: z.boolean(),
  language: z.string().trim().min(1, 'must not be empty').max(60),
});

export async function recordArrestAdvisals(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const a = parsed.data;
  const refusal = checkArrestAdvisals(a);
  if (refusal)
    return fail('invalid_input', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
  return caseStep(deps, actor, caseId, {
    action: 'interview',
    step: 'arrest_advisals',
    decide: (ctx, at) =>
      ok({
        patch: {
          record: {
            ...ctx.kase.record,
            arrestAdvisals: { at: at.toISOString(), by: actor.id, language: a.language },
          },
        },
        event: {
          type: 'case.arrest_advisals_recorded',
          summary: `8 CFR 287.3(c) advisals given in ${a.language}: reasons for the arrest, counsel at no government expense, list of free legal services`,
          data: { language: a.language },
        },
      }),
  });
}
