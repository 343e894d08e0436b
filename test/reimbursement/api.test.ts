/**
 * The reimbursement API over HTTP on PGlite and PostgreSQL, and the figures the reimbursement
 * screen shows for the demo data (the demo's current quarter): the coordinator's statement,
 * the program office's overview, a claim refused over the cap answered 409 with the reason,
 * a lead outcome recorded by ICE, and the refusals of everyone else.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { DEMO_TFM_OFFICER, seedDemoReimbursement } from '../../src/app/demo/seed-demo-reimbursement.ts';
import { operator } from '../../src/domain/actor.ts';
import { formatCents } from '../../src/domain/reimbursement.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

interface OfficerRow {
  officerId: string;
  displayName: string;
  trained: boolean;
  claimedCents: { salary_benefits: number; overtime: number; equipment: number };
  refusedClaims: number;
  overtime: { usedCents: number; capCents: number | null; annualSalaryCents: number | null };
  equipment: { usedCents: number; capCents: number };
  leads: number;
  located: number;
  locatedBasisPoints: number | null;
  tier: string | null;
  awardCents: number;
  totalCents: number;
}

describe.each(backends())('reimbursement API and the demo statement on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let agencyId: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await freshDb(backend, '2026-11-29T12:00:00Z');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    agencyId = (
      await t.store.db
        .selectFrom('users')
        .select('agency_id')
        .where('email', '=', 'coordinator@demo.delegate.test')
        .executeTakeFirstOrThrow()
    ).agency_id!;
    // Until seedDemo calls it; a second call changes nothing.
    const demo = await seedDemoReimbursement(t.deps, operator('test'), agencyId);
    if (!demo.ok) throw new Error(demo.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    for (const who of ['program', 'coordinator', 'officer', 'supervisor', 'inspector', 'auditor'])
      cookies[who] = await signInOverHttp(app, `${who}@demo.delegate.test`);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      ...(payload ? { payload: payload as object } : {}),
      headers: {
        ...(who ? { cookie: cookies[who]! } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
    });

  it('refuses the public, the officer and the auditor, and a coordinator asking for another agency', async () => {
    expect((await call(null, 'GET', `/reimbursement/statements/${agencyId}`)).statusCode).toBe(401);
    expect((await call('officer', 'GET', `/reimbursement/statements/${agencyId}`)).statusCode).toBe(403);
    expect((await call('auditor', 'GET', '/reimbursement/statements')).statusCode).toBe(403);
    const other = await t.store.db
      .selectFrom('agencies')
      .select('agency_id')
      .where('agency_id', '!=', agencyId)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(
      (await call('coordinator', 'GET', `/reimbursement/statements/${other.agency_id}`)).statusCode,
    ).toBe(403);
    expect((await call('program', 'GET', '/reimbursement/statements/no-such-agency')).statusCode).toBe(404);
    expect(
      (await call('program', 'GET', `/reimbursement/statements/${agencyId}?quarter=2026-5`)).statusCode,
    ).toBe(400);
  });

  it('shows the demo figures for the current quarter on the coordinator’s statement', async () => {
    const res = await call('coordinator', 'GET', `/reimbursement/statements/${agencyId}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      agencyId,
      quarter: '2026-Q4',
      period: { from: '2026-10-01', to: '2026-12-31' },
      fiscalYear: 2027,
      termsVersion: 'tfm-reimbursement-2025-10',
    });
    const sam = (s.officers as OfficerRow[]).find((o) => o.displayName === DEMO_TFM_OFFICER)!;
    expect(sam).toMatchObject({
      trained: true,
      claimedCents: { salary_benefits: 2_125_000, overtime: 400_000, equipment: 320_000 },
      refusedClaims: 1,
      overtime: { usedCents: 400_000, capCents: 2_125_000, annualSalaryCents: 8_500_000 },
      equipment: { usedCents: 320_000, capCents: 750_000 },
      leads: 10,
      located: 9,
      locatedBasisPoints: 9000,
      tier: '90–100 % located',
      awardCents: 100_000,
      totalCents: 2_125_000 + 400_000 + 320_000 + 100_000,
    });
    const trainee = (s.officers as OfficerRow[]).find((o) => o.displayName === 'Jordan Ames (demo)')!;
    expect(trainee).toMatchObject({ trained: false, refusedClaims: 1, awardCents: 0, totalCents: 0 });
    expect(s.vehicles).toEqual({ claimedCents: 4_200_000, usedCents: 4_200_000, capCents: 10_000_000 });
    expect(s.award).toMatchObject({
      basis: 'agency',
      leads: 10,
      located: 9,
      eligibleOfficers: 1,
      totalCents: 100_000,
    });
    expect(s.totals).toEqual({
      claimedCents: { salary_benefits: 2_125_000, overtime: 400_000, equipment: 320_000, vehicle: 4_200_000 },
      acceptedClaimsCents: 7_045_000,
      refusedClaims: 2,
      awardCents: 100_000,
      totalCents: 7_145_000,
    });
    expect(formatCents(s.totals.totalCents)).toBe('$71,450.00');
    expect(s.inputs).toMatchObject({ leadCount: 10, locatedCount: 9 });
    expect(s.inputs.leadIds).toHaveLength(10);
    expect(s.inputs.acceptedClaimIds).toHaveLength(4);
    expect(s.inputs.refusedClaimIds).toHaveLength(2);
    const refused = (s.claims as Array<{ status: string; refusalReason: string | null }>).filter(
      (c) => c.status === 'refused',
    );
    expect(refused.map((c) => c.refusalReason).join(' ')).toMatch(
      /25\.00 % of the annual salary of \$85,000\.00/,
    );
    expect(s.terms.award.tiers).toHaveLength(3);
  });

  it('gives the same figures to the inspector, and one line per agency to the program office', async () => {
    const mine = await call('coordinator', 'GET', `/reimbursement/statements/${agencyId}?quarter=2026-Q4`);
    const theirs = await call('inspector', 'GET', `/reimbursement/statements/${agencyId}?quarter=2026-Q4`);
    expect(theirs.json()).toEqual(mine.json());
    const overview = await call('program', 'GET', '/reimbursement/statements');
    expect(overview.statusCode).toBe(200);
    const line = overview.json().items.find((i: { agencyId: string }) => i.agencyId === agencyId);
    expect(line).toMatchObject({
      quarter: '2026-Q4',
      trainedOfficers: 1,
      acceptedClaimsCents: 7_045_000,
      refusedClaims: 2,
      leads: 10,
      locatedBasisPoints: 9000,
      awardCents: 100_000,
      totalCents: 7_145_000,
    });
    const own = await call('coordinator', 'GET', '/reimbursement/statements');
    expect(own.json().items.map((i: { agencyId: string }) => i.agencyId)).toEqual([agencyId]);
  });

  it('answers a claim over the cap 409 with the reason, and one within it 201 (once per key)', async () => {
    const sam = (await call('coordinator', 'GET', `/reimbursement/statements/${agencyId}`))
      .json()
      .officers.find((o: OfficerRow) => o.displayName === DEMO_TFM_OFFICER).officerId;
    const overtime = {
      officerId: sam,
      quarter: '2026-Q4',
      kind: 'overtime',
      amountCents: 1_725_000, // 4,000 + 17,250 = 21,250.00: exactly 25 % of $85,000.00
      annualSalaryCents: 8_500_000,
      description: 'Overtime on operations (synthetic)',
    };
    const over = await call('coordinator', 'POST', '/reimbursement/claims', {
      ...overtime,
      amountCents: 1_725_001,
    });
    expect(over.statusCode).toBe(409);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.json()).toMatchObject({ code: 'conflict', ruleId: 'reimbursement.overtime_cap' });
    expect(over.json().detail).toContain('$21,250.00');
    const first = await call('coordinator', 'POST', '/reimbursement/claims', overtime, 'ot-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'accepted', agencyId });
    const replay = await call('coordinator', 'POST', '/reimbursement/claims', overtime, 'ot-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().claimId).toBe(first.json().claimId);
    const s = (await call('coordinator', 'GET', `/reimbursement/statements/${agencyId}`)).json();
    expect(s.officers.find((o: OfficerRow) => o.officerId === sam).overtime.usedCents).toBe(2_125_000);
  });

  it('refuses malformed bodies with 400 and claims from the officer with 403', async () => {
    const base = {
      quarter: '2026-Q4',
      kind: 'vehicle',
      amountCents: 100,
      description: 'Vehicle (synthetic)',
    };
    for (const body of [
      { ...base, amountCents: 1.5 },
      { ...base, amountCents: -1 },
      { ...base, quarter: '2026-Q5' },
      { ...base, kind: 'travel' },
      { ...base, note: 'unknown field' },
    ])
      expect((await call('coordinator', 'POST', '/reimbursement/claims', body)).statusCode).toBe(400);
    expect((await call('officer', 'POST', '/reimbursement/claims', base)).statusCode).toBe(403);
    expect((await call('coordinator', 'POST', '/reimbursement/claims', base)).statusCode).toBe(201);
  });

  it('records a lead outcome by the ICE supervisor, and refuses the coordinator', async () => {
    const sam = (await call('coordinator', 'GET', `/reimbursement/statements/${agencyId}`))
      .json()
      .officers.find((o: OfficerRow) => o.displayName === DEMO_TFM_OFFICER).officerId;
    const lead = { officerId: sam, assignedOn: '2026-11-28', outcome: 'not_located' };
    expect((await call('coordinator', 'POST', '/reimbursement/leads', lead)).statusCode).toBe(403);
    const res = await call('supervisor', 'POST', '/reimbursement/leads', lead);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ quarter: '2026-Q4', outcome: 'not_located' });
    // 9 of 11 = 81.81 %: the $750 tier.
    const s = (await call('program', 'GET', `/reimbursement/statements/${agencyId}`)).json();
    expect(s.award).toMatchObject({ leads: 11, located: 9, locatedBasisPoints: 8181, totalCents: 75_000 });
  });
});
