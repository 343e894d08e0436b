/** R27: the security headers on every response — success, client errors, static files — and no-store on the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.ts';
import { expectProblem, expectSecurityHeaders, type Harness, startHarness } from './harness.ts';

describe.each(backends())('security headers on %s', (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = (url: string, cookie: string | null = null) =>
    h.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('are on a 200, 400, 401, 403, 404, 413 and 414 from the API, with no-store', async () => {
    const cases = [
      [200, await get('/api/v1/health')],
      [400, await get('/api/v1/registry/counts?asOf=yesterday')],
      [401, await get('/api/v1/officers')],
      [403, await get('/api/v1/officers', h.cookie.auditor)],
      [404, await get('/api/v1/no-such-endpoint')],
      [400, await get('/api/v1/agencies/%zz')],
      [414, await get(`/api/v1/agencies/${'Z'.repeat(500)}`)],
      [
        413,
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ email: 'x'.repeat(1024 * 1024), password: 'y' }),
        }),
      ],
    ] as const;
    for (const [status, res] of cases) {
      expect(res.statusCode, res.body).toBe(status);
      expectSecurityHeaders(res, `status ${status}`);
      expect(res.headers['cache-control'], `status ${status}`).toBe('no-store');
      if (status >= 400) expectProblem(res, `status ${status}`);
    }
  });

  it('are on a static asset and on the web app', async () => {
    const asset = await get('/assets/app.css');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/css; charset=utf-8$/);
    expectSecurityHeaders(asset, 'static asset');
    const page = await get('/officers');
    expect(page.statusCode).toBe(200);
    expectSecurityHeaders(page, 'web app');
    const missing = await get('/assets/missing.js');
    expectSecurityHeaders(missing, 'missing asset');
  });

  it('are on the answer of every route in the router, called without a session', async () => {
    expect(h.routes.length).toBeGreaterThan(20);
    for (const r of h.routes) {
      const url = r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await h.app.inject({ method: r.method as 'GET', url });
      expectSecurityHeaders(res, `${r.method} ${r.url}`);
      if (url.startsWith('/api/'))
        expect(res.headers['cache-control'], `${r.method} ${r.url}`).toBe('no-store');
      if (res.statusCode >= 400 && r.method !== 'HEAD') expectProblem(res, `${r.method} ${r.url}`);
    }
  });
});
