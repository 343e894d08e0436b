/** ICE reinstates a suspended officer, or revokes the officer's authority for good. */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function reinstateOfficer(deps: Deps, actor: Actor, officerId: string, input: { note: string }) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'reinstate', async (officer) => {
    const authorization = await officers.latestAuthorization(deps.db, officerId);
    if (!authorization || authorization.endedAt) {
      return fail('conflict', 'The officer has no open authorization to return to; authorize again.');
    }
    return ok(async (tx) => {
      await officers.updateOfficer(tx, officerId, { stage: 'authorized', suspension_reason: null });
      return {
        event: 'officer.reinstated' as const,
        data: { note: input.note },
        notices: [
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Officer reinstated',
            body: `${describeOfficer(officer)} is reinstated.`,
          },
        ],
      };
    });
  });
}

export function revokeOfficer(deps: Deps, actor: Actor, officerId: string, input: { reason: string }) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'revoke', async (officer) => {
    if (!input.reason.trim()) return fail('invalid_input', 'Give the reason for the revocation.');
    const authorization = await officers.latestAuthorization(deps.db, officerId);
    return ok(async (tx) => {
      if (authorization && !authorization.endedAt) {
        await officers.endAuthorization(
          tx,
          authorization.authorizationId,
          `revoked: ${input.reason}`,
          deps.clock.now(),
        );
      }
      await officers.updateOfficer(tx, officerId, { stage: 'revoked', suspension_reason: input.reason });
      return {
        event: 'officer.revoked' as const,
        data: { reason: input.reason },
        notices: [
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Authority revoked',
            body: `${describeOfficer(officer)}: ${input.reason}.`,
          },
          {
            recipientRole: 'ice_supervisor' as const,
            subject: 'Authority revoked',
            body: `${describeOfficer(officer)} no longer acts under 287(g).`,
          },
        ],
      };
    });
  });
}
