/** Enrols an approved officer in a training class for the officer's model. */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function enrollOfficer(deps: Deps, actor: Actor, officerId: string, classId: string) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'enroll', async (officer) => {
    const klass = await officers.findClass(deps.db, classId);
    if (!klass) return fail('not_found', 'No training class has that id.');
    if (klass.model !== officer.model) {
      return fail(
        'conflict',
        `The class teaches the ${klass.model} model; the officer is nominated for ${officer.model}.`,
      );
    }
    return ok(async (tx) => {
      await officers.enroll(tx, officer, classId, deps.clock.now());
      await officers.updateOfficer(tx, officerId, { stage: 'in_training' });
      return {
        event: 'officer.enrolled' as const,
        data: { classId, course: klass.course, hours: klass.hours },
        notices: [
          {
            recipientRole: 'lea_admin' as const,
            subject: 'Officer enrolled',
            body: `${describeOfficer(officer)} enrolled in ${klass.course}.`,
          },
        ],
      };
    });
  });
}
