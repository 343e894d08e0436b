/**
 * A TFM field encounter consults the probabilistic subject index as booking intake does
 * (issue 6): a person known from a booking under a misspelt surname and a transposed date of
 * birth gets a possible-match task with the scored candidate and its waterfall, never a link;
 * so does one known under exactly the same name and date of birth when no identifier agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { recordEncounter } from '../../src/app/casework/tfm/record-encounter.ts';
import { NO_AGREEING_IDENTIFIER } from '../../src/domain/subject-resolution.ts';
import { booking, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { encounter, type TfmWorld, tfmWorld } from './support.ts';

describe.each(backends())('the subject index at a field encounter on %s', (backend) => {
  let w: TfmWorld;
  beforeAll(async () => {
    w = await tfmWorld(backend);
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
  });

  it('opens a possible-match task with the waterfall for a known person misspelt, and does not link', async () => {
    const known = value(
      await ingestBooking(
        w.t.deps,
        w.coordinator,
        booking({}, { firstName: 'Radoslaw', lastName: 'Wierzbickowski', dob: '1983-04-09' }),
      ),
    );
    const field = value(
      await recordEncounter(
        w.t.deps,
        w.tfm,
        encounter(w, {}, { firstName: 'Radoslaw', lastName: 'Wierzbikowski', dob: '1983-09-04', sex: 'M' }),
      ),
    );
    expect(field.subjectId).not.toBe(known.subjectId);
    const tasks = await w.t.store.db
      .selectFrom('case_tasks')
      .select(['kind', 'data'])
      .where('case_id', '=', field.caseId)
      .where('kind', '=', 'subject_match_review')
      .execute();
    expect(tasks).toHaveLength(1);
    const data = tasks[0]!.data as {
      candidateSubjectId: string;
      match?: { probability: number; explanation: { steps: { comparison: string; level: string }[] } };
    };
    expect(data.candidateSubjectId).toBe(known.subjectId);
    expect(data.match!.probability).toBeGreaterThan(0.5);
    const dob = data.match!.explanation.steps.find((s) => s.comparison === 'dob');
    expect(dob?.level).toBe('day and month transposed');
  });

  it('does not link an exact name and date of birth without an agreeing identifier: a review task', async () => {
    const person = { firstName: 'Ignatia', lastName: 'Brodsky-Amadi', dob: '1979-03-22' };
    const known = value(await ingestBooking(w.t.deps, w.coordinator, booking({}, person)));
    const field = value(await recordEncounter(w.t.deps, w.tfm, encounter(w, {}, { ...person, sex: 'M' })));
    expect(field.subjectId).not.toBe(known.subjectId);
    expect(field.linkedBy).toBe('new_subject');
    const tasks = await w.t.store.db
      .selectFrom('case_tasks')
      .select(['data'])
      .where('case_id', '=', field.caseId)
      .where('kind', '=', 'subject_match_review')
      .execute();
    const data = tasks.map((x) => x.data as { candidateSubjectId: string; reasons: string; match?: object });
    const task = data.find((x) => x.candidateSubjectId === known.subjectId);
    expect(task?.reasons).toContain(NO_AGREEING_IDENTIFIER);
    expect(task?.match).toBeDefined();
  });
});
