/**
 * R29: an internal error answers with a generic problem and the request id, never a stack
 * trace, SQL, a path, a library or a version — whether a handler throws or the database is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { expectProblem, expectSecurityHeaders, LEAK, signInAs } from './harness.ts';

/** What a driver or library error looks like: SQL, a path, a version, a stack. */
function leakyError(statusCode?: number) {
  const e = new Error(
    'relation "officers" does not exist: SELECT * FROM officers WHERE agency_id = $1 (pg 8.23.1 at 127.0.0.1:5432)',
  ) as Error & { statusCode?: number };
  e.stack = `${e.message}\n    at query (/work/main/node_modules/pg/lib/client.js:526:17)\n    at get (src/store/officers.ts:40:3)`;
  if (statusCode) e.statusCode = statusCode;
  return e;
}

describe('the leak scanner', () => {
  it('finds what it is for', () => {
    const e = leakyError();
    expect(e.stack).toMatch(LEAK);
    for (const s of ['SELECT 1', 'at /srv/x.js:1:1', 'node_modules', 'pg 8.23.1', 'TypeError: x', 'kysely'])
      expect(s).toMatch(LEAK);
    expect('The server could not complete the request.').not.toMatch(LEAK);
  });
});

describe.each(backends())('errors on %s', (backend) => {
  let t: TestDb;
  let closed = false;

  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
  });
  afterAll(async () => {
    if (!closed) await t?.close();
  });

  it('a handler that throws answers 500 with a generic body and the request id', async () => {
    const app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: '9.8.7' });
    app.get('/api/v1/test-only/throws', async () => {
      throw leakyError();
    });
    app.get('/api/v1/test-only/rejects-4xx', async () => {
      throw leakyError(409);
    });
    app.get('/api/v1/test-only/throws-value', async () => {
      throw 'SELECT secret FROM accounts';
    });
    try {
      for (const url of ['/api/v1/test-only/throws', '/api/v1/test-only/throws-value']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(500);
        expectProblem(res, url);
        expectSecurityHeaders(res, url);
        const body = res.json();
        expect(body).toEqual({
          type: '/problems/internal',
          title: 'Internal error',
          status: 500,
          detail: 'The server could not complete the request.',
          code: 'internal',
          requestId: res.headers['x-request-id'],
        });
        expect(res.body).not.toContain('9.8.7');
      }
      // An error that claims a client status keeps it, but not its message.
      const res = await app.inject({ method: 'GET', url: '/api/v1/test-only/rejects-4xx' });
      expect(res.statusCode).toBe(409);
      expectProblem(res, 'claimed 4xx');
      expect(res.json().detail).toBe('The request could not be read.');
    } finally {
      await app.close();
    }
  });

  it('with the database gone, answers 5xx problems without a trace of the driver', async () => {
    const app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: '9.8.7' });
    try {
      const cookie = await signInAs(app, t.clock, 'program_office');
      await t.close();
      closed = true;
      const calls = [
        { method: 'GET', url: '/api/v1/officers', headers: { cookie } },
        { method: 'GET', url: '/api/v1/registry/counts', headers: {} },
        {
          method: 'POST',
          url: '/api/v1/session',
          headers: {},
          payload: { email: DEMO_USERS[1]!.email, password: DEMO_PASSWORD, acknowledgedBanner: true },
        },
        { method: 'GET', url: '/api/v1/health', headers: {} },
      ] as const;
      for (const call of calls) {
        const res = await app.inject(call);
        const where = `${call.method} ${call.url}`;
        expect(res.statusCode, `${where}: ${res.body}`).toBeGreaterThanOrEqual(500);
        expectProblem(res, where);
        expectSecurityHeaders(res, where);
        expect(res.body).not.toContain('9.8.7');
        if (res.statusCode === 500) expect(res.json().requestId).toBe(res.headers['x-request-id']);
      }
    } finally {
      await app.close();
    }
  });
});
