/**
 * authorize() for the application's system actions, and the guard: every denial, system or
 * delegated, writes an `authorization.denied` audit event with the rule ids and citations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guard, guardDelegated } from '../../src/app/guard.ts';
import { type Action, authorize, authorizeDelegated } from '../../src/authority/authorize.ts';
import { type Actor, operator, PUBLIC, type Role } from '../../src/domain/actor.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { baseline } from './scenarios.ts';

const user = (role: Role, agencyId: string | null = null): Actor => ({
  kind: 'user',
  id: `u-${role}`,
  role,
  agencyId,
});

/** Who may perform each system action (the foundation's table, extended by the officer pipeline). */
// prettier-ignore
const SYSTEM: Record<Action, { rule: string; who: ReadonlyArray<Role | 'operator' | 'public'> }> = {
  'registry.read': {
    rule: 'registry.read.public',
    who: [
      'public',
      'operator',
      'lea_officer',
      'lea_admin',
      'ice_supervisor',
      'program_office',
      'inspector',
      'auditor',
    ],
  },
  'registry.import': { rule: 'registry.import.program_office', who: ['operator', 'program_office'] },
  'user.create': { rule: 'user.create.program_office', who: ['operator', 'program_office'] },
  'demo.seed': { rule: 'demo.seed.operator', who: ['operator'] },
  'session.create': {
    rule: 'session.create.public',
    who: [
      'public',
      'operator',
      'lea_officer',
      'lea_admin',
      'ice_supervisor',
      'program_office',
      'inspector',
      'auditor',
    ],
  },
  'audit.verify': { rule: 'audit.verify.auditor', who: ['operator', 'auditor'] },
  'audit.search': { rule: 'audit.search.auditor', who: ['operator', 'auditor'] },
  'audit.export': { rule: 'audit.export.auditor', who: ['operator', 'auditor'] },
  'moa.manage': { rule: 'moa.manage.program_office', who: ['operator', 'program_office'] },
  'moa.read': {
    rule: 'moa.read.parties',
    who: ['operator', 'program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  },
  'training.manage': { rule: 'training.manage.program_office', who: ['operator', 'program_office'] },
  'officer.nominate': {
    rule: 'officer.nominate.lea_admin',
    who: ['operator', 'lea_admin', 'program_office'],
  },
  'officer.record_eligibility': {
    rule: 'officer.eligibility.lea_admin',
    who: ['operator', 'lea_admin', 'program_office'],
  },
  'officer.suspend_pending_investigation': {
    rule: 'officer.suspend_pending_investigation.parties',
    who: ['operator', 'lea_admin', 'program_office', 'ice_supervisor'],
  },
  'officer.administer': { rule: 'officer.administer.program_office', who: ['operator', 'program_office'] },
  'officer.read': {
    rule: 'officer.read.parties',
    who: ['operator', 'program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  },
  'booking.ingest': { rule: 'booking.ingest.agency', who: ['operator', 'lea_admin', 'program_office'] },
  'case.read': {
    rule: 'case.read.parties',
    who: ['operator', 'program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  },
  'case.assign': {
    rule: 'case.assign.agency',
    who: ['operator', 'lea_officer', 'lea_admin', 'ice_supervisor'],
  },
  'subject.merge': { rule: 'subject.merge.ice', who: ['operator', 'ice_supervisor', 'program_office'] },
  'encounters.import': { rule: 'encounters.import.program_office', who: ['operator', 'program_office'] },
  'stats.read': {
    rule: 'stats.read.ice',
    who: ['operator', 'program_office', 'ice_supervisor', 'inspector'],
  },
  'case.flag': {
    rule: 'case.flag.case-workers',
    who: ['operator', 'lea_officer', 'lea_admin', 'ice_supervisor'],
  },
  'citizenship.resolve': { rule: 'citizenship.resolve.ice_supervisor', who: ['ice_supervisor'] },
  'detainer.lift': { rule: 'detainer.lift.ice', who: ['operator', 'ice_supervisor'] },
  'api_token.create': {
    rule: 'api_token.create.lea_admin',
    who: ['operator', 'lea_admin', 'program_office'],
  },
  'reimbursement.claim': {
    rule: 'reimbursement.claim.lea_admin',
    who: ['operator', 'lea_admin', 'program_office'],
  },
  'reimbursement.read': {
    rule: 'reimbursement.read.parties',
    who: ['operator', 'lea_admin', 'program_office', 'inspector'],
  },
  'lead.record': { rule: 'lead.record.ice', who: ['operator', 'ice_supervisor', 'program_office'] },
  'oversight.read': { rule: 'oversight.read.ice', who: ['operator', 'program_office', 'inspector'] },
  'complaint.submit': {
    rule: 'complaint.submit.public',
    who: [
      'public',
      'operator',
      'lea_officer',
      'lea_admin',
      'ice_supervisor',
      'program_office',
      'inspector',
      'auditor',
    ],
  },
  'complaint.manage': {
    rule: 'complaint.manage.parties',
    who: ['operator', 'lea_admin', 'ice_supervisor', 'program_office', 'inspector'],
  },
  'inspection.manage': { rule: 'inspection.manage.ice', who: ['operator', 'program_office', 'inspector'] },
  'committee.manage': { rule: 'committee.manage.parties', who: ['operator', 'lea_admin', 'program_office'] },
  'inspection.read': {
    rule: 'inspection.read.parties',
    who: ['operator', 'lea_admin', 'program_office', 'inspector'],
  },
  'inspection.respond': {
    rule: 'inspection.respond.parties',
    who: ['operator', 'lea_admin', 'program_office', 'inspector'],
  },
};

const ACTORS: Array<[Role | 'operator' | 'public', Actor]> = [
  ['public', PUBLIC],
  ['operator', operator('console')],
  ...(['lea_officer', 'lea_admin', 'ice_supervisor', 'program_office', 'inspector', 'auditor'] as Role[]).map(
    (r) => [r, user(r, r.startsWith('lea') ? 'A1' : null)] as [Role, Actor],
  ),
];

describe('authorize: system actions', () => {
  it('follows the table for every actor and action, naming the rule either way', () => {
    for (const [action, { rule, who }] of Object.entries(SYSTEM) as Array<
      [Action, (typeof SYSTEM)[Action]]
    >) {
      for (const [name, actor] of ACTORS) {
        const d = authorize(actor, action);
        expect(d.decision, `${name} ${action}`).toBe(who.includes(name) ? 'allow' : 'deny');
        expect(d.ruleIds, `${name} ${action}`).toEqual([rule]);
        expect(d.reasons[0]).toBeTruthy();
        if (name === 'public' && d.decision === 'deny') expect(d.reasons[0]).toBe('Sign in first.');
      }
    }
  });

  it('holds agency roles to their own agency', () => {
    const admin = user('lea_admin', 'A1');
    const foreign = authorize(admin, 'officer.nominate', { type: 'agency', id: 'A2', agencyId: 'A2' });
    expect(foreign).toMatchObject({ decision: 'deny', ruleIds: ['tenancy.own_agency'] });
    expect(authorize(admin, 'officer.nominate', { type: 'agency', id: 'A1', agencyId: 'A1' }).decision).toBe(
      'allow',
    );
    expect(authorize(admin, 'officer.read', { type: 'officer', id: 'o', agencyId: null }).decision).toBe(
      'deny',
    );
    const ice = authorize(user('program_office'), 'officer.nominate', {
      type: 'agency',
      id: 'A2',
      agencyId: 'A2',
    });
    expect(ice.decision).toBe('allow');
  });

  it('takes a delegated action in the four-argument form, as the scenario parts', () => {
    const s = baseline('TFM', 'warrantless_arrest');
    const d = authorize(
      s.actor,
      s.action,
      { place: s.place, subject: s.subject },
      { at: s.at, agreement: s.agreement },
    );
    expect(d).toMatchObject({ decision: 'allow', ruleIds: ['grant.warrantless-arrest'] });
  });

  it('refuses delegated actions to the console operator and the public through the same policies', () => {
    const s = baseline('JEM', 'interview');
    expect(authorizeDelegated(operator('console'), s).ruleIds).toContain('operator.no-enforcement');
    const anon = authorizeDelegated(PUBLIC, s);
    expect(anon.ruleIds).toEqual(['delegated.sign-in-required']);
    expect(() => authorizeDelegated(user('ice_supervisor'), s)).toThrow(/scenario describes a lea_officer/);
  });
});

for (const backend of backends()) {
  describe(`guard writes every denial to the audit trail (${backend})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshDb(backend);
    });
    afterAll(() => t.close());

    const lastAudit = () =>
      t.store.db
        .selectFrom('audit_events')
        .select(['type', 'outcome', 'actor_role', 'resource_type', 'resource_id', 'data'])
        .orderBy('seq', 'desc')
        .executeTakeFirst();

    const AGENCY = '0190a1b2-0000-7000-8000-000000000001';

    it('a delegated denial carries every rule id and citation', async () => {
      const officer = user('lea_officer', AGENCY);
      const s = {
        ...baseline('WSO', 'interview'),
        subject: { ...baseline('WSO', 'interview').subject, dob: '2010-01-01' },
      };
      const { decision, denied } = await guardDelegated(t.deps, officer, s, { type: 'subject', id: 'S1' });
      expect(decision.ruleIds).toEqual(['hardstop.juvenile', 'wso.functions-not-delegated']);
      expect(denied && !denied.ok && denied.error).toMatchObject({
        code: 'forbidden',
        ruleId: 'hardstop.juvenile, wso.functions-not-delegated',
      });
      expect(await lastAudit()).toMatchObject({
        type: 'authorization.denied',
        outcome: 'denied',
        actor_role: 'lea_officer',
        resource_type: 'subject',
        resource_id: 'S1',
        data: {
          action: 'interview',
          ruleIds: ['hardstop.juvenile', 'wso.functions-not-delegated'],
          citations: expect.arrayContaining([expect.stringContaining('WSO-DEFAULT:functions-not-delegated')]),
        },
      });
      expect(denied && !denied.ok && denied.auditId).toBeTruthy();
    });

    it('an allowed delegated action writes nothing and returns the allowing rule', async () => {
      const before = await lastAudit();
      const { decision, denied } = await guardDelegated(
        t.deps,
        user('lea_officer', 'A1'),
        baseline('JEM', 'interview'),
        null,
      );
      expect(denied).toBeNull();
      expect(decision.ruleIds).toEqual(['grant.interview']);
      expect(await lastAudit()).toEqual(before);
    });

    it('a system denial keeps the foundation shape', async () => {
      const denied = await guard(t.deps, PUBLIC, 'registry.import');
      expect(denied && !denied.ok && denied.error).toMatchObject({
        code: 'unauthenticated',
        ruleId: 'registry.import.program_office',
        citation: null,
      });
      expect((await lastAudit())?.data).toEqual({
        action: 'registry.import',
        ruleIds: ['registry.import.program_office'],
        citations: [],
      });
      expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
    });
  });
}
