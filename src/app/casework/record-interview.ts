/**
 * The interview (INA §287(a)(1)): language access first — primary language, English
 * proficiency, and an interpreter (who, how) whenever proficiency is not full — then the
 * advisals, consular notification (8 CFR 236.1(e): for a mandatory-list national an immediate
 * notification task the subject cannot waive; for others the advisal and their choice), a sworn
 * statement under oath if taken (INA §287(b)), and any claim or indicia of U.S. citizenship,
 * which stops the case (ICE Directive 16001.2).
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { consularNotification } from '../../domain/consular.ts';
import { ADVISALS, type Interview } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { guardDelegated } from '../guard.ts';
import { caseStep, type TaskSpec } from './case-step.ts';
import { citizenshipStop } from './open-citizenship-review.ts';
import { caseFacts, caseScenario } from './standing.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const interviewSchema = z
  .strictObject({
    primaryLanguage: text(60),
    englishProficiency: z.enum(['proficient', 'limited', 'none']),
    interpreter: z
      .strictObject({ name: text(120), method: z.enum(['in_person', 'telephone', 'video']) })
      .nullable(),
    advisals: z.array(z.enum(ADVISALS)).max(ADVISALS.length),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code')
      .nullable(),
    consularChoice: z.enum(['requested', 'declined']).nullable(),
    citizenshipClaim: z.boolean(),
    citizenshipIndicia: text(1000).nullable(),
    swornStatement: z.strictObject({ text: text(20000) }).nullable(),
    notes: z.string().max(20000),
  })
  .superRefine((i, ctx) => {
    if (i.englishProficiency !== 'proficient' && !i.interpreter)
      ctx.addIssue({
        code: 'custom',
        path: ['interpreter'],
        message: 'is required when English proficiency is limited or none (language access)',
      });
    if (!i.advisals.includes('purpose_of_interview'))
      ctx.addIssue({
        code: 'custom',
        path: ['advisals'],
        message: 'must include the purpose of the interview',
      });
  });
export type InterviewInput = z.infer<typeof interviewSchema>;

export async function recordInterview(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = interviewSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const i = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'interview',
    step: 'interview',
    decide: async (ctx, at) => {
      if (i.swornStatement) {
        // The oath is its own delegated power (INA §287(b)).
        const scenario = await caseScenario(
          deps.db,
          actor,
          ctx,
          'administer_oath',
          at,
          caseFacts(ctx.kase.record, ctx.booking, ctx.kase.holdEndsAt),
        );
        const { denied } = await guardDelegated(deps, actor, scenario, { type: 'case', id: caseId });
        if (denied) return denied;
      }
      const consular = consularNotification(i.nationality);
      const interview: Interview = {
        at: at.toISOString(),
        by: actor.id,
        primaryLanguage: i.primaryLanguage,
        englishProficiency: i.englishProficiency,
        interpreter: i.interpreter,
        advisals: i.advisals,
        nationality: i.nationality,
        consular: {
          mandatory: consular.mandatory,
          listVersion: consular.listVersion,
          subjectChoice: consular.mandatory ? null : i.consularChoice,
        },
        citizenshipClaim: i.citizenshipClaim,
        citizenshipIndicia: i.citizenshipIndicia,
        swornStatement: i.swornStatement
          ? { oathAdministeredBy: actor.id, text: i.swornStatement.text }
          : null,
        notes: i.notes,
      };
      const tasks: TaskSpec[] = [];
      if (consular.mandatory)
        tasks.push({
          kind: 'consular_notification',
          recipientRole: 'lea_admin',
          title: `Notify the consulate of ${i.nationality} immediately (mandatory; the subject cannot waive it)`,
          data: { nationality: i.nationality, listVersion: consular.listVersion, rule: consular.rule },
          dueAt: at,
        });
      else if (i.consularChoice === 'requested')
        tasks.push({
          kind: 'consular_notification',
          recipientRole: 'lea_admin',
          title: `Notify the consulate of ${i.nationality ?? 'the subject’s country'} (requested by the subject)`,
          data: { nationality: i.nationality, listVersion: consular.listVersion },
        });
      const record = { ...ctx.kase.record, interview };
      const stop = i.citizenshipClaim || i.citizenshipIndicia !== null;
      if (stop) {
        const s = citizenshipStop(
          ctx,
          record,
          at,
          i.citizenshipClaim ? 'claim' : 'indicia',
          i.citizenshipIndicia ?? 'The subject claims U.S. citizenship.',
        );
        return ok({
          ...s,
          patch: { ...s.patch, status: 'interviewed' },
          tasks: [...tasks, ...(s.tasks ?? [])],
          event: {
            type: 'case.interview_recorded',
            summary: `Interview recorded (${i.primaryLanguage}${i.interpreter ? `, interpreter ${i.interpreter.name} by ${i.interpreter.method.replace('_', ' ')}` : ''}); citizenship ${i.citizenshipClaim ? 'claimed' : 'indicia noted'}: case stopped for citizenship review`,
            data: { citizenshipStop: true, consularMandatory: consular.mandatory },
          },
        });
      }
      return ok({
        patch: { status: 'interviewed', record },
        tasks,
        event: {
          type: 'case.interview_recorded',
          summary: `Interview recorded (${i.primaryLanguage}${i.interpreter ? `, interpreter ${i.interpreter.name} by ${i.interpreter.method.replace('_', ' ')}` : ', no interpreter needed'})${consular.mandatory ? '; mandatory consular notification task created' : ''}${i.swornStatement ? '; sworn statement taken under oath' : ''}`,
          data: { consularMandatory: consular.mandatory, swornStatement: i.swornStatement !== null },
        },
      });
    },
  });
}
