/**
 * No link on biographic evidence alone (issue 6): at booking intake an exact name and date of
 * birth links a person to a known subject only when an identifier agrees. Without one — no
 * identifier on either side, or a conflicting A-number — the booking is a new subject with a
 * possible-match task naming the known subject as the top candidate, with its waterfall. The
 * pure rule first, then the use case on both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import type {
  KnownSubject,
  ProbabilisticEvidence,
  ScoredCandidate,
} from '../../src/domain/subject-resolution.ts';
import { NO_AGREEING_IDENTIFIER, resolveAtIntake } from '../../src/domain/subject-resolution.ts';
import { backends } from '../support/db.ts';
import { booking, type JemWorld, jemWorld, value } from './support.ts';

const person = { firstName: 'Marisol', lastName: 'Ebberwick', dob: '1990-04-03' };
const known = (over: Partial<KnownSubject> & { subjectId: string }): KnownSubject => ({
  ...person,
  fbiNumber: null,
  fin: null,
  aNumber: null,
  ...over,
});
const scored = (subjectId: string, probability: number, agree: string[] = []): ScoredCandidate => ({
  subjectId,
  probability,
  weight: Math.log2(probability / (1 - probability)),
  identifiers: { agree, disagree: [] },
  explanation: { prior: -12, namesSwapped: false, steps: [], weight: 20, probability },
});
const evidence = (...candidates: ScoredCandidate[]): ProbabilisticEvidence => ({
  candidates,
  reviewThreshold: 0.5,
  autoLinkThreshold: 0.9999,
});

describe('resolveAtIntake: exact name and date of birth without an agreeing identifier', () => {
  it('is a new subject with the known one as a possible match, not a link (no index)', () => {
    expect(resolveAtIntake(person, [known({ subjectId: 's1' })])).toEqual({
      kind: 'new',
      possible: [{ subjectId: 's1', reasons: [NO_AGREEING_IDENTIFIER] }],
    });
  });

  it('puts the known subject first, with the index score, before other scored candidates', () => {
    const r = resolveAtIntake(
      person,
      [known({ subjectId: 's1' })],
      evidence(scored('s2', 0.9), scored('s1', 0.999999)),
    );
    expect(r.kind).toBe('new');
    expect(r.possible.map((m) => m.subjectId)).toEqual(['s1', 's2']);
    expect(r.possible[0]).toMatchObject({ score: { probability: 0.999999 } });
    expect(r.possible[0]!.reasons).toEqual([NO_AGREEING_IDENTIFIER, expect.stringContaining('probability')]);
  });

  it('is a possible match when the A-numbers conflict', () => {
    const r = resolveAtIntake({ ...person, aNumber: '012345678' }, [
      known({ subjectId: 's1', aNumber: '087654321' }),
    ]);
    expect(r).toMatchObject({ kind: 'new', possible: [{ subjectId: 's1' }] });
  });

  it('links when an identifier agrees, exactly or (through the index) within one keyed digit', () => {
    for (const field of ['aNumber', 'fbiNumber', 'fin'] as const) {
      const r = resolveAtIntake({ ...person, [field]: '012345678' }, [
        known({ subjectId: 's1', [field]: '012345678' }),
      ]);
      expect(r).toMatchObject({ kind: 'linked', subjectId: 's1' });
    }
    const typo = resolveAtIntake(
      { ...person, firstName: 'Marisole', aNumber: '012345687' },
      [],
      evidence(scored('s1', 0.999999, ['a_number'])),
    );
    expect(typo).toMatchObject({ kind: 'linked', subjectId: 's1', basis: 'match_with_identifier' });
  });
});

describe.each(backends())('booking intake links only on an agreeing identifier, on %s', (backend) => {
  let w: JemWorld;
  beforeAll(async () => {
    w = await jemWorld(backend);
  }, 120_000);
  afterAll(async () => w?.t.close());

  const ingest = async (p: Record<string, unknown>) =>
    value(await ingestBooking(w.t.deps, w.coordinator, booking({}, p)));
  const reviews = async (caseId: string) =>
    (await w.t.store.db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).execute())
      .filter((x) => x.kind === 'subject_match_review')
      .map(
        (x) =>
          x.data as {
            candidateSubjectId: string;
            reasons: string;
            match?: { explanation: { steps: { comparison: string; level: string }[] } };
          },
      );
  const linkedBy = async (bookingId: string) =>
    (
      await w.t.store.db
        .selectFrom('audit_events')
        .select('data')
        .where('type', '=', 'booking.received')
        .where('resource_id', '=', bookingId)
        .executeTakeFirstOrThrow()
    ).data as { linkedBy: string };

  it('exact name and date of birth, no identifier: a new subject and a review task with the waterfall', async () => {
    const p = { firstName: 'Evadne', lastName: 'Quarrington', dob: '1981-06-14' };
    const first = await ingest(p);
    const again = await ingest(p);
    expect(again.subjectId).not.toBe(first.subjectId);
    expect(await linkedBy(again.bookingId)).toMatchObject({ linkedBy: 'new_subject' });
    const [top, ...rest] = await reviews(again.caseId!);
    expect(rest.map((m) => m.candidateSubjectId)).not.toContain(first.subjectId);
    expect(top).toMatchObject({ candidateSubjectId: first.subjectId });
    expect(top!.reasons).toContain(NO_AGREEING_IDENTIFIER);
    const levels = Object.fromEntries(top!.match!.explanation.steps.map((s) => [s.comparison, s.level]));
    expect(levels).toMatchObject({ first_name: 'exact', last_name: 'exact', dob: 'exact' });
  });

  it('exact name and date of birth, conflicting A-number: a review task, not a link', async () => {
    const p = { firstName: 'Leocadia', lastName: 'Ferreira-Blom', dob: '1975-02-28' };
    const first = await ingest({ ...p, aNumber: '201234567' });
    const again = await ingest({ ...p, aNumber: '298765430' });
    expect(again.subjectId).not.toBe(first.subjectId);
    const [top] = await reviews(again.caseId!);
    expect(top).toMatchObject({ candidateSubjectId: first.subjectId });
  });

  it('exact name and date of birth with the same A-number: linked on the A-number, no review', async () => {
    const p = { firstName: 'Ptolemy', lastName: 'Hargreave-Osei', dob: '1969-10-01' };
    const first = await ingest({ ...p, aNumber: '207654321' });
    const again = await ingest({ ...p, aNumber: '207654321' });
    expect(again.subjectId).toBe(first.subjectId);
    expect(await linkedBy(again.bookingId)).toMatchObject({ linkedBy: 'a_number' });
    expect(await reviews(again.caseId!)).toEqual([]);
  });
});
