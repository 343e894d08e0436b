import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import policyFile from './data/priority-policy-2026.1.json' with { type: 'json' };
import { NCIC_OFFENSES } from './ncic.ts';
import {
  type CriminalHistory,
  checkCriminalHistory,
  DEFAULT_PRIORITY_POLICY,
  loadPriorityPolicy,
  PriorityInputError,
  PriorityPolicyError,
  prioritise,
} from './priority.ts';

const none: CriminalHistory = { convictions: [], pendingCharges: [] };
const conviction = (ncic: string, date: string) => ({ ncic, date });

describe('prioritise: refused inputs', () => {
  it('refuses a field other than convictions and pending charges', () => {
    const withNationality = { ...none, nationality: 'MX' } as unknown as CriminalHistory;
    expect(() => prioritise(withNationality)).toThrow(PriorityInputError);
    expect(() => prioritise(withNationality)).toThrow(/nationality/);
  });

  it('refuses extra fields on a conviction or a charge', () => {
    const history = {
      convictions: [{ ncic: '2303', date: '2020-01-01', language: 'es' }],
      pendingCharges: [],
    } as unknown as CriminalHistory;
    const checked = checkCriminalHistory(history);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.join()).toMatch(/language/);
    const charge = { convictions: [], pendingCharges: [{ ncic: '2303', name: 'X' }] };
    expect(checkCriminalHistory(charge).ok).toBe(false);
  });

  it('refuses an unknown NCIC code rather than ranking it', () => {
    expect(() => prioritise({ convictions: [conviction('9999', '2020-01-01')], pendingCharges: [] })).toThrow(
      /NCIC code "9999" is not in the NCIC offense table/,
    );
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => prioritise({ convictions: [conviction('2303', '2020-02-30')], pendingCharges: [] })).toThrow(
      /convictions\.0\.date/,
    );
    expect(() =>
      prioritise({ convictions: [], pendingCharges: [{ ncic: '2303', chargedOn: '01/02/2020' }] }),
    ).toThrow(PriorityInputError);
  });
});

describe('prioritise: the default policy 2026.1', () => {
  it('is Tier 4 with no criminal history', () => {
    expect(prioritise(none)).toEqual({
      tier: 4,
      policyVersion: '2026.1',
      explanation: 'Tier 4: no criminal history',
      basis: null,
    });
  });

  it('is Tier 3 for pending charges only, of any category', () => {
    const d = prioritise({ convictions: [], pendingCharges: [{ ncic: '0903', chargedOn: '2025-12-01' }] });
    expect(d.tier).toBe(3);
    expect(d.explanation).toBe(
      'Tier 3: pending charge 2025-12-01, NCIC 0903, homicide - willful kill - nonfamily - gun',
    );
    expect(prioritise({ convictions: [], pendingCharges: [{ ncic: '5404' }] }).explanation).toBe(
      'Tier 3: pending charge, NCIC 5404, driving under influence - liquor',
    );
  });

  it('is Tier 2 for other convictions and for obstructing police', () => {
    expect(prioritise({ convictions: [conviction('5404', '2021-06-01')], pendingCharges: [] }).tier).toBe(2);
    const obstruction = prioritise({ convictions: [conviction('4801', '2021-06-01')], pendingCharges: [] });
    expect(obstruction.tier).toBe(2);
    expect(obstruction.basis?.rule).toBe('conviction for obstructing police');
    // Simple assault (1313) is not on the aggravated-assault list.
    expect(prioritise({ convictions: [conviction('1313', '2021-06-01')], pendingCharges: [] }).tier).toBe(2);
  });

  it.each([
    ['0911', 'homicide'],
    ['1006', 'kidnapping'],
    ['1103', 'sexual assault'],
    ['1204', 'robbery'],
    ['1301', 'aggravated assault'],
    ['1315', 'aggravated assault'],
    ['3531', 'dangerous drugs'],
    ['3606', 'sex offenses'],
    ['5202', 'weapons'],
  ])('is Tier 1 for a conviction %s (%s)', (ncic) => {
    expect(prioritise({ convictions: [conviction(ncic, '2019-04-02')], pendingCharges: [] }).tier).toBe(1);
  });

  it('explains the most serious item: lowest tier, then the most recent date', () => {
    const d = prioritise({
      convictions: [
        conviction('5404', '2024-01-01'),
        conviction('1314', '2015-03-03'),
        conviction('1314', '2019-04-02'),
      ],
      pendingCharges: [{ ncic: '0901', chargedOn: '2025-01-01' }],
    });
    expect(d).toEqual({
      tier: 1,
      policyVersion: '2026.1',
      explanation: 'Tier 1: conviction 2019-04-02, NCIC 1314, aggravated assault - gun',
      basis: {
        kind: 'conviction',
        ncic: '1314',
        date: '2019-04-02',
        offense: 'Aggravated assault - gun',
        rule: 'conviction for aggravated assault',
      },
    });
  });
});

describe('loadPriorityPolicy', () => {
  it('names every problem of an invalid policy', () => {
    const bad = {
      ...policyFile,
      version: '',
      rules: [
        { tier: 5, appliesTo: 'conviction', label: 'x', anyCode: true },
        { tier: 1, appliesTo: 'conviction', label: 'y', prefixes: ['88'], codes: ['9999'] },
      ],
    };
    try {
      loadPriorityPolicy(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PriorityPolicyError);
      const text = (e as PriorityPolicyError).problems.join('\n');
      expect(text).toMatch(/version: must not be empty/);
      expect(text).toMatch(/rules\.0/);
      expect(text).toMatch(/"88" is not a known two-digit NCIC category/);
      expect(text).toMatch(/NCIC code "9999"/);
    }
  });

  it('refuses a rule that matches nothing and an unknown field', () => {
    const empty = {
      ...policyFile,
      rules: [{ tier: 1, appliesTo: 'conviction', label: 'z', prefixes: [], codes: [] }],
    };
    expect(() => loadPriorityPolicy(empty)).toThrow(/at least one prefix or code/);
    expect(() => loadPriorityPolicy({ ...policyFile, race: 'x' })).toThrow(PriorityPolicyError);
  });

  it('loads another version, which then decides', () => {
    const stricter = loadPriorityPolicy({
      ...policyFile,
      version: '2027.1',
      rules: [
        ...policyFile.rules,
        { tier: 1, appliesTo: 'conviction', label: 'DUI', prefixes: [], codes: ['5404'] },
      ],
    });
    const d = prioritise({ convictions: [conviction('5404', '2020-01-01')], pendingCharges: [] }, stricter);
    expect(d).toMatchObject({ tier: 1, policyVersion: '2027.1' });
    expect(DEFAULT_PRIORITY_POLICY.version).toBe('2026.1');
  });
});

describe('prioritise: properties', () => {
  const codes = NCIC_OFFENSES.map((o) => o.code);
  const date = fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const convictionArb = fc.record({ ncic: fc.constantFrom(...codes), date });
  const chargeArb = fc
    .record({ ncic: fc.constantFrom(...codes), chargedOn: fc.option(date, { nil: undefined }) })
    .map((c) => (c.chargedOn === undefined ? { ncic: c.ncic } : { ncic: c.ncic, chargedOn: c.chargedOn }));
  const historyArb = fc.record({
    convictions: fc.array(convictionArb, { maxLength: 6 }),
    pendingCharges: fc.array(chargeArb, { maxLength: 4 }),
  });

  it('adding a conviction never lowers the priority', () => {
    fc.assert(
      fc.property(historyArb, convictionArb, (history, extra) => {
        const before = prioritise(history).tier;
        const after = prioritise({ ...history, convictions: [...history.convictions, extra] }).tier;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('the order of the input does not matter', () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), (history, seed) => {
        const shuffle = <T>(xs: T[]): T[] =>
          xs
            .map((x, i) => ({ x, k: Math.imul(i + 1, seed | 1) >>> 0 }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const reversed = {
          convictions: shuffle([...history.convictions]).reverse(),
          pendingCharges: shuffle([...history.pendingCharges]),
        };
        expect(prioritise(reversed)).toEqual(prioritise(history));
      }),
    );
  });
});
