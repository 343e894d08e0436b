/**
 * Complaints from the public form and staff intake to closure, on PGlite and PostgreSQL:
 * strict validation, tenancy, the lifecycle (acknowledged, forwarded to ICE OPR, closed),
 * links to the agency's records only, and suspension pending investigation through the
 * officer pipeline (the engine then refuses the officer's delegated actions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { getOfficer } from '../../src/app/officers/get-officer.ts';
import { acknowledgeComplaint } from '../../src/app/oversight/acknowledge-complaint.ts';
import { closeComplaint } from '../../src/app/oversight/close-complaint.ts';
import { forwardComplaint } from '../../src/app/oversight/forward-complaint.ts';
import { linkComplaint } from '../../src/app/oversight/link-complaint.ts';
import { getComplaint, listComplaints } from '../../src/app/oversight/list-complaints.ts';
import { recordComplaint } from '../../src/app/oversight/record-complaint.ts';
import { submitComplaint } from '../../src/app/oversight/submit-complaint.ts';
import { suspendPendingInvestigation } from '../../src/app/oversight/suspend-pending-investigation.ts';
import { type Actor, operator, PUBLIC } from '../../src/domain/actor.ts';
import { REFERENCE_PATTERN } from '../../src/domain/oversight.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const code = <T>(r: Result<T>) => (r.ok ? 'ok' : r.error.code);
const NARRATIVE = 'An officer at the county jail refused to let me call my lawyer during booking.';

describe.each(backends())('complaints on %s', (backend) => {
  let t: TestDb;
  let agencyA: string;
  let agencyB: string;
  let officerA: string;
  let officerB: string;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  const supervisor: Actor = { kind: 'user', id: 'u-super', role: 'ice_supervisor', agencyId: null };
  const auditor: Actor = { kind: 'user', id: 'u-aud', role: 'auditor', agencyId: null };
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
    const other = await t.store.db
      .selectFrom('officers')
      .select(['agency_id', 'officer_id'])
      .where('agency_id', '!=', agencyA)
      .executeTakeFirstOrThrow();
    agencyB = other.agency_id;
    officerB = other.officer_id;
    coordA = { kind: 'user', id: 'u-coord-a', role: 'lea_admin', agencyId: agencyA };
    coordB = { kind: 'user', id: 'u-coord-b', role: 'lea_admin', agencyId: agencyB };
    officerUser = { kind: 'user', id: 'u-off', role: 'lea_officer', agencyId: agencyA };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a public complaint that is too short, dated in the future, or with a bad contact or agency', async () => {
    const base = { language: 'en' as const, narrative: NARRATIVE };
    const short = await submitComplaint(t.deps, PUBLIC, { ...base, narrative: '  too short  ' });
    expect(short.ok || short.error.where).toEqual({ field: 'narrative' });
    const future = await submitComplaint(t.deps, PUBLIC, { ...base, occurredOn: '2026-12-01' });
    expect(future.ok || future.error.where).toEqual({ field: 'occurredOn' });
    const notDate = await submitComplaint(t.deps, PUBLIC, { ...base, occurredOn: '2026-02-30' });
    expect(code(notDate)).toBe('invalid_input');
    const email = await submitComplaint(t.deps, PUBLIC, { ...base, contact: { email: 'not-an-address' } });
    expect(email.ok || email.error.where).toEqual({ field: 'contact.email' });
    const phone = await submitComplaint(t.deps, PUBLIC, { ...base, contact: { phone: '12' } });
    expect(phone.ok || phone.error.where).toEqual({ field: 'contact.phone' });
    const agency = await submitComplaint(t.deps, PUBLIC, {
      ...base,
      agencyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(agency.ok || agency.error.where).toEqual({ field: 'agencyId' });
    expect(await t.store.db.selectFrom('complaints').select('complaint_id').execute()).toEqual([]);
  });

  it('accepts an anonymous public complaint without sign-in and returns a reference', async () => {
    const r = value(
      await submitComplaint(t.deps, PUBLIC, { language: 'es', narrative: NARRATIVE, agencyName: 'Condado' }),
    );
    expect(r.reference).toMatch(REFERENCE_PATTERN);
    const stored = value(await getComplaint(t.deps, program, r.complaintId));
    expect(stored).toMatchObject({
      channel: 'public_form',
      language: 'es',
      agencyId: null,
      agencyNamed: 'Condado',
      status: 'received',
      contact: { name: null, email: null, phone: null },
    });
    expect(stored.history.map((h) => h.kind)).toEqual(['received']);
    // Unassigned: no agency's coordinator may read it.
    expect(code(await getComplaint(t.deps, coordA, r.complaintId))).toBe('forbidden');
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select(['data', 'actor_id'])
      .where('type', '=', 'complaint.received')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe('public');
    expect(JSON.stringify(audit.data)).not.toContain('lawyer');
  });

  it('refuses staff intake to callers without standing and to another agency’s coordinator', async () => {
    const input = {
      channel: 'phone' as const,
      language: 'en' as const,
      agencyId: agencyA,
      narrative: NARRATIVE,
    };
    expect(code(await recordComplaint(t.deps, PUBLIC, input))).toBe('unauthenticated');
    expect(code(await recordComplaint(t.deps, officerUser, input))).toBe('forbidden');
    expect(code(await recordComplaint(t.deps, auditor, input))).toBe('forbidden');
    expect(code(await recordComplaint(t.deps, coordB, input))).toBe('forbidden');
    const foreignOfficer = await recordComplaint(t.deps, coordA, {
      ...input,
      links: { officerIds: [officerB] },
    });
    expect(foreignOfficer.ok || foreignOfficer.error.where).toEqual({ field: 'officerIds' });
    expect(code(await recordComplaint(t.deps, program, { ...input, agencyId: 'nope' }))).toBe('not_found');
  });

  it('takes a phone complaint from intake to closure, suspending the officer pending investigation', async () => {
    const { complaintId, reference } = value(
      await recordComplaint(t.deps, coordA, {
        channel: 'phone',
        language: 'en',
        agencyId: agencyA,
        narrative: NARRATIVE,
        occurredOn: '2026-11-20',
        contact: { name: 'Synthetic Caller', phone: '+1 (555) 010-0199' },
      }),
    );
    expect(
      code(
        await suspendPendingInvestigation(t.deps, coordA, complaintId, { officerId: officerA, detail: 'x' }),
      ),
    ).toBe('invalid_input');
    value(await linkComplaint(t.deps, coordA, complaintId, { officerIds: [officerA] }));
    expect(code(await linkComplaint(t.deps, coordB, complaintId, { officerIds: [officerB] }))).toBe(
      'forbidden',
    );
    value(await acknowledgeComplaint(t.deps, coordA, complaintId, {}));
    expect(code(await acknowledgeComplaint(t.deps, program, complaintId, {}))).toBe('conflict');
    value(await forwardComplaint(t.deps, supervisor, complaintId, { oprReference: 'OPR-2026-0042' }));

    value(
      await suspendPendingInvestigation(t.deps, coordA, complaintId, {
        officerId: officerA,
        detail: 'Pending OPR review',
      }),
    );
    const officer = value(await getOfficer(t.deps, program, { officerId: officerA })).officer;
    expect(officer.stage).toBe('suspended');
    expect(officer.suspensionReason).toContain(reference);

    expect(
      code(await closeComplaint(t.deps, program, complaintId, { outcome: 'sustained', summary: ' ' })),
    ).toBe('invalid_input');
    value(
      await closeComplaint(t.deps, program, complaintId, { outcome: 'sustained', summary: 'OPR sustained.' }),
    );
    expect(code(await forwardComplaint(t.deps, program, complaintId, {}))).toBe('conflict');

    const done = value(await getComplaint(t.deps, coordA, complaintId));
    expect(done).toMatchObject({ status: 'closed', outcome: 'sustained', oprReference: 'OPR-2026-0042' });
    expect(done.history.map((h) => h.kind)).toEqual([
      'received',
      'linked',
      'acknowledged',
      'forwarded',
      'officer_suspended',
      'closed',
    ]);
    const mine = value(await listComplaints(t.deps, coordA, {})).items;
    expect(mine.map((c) => c.complaintId)).toEqual([complaintId]);
    expect(code(await listComplaints(t.deps, coordA, { agencyId: agencyB }))).toBe('forbidden');
    expect(value(await listComplaints(t.deps, program, { status: 'closed' })).items).toHaveLength(1);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });

  it('lets ICE assign an unassigned public complaint to an agency, then its coordinator sees it', async () => {
    const { complaintId } = value(
      await submitComplaint(t.deps, PUBLIC, { language: 'en', narrative: NARRATIVE }),
    );
    expect(code(await linkComplaint(t.deps, program, complaintId, { officerIds: [officerB] }))).toBe(
      'invalid_input',
    );
    value(await linkComplaint(t.deps, program, complaintId, { agencyId: agencyB, officerIds: [officerB] }));
    expect(value(await getComplaint(t.deps, coordB, complaintId)).officerIds).toEqual([officerB]);
    expect(code(await linkComplaint(t.deps, program, complaintId, { agencyId: agencyA }))).toBe('conflict');
  });
});
