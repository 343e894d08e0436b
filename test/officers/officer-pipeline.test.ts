/**
 * Officers from nomination to authorization under a versioned MOA, on PGlite and PostgreSQL:
 * every step audited, the legal limits refused with their rule, tenancy enforced, and
 * terminating or amending the MOA ending every authorization under it at that instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { addFacility } from '../../src/app/moas/add-facility.ts';
import { amendMoa, terminateMoa } from '../../src/app/moas/change-moa.ts';
import { createMoa } from '../../src/app/moas/create-moa.ts';
import { getMoa } from '../../src/app/moas/get-moa.ts';
import { authorizeOfficer } from '../../src/app/officers/authorize-officer.ts';
import { certifyOfficer } from '../../src/app/officers/certify-officer.ts';
import { createTrainingClass } from '../../src/app/officers/create-training-class.ts';
import { decideNomination } from '../../src/app/officers/decide-nomination.ts';
import { reinstateOfficer } from '../../src/app/officers/end-suspension.ts';
import { enrollOfficer } from '../../src/app/officers/enroll-officer.ts';
import { getOfficer } from '../../src/app/officers/get-officer.ts';
import { listOfficers } from '../../src/app/officers/list-officers.ts';
import { nominateOfficer } from '../../src/app/officers/nominate-officer.ts';
import { recordExam } from '../../src/app/officers/record-exam.ts';
import { recordRefresher } from '../../src/app/officers/record-refresher.ts';
import { suspendLapsedOfficers } from '../../src/app/officers/suspend-lapsed-officers.ts';
import { suspendOfficer } from '../../src/app/officers/suspend-officer.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { operator } from '../../src/domain/actor.ts';
import { ELIGIBILITY_ITEMS } from '../../src/domain/officers.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const checklist = (dated = '2026-01-05') =>
  ELIGIBILITY_ITEMS.map((item) => ({ item, satisfied: true, evidence: `file ${item}`, dated }));

describe.each(backends())('MOA versions and the officer pipeline on %s', (backend) => {
  let t: TestDb;
  let agencyA: string;
  let agencyB: string;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  let coordinatorA: Actor;
  let coordinatorB: Actor;
  let moaId: string;

  beforeAll(async () => {
    t = await freshDb(backend);
    value(await seedDemo(t.deps, operator('test')));
    t.clock.set('2026-01-10T15:00:00Z');
    const agencies = await t.store.db
      .selectFrom('agencies')
      .select('agency_id')
      .orderBy('name')
      .limit(2)
      .execute();
    agencyA = agencies[0]!.agency_id;
    agencyB = agencies[1]!.agency_id;
    coordinatorA = { kind: 'user', id: 'u-coord-a', role: 'lea_admin', agencyId: agencyA };
    coordinatorB = { kind: 'user', id: 'u-coord-b', role: 'lea_admin', agencyId: agencyB };
    value(await addFacility(t.deps, program, { agencyId: agencyA, code: 'F1', name: 'County Jail' }));
    moaId = value(
      await createMoa(t.deps, program, {
        agencyId: agencyA,
        title: 'JEM agreement',
        terms: {
          models: ['JEM'],
          signedOn: '2026-01-02',
          effective: '2026-01-02',
          refresherCadenceDays: 365,
          facilityCodes: ['F1'],
          clauses: [
            {
              id: 'JEM-2026:V.B',
              summary: 'Interviews inside listed facilities',
              action: 'interview',
              effect: 'grants',
            },
          ],
        },
      }),
    ).moaId;
  });
  afterAll(() => t?.close());

  async function trainedOfficer(name: string) {
    const { officerId } = value(
      await nominateOfficer(t.deps, coordinatorA, {
        agencyId: agencyA,
        displayName: name,
        model: 'JEM',
        eligibility: checklist(),
      }),
    );
    value(await decideNomination(t.deps, program, officerId, { approve: true }));
    const { classId } = value(
      await createTrainingClass(t.deps, program, {
        model: 'JEM',
        startsOn: '2026-01-05',
        endsOn: '2026-01-30',
      }),
    );
    value(await enrollOfficer(t.deps, program, officerId, classId));
    return officerId;
  }

  it('takes an officer from nomination to authorization, auditing every step', async () => {
    const officerId = await trainedOfficer('Officer One');
    value(await recordExam(t.deps, program, officerId, { exam: 'final', score: 64, takenOn: '2026-01-08' }));
    value(
      await recordExam(t.deps, program, officerId, {
        exam: 'final (remediation)',
        score: 82,
        takenOn: '2026-01-09',
      }),
    );
    value(await certifyOfficer(t.deps, program, officerId, { certifiedOn: '2026-01-10' }));
    value(
      await authorizeOfficer(t.deps, program, officerId, {
        moaId,
        moaVersion: 1,
        powers: null,
        startsOn: '2026-01-10',
        endsOn: '2027-01-10',
        supervisingPosition: 'Supervisory Detention and Deportation Officer, ERO Field Office',
      }),
    );
    const view = value(await getOfficer(t.deps, program, { officerId }));
    expect(view.officer.stage).toBe('authorized');
    expect(view.refresherDue).toBe('2027-01-10');
    expect(view.exams.map((e) => e.passed)).toEqual([false, true]);
    const types = (
      await t.store.db
        .selectFrom('audit_events')
        .select('type')
        .where('resource_id', '=', officerId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.type);
    expect(types).toEqual([
      'officer.nominated',
      'officer.approved',
      'officer.enrolled',
      'officer.exam_recorded',
      'officer.exam_recorded',
      'officer.certified',
      'officer.authorized',
    ]);
    const notices = await t.store.db
      .selectFrom('notifications')
      .select('recipient_role')
      .where('agency_id', '=', agencyA)
      .execute();
    expect(new Set(notices.map((n) => n.recipient_role))).toEqual(
      new Set(['program_office', 'lea_admin', 'ice_supervisor']),
    );
  });

  it('refuses approval until every eligibility item is satisfied', async () => {
    const { officerId } = value(
      await nominateOfficer(t.deps, coordinatorA, {
        agencyId: agencyA,
        displayName: 'Officer Two',
        model: 'JEM',
        eligibility: checklist().filter((c) => c.item !== 'background_investigation_passed'),
      }),
    );
    const r = await decideNomination(t.deps, program, officerId, { approve: true });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'conflict', ruleId: 'officer.approve.eligibility' });
  });

  it('disqualifies on a second failed exam and refuses certification', async () => {
    const officerId = await trainedOfficer('Officer Three');
    value(
      await recordExam(t.deps, program, officerId, { exam: 'module 1', score: 50, takenOn: '2026-01-08' }),
    );
    value(
      await recordExam(t.deps, program, officerId, { exam: 'module 2', score: 69.99, takenOn: '2026-01-09' }),
    );
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.stage).toBe('disqualified');
    const r = await certifyOfficer(t.deps, program, officerId, { certifiedOn: '2026-01-10' });
    expect(r.ok ? null : r.error.ruleId).toBe('officer.certify.stage');
  });

  it('keeps agency staff to their own agency', async () => {
    const officerId = await trainedOfficer('Officer Four');
    const foreign = await getOfficer(t.deps, coordinatorB, { officerId });
    expect(foreign.ok ? null : foreign.error).toMatchObject({
      code: 'forbidden',
      ruleId: 'tenancy.own_agency',
    });
    const nominateElsewhere = await nominateOfficer(t.deps, coordinatorB, {
      agencyId: agencyA,
      displayName: 'X',
      model: 'JEM',
      eligibility: [],
    });
    expect(nominateElsewhere.ok).toBe(false);
    const own = value(await listOfficers(t.deps, coordinatorB, {}));
    expect(own.items.every((o) => o.agencyId === agencyB)).toBe(true);
    const approveSelf = await decideNomination(t.deps, coordinatorA, officerId, { approve: true });
    expect(approveSelf.ok ? null : approveSelf.error.code).toBe('forbidden');
  });

  it('suspends at once on an eligibility change reported by the agency, and ICE reinstates', async () => {
    const officers = value(await listOfficers(t.deps, program, { agencyId: agencyA })).items;
    const officerId = officers.find((o) => o.stage === 'authorized')!.officerId;
    value(
      await suspendOfficer(t.deps, coordinatorA, officerId, {
        reason: 'discipline',
        detail: 'internal affairs case opened',
      }),
    );
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.stage).toBe('suspended');
    const byAgency = await reinstateOfficer(t.deps, coordinatorA, officerId, { note: 'cleared' });
    expect(byAgency.ok).toBe(false);
    value(await reinstateOfficer(t.deps, program, officerId, { note: 'case closed without finding' }));
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.stage).toBe('authorized');
  });

  it('shows the officer suspended on the day after a lapsed refresher, and current again after one', async () => {
    const officers = value(await listOfficers(t.deps, program, { agencyId: agencyA })).items;
    const officerId = officers.find((o) => o.stage === 'authorized')!.officerId;
    t.clock.set('2027-01-10T12:00:00Z');
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.effectiveStage).toBe('authorized');
    t.clock.set('2027-01-11T00:00:01Z');
    const lapsed = value(await getOfficer(t.deps, program, { officerId })).officer;
    expect(lapsed.effectiveStage).toBe('suspended');
    expect(lapsed.effectiveReason).toBe('refresher lapsed on 2027-01-10');
    const listed = value(await listOfficers(t.deps, program, { agencyId: agencyA })).items.find(
      (o) => o.officerId === officerId,
    );
    expect(listed).toMatchObject({
      stage: 'authorized',
      effectiveStage: 'suspended',
      refresherDue: '2027-01-10',
    });
    // The sweep records the suspension and tells the supervisor and the program office.
    const swept = value(await suspendLapsedOfficers(t.deps, operator('test')));
    expect(swept.suspended).toContain(officerId);
    expect(value(await getOfficer(t.deps, program, { officerId })).officer).toMatchObject({
      stage: 'suspended',
      suspensionReason: 'refresher lapsed: refresher training fell due on 2027-01-10',
    });
    expect(value(await suspendLapsedOfficers(t.deps, operator('test'))).suspended).toEqual([]);
    value(await recordRefresher(t.deps, program, officerId, { completedOn: '2027-01-11' }));
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.stage).toBe('authorized');
    expect(value(await getOfficer(t.deps, program, { officerId })).officer.effectiveStage).toBe('authorized');
    t.clock.set('2026-01-10T15:00:00Z');
  });

  it('ends every authorization under a version when the MOA is amended or terminated', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const amended = value(
      await amendMoa(t.deps, program, {
        moaId,
        terms: { models: ['JEM'], effective: '2026-03-01', refresherCadenceDays: 730, facilityCodes: ['F1'] },
      }),
    );
    expect(amended.version).toBe(2);
    const afterAmend = value(await listOfficers(t.deps, program, { agencyId: agencyA })).items;
    expect(afterAmend.some((o) => o.stage === 'authorized')).toBe(false);
    const officerId = afterAmend.find((o) => o.stage === 'certified')!.officerId;
    value(
      await authorizeOfficer(t.deps, program, officerId, {
        moaId,
        moaVersion: 2,
        powers: ['interview', 'query_systems'],
        startsOn: '2026-03-01',
        endsOn: '2027-03-01',
        supervisingPosition: 'Supervisory Detention and Deportation Officer',
      }),
    );
    const wider = await authorizeOfficer(t.deps, program, officerId, {
      moaId,
      moaVersion: 2,
      powers: ['sign_warrant'],
      startsOn: '2026-03-01',
      endsOn: '2027-03-01',
      supervisingPosition: 'SDDO',
    });
    expect(wider.ok).toBe(false);

    const terminated = value(await terminateMoa(t.deps, program, { moaId, reason: 'agency withdrew' }));
    expect(terminated.terminatedAt).toBe('2026-03-01T10:00:00.000Z');
    const moa = value(await getMoa(t.deps, program, { moaId }));
    expect(moa.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'terminated'],
    ]);
    const view = value(await getOfficer(t.deps, program, { officerId }));
    expect(view.officer.stage).toBe('certified');
    expect(view.authorization?.endReason).toBe('MOA version terminated');
    const again = await terminateMoa(t.deps, program, { moaId, reason: 'twice' });
    expect(again.ok ? null : again.error.code).toBe('conflict');
    t.clock.set('2026-01-10T15:00:00Z');
  });

  it('refuses MOA terms that do not hold together, naming each problem', async () => {
    const r = await createMoa(t.deps, program, {
      agencyId: agencyA,
      title: 'Bad',
      terms: { models: ['JEM', 'TFM'], effective: '2026-01-01', endDate: '2025-01-01', facilityCodes: [] },
    });
    expect(r.ok ? null : r.error.userMessage).toMatch(
      /facilityCodes.*areaJurisdictions|areaJurisdictions.*facilityCodes/,
    );
    const byAgency = await createMoa(t.deps, coordinatorA, {
      agencyId: agencyA,
      title: 'Mine',
      terms: { models: ['WSO'], effective: '2026-01-01', facilityCodes: ['F1'] },
    });
    expect(byAgency.ok ? null : byAgency.error.code).toBe('forbidden');
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });
});
