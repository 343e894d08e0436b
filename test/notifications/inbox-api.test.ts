/** The inbox over HTTP: sign-in required, strict input, the count, marking read, tenancy. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { type JemWorld, jemWorld } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';
import { type CaseRef, toReview } from './flow.ts';

describe.each(backends())('inbox API on %s', (backend) => {
  let w: JemWorld;
  let app: FastifyInstance;
  let ref: CaseRef;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    w = await jemWorld(backend);
    ref = await toReview(w);
    app = await buildServer({ deps: w.t.deps, database: { kind: w.t.store.kind }, version: 'test' });
    for (const who of ['supervisor', 'coordinator'])
      cookies[who] = await signInOverHttp(app, `${who}@demo.delegate.test`);
  });
  afterAll(async () => {
    await app?.close();
    await w?.t.close();
  });

  const call = (who: string | null, method: 'GET' | 'POST', url: string) =>
    app.inject({ method, url, headers: who ? { cookie: cookies[who]! } : {} });

  it('requires sign-in', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/inbox'],
      ['GET', '/api/v1/inbox/unread-count'],
      ['POST', '/api/v1/inbox/00000000-0000-4000-8000-000000000000/read'],
    ] as const) {
      const res = await call(null, method, url);
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('refuses malformed input with 400', async () => {
    for (const url of [
      '/api/v1/inbox?limit=0',
      '/api/v1/inbox?limit=abc',
      '/api/v1/inbox?unread=yes',
      '/api/v1/inbox?x=1',
    ]) {
      expect((await call('supervisor', 'GET', url)).statusCode, url).toBe(400);
    }
    expect((await call('supervisor', 'POST', '/api/v1/inbox/not-a-uuid/read')).statusCode).toBe(400);
  });

  it('lists the inbox, counts unread, and marks read; another role’s notice is not found', async () => {
    const inbox = await call('supervisor', 'GET', '/api/v1/inbox');
    expect(inbox.statusCode).toBe(200);
    const body = inbox.json() as {
      items: Array<{ notificationId: string; kind: string; caseId: string }>;
      unread: number;
    };
    const review = body.items.find((i) => i.kind === 'review_request' && i.caseId === ref.caseId)!;
    expect(review).toBeTruthy();
    const count = (await call('supervisor', 'GET', '/api/v1/inbox/unread-count')).json() as {
      unread: number;
    };
    expect(count.unread).toBe(body.unread);

    const refused = await call('coordinator', 'POST', `/api/v1/inbox/${review.notificationId}/read`);
    expect(refused.statusCode).toBe(404);

    const marked = await call('supervisor', 'POST', `/api/v1/inbox/${review.notificationId}/read`);
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ notificationId: review.notificationId, unread: body.unread - 1 });
    const after = (await call('supervisor', 'GET', '/api/v1/inbox/unread-count')).json() as {
      unread: number;
    };
    expect(after.unread).toBe(body.unread - 1);
    const unreadOnly = (await call('supervisor', 'GET', '/api/v1/inbox?unread=true')).json() as {
      items: Array<{ notificationId: string }>;
    };
    expect(unreadOnly.items.map((i) => i.notificationId)).not.toContain(review.notificationId);
  });
});
