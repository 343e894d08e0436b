/** Subject resolution at intake: strong identifiers link, conflicts never guess, weaker evidence is only a possible match. */
import { describe, expect, it } from 'vitest';
import {
  type IncomingPerson,
  type KnownSubject,
  NO_AGREEING_IDENTIFIER,
  resolveAtIntake,
} from './subject-resolution.ts';

const known = (over: Partial<KnownSubject> & { subjectId: string }): KnownSubject => ({
  firstName: 'Marisol',
  lastName: 'Ebberwick',
  dob: '1990-04-03',
  fbiNumber: null,
  fin: null,
  aNumber: null,
  ...over,
});
const person = (over: Partial<IncomingPerson> = {}): IncomingPerson => ({
  firstName: 'Marisol',
  lastName: 'Ebberwick',
  dob: '1990-04-03',
  ...over,
});

describe('subject resolution at intake', () => {
  it('creates a new subject when nothing is known', () => {
    expect(resolveAtIntake(person(), [])).toEqual({ kind: 'new', possible: [] });
  });

  it('refuses to pick when identifiers point at different subjects: new subject, both as possible matches', () => {
    const r = resolveAtIntake(person({ fbiNumber: 'F123', aNumber: '012345678' }), [
      known({ subjectId: 's1', fbiNumber: 'F123', firstName: 'Other', lastName: 'Person' }),
      known({ subjectId: 's2', aNumber: '012345678', firstName: 'Third', lastName: 'Person' }),
    ]);
    expect(r.kind).toBe('new');
    expect(r.possible.map((p) => p.subjectId).sort()).toEqual(['s1', 's2']);
    expect(r.possible.find((p) => p.subjectId === 's1')!.reasons[0]).toMatch(/fbi_number/);
    expect(r.possible.find((p) => p.subjectId === 's2')!.reasons[0]).toMatch(/a_number/);
  });

  it('does not link an exact name and date of birth whose identifiers differ', () => {
    const r = resolveAtIntake(person({ fin: '1111111111' }), [known({ subjectId: 's1', fin: '2222222222' })]);
    expect(r).toEqual({
      kind: 'new',
      possible: [{ subjectId: 's1', reasons: ['same name and date of birth, different identifiers'] }],
    });
  });

  it('never links on a day/month swap: a possible match only', () => {
    const r = resolveAtIntake(person({ dob: '1990-03-04' }), [known({ subjectId: 's1' })]);
    expect(r).toEqual({
      kind: 'new',
      possible: [{ subjectId: 's1', reasons: ['same name, day and month of birth transposed'] }],
    });
  });

  it('two known subjects with the same name and date of birth: new subject, both to review', () => {
    const r = resolveAtIntake(person(), [known({ subjectId: 's1' }), known({ subjectId: 's2' })]);
    expect(r.kind).toBe('new');
    expect(r.possible.map((p) => p.subjectId)).toEqual(['s1', 's2']);
  });

  it('links by an identifier, whatever the name says', () => {
    for (const [field, basis] of [
      ['fbiNumber', 'fbi_number'],
      ['fin', 'fin'],
      ['aNumber', 'a_number'],
    ] as const) {
      const value = field === 'fin' ? '1234567890' : field === 'aNumber' ? '012345678' : 'F123';
      const r = resolveAtIntake(person({ firstName: 'Renamed', [field]: value }), [
        known({ subjectId: 's1', [field]: value }),
      ]);
      expect(r).toMatchObject({ kind: 'linked', subjectId: 's1', basis });
    }
  });

  it('never links on exact name and date of birth alone: the subject is the top possible match', () => {
    const r = resolveAtIntake(person({ firstName: 'MARISÓL', lastName: 'ebberwick' }), [
      known({ subjectId: 's1' }),
    ]);
    expect(r).toEqual({ kind: 'new', possible: [{ subjectId: 's1', reasons: [NO_AGREEING_IDENTIFIER] }] });
  });

  it('keeps weaker evidence on other subjects as possible matches next to a link', () => {
    const r = resolveAtIntake(person({ fbiNumber: 'F123' }), [
      known({ subjectId: 's1', fbiNumber: 'F123' }),
      known({ subjectId: 's2', firstName: 'Ebberwick', lastName: 'Marisol' }),
    ]);
    expect(r).toEqual({
      kind: 'linked',
      subjectId: 's1',
      basis: 'fbi_number',
      possible: [{ subjectId: 's2', reasons: ['given and family names swapped, same date of birth'] }],
    });
  });
});
