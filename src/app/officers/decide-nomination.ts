/** ICE approves a nomination (every eligibility item satisfied) or rejects it, with a reason. */
import type { Actor } from '../../domain/actor.ts';
import { checkApproval } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function decideNomination(
  deps: Deps,
  actor: Actor,
  officerId: string,
  input: { approve: boolean; reason?: string },
) {
  return officerStep(
    deps,
    actor,
    officerId,
    'officer.administer',
    input.approve ? 'approve' : 'reject',
    async (officer) => {
      if (input.approve) {
        const refusal = checkApproval(await officers.eligibilityOf(deps.db, officerId));
        if (refusal)
          return fail('conflict', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
      } else if (!input.reason?.trim()) {
        return fail('invalid_input', 'Give the reason for the rejection.', { where: { field: 'reason' } });
      }
      return ok(async (tx) => {
        await officers.updateOfficer(tx, officerId, { stage: input.approve ? 'approved' : 'rejected' });
        return {
          event: input.approve ? ('officer.approved' as const) : ('officer.rejected' as const),
          data: { reason: input.reason ?? null },
          notices: [
            {
              recipientRole: 'lea_admin' as const,
              subject: input.approve ? 'Nomination approved' : 'Nomination rejected',
              body: `${describeOfficer(officer)}: ${input.approve ? 'approved for training' : `rejected: ${input.reason}`}.`,
            },
          ],
        };
      });
    },
  );
}
