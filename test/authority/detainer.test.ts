/**
 * The detainer and hold policies (policies/detainer.cedar) through decide(), on scenarios that
 * carry the facts of a case; and the promise that a scenario without a `case` block is decided
 * exactly as before (the detainer forbids read only a case).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/authority/decide.ts';
import { type AuthorityScenario, parseScenario, type ScenarioCase } from '../../src/authority/scenario.ts';
import { DELEGATED_ACTIONS, type DelegatedAction } from '../../src/authority/vocabulary.ts';
import { AT, baseline, COLUMNS, type Column } from './scenarios.ts';

/** A case where every detainer precondition holds. */
const GOOD: ScenarioCase = {
  detainerBasis: 'statements_or_evidence',
  warrantSigned: true,
  detainerApproved: true,
  detainerServed: true,
  serving: false,
  releasedAt: '2026-03-01T10:00:00Z',
  holdEndsAt: '2026-03-03T10:00:00Z',
};

const withCase = (column: Column, action: DelegatedAction, facts: Partial<ScenarioCase> = {}) => {
  const s: AuthorityScenario = { ...baseline(column, action), case: { ...GOOD, ...facts } };
  // Every scenario here is one counsel could write: it passes the strict schema.
  const parsed = parseScenario(s);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.scenario;
};

const rules = (s: AuthorityScenario) => decide(s).ruleIds;

describe('detainer policies with a case', () => {
  it('permits the whole chain when every precondition holds', () => {
    expect(
      decide(withCase('JEM', 'issue_detainer', { detainerApproved: false, detainerServed: false })).decision,
    ).toBe('allow');
    expect(decide(withCase('ice_supervisor', 'approve_detainer', { detainerApproved: false })).decision).toBe(
      'allow',
    );
    expect(decide(withCase('JEM', 'issue_detainer', { serving: true, detainerServed: false })).decision).toBe(
      'allow',
    );
    expect(decide({ ...withCase('JEM', 'hold_past_release'), at: '2026-03-02T10:00:00Z' }).decision).toBe(
      'allow',
    );
  });

  it('refuses a detainer without a criminal booking', () => {
    for (const action of ['issue_detainer', 'approve_detainer'] as const) {
      const column = action === 'issue_detainer' ? 'JEM' : 'ice_supervisor';
      const s = withCase(column, action, { detainerApproved: false, detainerServed: false });
      const d = decide({ ...s, subject: { ...s.subject, booked: false } });
      expect(d.decision).toBe('deny');
      expect(d.ruleIds).toContain('detainer.criminal-booking');
      expect(d.citations.join('; ')).toContain('ICE Policy 10074.2 (criminal arrest required)');
    }
  });

  it('refuses a detainer without a basis, and names each insufficient basis by its own rule', () => {
    const none = rules(withCase('JEM', 'issue_detainer', { detainerBasis: null }));
    expect(none).toContain('detainer.enumerated-basis');
    const investigation = decide(
      withCase('JEM', 'issue_detainer', { detainerBasis: 'investigation_initiated' }),
    );
    expect(investigation.ruleIds).toEqual(
      expect.arrayContaining(['detainer.enumerated-basis', 'detainer.not-investigation-initiated']),
    );
    expect(investigation.ruleIds).not.toContain('detainer.not-database-no-match');
    expect(investigation.citations.join('; ')).toContain('Miranda-Olivares v. Clackamas County');
    const noMatch = decide(
      withCase('ice_supervisor', 'approve_detainer', { detainerBasis: 'database_no_match' }),
    );
    expect(noMatch.ruleIds).toEqual(
      expect.arrayContaining(['detainer.enumerated-basis', 'detainer.not-database-no-match']),
    );
    expect(noMatch.ruleIds).not.toContain('detainer.not-investigation-initiated');
    expect(noMatch.citations.join('; ')).toContain('Gonzalez v. ICE');
    for (const basis of ['final_order', 'pending_proceedings', 'biometric_and_records'] as const)
      expect(decide(withCase('JEM', 'issue_detainer', { detainerBasis: basis })).decision).toBe('allow');
  });

  it('refuses a detainer without a signed warrant', () => {
    for (const [column, action] of [
      ['JEM', 'issue_detainer'],
      ['TFM', 'issue_detainer'],
      ['ice_supervisor', 'approve_detainer'],
    ] as const) {
      const d = decide(withCase(column, action, { warrantSigned: false }));
      expect(d.ruleIds, `${column} ${action}`).toContain('detainer.signed-warrant');
      expect(d.citations.join('; ')).toContain('8 CFR 287.5(e)(2)');
    }
  });

  it('refuses service before approval', () => {
    const d = decide(
      withCase('JEM', 'issue_detainer', { serving: true, detainerApproved: false, detainerServed: false }),
    );
    expect(d.decision).toBe('deny');
    expect(d.ruleIds).toEqual(['detainer.approval-before-service']);
    expect(d.citations.join('; ')).toContain('8 U.S.C. §1357(g)(3)');
  });

  it('refuses a hold on a detainer that was not approved and served', () => {
    for (const facts of [{ detainerServed: false }, { detainerApproved: false }]) {
      const d = decide(withCase('JEM', 'hold_past_release', facts));
      expect(d.ruleIds).toContain('hold.effective-detainer-only');
      expect(d.citations.join('; ')).toContain('8 CFR 287.7(d)');
    }
  });

  it('refuses any hold past the 48-hour end, with no override', () => {
    const expired = { ...withCase('JEM', 'hold_past_release'), at: '2026-03-03T10:00:00Z' };
    expect(decide(expired).ruleIds).toContain('hold.48-hour-limit');
    const justBefore = { ...withCase('JEM', 'hold_past_release'), at: '2026-03-03T09:59:59Z' };
    expect(decide(justBefore).decision).toBe('allow');
    // Powers listing the action change nothing.
    const listed = {
      ...expired,
      actor: {
        ...expired.actor,
        authorization: { ...expired.actor.authorization!, powers: ['hold_past_release' as const] },
      },
    };
    expect(decide(listed).ruleIds).toContain('hold.48-hour-limit');
  });

  it('refuses a hold where the agreement overlay forbids civil holds', () => {
    const s = withCase('JEM', 'hold_past_release');
    const d = decide({ ...s, agreement: { ...s.agreement, civilHoldsForbidden: true } });
    expect(d.ruleIds).toContain('overlay.civil-holds-forbidden');
  });

  it('refuses a hold without a criminal booking', () => {
    const s = withCase('JEM', 'hold_past_release');
    expect(decide({ ...s, subject: { ...s.subject, booked: false } }).ruleIds).toContain(
      'detainer.criminal-booking',
    );
  });

  it('keeps the person hard stops in force with a case', () => {
    const s = withCase('ice_supervisor', 'approve_detainer', { detainerApproved: false });
    expect(decide({ ...s, subject: { ...s.subject, citizenshipReviewOpen: true } }).ruleIds).toContain(
      'hardstop.citizenship-review',
    );
    expect(decide({ ...s, subject: { ...s.subject, dob: '2010-01-01' } }).ruleIds).toContain(
      'hardstop.juvenile',
    );
  });

  it('rejects a case block with an unknown basis or field', () => {
    const s = baseline('JEM', 'issue_detainer');
    expect(parseScenario({ ...s, case: { ...GOOD, detainerBasis: 'hunch' } }).ok).toBe(false);
    expect(parseScenario({ ...s, case: { ...GOOD, override: true } }).ok).toBe(false);
  });
});

describe('scenarios without a case block', () => {
  it('are decided as before: no detainer or hold rule ever applies', () => {
    for (const column of COLUMNS)
      for (const action of DELEGATED_ACTIONS) {
        const d = decide(baseline(column, action));
        const caseRules = d.ruleIds.filter((r) => r.startsWith('detainer.') || r.startsWith('hold.'));
        expect(caseRules, `${column} ${action}`).toEqual([]);
      }
  });

  it('answer "what may this officer do" for detainers and holds on the actor alone', () => {
    expect(decide(baseline('JEM', 'issue_detainer')).decision).toBe('allow');
    expect(decide(baseline('ice_supervisor', 'approve_detainer')).decision).toBe('allow');
    expect(decide(baseline('JEM', 'hold_past_release')).decision).toBe('allow');
    expect(decide(baseline('WSO', 'issue_detainer')).ruleIds).toContain('wso.functions-not-delegated');
    expect(decide(baseline('TFM', 'hold_past_release')).ruleIds).toContain('tfm.no-hold-past-release');
  });

  it('with a case where every fact holds, decide the same as without one, for every column and action', () => {
    for (const column of COLUMNS)
      for (const action of DELEGATED_ACTIONS) {
        const without = decide(baseline(column, action));
        // Not serving, approved and served, hold running: no case-fact forbid applies.
        const withGood = decide({ ...baseline(column, action), case: GOOD });
        expect(withGood.decision, `${column} ${action}`).toBe(without.decision);
      }
    expect(AT).toBe('2026-03-01T12:00:00Z');
  });
});
