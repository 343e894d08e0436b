/**
 * The examination of a person arrested without a warrant (8 CFR 287.3(a)): by an officer other
 * than the arresting one; the arresting officer examines only under the recorded exception (no
 * other qualified officer readily available, and the delay would be unnecessary) with its
 * reason. Taken as the delegated action `interview` (INA §287(a)(1)).
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { checkExamination } from '../../../domain/tfm.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';

const schema = z.strictObject({
  /** The 287.3(a) exception's reason, when the arresting officer examines; otherwise null. */
  exception: z.string().max(5000).nullish(),
  notes: z.string().max(5000).optional(),
});

export async function recordExamination(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const exception = parsed.data.exception?.trim() ? parsed.data.exception.trim() : null;
  return caseStep(deps, actor, caseId, {
    action: 'interview',
    step: 'examine',
    decide: (ctx, at) => {
      const arrest = ctx.kase.record.warrantlessArrest ?? null;
      const refusal = checkExamination({ arrestedBy: arrest?.by ?? null, examinerId: actor.id, exception });
      if (refusal)
        return fail(
          refusal.ruleId.startsWith('tfm.exception-reason') ? 'invalid_input' : 'conflict',
          refusal.message,
          {
            ruleId: refusal.ruleId,
            citation: refusal.citation,
          },
        );
      return ok({
        patch: {
          record: { ...ctx.kase.record, examination: { at: at.toISOString(), by: actor.id, exception } },
        },
        event: {
          type: 'case.examination_recorded',
          summary: exception
            ? `Examined by the arresting officer under the 8 CFR 287.3(a) exception: ${exception}`
            : 'Examined by an officer other than the arresting officer (8 CFR 287.3(a))',
          data: { exception: exception !== null, arrestedBy: arrest?.by ?? null },
        },
        closeTasks: {
          kinds: ['arrest_examination'],
          resolution: { examinedBy: actor.id, exception: exception !== null },
        },
      });
    },
  });
}
