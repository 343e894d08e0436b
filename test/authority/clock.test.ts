/** The clock scenarios of issue 3, and the date arithmetic behind them. Time is passed in, never read. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/authority/decide.ts';
import { deriveFacts } from '../../src/authority/facts.ts';
import type { AuthorityScenario } from '../../src/authority/scenario.ts';
import { baseline } from './scenarios.ts';

/** A JEM officer certified on 2025-01-01 under an agreement with a 365-day refresher cadence. */
const annual = (at: string, lastRefresherOn: string | null = null): AuthorityScenario => {
  const s = baseline('JEM', 'interview');
  return {
    ...s,
    at,
    agreement: { ...s.agreement, refresherCadenceDays: 365 },
    actor: {
      ...s.actor,
      certifiedOn: '2025-01-01',
      lastRefresherOn,
      authorization: { start: '2025-01-01', end: '2027-12-31', suspended: false, powers: null },
    },
  };
};

describe('clock scenarios', () => {
  it('refresher cadence 365 days: current on day 365, suspended on day 366, reinstated by a recorded refresher', () => {
    expect(decide(annual('2026-01-01T23:59:59Z')).decision).toBe('allow'); // day 365
    const lapsed = decide(annual('2026-01-02T00:00:00Z')); // day 366
    expect(lapsed).toMatchObject({ decision: 'deny', ruleIds: ['certification.refresher-lapsed'] });
    expect(lapsed.citations).toEqual(['8 U.S.C. §1357(g)(2)', 'MOA-DEFAULT:refresher-training']);
    expect(deriveFacts(annual('2026-01-02T00:00:00Z')).refresherDueOn).toBe('2026-01-01');
    const renewed = decide(annual('2026-01-20T09:00:00Z', '2026-01-19'));
    expect(renewed).toMatchObject({ decision: 'allow', ruleIds: ['grant.interview'] });
    expect(deriveFacts(annual('2026-01-20T09:00:00Z', '2026-01-19')).refresherDueOn).toBe('2027-01-19');
  });

  it('agreement terminated at 10:00: a 09:59 action is allowed, a 10:00 and a 10:01 action are denied citing the termination', () => {
    const at = (t: string) => {
      const s = baseline('JEM', 'serve_warrant');
      return {
        ...s,
        at: t,
        agreement: { ...s.agreement, status: 'terminated' as const, end: '2026-03-01T10:00:00Z' },
      };
    };
    expect(decide(at('2026-03-01T09:59:00Z')).decision).toBe('allow');
    for (const t of ['2026-03-01T10:00:00Z', '2026-03-01T10:01:00Z', '2026-03-01T05:01:00-05:00']) {
      const d = decide(at(t));
      expect(d, t).toMatchObject({ decision: 'deny', ruleIds: ['agreement.terminated'] });
      expect(d.citations).toContain('MOA-DEFAULT:termination');
      expect(d.reasons[0]).toMatch(/terminated/);
    }
  });

  it('a WSO officer asking to interview is denied citing the WSO clause', () => {
    const d = decide(baseline('WSO', 'interview'));
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['wso.functions-not-delegated'] });
    expect(d.citations).toContain('WSO-DEFAULT:functions-not-delegated');
  });

  it('a JEM officer asking to sign a warrant is denied citing 8 CFR 236.1(b) and 287.5(e)(2)', () => {
    const d = decide(baseline('JEM', 'sign_warrant'));
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['lea.no-warrant-signing'] });
    expect(d.citations).toEqual(expect.arrayContaining(['8 CFR 236.1(b)', '8 CFR 287.5(e)(2)']));
  });

  it('an authorization covers its end date and ends the day after; a date-bound agreement covers its end date', () => {
    const s = baseline('JEM', 'serve_warrant');
    expect(decide({ ...s, at: '2027-02-01T23:59:00Z' }).decision).toBe('allow');
    // (the 730-day refresher falls due the same day, so it lapses too)
    expect(decide({ ...s, at: '2027-02-02T00:00:00Z' }).ruleIds).toEqual([
      'authorization.ended',
      'certification.refresher-lapsed',
    ]);
    const dated = { ...s, agreement: { ...s.agreement, end: '2026-03-01' } };
    expect(decide({ ...dated, at: '2026-03-01T23:59:59Z' }).decision).toBe('allow');
    expect(decide({ ...dated, at: '2026-03-02T00:00:00Z' }).ruleIds).toEqual(['agreement.expired']);
  });

  it('a subject is under 18 until the start of their 18th birthday (UTC); 29 February births turn 18 on 1 March', () => {
    const s = baseline('JEM', 'interview');
    const on = (dob: string, at: string) => deriveFacts({ ...s, at, subject: { ...s.subject, dob } }).under18;
    expect(on('2008-03-01', '2026-02-28T23:59:59Z')).toBe(true);
    expect(on('2008-03-01', '2026-03-01T00:00:00Z')).toBe(false);
    expect(on('2008-02-29', '2026-02-28T12:00:00Z')).toBe(true);
    expect(on('2008-02-29', '2026-03-01T00:00:00Z')).toBe(false);
  });
});
