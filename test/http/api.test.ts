/**
 * The HTTP API through Fastify's inject (a real server instance and a real database; no mocks):
 * health, problem details, unknown parameters, cursor pagination, sessions, OpenAPI.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockUser } from '../../src/app/accounts/unlock-user.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { cookieFrom, freshTotpCode, signInOverHttp } from '../support/sign-in.ts';

describe.each(backends())('HTTP API on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const get = (url: string, cookie?: string) =>
    app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('answers the health check', async () => {
    const res = await get('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: backend, version: 'test' });
  });

  it('serves an OpenAPI 3.1 document that describes the registry endpoints', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/registry/counts',
        '/api/v1/agreements',
        '/api/v1/agencies/{agencyId}',
      ]),
    );
  });

  it('answers counts with the fixed shape', async () => {
    const res = await get('/api/v1/registry/counts?asOf=2026-07-06');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['asOf', 'snapshot', 'models', 'total']);
    expect(body.snapshot).toBe('2026-07-06');
    for (const m of ['JEM', 'WSO', 'TFM']) expect(body.models[m].agreements).toBeGreaterThan(0);
  });

  it.each([
    ['/api/v1/registry/counts?asOf=2026-13-01', /asOf/],
    ['/api/v1/registry/counts?asOf=yesterday', /asOf/],
    ['/api/v1/registry/counts?asOf=2030-01-01', /after today/],
    ['/api/v1/registry/counts?color=blue', /Unknown query parameter: color/],
    ['/api/v1/agreements?model=XYZ', /model/],
    ['/api/v1/agreements?limit=0', /limit/],
    ['/api/v1/agreements?cursor=not-a-cursor', /cursor/],
    ['/api/v1/registry/diff?from=2026-01-01', /to/],
  ])('answers %s with a 400 problem', async (url, detail) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(p.detail).toMatch(detail);
    expect(JSON.stringify(p)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an unknown agency and an unknown endpoint with 404 problems', async () => {
    for (const url of [
      '/api/v1/agencies/00000000-0000-0000-0000-000000000000',
      '/api/v1/agencies/nope',
      '/api/v1/nothing',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('walks every agreement once through cursor pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/agreements?limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await get(url)).json();
      seen.push(...body.items.map((a: { agreementId: string }) => a.agreementId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const total = await t.store.db
      .selectFrom('agreements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(seen.length).toBe(Number(total.n));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThan(1);
  });

  it('filters agreements by state, model and status', async () => {
    const body = (await get('/api/v1/agreements?state=texas&model=TFM&status=active&limit=200')).json();
    expect(body.items.length).toBeGreaterThan(0);
    for (const a of body.items) expect(a).toMatchObject({ state: 'TEXAS', model: 'TFM', status: 'active' });
  });

  it('shows one agency with its agreements and history', async () => {
    const first = (await get('/api/v1/agencies?limit=1')).json().items[0];
    const res = await get(`/api/v1/agencies/${first.agencyId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.agency.agencyId).toBe(first.agencyId);
    expect(body.events.length).toBeGreaterThan(0);
  });

  describe('sessions', () => {
    /** Step one only (banner + password): opens a pending sign-in, never a session. */
    const signIn = (email: string, password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password, acknowledgedBanner: true },
      });

    it('refuses a wrong password and an unknown account with the same 401 answer', async () => {
      const wrong = await signIn('officer@demo.delegate.test', 'not the password');
      const unknown = await signIn('nobody@demo.delegate.test', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().detail).toBe(unknown.json().detail);
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a body with unknown fields', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: {
          email: 'officer@demo.delegate.test',
          password: DEMO_PASSWORD,
          acknowledgedBanner: true,
          role: 'program_office',
        },
      });
      expect(res.statusCode).toBe(400);
    });

    it('signs in with an HttpOnly cookie after the second factor, shows the user, and signs out', async () => {
      const first = await signIn('Officer@demo.delegate.test', DEMO_PASSWORD);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ next: 'mfa' });
      expect(cookieFrom(first.headers['set-cookie'], 'delegate_session')).toBeUndefined();
      const pending = cookieFrom(first.headers['set-cookie'], 'delegate_mfa_pending')!;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session/mfa',
        headers: { cookie: pending },
        payload: { code: await freshTotpCode(t.deps, 'officer@demo.delegate.test') },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ email: 'officer@demo.delegate.test', role: 'lea_officer' });
      const setCookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('delegate_session='))!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      const cookie = setCookie.split(';')[0]!;
      expect((await get('/api/v1/session', cookie)).json().user.role).toBe('lea_officer');

      const out = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
      expect(out.statusCode).toBe(204);
      expect((await get('/api/v1/session', cookie)).statusCode).toBe(401);
    });

    it('ends a session after 30 minutes without activity', async () => {
      const cookie = await signInOverHttp(app, 'auditor@demo.delegate.test');
      t.clock.advance(29 * 60 * 1000);
      expect((await get('/api/v1/session', cookie)).statusCode).toBe(200);
      t.clock.advance(30 * 60 * 1000);
      expect((await get('/api/v1/session', cookie)).statusCode).toBe(401);
    });

    it('locks an account after 5 failures in 15 minutes, answering exactly as for a wrong password', async () => {
      const email = 'inspector@demo.delegate.test';
      for (let i = 0; i < 4; i++) expect((await signIn(email, `wrong ${i}`)).statusCode).toBe(401);
      // The window slides: failures older than 15 minutes no longer count.
      t.clock.advance(16 * 60 * 1000);
      for (let i = 0; i < 4; i++) expect((await signIn(email, `wrong again ${i}`)).statusCode).toBe(401);
      // A completed sign-in (password and code) starts the count again.
      await signInOverHttp(app, email);
      for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong third ${i}`)).statusCode).toBe(401);
      const locked = await signIn(email, DEMO_PASSWORD);
      const wrong = await signIn('nobody@demo.delegate.test', 'whatever');
      expect(locked.statusCode).toBe(401);
      // Identical but for the audit reference each refusal carries.
      const withoutRef = (body: string) => ({ ...JSON.parse(body), auditId: undefined });
      expect(withoutRef(locked.body)).toEqual(withoutRef(wrong.body));
      const unlocked = await unlockUser(t.deps, operator('test'), { email });
      expect(unlocked.ok).toBe(true);
      await signInOverHttp(app, email);
      const events = await t.store.db
        .selectFrom('audit_events')
        .select('type')
        .where('type', 'in', ['user.locked', 'user.unlocked'])
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['user.locked', 'user.unlocked']);
    });

    it('audits sign-ins, failures and sign-outs without secrets', async () => {
      const rows = await t.store.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('type', 'like', 'session.%')
        .execute();
      const types = new Set(rows.map((r) => r.type));
      expect(types).toEqual(
        new Set([
          'session.banner_acknowledged',
          'session.mfa_enrolled',
          'session.mfa_verified',
          'session.signed_in',
          'session.sign_in_failed',
          'session.signed_out',
        ]),
      );
      expect(rows.some((r) => (r.data as { reason?: string }).reason === 'account_locked')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(DEMO_PASSWORD);
      expect(JSON.stringify(rows)).not.toContain(DEMO_TOTP_SECRET);
    });
  });
});
