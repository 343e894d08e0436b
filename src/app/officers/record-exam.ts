/** Records an exam score: 70 % passes; one remediation over the course; a second failure disqualifies. */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { examOutcome } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from './officer-step.ts';

export function recordExam(
  deps: Deps,
  actor: Actor,
  officerId: string,
  input: { exam: string; score: number; takenOn: string },
) {
  return officerStep(deps, actor, officerId, 'officer.administer', 'record_exam', async (officer) => {
    if (!Number.isFinite(input.score) || input.score < 0 || input.score > 100) {
      return fail('invalid_input', 'score must be a percentage from 0 to 100.', {
        where: { field: 'score' },
      });
    }
    if (!isIsoDate(input.takenOn)) return fail('invalid_input', 'takenOn must be a date written YYYY-MM-DD.');
    const earlier = await officers.examsOf(deps.db, officerId);
    const outcome = examOutcome(earlier, input.score);
    return ok(async (tx) => {
      await officers.insertExam(tx, officer, {
        attempt: earlier.length + 1,
        ...input,
        passed: outcome.passed,
      });
      if (outcome.disqualified) await officers.updateOfficer(tx, officerId, { stage: 'disqualified' });
      return {
        event: 'officer.exam_recorded' as const,
        data: {
          exam: input.exam,
          score: input.score,
          passed: outcome.passed,
          disqualified: outcome.disqualified,
        },
        notices: outcome.disqualified
          ? [
              {
                recipientRole: 'lea_admin' as const,
                subject: 'Officer disqualified',
                body: `${describeOfficer(officer)} failed a second exam and is disqualified.`,
              },
            ]
          : [],
      };
    });
  });
}
