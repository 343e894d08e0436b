/** ICE schedules a training class for one model (course and hours default by model). */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { DEFAULT_COURSES } from '../../domain/moa.ts';
import { MODELS, type Model } from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function createTrainingClass(
  deps: Deps,
  actor: Actor,
  input: { model: Model; startsOn: string; endsOn: string; course?: string; hours?: number },
): Promise<Result<{ classId: string }>> {
  const denied = await guard(deps, actor, 'training.manage');
  if (denied) return denied;
  if (!MODELS.includes(input.model))
    return fail('invalid_input', `model must be one of ${MODELS.join(', ')}.`);
  if (!isIsoDate(input.startsOn) || !isIsoDate(input.endsOn) || input.endsOn < input.startsOn) {
    return fail('invalid_input', 'startsOn and endsOn must be dates, the end not before the start.');
  }
  const defaults = DEFAULT_COURSES[input.model];
  const hours = input.hours ?? defaults.hours;
  if (!Number.isInteger(hours) || hours < 1)
    return fail('invalid_input', 'hours must be a positive whole number.');
  const classId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await officers.insertClass(
      tx,
      {
        classId,
        model: input.model,
        course: input.course ?? defaults.course,
        hours,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'training.class_created',
      resource: { type: 'training_class', id: classId },
      data: { model: input.model, hours },
    });
  });
  return ok({ classId }, auditId);
}
