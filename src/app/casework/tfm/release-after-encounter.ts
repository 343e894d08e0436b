/**
 * No immigration action after a field encounter: the person is released and the TFM case closed
 * (`released_after_encounter`) with the reason. Not a delegated power — any officer may let a
 * person go — so the system action is working on the agency's case (`case.assign`).
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';

const schema = z.strictObject({ reason: z.string().trim().min(1, 'must give the reason').max(5000) });

export async function releaseAfterEncounter(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const { reason } = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'case.assign',
    step: 'release_after_encounter',
    decide: (ctx, at) =>
      ok({
        patch: {
          status: 'closed',
          outcome: 'released_after_encounter',
          outcomeReason: reason,
          closedAt: at,
          record: ctx.kase.record,
        },
        event: {
          type: 'case.released',
          summary: `Released after the encounter; no immigration action: ${reason}`,
          data: {
            outcome: 'released_after_encounter',
            afterArrest: Boolean(ctx.kase.record.warrantlessArrest),
          },
        },
        closeTasks: { kinds: ['arrest_examination'], resolution: { released: true } },
        cancelTimers: true,
      }),
  });
}
