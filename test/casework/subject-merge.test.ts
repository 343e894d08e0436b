/**
 * Subject resolution at intake and the two-person merge (issue 4): a booking whose person
 * matches a known subject only weakly (day and month of birth transposed) is a new subject with
 * a possible-match task; one ICE user decides "same person", which only proposes the merge; the
 * same user cannot confirm it; a second one does, and the bookings and cases move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSubjectMerge } from '../../src/app/casework/confirm-subject-merge.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { resolveSubjectMatch } from '../../src/app/casework/resolve-subject-match.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends } from '../support/db.ts';
import { booking, type JemWorld, jemWorld, value } from './support.ts';

describe.each(backends())('subject resolution and the two-person merge on %s', (backend) => {
  let w: JemWorld;
  beforeAll(async () => {
    w = await jemWorld(backend);
  });
  afterAll(async () => w.t.close());

  const tasksOf = (caseId: string) =>
    w.t.store.db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).execute();

  it('links by identifier, flags a transposed date of birth, and merges only with two people', async () => {
    const { t, coordinator, supervisor, program } = w;
    const person = { firstName: 'Marisol', lastName: 'Oyelaran', dob: '1990-04-03', fbiNumber: 'A1234567' };
    const first = value(await ingestBooking(t.deps, coordinator, booking({}, person)));
    // The same FBI number links the second booking to the same subject, whatever the name.
    const again = value(
      await ingestBooking(
        t.deps,
        coordinator,
        booking({}, { ...person, firstName: 'Marisole', fbiNumber: 'A1234567' }),
      ),
    );
    expect(again.subjectId).toBe(first.subjectId);
    // Day and month swapped, no identifier: a new subject and a possible-match task, never a silent link.
    const weak = value(
      await ingestBooking(
        t.deps,
        coordinator,
        booking({}, { ...person, dob: '1990-03-04', fbiNumber: undefined }),
      ),
    );
    expect(weak.subjectId).not.toBe(first.subjectId);
    const review = (await tasksOf(weak.caseId!)).find((x) => x.kind === 'subject_match_review')!;
    expect(review.data).toMatchObject({ candidateSubjectId: first.subjectId });

    // An officer cannot decide it; an ICE supervisor can, which only proposes the merge.
    expect(
      (await resolveSubjectMatch(t.deps, w.officer, review.task_id, { decision: 'same_person', reason: 'x' }))
        .ok,
    ).toBe(false);
    const decided = value(
      await resolveSubjectMatch(t.deps, supervisor, review.task_id, {
        decision: 'same_person',
        reason: 'Same booking photograph and address; the date of birth was keyed day-first.',
      }),
    );
    const confirmation = decided.confirmationTaskId!;
    const before = await t.store.db
      .selectFrom('subjects')
      .select('merged_into')
      .where('subject_id', '=', first.subjectId)
      .executeTakeFirstOrThrow();
    expect(before.merged_into).toBeNull();

    const self = await confirmSubjectMerge(t.deps, supervisor, confirmation, { confirm: true });
    expect(self.ok).toBe(false);
    if (!self.ok) expect(self.error.ruleId).toBe('subject.merge-two-person');
    value(await confirmSubjectMerge(t.deps, program, confirmation, { confirm: true }));

    // The record made at intake folds into the subject already known; its case moves with it.
    const merged = await t.store.db
      .selectFrom('subjects')
      .select('merged_into')
      .where('subject_id', '=', weak.subjectId)
      .executeTakeFirstOrThrow();
    expect(merged.merged_into).toBe(first.subjectId);
    const cases = await t.store.db
      .selectFrom('cases')
      .select('subject_id')
      .where('case_id', 'in', [first.caseId!, again.caseId!, weak.caseId!])
      .execute();
    expect(cases.every((c) => c.subject_id === first.subjectId)).toBe(true);
    // Decided tasks cannot be decided again.
    expect((await confirmSubjectMerge(t.deps, program, confirmation, { confirm: true })).ok).toBe(false);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });
});
