/** Records completed refresher training; it restarts the cadence and lifts a lapse suspension. */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate, isoDate } from '../../domain/clock.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function recordRefresher(deps: Deps, actor: Actor, officerId: string, input: { completedOn: string }) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'record_refresher', async (officer) => {
    if (!isIsoDate(input.completedOn))
      return fail('invalid_input', 'completedOn must be a date written YYYY-MM-DD.');
    if (input.completedOn > isoDate(deps.clock.now()))
      return fail('invalid_input', 'completedOn is after today.');
    const liftsLapse =
      officer.stage === 'suspended' && officer.suspensionReason?.startsWith('refresher lapsed');
    return ok(async (tx) => {
      await officers.updateOfficer(tx, officerId, {
        last_refresher_on: input.completedOn,
        ...(liftsLapse ? { stage: 'authorized' as const, suspension_reason: null } : {}),
      });
      return {
        event: 'officer.refresher_recorded' as const,
        data: { completedOn: input.completedOn, reinstated: Boolean(liftsLapse) },
        notices: liftsLapse
          ? [
              {
                recipientRole: 'ice_supervisor' as const,
                subject: 'Officer current again',
                body: `${describeOfficer(officer)} completed refresher training.`,
              },
            ]
          : [],
      };
    });
  });
}
