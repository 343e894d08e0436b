/**
 * The probabilistic subject index at booking intake (issue 6), on both backends: a booked
 * person already known under a misspelt name and a transposed date of birth is a new subject
 * with a possible-match task carrying the scored candidate and its waterfall (never a silent
 * link); a rare surname counts for more than a common one; a near-certain match links only
 * with an agreeing identifier; a confirmed merge and a restart leave the index resolving the
 * same; a subject written by another path is found through the catch-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSubjectMerge } from '../../src/app/casework/confirm-subject-merge.ts';
import { importBookings } from '../../src/app/casework/import-bookings.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { resolveSubjectMatch } from '../../src/app/casework/resolve-subject-match.ts';
import { clearSubjectIndexCache, scoreAgainstIndex } from '../../src/app/casework/subject-index.ts';
import type { MatchExplanation } from '../../src/domain/subject-resolution.ts';
import * as casework from '../../src/store/casework.ts';
import { backends } from '../support/db.ts';
import { booking, type JemWorld, jemWorld, value } from './support.ts';

interface MatchData {
  candidateSubjectId: string;
  reasons: string;
  match?: { probability: number; weight: number; explanation: MatchExplanation };
}

/** prior + Σ(level weight + TF part) — the waterfall's running total at its end. */
const total = (e: MatchExplanation) => e.prior + e.steps.reduce((s, x) => s + x.weight + x.tfAdjustment, 0);

describe.each(backends())('the subject index at intake on %s', (backend) => {
  let w: JemWorld;
  beforeAll(async () => {
    w = await jemWorld(backend);
  }, 120_000);
  afterAll(async () => w.t.close());

  const ingest = async (person: Record<string, unknown>) =>
    value(await ingestBooking(w.t.deps, w.coordinator, booking({}, person)));
  const reviews = async (caseId: string) =>
    (await w.t.store.db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).execute())
      .filter((x) => x.kind === 'subject_match_review')
      .map((x) => ({ taskId: x.task_id, data: x.data as MatchData }));

  it('opens no review for a person unlike anyone known', async () => {
    const lone = await ingest({ firstName: 'Evander', lastName: 'Thistlewood', dob: '1979-02-11' });
    expect(await reviews(lone.caseId!)).toEqual([]);
  });

  it('finds a misspelt name with a transposed date of birth: a review task with the waterfall, no link', async () => {
    const known = await ingest({ firstName: 'Wojciech', lastName: 'Szczepankiewicz', dob: '1984-07-12' });
    const again = await ingest({ firstName: 'Wojciech', lastName: 'Szczepankiewic', dob: '1984-12-07' });
    // Biographic evidence alone never links, however strong.
    expect(again.subjectId).not.toBe(known.subjectId);
    const [task, ...more] = await reviews(again.caseId!);
    expect(more).toEqual([]);
    expect(task!.data.candidateSubjectId).toBe(known.subjectId);
    const match = task!.data.match!;
    expect(match.probability).toBeGreaterThan(0.5);
    const byName = Object.fromEntries(match.explanation.steps.map((s) => [s.comparison, s]));
    expect(byName.dob!.level).toBe('day and month transposed');
    expect(byName.first_name!.level).toBe('exact');
    expect(byName.last_name!.level).not.toBe('exact');
    // The contributions sum to the match weight; the TF part is its own figure.
    expect(total(match.explanation)).toBeCloseTo(match.weight, 9);
    expect(match.explanation.weight).toBeCloseTo(match.weight, 9);
    expect(byName.first_name!.tfAdjustment).not.toBe(0);
    expect(task!.data.reasons).toContain('match probability');
  });

  it('counts a rare surname for more than a common one', async () => {
    for (const [i, first] of [
      'Ana',
      'Bruno',
      'Carla',
      'Diego',
      'Elena',
      'Fabio',
      'Gloria',
      'Hector',
    ].entries())
      await ingest({ firstName: first, lastName: 'Garcia', dob: `1970-0${(i % 8) + 1}-2${i}` });
    const common = await ingest({ firstName: 'Lucia', lastName: 'Garcia', dob: '1991-03-15' });
    const rare = await ingest({ firstName: 'Lucia', lastName: 'Zbyszewska', dob: '1992-04-16' });
    const score = async (lastName: string, dob: string) =>
      (await scoreAgainstIndex(w.t.deps, { firstName: 'Lucya', lastName, dob, sex: 'M' })).evidence
        .candidates;
    const [c] = await score('Garcia', '1991-03-15');
    const [r] = await score('Zbyszewska', '1992-04-16');
    expect(c!.subjectId).toBe(common.subjectId);
    expect(r!.subjectId).toBe(rare.subjectId);
    expect(r!.weight).toBeGreaterThan(c!.weight);
    const tf = (e: MatchExplanation) => e.steps.find((s) => s.comparison === 'last_name')!.tfAdjustment;
    expect(tf(r!.explanation)).toBeGreaterThan(tf(c!.explanation));
  });

  it('links a near-certain match only when an identifier agrees, and not when one disagrees', async () => {
    const person = { firstName: 'Ottoline', lastName: 'Vasquez-Morrow', dob: '1986-09-21' };
    const known = await ingest({ ...person, aNumber: '212345678' });
    // Two keyed digits swapped in the A-number, the given name misspelt: the index links.
    const typo = await ingest({ ...person, firstName: 'Otoline', aNumber: '212345687' });
    expect(typo.subjectId).toBe(known.subjectId);
    const received = await w.t.store.db
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'booking.received')
      .where('resource_id', '=', typo.bookingId)
      .executeTakeFirstOrThrow();
    expect(received.data).toMatchObject({ linkedBy: 'match_with_identifier' });
    // A disagreeing A-number, all else the same: a new subject and a review, never a link.
    const other = await ingest({ ...person, firstName: 'Otoline', aNumber: '298765432' });
    expect(other.subjectId).not.toBe(known.subjectId);
    const [task] = await reviews(other.caseId!);
    expect(task!.data.candidateSubjectId).toBe(known.subjectId);
    const steps = task!.data.match!.explanation.steps;
    expect(steps.find((s) => s.comparison === 'a_number')!.level).toBe('different');
  });

  it('folds a merged subject into the survivor, and resolves the same after a restart', async () => {
    const person = { firstName: 'Marisela', lastName: 'Quintanilla', dob: '1975-11-02' };
    const first = await ingest(person);
    const second = await ingest({ ...person, lastName: 'Quintanila', dob: '1975-02-11' });
    const [task] = await reviews(second.caseId!);
    expect(task!.data.candidateSubjectId).toBe(first.subjectId);
    const decided = value(
      await resolveSubjectMatch(w.t.deps, w.supervisor, task!.taskId, {
        decision: 'same_person',
        reason: 'Same booking photograph; surname misspelt and date keyed day-first.',
      }),
    );
    value(await confirmSubjectMerge(w.t.deps, w.program, decided.confirmationTaskId!, { confirm: true }));

    const probe = { firstName: 'Marisela', lastName: 'Quintanilla', dob: '1975-02-11' };
    const after = (await scoreAgainstIndex(w.t.deps, probe)).evidence.candidates;
    expect(after.map((c) => c.subjectId)).toContain(first.subjectId);
    expect(after.map((c) => c.subjectId)).not.toContain(second.subjectId);

    // A new process: the cache is empty and the index is rebuilt from the database.
    clearSubjectIndexCache();
    const restarted = (await scoreAgainstIndex(w.t.deps, probe)).evidence.candidates;
    expect(restarted.map((c) => [c.subjectId, c.weight])).toEqual(after.map((c) => [c.subjectId, c.weight]));
  });

  it('within one imported file finds the earlier line; a refused file leaves nothing in the index', async () => {
    const jsonl = (...people: Record<string, unknown>[]) =>
      people
        .map((p) => JSON.stringify(booking(p.facilityCode ? { facilityCode: p.facilityCode } : {}, p)))
        .join('\n');
    const person = { firstName: 'Theodora', lastName: 'Abernathy-Kwan', dob: '1977-10-04' };
    const refused = await importBookings(w.t.deps, w.coordinator, {
      text: jsonl(person, {
        firstName: 'Someone',
        lastName: 'Else',
        dob: '1980-01-01',
        facilityCode: 'NOPE',
      }),
      format: 'jsonl',
    });
    expect(refused.ok).toBe(false);
    const probe = { ...person, lastName: 'Abernathy Kwan', dob: '1977-04-10' };
    expect((await scoreAgainstIndex(w.t.deps, probe)).evidence.candidates).toEqual([]);

    value(
      await importBookings(w.t.deps, w.coordinator, {
        text: jsonl(person, { ...person, firstName: 'Theodra', dob: '1977-04-10' }),
        format: 'jsonl',
      }),
    );
    const cases = await w.t.store.db
      .selectFrom('cases as c')
      .innerJoin('subjects as s', 's.subject_id', 'c.subject_id')
      .select(['c.case_id', 's.subject_id', 's.first_name'])
      .where('s.last_name', '=', 'Abernathy-Kwan')
      .execute();
    expect(cases).toHaveLength(2);
    const second = cases.find((c) => c.first_name === 'Theodra')!;
    const first = cases.find((c) => c.first_name === 'Theodora')!;
    const [task] = await reviews(second.case_id);
    expect(task!.data.candidateSubjectId).toBe(first.subject_id);
    expect(task!.data.match).toBeDefined();
  });

  it('finds a subject another path wrote, by catching up on the database', async () => {
    await scoreAgainstIndex(w.t.deps, { firstName: 'x', lastName: 'y', dob: '2000-01-01' });
    const subjectId = crypto.randomUUID();
    await w.t.store.db.transaction().execute((tx) =>
      casework.insertSubject(
        tx,
        {
          subjectId,
          firstName: 'Perpetua',
          middleName: null,
          lastName: 'Oyelowo-Brandt',
          dob: '1968-06-30',
          sex: 'F',
          fbiNumber: null,
          fin: null,
          aNumber: null,
          protected1367: false,
          confirmedCitizenAt: null,
        },
        w.t.clock.now(),
      ),
    );
    const found = (
      await scoreAgainstIndex(w.t.deps, {
        firstName: 'Perpetua',
        lastName: 'Oyelowo Brandt',
        dob: '1968-06-03',
      })
    ).evidence.candidates;
    expect(found[0]?.subjectId).toBe(subjectId);
  });
});
