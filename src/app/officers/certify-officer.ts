/** ICE's written certification that the officer has received adequate training (§1357(g)(2)). */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { checkCertification } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function certifyOfficer(deps: Deps, actor: Actor, officerId: string, input: { certifiedOn: string }) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'certify', async (officer) => {
    if (!isIsoDate(input.certifiedOn))
      return fail('invalid_input', 'certifiedOn must be a date written YYYY-MM-DD.');
    const refusal = checkCertification(await officers.examsOf(deps.db, officerId));
    if (refusal)
      return fail('conflict', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
    return ok(async (tx) => {
      await officers.updateOfficer(tx, officerId, { stage: 'certified', certified_on: input.certifiedOn });
      return {
        event: 'officer.certified' as const,
        data: { certifiedOn: input.certifiedOn },
        notices: [
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Officer certified',
            body: `${describeOfficer(officer)} is certified.`,
          },
        ],
      };
    });
  });
}
