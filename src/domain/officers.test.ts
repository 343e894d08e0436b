import { describe, expect, it } from 'vitest';
import { checkTerms, inForce, type MoaVersion, statusAt } from './moa.ts';
import {
  checkApproval,
  checkCertification,
  checkStep,
  ELIGIBILITY_ITEMS,
  effectiveStage,
  examOutcome,
  refresherDue,
} from './officers.ts';

const version = (over: Partial<MoaVersion> = {}): MoaVersion => ({
  agencyId: 'a',
  moaId: 'm',
  version: 1,
  models: ['JEM'],
  status: 'active',
  signedOn: '2025-01-01',
  effective: '2025-01-01',
  endDate: null,
  endedAt: null,
  refresherCadenceDays: 365,
  holdRule: 'plain_48h',
  civilHoldsForbidden: false,
  facilityCodes: ['F1'],
  areaJurisdictions: [],
  igsaFacilityCodes: [],
  narrowedActions: [],
  clauses: [],
  ...over,
});

describe('MOA versions', () => {
  it('is in force from its effective date until its end date', () => {
    const v = version({ endDate: '2026-12-31' });
    expect(inForce(v, new Date('2024-12-31T23:59:59Z'))).toBe(false);
    expect(inForce(v, new Date('2025-01-01T00:00:00Z'))).toBe(true);
    expect(inForce(v, new Date('2026-12-31T23:00:00Z'))).toBe(true);
    expect(statusAt(v, new Date('2027-01-01T00:00:00Z'))).toBe('expired');
  });

  it('ends at the instant it is terminated, and was active before', () => {
    const v = version({ status: 'terminated', endedAt: new Date('2026-03-01T10:00:00Z') });
    expect(statusAt(v, new Date('2026-03-01T09:59:59Z'))).toBe('active');
    expect(statusAt(v, new Date('2026-03-01T10:00:00Z'))).toBe('terminated');
    expect(inForce(v, new Date('2026-03-01T10:01:00Z'))).toBe(false);
  });

  it('is never in force as a draft', () => {
    expect(inForce(version({ status: 'draft' }), new Date('2025-06-01T00:00:00Z'))).toBe(false);
  });

  it('checks its terms and names every problem', () => {
    const problems = checkTerms({
      ...version(),
      models: ['JEM', 'TFM'],
      facilityCodes: [],
      areaJurisdictions: [],
      igsaFacilityCodes: ['F9'],
      endDate: '2024-01-01',
    });
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['areaJurisdictions', 'endDate', 'facilityCodes', 'igsaFacilityCodes'].sort(),
    );
  });
});

describe('officer lifecycle', () => {
  it('allows each step only from its stages', () => {
    expect(checkStep('nominated', 'approve')).toBeNull();
    expect(checkStep('nominated', 'certify')?.ruleId).toBe('officer.certify.stage');
    expect(checkStep('disqualified', 'enroll')).not.toBeNull();
    expect(checkStep('revoked', 'reinstate')).not.toBeNull();
  });

  it('approves only with every eligibility item satisfied', () => {
    const all = ELIGIBILITY_ITEMS.map((item) => ({
      item,
      satisfied: true,
      evidence: 'file',
      dated: '2025-01-01',
    }));
    expect(checkApproval(all)).toBeNull();
    const refusal = checkApproval(
      all.map((c) => (c.item === 'no_pending_discipline' ? { ...c, satisfied: false } : c)),
    );
    expect(refusal?.message).toContain('no_pending_discipline');
    expect(checkApproval(all.slice(1))?.message).toContain('us_citizenship_verified');
  });

  it('passes at 70 %, allows one remediation, and disqualifies on the second failure', () => {
    expect(examOutcome([], 70)).toEqual({ passed: true, disqualified: false });
    expect(examOutcome([], 69.5)).toEqual({ passed: false, disqualified: false });
    expect(examOutcome([{ passed: false }], 85)).toEqual({ passed: true, disqualified: false });
    expect(examOutcome([{ passed: false }, { passed: true }], 60)).toEqual({
      passed: false,
      disqualified: true,
    });
  });

  it('certifies only when the latest attempt passed', () => {
    expect(checkCertification([])).not.toBeNull();
    expect(checkCertification([{ attempt: 1, passed: false }])).not.toBeNull();
    expect(
      checkCertification([
        { attempt: 1, passed: false },
        { attempt: 2, passed: true },
      ]),
    ).toBeNull();
  });

  it('suspends by itself on the day after the refresher falls due, and a refresher reinstates', () => {
    expect(refresherDue('2025-01-01', null, 365)).toBe('2026-01-01');
    const officer = { stage: 'authorized' as const, certifiedOn: '2025-01-01', lastRefresherOn: null };
    expect(effectiveStage(officer, 365, new Date('2026-01-01T23:00:00Z')).stage).toBe('authorized');
    const lapsed = effectiveStage(officer, 365, new Date('2026-01-02T00:00:00Z'));
    expect(lapsed).toEqual({ stage: 'suspended', reason: 'refresher lapsed on 2026-01-01' });
    const refreshed = { ...officer, lastRefresherOn: '2025-12-15' };
    expect(effectiveStage(refreshed, 365, new Date('2026-01-02T00:00:00Z')).stage).toBe('authorized');
  });
});
