/** MOA and officer endpoints over HTTP: sessions, tenancy, strict bodies, the lifecycle. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

describe.each(backends())('MOA and officer API on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  let coordinatorAgency: string;

  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    for (const who of ['program', 'coordinator', 'officer']) {
      cookies[who] = await signInOverHttp(app, `${who}@demo.delegate.test`);
      if (who === 'coordinator') {
        const res = await app.inject({
          method: 'GET',
          url: '/api/v1/session',
          headers: { cookie: cookies[who] },
        });
        coordinatorAgency = res.json().user.agencyId;
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: who ? { cookie: cookies[who]! } : {},
    });

  it('requires sign-in', async () => {
    expect((await call(null, 'GET', '/api/v1/officers')).statusCode).toBe(401);
    expect(
      (
        await call(null, 'POST', '/api/v1/moas', {
          agencyId: coordinatorAgency,
          title: 'x',
          terms: { models: ['JEM'], effective: '2026-01-01' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('takes a nomination from the coordinator to an authorization by the program office', async () => {
    const facility = await call('program', 'POST', '/api/v1/facilities', {
      agencyId: coordinatorAgency,
      code: 'HTTP1',
      name: 'Main Jail',
    });
    expect(facility.statusCode).toBe(201);
    const moa = await call('program', 'POST', '/api/v1/moas', {
      agencyId: coordinatorAgency,
      title: 'JEM agreement',
      terms: {
        models: ['JEM'],
        effective: '2026-01-01',
        facilityCodes: ['HTTP1'],
        refresherCadenceDays: 365,
      },
    });
    expect(moa.statusCode, moa.body).toBe(201);
    const moaId = moa.json().moaId;

    const nominated = await call('coordinator', 'POST', '/api/v1/officers', {
      agencyId: coordinatorAgency,
      displayName: 'Officer Rowan Hale (synthetic)',
      model: 'JEM',
      eligibility: [
        'us_citizenship_verified',
        'background_investigation_passed',
        'experience_in_position',
        'no_pending_discipline',
      ].map((item) => ({ item, satisfied: true, evidence: 'personnel file', dated: '2026-11-01' })),
    });
    expect(nominated.statusCode, nominated.body).toBe(201);
    const officerId = nominated.json().officerId;
    const path = (s: string) => `/api/v1/officers/${officerId}/${s}`;

    // The coordinator cannot approve their own nominee.
    expect((await call('coordinator', 'POST', path('decision'), { approve: true })).statusCode).toBe(403);
    expect((await call('program', 'POST', path('decision'), { approve: true })).statusCode).toBe(200);
    const klass = await call('program', 'POST', '/api/v1/training-classes', {
      model: 'JEM',
      startsOn: '2026-11-02',
      endsOn: '2026-11-27',
    });
    const classes = (await call('coordinator', 'GET', '/api/v1/training-classes?model=JEM')).json().items;
    expect(classes.map((c: { classId: string }) => c.classId)).toContain(klass.json().classId);
    expect(classes.every((c: { model: string }) => c.model === 'JEM')).toBe(true);
    expect(
      (await call('program', 'POST', path('enrollments'), { classId: klass.json().classId })).statusCode,
    ).toBe(200);
    expect(
      (await call('program', 'POST', path('exams'), { exam: 'final', score: 88, takenOn: '2026-11-27' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call('program', 'POST', path('certification'), { certifiedOn: '2026-11-28' })).statusCode,
    ).toBe(200);
    const authorized = await call('program', 'POST', path('authorizations'), {
      moaId,
      moaVersion: 1,
      powers: null,
      startsOn: '2026-11-28',
      endsOn: '2027-11-28',
      supervisingPosition: 'Supervisory Detention and Deportation Officer',
    });
    expect(authorized.statusCode, authorized.body).toBe(200);

    const view = (await call('coordinator', 'GET', `/api/v1/officers/${officerId}`)).json();
    expect(view.officer.stage).toBe('authorized');
    expect(view.refresherDue).toBe('2027-11-28');
    const notes = (await call('coordinator', 'GET', '/api/v1/notifications')).json();
    expect(notes.items.map((n: { subject: string }) => n.subject)).toContain('Officer authorized');
  });

  it('refuses unknown fields, bad dates and unknown steps with 400 problems', async () => {
    const officers = (await call('program', 'GET', `/api/v1/officers?agencyId=${coordinatorAgency}`)).json()
      .items;
    const id = officers[0].officerId;
    for (const [url, body] of [
      [`/api/v1/officers/${id}/exams`, { exam: 'x', score: 101, takenOn: '2026-11-01' }],
      [`/api/v1/officers/${id}/exams`, { exam: 'x', score: 80, takenOn: '11/01/2026' }],
      [`/api/v1/officers/${id}/suspensions`, { reason: 'vacation', detail: 'x' }],
      [`/api/v1/officers/${id}/refreshers`, { completedOn: '2026-11-01', extra: true }],
      ['/api/v1/officers/not-a-uuid/refreshers', { completedOn: '2026-11-01' }],
    ] as const) {
      const res = await call('program', 'POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().code).toBe('invalid_input');
    }
  });

  it('keeps an officer of the agency out of other agencies’ officers', async () => {
    const other = (
      await t.store.db
        .selectFrom('agencies')
        .select('agency_id')
        .where('agency_id', '!=', coordinatorAgency)
        .executeTakeFirstOrThrow()
    ).agency_id;
    expect((await call('officer', 'GET', `/api/v1/officers?agencyId=${other}`)).statusCode).toBe(403);
    expect((await call('officer', 'GET', '/api/v1/officers')).statusCode).toBe(200);
  });

  it('explains what an authorized officer may do at a listed facility, and why not elsewhere', async () => {
    const officers = (await call('program', 'GET', `/api/v1/officers?agencyId=${coordinatorAgency}`)).json()
      .items;
    const jem = officers.find(
      (o: { stage: string; model: string; displayName: string }) =>
        o.stage === 'authorized' && o.model === 'JEM' && o.displayName.startsWith('Avery'),
    );
    const here = (
      await call('coordinator', 'GET', `/api/v1/officers/${jem.officerId}/authority?facility=MAIN`)
    ).json();
    const byAction = Object.fromEntries(
      here.decisions.map((d: { action: string; decision: string }) => [d.action, d]),
    );
    expect(byAction.interview.decision).toBe('allow');
    expect(byAction.sign_warrant.decision).toBe('deny');
    expect(byAction.sign_warrant.citations.join(' ')).toMatch(/287\.5\(e\)\(2\)/);
    const elsewhere = (
      await call('coordinator', 'GET', `/api/v1/officers/${jem.officerId}/authority?facility=NOWHERE`)
    ).json();
    expect(elsewhere.decisions.find((d: { action: string }) => d.action === 'interview').decision).toBe(
      'deny',
    );
    const suspended = officers.find((o: { stage: string }) => o.stage === 'suspended');
    const none = (
      await call('program', 'GET', `/api/v1/officers/${suspended.officerId}/authority?facility=MAIN`)
    ).json();
    expect(none.decisions.every((d: { decision: string }) => d.decision === 'deny')).toBe(true);
  });
});
