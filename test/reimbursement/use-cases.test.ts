/**
 * TFM reimbursement use cases on PGlite and PostgreSQL: who may claim and record leads, claims
 * decided against the caps using the stored accepted claims (a refused claim is stored and
 * audited, the answer a conflict with the reason), lead outcomes only for trained TFM
 * officers, and a statement that recomputes from its stated inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import {
  DEMO_TFM_OFFICER,
  DEMO_TFM_TRAINEE,
  seedDemoReimbursement,
} from '../../src/app/demo/seed-demo-reimbursement.ts';
import {
  getReimbursementStatement,
  listReimbursementStatements,
} from '../../src/app/reimbursement/get-reimbursement.ts';
import { type RecordClaimInput, recordClaim } from '../../src/app/reimbursement/record-claim.ts';
import { recordLeadOutcome } from '../../src/app/reimbursement/record-lead-outcome.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { computeAward, REIMBURSEMENT_TERMS } from '../../src/domain/reimbursement.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};

describe.each(backends())('TFM reimbursement use cases on %s', (backend) => {
  let t: TestDb;
  let agencyId: string;
  let otherAgencyId: string;
  let sam: string;
  let jordan: string;
  let jemOfficer: string;
  let coordinator: Actor;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  const supervisor: Actor = { kind: 'user', id: 'u-supervisor', role: 'ice_supervisor', agencyId: null };
  const inspector: Actor = { kind: 'user', id: 'u-inspector', role: 'inspector', agencyId: null };

  beforeAll(async () => {
    t = await freshDb(backend, '2026-11-29T12:00:00Z'); // 2026-Q4, fiscal year 2027
    value(await seedDemo(t.deps, operator('test')));
    const coord = await t.store.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', 'coordinator@demo.delegate.test')
      .executeTakeFirstOrThrow();
    agencyId = coord.agency_id!;
    coordinator = { kind: 'user', id: 'u-coord', role: 'lea_admin', agencyId };
    // Until seedDemo calls it; a second call changes nothing.
    value(await seedDemoReimbursement(t.deps, operator('test'), agencyId));
    otherAgencyId = (
      await t.store.db
        .selectFrom('agencies')
        .select('agency_id')
        .where('agency_id', '!=', agencyId)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).agency_id;
    const roster = await t.store.db
      .selectFrom('officers')
      .select(['officer_id', 'display_name', 'model'])
      .where('agency_id', '=', agencyId)
      .execute();
    const named = (name: string) => roster.find((o) => o.display_name === name)!.officer_id;
    sam = named(DEMO_TFM_OFFICER);
    jordan = named(DEMO_TFM_TRAINEE);
    jemOfficer = roster.find((o) => o.model === 'JEM')!.officer_id;
  });
  afterAll(() => t?.close());

  const claims = () =>
    t.store.db.selectFrom('reimbursement_claims').selectAll().orderBy('created_at').execute();
  const claimInput = (over: Partial<RecordClaimInput> = {}): RecordClaimInput => ({
    agencyId,
    officerId: sam,
    quarter: '2026-Q1',
    kind: 'overtime',
    amountCents: 100,
    annualSalaryCents: 8_000_000,
    description: 'Synthetic overtime',
    ...over,
  });
  const eventsOf = (id: string) =>
    t.store.db
      .selectFrom('audit_events')
      .select(['type', 'data'])
      .where('resource_id', '=', id)
      .orderBy('seq')
      .execute();

  it('refuses a claim from an officer, from another agency’s coordinator, and from the public, auditing each', async () => {
    const before = (await claims()).length;
    const officer: Actor = { kind: 'user', id: 'u-officer', role: 'lea_officer', agencyId };
    const foreign: Actor = { kind: 'user', id: 'u-foreign', role: 'lea_admin', agencyId: otherAgencyId };
    for (const [actor, code] of [
      [officer, 'forbidden'],
      [foreign, 'forbidden'],
      [supervisor, 'forbidden'],
      [inspector, 'forbidden'],
      [{ kind: 'public', id: 'public', role: null, agencyId: null } as Actor, 'unauthenticated'],
    ] as const) {
      const r = await recordClaim(t.deps, actor, claimInput());
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.auditId).toBeDefined();
      }
    }
    expect((await claims()).length).toBe(before);
  });

  it('answers malformed claims as invalid input and writes nothing', async () => {
    const before = (await claims()).length;
    const otherOfficer = (
      await t.store.db
        .selectFrom('officers')
        .select('officer_id')
        .where('agency_id', '!=', agencyId)
        .limit(1)
        .executeTakeFirst()
    )?.officer_id;
    const bad: Array<[Partial<RecordClaimInput>, string]> = [
      [{ annualSalaryCents: null }, 'annualSalaryCents'],
      [{ kind: 'vehicle' }, 'officerId'],
      [{ kind: 'equipment', officerId: null }, 'officerId'],
      [{ quarter: '2027-Q1' }, 'quarter'],
      [{ amountCents: 10.5 }, 'amountCents'],
      [{ description: '   ' }, 'description'],
    ];
    if (otherOfficer) bad.push([{ officerId: otherOfficer }, 'officerId']);
    for (const [over, field] of bad) {
      const r = await recordClaim(t.deps, coordinator, claimInput(over));
      expect(r.ok, field).toBe(false);
      if (!r.ok) {
        expect(r.error.code, field).toBe('invalid_input');
        expect(r.error.where?.field, field).toBe(field);
      }
    }
    const missing = await recordClaim(
      t.deps,
      program,
      claimInput({ agencyId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(!missing.ok && missing.error.code).toBe('not_found');
    expect((await claims()).length).toBe(before);
  });

  it('stores and audits a claim dated before 2025-10-01 as refused, answering a conflict with the reason', async () => {
    const r = await recordClaim(t.deps, coordinator, claimInput({ quarter: '2025-Q3' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'conflict', ruleId: 'reimbursement.terms_not_in_force' });
    expect(r.error.userMessage).toContain('2025-10-01');
    const claimId = String(r.error.where?.claimId);
    const stored = (await claims()).find((c) => c.claim_id === claimId)!;
    expect(stored).toMatchObject({ status: 'refused', quarter: '2025-Q3' });
    expect(stored.refusal_reason).toBe(r.error.userMessage);
    expect((await eventsOf(claimId)).map((e) => e.type)).toEqual(['reimbursement.claim_refused']);
  });

  it('accepts overtime at exactly 25 % of the salary over the fiscal year and refuses one cent more', async () => {
    // FY 2026: 2025-Q4 to 2026-Q3. Salary $80,000.00 → cap $20,000.00, claimed in two quarters.
    value(await recordClaim(t.deps, coordinator, claimInput({ quarter: '2025-Q4', amountCents: 1_200_000 })));
    const atCap = value(await recordClaim(t.deps, coordinator, claimInput({ amountCents: 800_000 })));
    expect((await eventsOf(atCap.claimId)).map((e) => e.type)).toEqual(['reimbursement.claim_recorded']);
    const over = await recordClaim(t.deps, coordinator, claimInput({ quarter: '2026-Q2', amountCents: 1 }));
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.error.code).toBe('conflict');
    expect(over.error.ruleId).toBe('reimbursement.overtime_cap');
    expect(over.error.userMessage).toContain('25.00 % of the annual salary of $80,000.00');
    expect(over.error.userMessage).toContain('$20,000.00');
    const refused = (await claims()).find((c) => c.claim_id === over.error.where?.claimId)!;
    expect(refused.status).toBe('refused');
    // The next fiscal year starts again from zero.
    value(await recordClaim(t.deps, coordinator, claimInput({ quarter: '2026-Q4', amountCents: 100 })));
  });

  it('caps equipment per officer across claims (the demo’s $3,200.00 counts) and vehicles per agency', async () => {
    const equipment = (amountCents: number) =>
      recordClaim(
        t.deps,
        coordinator,
        claimInput({ kind: 'equipment', amountCents, annualSalaryCents: null, quarter: '2026-Q3' }),
      );
    value(await equipment(430_000)); // 3,200 + 4,300 = 7,500.00
    const over = await equipment(1);
    expect(!over.ok && over.error.ruleId).toBe('reimbursement.equipment_cap');
    const vehicle = (amountCents: number) =>
      recordClaim(
        t.deps,
        program,
        claimInput({
          kind: 'vehicle',
          officerId: null,
          annualSalaryCents: null,
          amountCents,
          quarter: '2026-Q2',
        }),
      );
    value(await vehicle(5_800_000)); // 42,000 + 58,000 = 100,000.00
    const more = await vehicle(1);
    expect(!more.ok && more.error.ruleId).toBe('reimbursement.vehicle_cap');
    expect(!more.ok && more.error.userMessage).toContain('$100,000.00 per agency');
  });

  it('refuses claims for an officer in training or of another model, storing them as refused', async () => {
    for (const officerId of [jordan, jemOfficer]) {
      const r = await recordClaim(
        t.deps,
        coordinator,
        claimInput({ officerId, kind: 'salary_benefits', annualSalaryCents: null }),
      );
      expect(!r.ok && r.error.ruleId).toBe('reimbursement.officer_not_trained');
    }
  });

  it('records lead outcomes by ICE only, for trained TFM officers only, once per lead', async () => {
    const lead = { officerId: sam, assignedOn: '2026-02-10', outcome: 'located' as const };
    for (const actor of [coordinator, inspector]) {
      const r = await recordLeadOutcome(t.deps, actor, lead);
      expect(!r.ok && r.error.code).toBe('forbidden');
    }
    const before = await t.store.db.selectFrom('lead_outcomes').select('lead_id').execute();
    for (const [input, code] of [
      [{ ...lead, officerId: jordan }, 'conflict'],
      [{ ...lead, officerId: jemOfficer }, 'conflict'],
      [{ ...lead, assignedOn: '2025-09-30' }, 'conflict'],
      [{ ...lead, assignedOn: '2026-11-30' }, 'invalid_input'],
      [{ ...lead, officerId: '00000000-0000-4000-8000-000000000000' }, 'not_found'],
    ] as const) {
      const r = await recordLeadOutcome(t.deps, supervisor, input);
      expect(!r.ok && r.error.code, JSON.stringify(input)).toBe(code);
    }
    expect(await t.store.db.selectFrom('lead_outcomes').select('lead_id').execute()).toHaveLength(
      before.length,
    );
    const leadId = '019a0000-0000-7000-8000-000000000001';
    const first = value(await recordLeadOutcome(t.deps, supervisor, { ...lead, leadId }));
    expect(first).toMatchObject({ quarter: '2026-Q1', agencyId });
    expect((await eventsOf(leadId)).map((e) => e.type)).toEqual(['lead.outcome_recorded']);
    const again = await recordLeadOutcome(t.deps, program, { ...lead, leadId, outcome: 'not_located' });
    expect(!again.ok && again.error.code).toBe('conflict');
  });

  it('builds a statement that recomputes from its stated inputs, and reads it by role', async () => {
    // 2026-Q1: 7 of 10 leads located → exactly 70 %, the $500 tier.
    for (let i = 0; i < 9; i++)
      value(
        await recordLeadOutcome(t.deps, supervisor, {
          officerId: sam,
          assignedOn: `2026-03-${String(10 + i).padStart(2, '0')}`,
          outcome: i < 6 ? 'located' : 'not_located',
        }),
      );
    const s = value(await getReimbursementStatement(t.deps, inspector, { agencyId, quarter: '2026-Q1' }));
    expect(s.award).toMatchObject({ leads: 10, located: 7, locatedBasisPoints: 7000, eligibleOfficers: 1 });
    expect(s.award.totalCents).toBe(50_000);
    const row = s.officers.find((o) => o.officerId === sam)!;
    expect(row).toMatchObject({ eligible: true, awardCents: 50_000, trained: true });
    expect(row.claimedCents.overtime).toBe(800_000);
    expect(row.overtime).toMatchObject({ fiscalYear: 2026, usedCents: 2_000_000, capCents: 2_000_000 });

    // Reproducible: the outcomes named by the inputs give the same award.
    const stored = await t.store.db
      .selectFrom('lead_outcomes')
      .select(['lead_id', 'officer_id', 'outcome'])
      .where('lead_id', 'in', s.inputs.leadIds)
      .execute();
    expect(stored).toHaveLength(s.inputs.leadCount);
    const again = computeAward(
      REIMBURSEMENT_TERMS[0]!,
      stored.map((l) => ({ leadId: l.lead_id, officerId: l.officer_id, outcome: l.outcome as 'located' })),
    );
    expect(again.totalCents).toBe(s.totals.awardCents);
    expect(s.totals.totalCents).toBe(s.totals.acceptedClaimsCents + s.totals.awardCents);

    const officer: Actor = { kind: 'user', id: 'u-officer', role: 'lea_officer', agencyId };
    const foreign: Actor = { kind: 'user', id: 'u-foreign', role: 'lea_admin', agencyId: otherAgencyId };
    for (const actor of [officer, foreign, supervisor]) {
      const r = await getReimbursementStatement(t.deps, actor, { agencyId, quarter: '2026-Q1' });
      expect(!r.ok && r.error.code).toBe('forbidden');
    }
    const early = await getReimbursementStatement(t.deps, program, { agencyId, quarter: '2025-Q3' });
    expect(!early.ok && early.error.code).toBe('invalid_input');

    const mine = value(await listReimbursementStatements(t.deps, coordinator, { quarter: '2026-Q1' }));
    expect(mine.items.map((i) => i.agencyId)).toEqual([agencyId]);
    const all = value(await listReimbursementStatements(t.deps, program, { quarter: '2026-Q1' }));
    expect(all.items.find((i) => i.agencyId === agencyId)).toMatchObject({ awardCents: 50_000, leads: 10 });
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });
});
