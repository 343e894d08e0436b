/**
 * A warrantless arrest on a TFM field encounter (INA §287(a)(2)): only with the recorded facts
 * showing the person is likely to escape before a warrant can be obtained. The engine decides the
 * delegated action `warrantless_arrest` (TFM officers and ICE; never JEM or WSO). The case waits
 * for the 8 CFR 287.3(a) examination by another officer and the 287.3(c) advisals.
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { checkLikelyToEscape } from '../../../domain/tfm.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';

const schema = z.strictObject({
  likelyToEscape: z.string().max(5000).nullish(),
  arrestedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
});

export async function recordWarrantlessArrest(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const refusal = checkLikelyToEscape(parsed.data.likelyToEscape);
  if (refusal)
    return fail('invalid_input', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
  const likelyToEscape = (parsed.data.likelyToEscape ?? '').trim();
  return caseStep(deps, actor, caseId, {
    action: 'warrantless_arrest',
    step: 'warrantless_arrest',
    decide: (ctx, now) => {
      const at = parsed.data.arrestedAt ? new Date(parsed.data.arrestedAt) : now;
      if (at.getTime() > now.getTime() + 5 * 60_000)
        return fail('invalid_input', 'arrestedAt: is in the future');
      const encounteredAt = ctx.kase.record.encounter?.at;
      if (encounteredAt && at.getTime() < Date.parse(encounteredAt))
        return fail('invalid_input', 'arrestedAt: is before the encounter');
      return ok({
        patch: {
          status: 'arrested',
          record: {
            ...ctx.kase.record,
            warrantlessArrest: { at: at.toISOString(), by: actor.id, likelyToEscape },
          },
        },
        event: {
          type: 'case.warrantless_arrest_recorded',
          summary: `Arrested without a warrant (INA §287(a)(2)); likely to escape: ${likelyToEscape}`,
          data: { arrestedAt: at.toISOString() },
        },
        tasks: [
          {
            kind: 'arrest_examination',
            recipientRole: 'ice_supervisor',
            title: `Examine the person arrested without a warrant on case ${ctx.kase.caseNumber} (an officer other than the arresting officer, 8 CFR 287.3(a))`,
            data: { arrestedBy: actor.id, citation: '8 CFR 287.3(a)' },
            dueAt: now,
          },
        ],
        notices: [
          {
            recipientRole: 'ice_supervisor',
            kind: 'arrest_examination',
            subject: `Warrantless arrest on case ${ctx.kase.caseNumber}: examination by another officer needed`,
            body: likelyToEscape,
          },
        ],
      });
    },
  });
}
