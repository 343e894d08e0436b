/**
 * Suspends an authorized officer at once. The agency reports discipline, transfer, separation or
 * a complaint under investigation (domain.md §8 B.10); ICE may suspend for any recorded reason.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export const ELIGIBILITY_CHANGES = [
  'discipline',
  'transfer',
  'separation',
  'complaint_under_investigation',
] as const;
export type EligibilityChange = (typeof ELIGIBILITY_CHANGES)[number];

export function suspendOfficer(
  deps: Deps,
  actor: Actor,
  officerId: string,
  input: { reason: EligibilityChange | 'refresher_lapsed' | 'other'; detail: string },
) {
  const byAgency = (ELIGIBILITY_CHANGES as readonly string[]).includes(input.reason);
  const action = byAgency ? 'officer.record_eligibility' : 'officer.administer';
  return officerStep(deps, actor, officerId, action, 'suspend', async (officer) => {
    if (!input.detail.trim())
      return fail('invalid_input', 'Describe the reason.', { where: { field: 'detail' } });
    const reason = `${input.reason.replaceAll('_', ' ')}: ${input.detail.trim()}`;
    return ok(async (tx) => {
      await officers.updateOfficer(tx, officerId, { stage: 'suspended', suspension_reason: reason });
      return {
        event: 'officer.suspended' as const,
        data: { reason: input.reason },
        notices: [
          {
            recipientRole: 'program_office' as const,
            subject: 'Officer suspended',
            body: `${describeOfficer(officer)} is suspended (${input.reason}).`,
          },
          {
            recipientRole: 'ice_supervisor' as const,
            subject: 'Officer suspended',
            body: `${describeOfficer(officer)} may not act under 287(g) until reinstated.`,
          },
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Officer suspended',
            body: `${describeOfficer(officer)} is suspended.`,
          },
        ],
      };
    });
  });
}
