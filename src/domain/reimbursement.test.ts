/**
 * The TFM reimbursement terms at their edges: the 25 % overtime cap to the cent, the equipment
 * and vehicle caps cumulative over claims, the award tiers at 70 / 80 / 90 % in integer
 * arithmetic, a quarter before the terms, and properties of the award (the agency total is the
 * sum of officers' awards; locating one more lead never lowers it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import termsFile from './data/tfm-reimbursement-terms-2025-10.json' with { type: 'json' };
import {
  type AcceptedClaim,
  awardTier,
  buildStatement,
  type ClaimInput,
  checkClaim,
  claimInputProblem,
  compareQuarters,
  computeAward,
  fiscalYearOf,
  formatCents,
  type LeadRecord,
  loadReimbursementTerms,
  overtimeCapCents,
  quarterBounds,
  quarterOfDate,
  REIMBURSEMENT_TERMS,
  type ReimbursementTerms,
  type StoredClaim,
  shiftQuarter,
  termsForQuarter,
} from './reimbursement.ts';

const TERMS = REIMBURSEMENT_TERMS[0]!;
const OFFICER_TERMS: ReimbursementTerms = { ...TERMS, award: { ...TERMS.award, basis: 'officer' } };
const TRAINED = { model: 'TFM', stage: 'authorized' };
const SALARY = 8_000_000; // $80,000.00 → cap $20,000.00

const claim = (over: Partial<ClaimInput> = {}): ClaimInput => ({
  kind: 'overtime',
  quarter: '2026-Q1',
  officerId: 'o1',
  amountCents: 100,
  annualSalaryCents: SALARY,
  ...over,
});
let n = 0;
const accepted = (over: Partial<AcceptedClaim> = {}): AcceptedClaim => ({
  claimId: `c${++n}`,
  kind: 'overtime',
  quarter: '2026-Q1',
  officerId: 'o1',
  amountCents: 100,
  ...over,
});
const leads = (officerId: string, located: number, notLocated: number): LeadRecord[] => [
  ...Array.from({ length: located }, (_, i) => ({
    leadId: `${officerId}-l${i}`,
    officerId,
    outcome: 'located' as const,
  })),
  ...Array.from({ length: notLocated }, (_, i) => ({
    leadId: `${officerId}-n${i}`,
    officerId,
    outcome: 'not_located' as const,
  })),
];

describe('the terms file', () => {
  it('loads with the announced figures as integers', () => {
    expect(TERMS.effective).toBe('2025-10-01');
    expect(TERMS.overtime.capBasisPoints).toBe(2500);
    expect(TERMS.equipment.capCentsPerOfficer).toBe(750_000);
    expect(TERMS.vehicles.capCentsPerAgency).toBe(10_000_000);
    expect(TERMS.award.tiers.map((t) => [t.minLocatedBasisPoints, t.centsPerEligibleOfficer])).toEqual([
      [9000, 100_000],
      [8000, 75_000],
      [7000, 50_000],
    ]);
  });

  it('refuses a terms file with a fractional amount or tiers out of order', () => {
    const bad = structuredClone(termsFile);
    bad.equipment.capCentsPerOfficer = 7500.5;
    expect(() => loadReimbursementTerms(bad)).toThrow(/equipment.capCentsPerOfficer/);
    const unordered = structuredClone(termsFile);
    unordered.award.tiers.reverse();
    expect(() => loadReimbursementTerms(unordered)).toThrow(/highest minimum rate down/);
  });
});

describe('quarters', () => {
  it('names calendar quarters and their federal fiscal year', () => {
    expect(quarterOfDate('2025-10-01')).toBe('2025-Q4');
    expect(quarterOfDate('2025-09-30')).toBe('2025-Q3');
    expect(quarterBounds('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterBounds('2025-Q4')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(fiscalYearOf('2025-Q4')).toBe(2026);
    expect(fiscalYearOf('2026-Q3')).toBe(2026);
    expect(fiscalYearOf('2026-Q4')).toBe(2027);
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2025-Q4', 1)).toBe('2026-Q1');
    expect(compareQuarters('2025-Q4', '2026-Q1')).toBeLessThan(0);
  });

  it('puts no quarter before 2025-10-01 under the terms', () => {
    expect(termsForQuarter('2025-Q3')).toBeNull();
    expect(termsForQuarter('2025-Q4')?.version).toBe(TERMS.version);
  });
});

describe('claims: the unhappy paths first', () => {
  it('refuses a claim for a quarter before 2025-10-01, naming the effective date', () => {
    const quarter = '2025-Q3';
    const refusal = checkClaim(termsForQuarter(quarter), claim({ quarter }), TRAINED, []);
    expect(refusal?.ruleId).toBe('reimbursement.terms_not_in_force');
    expect(refusal?.reason).toContain('2025-10-01');
  });

  it('refuses claims for an officer who is not a trained TFM officer', () => {
    for (const officer of [
      { model: 'TFM', stage: 'in_training' },
      { model: 'TFM', stage: 'revoked' },
      { model: 'JEM', stage: 'authorized' },
      null,
    ]) {
      expect(checkClaim(TERMS, claim({ kind: 'salary_benefits' }), officer, [])?.ruleId).toBe(
        'reimbursement.officer_not_trained',
      );
    }
    for (const stage of ['certified', 'authorized', 'suspended'])
      expect(checkClaim(TERMS, claim({ kind: 'salary_benefits' }), { model: 'TFM', stage }, [])).toBeNull();
  });

  it('answers malformed claims as input problems', () => {
    const q = '2026-Q4';
    expect(claimInputProblem(claim({ amountCents: 0 }), q)?.field).toBe('amountCents');
    expect(claimInputProblem(claim({ amountCents: 12.5 }), q)?.field).toBe('amountCents');
    expect(claimInputProblem(claim({ annualSalaryCents: null }), q)?.field).toBe('annualSalaryCents');
    expect(claimInputProblem(claim({ kind: 'vehicle' }), q)?.field).toBe('officerId');
    expect(claimInputProblem(claim({ kind: 'equipment', officerId: null }), q)?.field).toBe('officerId');
    expect(claimInputProblem(claim({ quarter: '2027-Q1' }), q)?.field).toBe('quarter');
    expect(claimInputProblem(claim({ quarter: '2026-5' }), q)?.field).toBe('quarter');
    expect(claimInputProblem(claim(), q)).toBeNull();
  });
});

describe('overtime: 25 % of the annual salary over the fiscal year', () => {
  it('accepts exactly 25 % and refuses one cent more, naming the cap and the salary', () => {
    expect(overtimeCapCents(TERMS, SALARY)).toBe(2_000_000);
    expect(checkClaim(TERMS, claim({ amountCents: 2_000_000 }), TRAINED, [])).toBeNull();
    const refusal = checkClaim(TERMS, claim({ amountCents: 2_000_001 }), TRAINED, []);
    expect(refusal?.ruleId).toBe('reimbursement.overtime_cap');
    expect(refusal?.reason).toContain('25.00 %');
    expect(refusal?.reason).toContain('$80,000.00');
    expect(refusal?.reason).toContain('$20,000.00');
    expect(refusal?.reason).toContain('$0.01 above the cap');
  });

  it('counts the officer’s accepted overtime of the same fiscal year, and only that', () => {
    const earlier = [
      accepted({ amountCents: 1_500_000, quarter: '2025-Q4' }), // FY 2026
      accepted({ amountCents: 9_999_999, quarter: '2026-Q4' }), // FY 2027
      accepted({ amountCents: 9_999_999, officerId: 'o2' }),
      accepted({ kind: 'salary_benefits', amountCents: 9_999_999 }),
    ];
    expect(checkClaim(TERMS, claim({ amountCents: 500_000 }), TRAINED, earlier)).toBeNull();
    const refusal = checkClaim(TERMS, claim({ amountCents: 500_001 }), TRAINED, earlier);
    expect(refusal?.reason).toContain('$15,000.00 is already accepted');
  });

  it('keeps the cap exact for a salary whose quarter is not a whole cent', () => {
    const salary = 8_000_003; // 25 % = 2,000,000.75 cents: 2,000,000 fits, 2,000,001 does not
    expect(
      checkClaim(TERMS, claim({ amountCents: 2_000_000, annualSalaryCents: salary }), TRAINED, []),
    ).toBeNull();
    expect(
      checkClaim(TERMS, claim({ amountCents: 2_000_001, annualSalaryCents: salary }), TRAINED, [])?.ruleId,
    ).toBe('reimbursement.overtime_cap');
  });
});

describe('equipment and vehicles: cumulative caps under the terms', () => {
  it('accepts equipment up to $7,500 per officer across claims and refuses the next cent', () => {
    const prior = [
      accepted({ kind: 'equipment', amountCents: 400_000, quarter: '2025-Q4' }),
      accepted({ kind: 'equipment', amountCents: 300_000, quarter: '2026-Q4' }), // another fiscal year still counts
      accepted({ kind: 'equipment', amountCents: 750_000, officerId: 'o2' }),
    ];
    const eq = (amountCents: number) =>
      claim({ kind: 'equipment', amountCents, annualSalaryCents: null, quarter: '2027-Q1' });
    expect(checkClaim(TERMS, eq(50_000), TRAINED, prior)).toBeNull();
    const refusal = checkClaim(TERMS, eq(50_001), TRAINED, prior);
    expect(refusal?.ruleId).toBe('reimbursement.equipment_cap');
    expect(refusal?.reason).toContain('$7,500.00 per officer');
    expect(refusal?.reason).toContain('$7,000.00 is already accepted');
  });

  it('accepts vehicles up to $100,000 per agency across claims and refuses the next cent', () => {
    const prior = [
      accepted({ kind: 'vehicle', officerId: null, amountCents: 6_000_000, quarter: '2025-Q4' }),
      accepted({ kind: 'vehicle', officerId: null, amountCents: 3_000_000, quarter: '2026-Q2' }),
    ];
    const v = (amountCents: number) =>
      claim({ kind: 'vehicle', officerId: null, annualSalaryCents: null, amountCents });
    expect(checkClaim(TERMS, v(1_000_000), null, prior)).toBeNull();
    const refusal = checkClaim(TERMS, v(1_000_001), null, prior);
    expect(refusal?.ruleId).toBe('reimbursement.vehicle_cap');
    expect(refusal?.reason).toContain('$100,000.00 per agency');
  });
});

describe('award tiers at their edges, in integer arithmetic', () => {
  const tierAt = (located: number, total: number) =>
    awardTier(TERMS, located, total)?.centsPerEligibleOfficer ?? 0;

  it('pays $500 from exactly 70.00 % and nothing at 69.99 %', () => {
    expect(tierAt(7000, 10_000)).toBe(50_000);
    expect(tierAt(6999, 10_000)).toBe(0);
    expect(tierAt(7, 10)).toBe(50_000);
  });

  it('pays $750 from exactly 80 % and $500 just below', () => {
    expect(tierAt(8, 10)).toBe(75_000);
    expect(tierAt(7999, 10_000)).toBe(50_000);
    expect(tierAt(8999, 10_000)).toBe(75_000);
  });

  it('pays $1,000 from exactly 90 % and $750 just below, up to 100 %', () => {
    expect(tierAt(9, 10)).toBe(100_000);
    expect(tierAt(8999, 10_000)).toBe(75_000);
    expect(tierAt(10, 10)).toBe(100_000);
  });

  it('compares exactly where a rounded rate would mislead (2/3, 89.99…%, 69.99…%)', () => {
    // 6999999/10000000 = 69.99999 %: a rate rounded to whole basis points (7000) would pay.
    expect(tierAt(6_999_999, 10_000_000)).toBe(0);
    expect(tierAt(8_999_999, 10_000_000)).toBe(75_000);
    expect(tierAt(2, 3)).toBe(0);
  });

  it('pays nothing without leads', () => {
    expect(awardTier(TERMS, 0, 0)).toBeNull();
    expect(computeAward(TERMS, [])).toMatchObject({ totalCents: 0, officers: [], locatedBasisPoints: null });
  });

  it('applies the agency’s tier to every eligible officer under the agency basis', () => {
    const award = computeAward(TERMS, [...leads('a', 9, 0), ...leads('b', 0, 1)]); // 9 of 10 = 90 %
    expect(award.tier).toBe('90–100 % located');
    expect(award.officers.map((o) => o.awardCents)).toEqual([100_000, 100_000]);
    expect(award.totalCents).toBe(200_000);
    expect(award.leadIds).toHaveLength(10);
  });

  it('applies each officer’s own tier under the officer basis', () => {
    const award = computeAward(OFFICER_TERMS, [
      ...leads('a', 9, 1),
      ...leads('b', 7, 3),
      ...leads('c', 1, 1),
    ]);
    expect(award.officers.map((o) => [o.officerId, o.awardCents])).toEqual([
      ['a', 100_000],
      ['b', 50_000],
      ['c', 0],
    ]);
    expect(award.totalCents).toBe(150_000);
  });
});

describe('award properties', () => {
  const leadSet = fc
    .array(fc.record({ officer: fc.integer({ min: 0, max: 6 }), located: fc.boolean() }), { maxLength: 60 })
    .map((xs) =>
      xs.map(
        (x, i): LeadRecord => ({
          leadId: `lead-${i}`,
          officerId: `officer-${x.officer}`,
          outcome: x.located ? 'located' : 'not_located',
        }),
      ),
    );

  for (const terms of [TERMS, OFFICER_TERMS]) {
    it(`the total equals the sum of per-officer awards (${terms.award.basis} basis)`, () => {
      fc.assert(
        fc.property(leadSet, (ls) => {
          const award = computeAward(terms, ls);
          expect(award.totalCents).toBe(award.officers.reduce((s, o) => s + o.awardCents, 0));
          expect(award.officers.every((o) => Number.isSafeInteger(o.awardCents))).toBe(true);
          expect(award.officers.every((o) => o.leads > 0)).toBe(true);
          expect(award.leads).toBe(ls.length);
        }),
      );
    });

    it(`never decreases when a not-located outcome becomes located (${terms.award.basis} basis)`, () => {
      fc.assert(
        fc.property(leadSet, fc.nat(), (ls, pick) => {
          const open = ls.map((l, i) => [l, i] as const).filter(([l]) => l.outcome === 'not_located');
          fc.pre(open.length > 0);
          const index = open[pick % open.length]![1];
          const after = ls.map((l, i) => (i === index ? { ...l, outcome: 'located' as const } : l));
          const before = computeAward(terms, ls);
          const later = computeAward(terms, after);
          expect(later.totalCents).toBeGreaterThanOrEqual(before.totalCents);
          for (const o of before.officers) {
            const same = later.officers.find((x) => x.officerId === o.officerId)!;
            expect(same.awardCents).toBeGreaterThanOrEqual(o.awardCents);
          }
        }),
      );
    });
  }

  it('the statement’s totals are the sums of its rows', () => {
    const claimArb = fc.record({
      kind: fc.constantFrom('salary_benefits', 'overtime', 'equipment', 'vehicle' as const),
      officer: fc.integer({ min: 0, max: 3 }),
      amountCents: fc.integer({ min: 1, max: 5_000_000 }),
      refused: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(claimArb, { maxLength: 30 }), leadSet, (cs, ls) => {
        const claims: StoredClaim[] = cs.map((c, i) => ({
          claimId: `claim-${i}`,
          kind: c.kind,
          quarter: '2026-Q1',
          officerId: c.kind === 'vehicle' ? null : `officer-${c.officer}`,
          amountCents: c.amountCents,
          status: c.refused ? 'refused' : 'accepted',
          annualSalaryCents: c.kind === 'overtime' ? 9_000_000 : null,
          description: 'synthetic',
          refusalReason: c.refused ? 'synthetic' : null,
          termsVersion: TERMS.version,
          createdAt: `2026-02-01T00:00:${String(i).padStart(2, '0')}Z`,
        }));
        const s = buildStatement(TERMS, {
          agencyId: 'a',
          quarter: '2026-Q1',
          officers: [],
          claims,
          leads: ls,
        });
        const rows = s.officers.reduce(
          (t, o) => t + o.claimedCents.salary_benefits + o.claimedCents.overtime + o.claimedCents.equipment,
          0,
        );
        expect(s.totals.acceptedClaimsCents).toBe(rows + s.vehicles.claimedCents);
        expect(s.totals.awardCents).toBe(s.officers.reduce((t, o) => t + o.awardCents, 0));
        expect(s.totals.totalCents).toBe(s.totals.acceptedClaimsCents + s.totals.awardCents);
        expect(s.inputs.acceptedClaimIds.length + s.inputs.refusedClaimIds.length).toBe(claims.length);
      }),
    );
  });
});

describe('money formatting', () => {
  it('writes integer cents as dollars', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(750_000)).toBe('$7,500.00');
    expect(formatCents(10_000_000)).toBe('$100,000.00');
    expect(formatCents(123_456_789)).toBe('$1,234,567.89');
    expect(() => formatCents(1.5)).toThrow();
  });
});
