/**
 * Suspension pending investigation through its own action (`officer.suspend_pending_investigation`):
 * an ICE supervisor may suspend an officer named in an open complaint (ICE may suspend delegated
 * authority at any time), an officer may not, another agency's coordinator may not; the narrow
 * action grants the supervisor nothing else on the officer (no eligibility record, no discipline
 * suspension), and the suspended officer's delegated actions are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { getOfficer } from '../../src/app/officers/get-officer.ts';
import { suspendOfficer } from '../../src/app/officers/suspend-officer.ts';
import { linkComplaint } from '../../src/app/oversight/link-complaint.ts';
import { recordComplaint } from '../../src/app/oversight/record-complaint.ts';
import { suspendPendingInvestigation } from '../../src/app/oversight/suspend-pending-investigation.ts';
import { authorize } from '../../src/authority/authorize.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const code = <T>(r: Result<T>) => (r.ok ? 'ok' : r.error.code);
const NARRATIVE = 'An officer at the county jail refused to let me call my lawyer during booking.';

describe.each(backends())('suspension pending investigation on %s', (backend) => {
  let t: TestDb;
  let agencyA: string;
  let agencyB: string;
  let officerA: string;
  let otherOfficerA: string | undefined;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  const supervisor: Actor = { kind: 'user', id: 'u-super', role: 'ice_supervisor', agencyId: null };
  const inspector: Actor = { kind: 'user', id: 'u-insp', role: 'inspector', agencyId: null };
  let coordA: Actor;
  let coordB: Actor;
  let officerUser: Actor;

  beforeAll(async () => {
    t = await freshDb(backend);
    value(await seedDemo(t.deps, operator('test')));
    const rows = await t.store.db
      .selectFrom('officers')
      .select(['agency_id', 'officer_id'])
      .where('stage', '=', 'authorized')
      .orderBy('officer_id')
      .execute();
    agencyA = rows[0]!.agency_id;
    officerA = rows[0]!.officer_id;
    otherOfficerA = rows.find((r) => r.agency_id === agencyA && r.officer_id !== officerA)?.officer_id;
    const other = await t.store.db
      .selectFrom('officers')
      .select(['agency_id'])
      .where('agency_id', '!=', agencyA)
      .executeTakeFirstOrThrow();
    agencyB = other.agency_id;
    coordA = { kind: 'user', id: 'u-coord-a', role: 'lea_admin', agencyId: agencyA };
    coordB = { kind: 'user', id: 'u-coord-b', role: 'lea_admin', agencyId: agencyB };
    officerUser = { kind: 'user', id: 'u-off', role: 'lea_officer', agencyId: agencyA };
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An open phone complaint about `officerId`, linked. */
  const complaintAbout = async (officerId: string) => {
    const { complaintId } = value(
      await recordComplaint(t.deps, coordA, {
        channel: 'phone',
        language: 'en',
        agencyId: agencyA,
        narrative: NARRATIVE,
      }),
    );
    value(await linkComplaint(t.deps, coordA, complaintId, { officerIds: [officerId] }));
    return complaintId;
  };
  const stage = async (officerId: string) =>
    value(await getOfficer(t.deps, program, { officerId })).officer.stage;

  it('is a narrow action: the supervisor gains no eligibility record and no other suspension', () => {
    const officer = { type: 'officer', id: 'o', agencyId: 'A1' };
    expect(authorize(supervisor, 'officer.suspend_pending_investigation', officer).decision).toBe('allow');
    expect(authorize(supervisor, 'officer.record_eligibility', officer).decision).toBe('deny');
    expect(authorize(supervisor, 'officer.administer', officer).decision).toBe('deny');
    expect(authorize(officerUser, 'officer.suspend_pending_investigation', officer).decision).toBe('deny');
    expect(authorize(inspector, 'officer.suspend_pending_investigation', officer).decision).toBe('deny');
    const foreign = authorize(coordB, 'officer.suspend_pending_investigation', officer);
    expect(foreign).toMatchObject({ decision: 'deny', ruleIds: ['tenancy.own_agency'] });
  });

  it('refuses an officer and another agency’s coordinator; nothing changes', async () => {
    const complaintId = await complaintAbout(officerA);
    const input = { officerId: officerA, detail: 'Pending OPR review' };
    expect(code(await suspendPendingInvestigation(t.deps, officerUser, complaintId, input))).toBe(
      'forbidden',
    );
    expect(code(await suspendPendingInvestigation(t.deps, coordB, complaintId, input))).toBe('forbidden');
    // Outside a complaint the supervisor still may not record an eligibility change.
    expect(
      code(await suspendOfficer(t.deps, supervisor, officerA, { reason: 'discipline', detail: 'x' })),
    ).toBe('forbidden');
    expect(await stage(officerA)).toBe('authorized');
    const history = await t.store.db
      .selectFrom('complaint_events')
      .select('kind')
      .where('complaint_id', '=', complaintId)
      .execute();
    expect(history.map((h) => h.kind)).not.toContain('officer_suspended');
  });

  it('lets an ICE supervisor suspend the officer named in an open complaint, recorded on both', async () => {
    const complaintId = await complaintAbout(officerA);
    const r = value(
      await suspendPendingInvestigation(t.deps, supervisor, complaintId, {
        officerId: officerA,
        detail: 'Pending OPR review',
      }),
    );
    expect(r).toEqual({ complaintId, officerId: officerA });
    const officer = value(await getOfficer(t.deps, program, { officerId: officerA })).officer;
    expect(officer.stage).toBe('suspended');
    expect(officer.suspensionReason).toMatch(/^complaint under investigation: complaint C-\d{4}-/);
    const events = await t.store.db
      .selectFrom('audit_events')
      .select(['type', 'actor_role', 'data'])
      .where('resource_id', 'in', [officerA, complaintId])
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(events.map((e) => [e.type, e.actor_role])).toEqual([
      ['complaint.suspension_requested', 'ice_supervisor'],
      ['officer.suspended', 'ice_supervisor'],
    ]);
    // A second suspension of a suspended officer is a lifecycle conflict.
    expect(
      code(
        await suspendPendingInvestigation(t.deps, supervisor, complaintId, {
          officerId: officerA,
          detail: 'again',
        }),
      ),
    ).toBe('conflict');
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });

  it('still lets the agency’s coordinator suspend its own officer', async () => {
    if (!otherOfficerA) return;
    const complaintId = await complaintAbout(otherOfficerA);
    value(
      await suspendPendingInvestigation(t.deps, coordA, complaintId, {
        officerId: otherOfficerA,
        detail: 'Pending internal affairs review',
      }),
    );
    expect(await stage(otherOfficerA)).toBe('suspended');
  });
});
