/**
 * Authorizes a certified officer under an MOA version (8 U.S.C. §1357(g)(5)): the powers, the
 * start and end, and the position of the supervising ICE officer, in writing.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { checkAuthorizationTerms, MODEL_POWERS } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as moas from '../../store/moas.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export interface AuthorizationInput {
  moaId: string;
  moaVersion: number;
  powers: string[] | null;
  startsOn: string;
  endsOn: string;
  supervisingPosition: string;
}

export function authorizeOfficer(deps: Deps, actor: Actor, officerId: string, input: AuthorizationInput) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'authorize', async (officer) => {
    if (!isIsoDate(input.startsOn) || !isIsoDate(input.endsOn)) {
      return fail('invalid_input', 'startsOn and endsOn must be dates written YYYY-MM-DD.');
    }
    const version = await moas.findVersion(deps.db, input.moaId, input.moaVersion);
    if (!version || version.agencyId !== officer.agencyId) {
      return fail('not_found', 'No MOA version of the officer’s agency has that id and number.');
    }
    const refusal = checkAuthorizationTerms(
      officer,
      version,
      input,
      deps.clock.now(),
      MODEL_POWERS[officer.model],
    );
    if (refusal)
      return fail('conflict', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
    const authorizationId = uuidv7();
    return ok(async (tx) => {
      await officers.insertAuthorization(
        tx,
        officer,
        { authorizationId, officerId, model: officer.model, endedAt: null, endReason: null, ...input },
        deps.clock.now(),
      );
      await officers.updateOfficer(tx, officerId, { stage: 'authorized' });
      return {
        event: 'officer.authorized' as const,
        data: {
          authorizationId,
          moaId: input.moaId,
          moaVersion: input.moaVersion,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          supervisingPosition: input.supervisingPosition,
          powers: input.powers ? input.powers.join(',') : 'model default',
        },
        notices: [
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Officer authorized',
            body: `${describeOfficer(officer)} is authorized from ${input.startsOn} to ${input.endsOn}.`,
          },
          {
            recipientRole: 'ice_supervisor' as const,
            subject: 'Officer under your supervision',
            body: `${describeOfficer(officer)} acts under the direction of ${input.supervisingPosition}.`,
          },
        ],
      };
    });
  });
}
