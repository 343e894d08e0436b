/**
 * Disabling and enabling an agency identity provider, against a real OpenID Connect provider
 * (oidc-provider on loopback): a disabled provider leaves the sign-in page, its start and its
 * callback (even for a request begun before) answer as for an unknown provider, and the open
 * sessions and pending sign-ins of its accounts end before their next request; enabling brings
 * the button and sign-in back. Only whoever may create accounts may do it; each change is an
 * audit event; the administrator's list never carries the client secret or its reference.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOidcProvider } from '../../src/app/accounts/oidc-add-provider.ts';
import { oidcDeps } from '../../src/app/accounts/oidc-config.ts';
import { disableOidcProvider } from '../../src/app/accounts/oidc-disable-provider.ts';
import { enableOidcProvider } from '../../src/app/accounts/oidc-enable-provider.ts';
import { listConfiguredOidcProviders } from '../../src/app/accounts/oidc-list-configured-providers.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { cookieFrom, signInOverHttp } from '../support/sign-in.ts';
import { followToCallback, startTestProvider, type TestProvider } from './oidc-test-provider.ts';

const PUBLIC_URL = 'http://127.0.0.1:8287';
const CALLBACK = `${PUBLIC_URL}/api/v1/oidc/agency-idp/callback`;
const DOMAIN = 'demo.delegate.test';
const OP = operator('oidc-admin-test');

describe.each(backends())('disabling an identity provider on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let idp: TestProvider;
  let agencyId: string;
  let coordinator: Actor;

  const get = (url: string, cookie?: string) =>
    app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const providerIds = async () =>
    ((await get('/api/v1/oidc/providers')).json().items as Array<{ id: string }>).map((p) => p.id);
  const events = async (type: string) =>
    t.deps.db
      .selectFrom('audit_events')
      .select(['actor_id', 'resource_id', 'data'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();
  const enabledInDb = async () =>
    (
      await sql<{ enabled: boolean }>`
        SELECT enabled FROM identity_providers WHERE provider_id = 'agency-idp'`.execute(t.deps.db)
    ).rows[0]?.enabled;

  /** Start at Delegate and sign in at the provider: the callback URL and the browser cookie. */
  async function throughProvider(login: string) {
    idp.nextLogin = { login, amr: ['pwd', 'otp'] };
    const start = await get('/api/v1/oidc/agency-idp/start?acknowledgedBanner=true');
    expect(start.statusCode, start.body).toBe(302);
    const browser = cookieFrom(start.headers['set-cookie'], 'delegate_oidc');
    return { callback: await followToCallback(String(start.headers.location), CALLBACK), browser };
  }
  const back = (callback: URL, browser: string | undefined) =>
    get(`${callback.pathname}${callback.search}`, browser);
  async function signInThroughProvider(login: string): Promise<string> {
    const { callback, browser } = await throughProvider(login);
    const res = await back(callback, browser);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/home');
    return cookieFrom(res.headers['set-cookie'], 'delegate_session')!;
  }

  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, OP);
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    const lea = await t.deps.db
      .selectFrom('users')
      .select(['user_id', 'agency_id'])
      .where('email', '=', `coordinator@${DOMAIN}`)
      .executeTakeFirstOrThrow();
    agencyId = lea.agency_id!;
    coordinator = { kind: 'user', id: lea.user_id, role: 'lea_admin', agencyId };
    idp = await startTestProvider({
      redirectUri: CALLBACK,
      interactive: false,
      accounts: [{ sub: 'officer-sub', email: `officer@${DOMAIN}`, emailVerified: true }],
    });
    t.deps.oidc = oidcDeps({ publicUrl: PUBLIC_URL, env: { AGENCY_IDP_SECRET: idp.clientSecret } });
    const added = await addOidcProvider(t.deps, OP, {
      providerId: 'agency-idp',
      displayName: 'Demo Agency Sign-In',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretRef: 'env:AGENCY_IDP_SECRET',
      agencyId,
      emailDomains: [DOMAIN],
    });
    if (!added.ok) throw new Error(added.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
    await t?.close();
  });

  it('lists every provider with its issuer, client id, agency and state, never the secret or its reference', async () => {
    const r = await listConfiguredOidcProviders(t.deps, OP);
    if (!r.ok) throw new Error(r.error.userMessage);
    expect(r.value.items).toEqual([
      {
        id: 'agency-idp',
        name: 'Demo Agency Sign-In',
        agencyId,
        issuer: idp.issuer,
        clientId: idp.clientId,
        enabled: true,
        createdAt: '2026-11-29T12:00:00.000Z',
      },
    ]);
    const text = JSON.stringify(r.value);
    expect(text).not.toContain(idp.clientSecret);
    expect(text).not.toContain('AGENCY_IDP_SECRET');
    const refused = await listConfiguredOidcProviders(t.deps, coordinator);
    expect(refused.ok || refused.error.code).toBe('forbidden');
  });

  it('refuses bad input, an unknown id, and a caller who may not create accounts; nothing changes', async () => {
    const before = (await events('identity_provider.disabled')).length;
    const bad = await disableOidcProvider(t.deps, OP, { providerId: 'Not An Id' });
    expect(bad.ok || bad.error.code).toBe('invalid_input');
    const unknown = await disableOidcProvider(t.deps, OP, { providerId: 'no-such-idp' });
    expect(unknown.ok || unknown.error.code).toBe('not_found');
    const denied = await disableOidcProvider(t.deps, coordinator, { providerId: 'agency-idp' });
    expect(denied.ok || denied.error.code).toBe('forbidden');
    const enableUnknown = await enableOidcProvider(t.deps, OP, { providerId: 'no-such-idp' });
    expect(enableUnknown.ok || enableUnknown.error.code).toBe('not_found');
    const already = await enableOidcProvider(t.deps, OP, { providerId: 'agency-idp' });
    expect(already.ok || already.error.code).toBe('conflict');
    expect(await enabledInDb()).toBe(true);
    expect((await events('identity_provider.disabled')).length).toBe(before);
    expect(await providerIds()).toEqual(['agency-idp']);
  });

  it('ends its sessions, removes its button and refuses its start and callbacks; enabling brings sign-in back', async () => {
    const session = await signInThroughProvider('officer-sub');
    expect((await get('/api/v1/session', session)).statusCode).toBe(200);
    // A password session of another account, not bound to the provider, is untouched.
    const other = await signInOverHttp(app, `inspector@${DOMAIN}`);
    // A sign-in begun before the provider is disabled, to come back after.
    const inFlight = await throughProvider('officer-sub');

    const disabled = await disableOidcProvider(t.deps, OP, { providerId: 'agency-idp' });
    if (!disabled.ok) throw new Error(disabled.error.userMessage);
    expect(disabled.value).toMatchObject({ providerId: 'agency-idp', accounts: 1, sessionsEnded: 1 });
    const [event] = await events('identity_provider.disabled');
    expect(event).toMatchObject({
      actor_id: OP.id,
      resource_id: 'agency-idp',
      data: { accounts: 1, sessionsEnded: 1, pendingSignInsEnded: 0 },
    });

    expect((await get('/api/v1/session', session)).statusCode).toBe(401);
    expect((await get('/api/v1/session', other)).statusCode).toBe(200);
    expect(await providerIds()).toEqual([]);
    const start = await get('/api/v1/oidc/agency-idp/start?acknowledgedBanner=true');
    expect(start.statusCode).toBe(404);
    const late = await back(inFlight.callback, inFlight.browser);
    expect(late.statusCode).toBe(404);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(cookieFrom(late.headers['set-cookie'], 'delegate_session')).toBeUndefined();
    const twice = await disableOidcProvider(t.deps, OP, { providerId: 'agency-idp' });
    expect(twice.ok || twice.error.code).toBe('conflict');

    const enabled = await enableOidcProvider(t.deps, OP, { providerId: 'agency-idp' });
    expect(enabled.ok).toBe(true);
    expect(await events('identity_provider.enabled')).toEqual([
      { actor_id: OP.id, resource_id: 'agency-idp', data: {} },
    ]);
    expect(await providerIds()).toEqual(['agency-idp']);
    // The ended session stays ended; the request begun before was consumed, and a new one works.
    expect((await get('/api/v1/session', session)).statusCode).toBe(401);
    expect((await back(inFlight.callback, inFlight.browser)).headers.location).toBe('/sign-in?sso=expired');
    const again = await signInThroughProvider('officer-sub');
    expect((await get('/api/v1/session', again)).statusCode).toBe(200);
  });
});
