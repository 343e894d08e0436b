/**
 * The rules around the probabilistic candidates (domain/subject-resolution.ts), pure: the
 * identifier rules decide first; a scored candidate links only when certain, with a strong
 * identifier agreeing and none disagreeing, and no other subject in view; otherwise it is a
 * possible match carrying its score.
 */
import { describe, expect, it } from 'vitest';
import {
  type KnownSubject,
  type ProbabilisticEvidence,
  resolveAtIntake,
  type ScoredCandidate,
} from '../../src/domain/subject-resolution.ts';

const person = { firstName: 'Ottoline', lastName: 'Vasquez', dob: '1986-09-21', aNumber: '212345687' };

const scored = (subjectId: string, probability: number, agree: string[] = [], disagree: string[] = []) =>
  ({
    subjectId,
    probability,
    weight: Math.log2(probability / (1 - probability)),
    identifiers: { agree, disagree },
    explanation: { prior: -12, namesSwapped: false, steps: [], weight: 0, probability },
  }) satisfies ScoredCandidate;

const evidence = (...candidates: ScoredCandidate[]): ProbabilisticEvidence => ({
  candidates,
  reviewThreshold: 0.5,
  autoLinkThreshold: 0.9999,
});

describe('probabilistic candidates at intake', () => {
  it('never links on biographic evidence alone, however certain', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.999999)));
    expect(r.kind).toBe('new');
    expect(r.possible).toMatchObject([{ subjectId: 's1', score: { probability: 0.999999 } }]);
  });

  it('does not link when a strong identifier disagrees', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.999999, ['fbi_number'], ['a_number'])));
    expect(r.kind).toBe('new');
  });

  it('does not link below the auto-link threshold', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.999, ['a_number'])));
    expect(r).toMatchObject({ kind: 'new', possible: [{ subjectId: 's1' }] });
  });

  it('does not pick between two subjects in view', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.999999, ['a_number']), scored('s2', 0.9)));
    expect(r.kind).toBe('new');
    expect(r.possible.map((m) => m.subjectId)).toEqual(['s1', 's2']);
  });

  it('links a certain match with an agreeing identifier', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.999999, ['a_number'])));
    expect(r).toMatchObject({
      kind: 'linked',
      subjectId: 's1',
      basis: 'match_with_identifier',
      possible: [],
    });
  });

  it('lets the identifier rules decide first, adding other scored subjects as possible matches', () => {
    const known: KnownSubject = {
      subjectId: 's9',
      firstName: 'Other',
      lastName: 'Name',
      dob: '1950-01-01',
      fbiNumber: null,
      fin: null,
      aNumber: '212345687',
    };
    const r = resolveAtIntake(person, [known], evidence(scored('s9', 0.6), scored('s1', 0.8)));
    expect(r).toMatchObject({ kind: 'linked', subjectId: 's9', basis: 'a_number' });
    expect(r.possible.map((m) => m.subjectId)).toEqual(['s1']);
  });

  it('ignores candidates below the review threshold', () => {
    const r = resolveAtIntake(person, [], evidence(scored('s1', 0.3)));
    expect(r).toEqual({ kind: 'new', possible: [] });
  });
});
