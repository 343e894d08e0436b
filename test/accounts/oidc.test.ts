/**
 * Agency single sign-on against a real OpenID Connect provider (oidc-provider on loopback):
 * state consumed once and bound to the browser, nonce and issuer checked by openid-client,
 * subjects bound to existing accounts (verified email in the provider's domains first, then
 * `sub`), locked, disabled and other agencies' accounts refused, the banner recorded before any
 * session, the provider's `amr` or Delegate's own TOTP as second factor, and an audit event for
 * every success and refusal.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { addOidcProvider, providerInputProblem } from '../../src/app/accounts/oidc-add-provider.ts';
import { amrOf, emailForBinding, oidcDeps, secondFactorFrom } from '../../src/app/accounts/oidc-config.ts';
import { signIn } from '../../src/app/accounts/sign-in.ts';
import { unlockUser } from '../../src/app/accounts/unlock-user.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator, PUBLIC } from '../../src/domain/actor.ts';
import { SYSTEM_USE_BANNER } from '../../src/domain/session.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { cookieFrom, freshTotpCode } from '../support/sign-in.ts';
import { followToCallback, startTestProvider, type TestProvider } from './oidc-test-provider.ts';

const PUBLIC_URL = 'http://127.0.0.1:8287';
const CALLBACK = `${PUBLIC_URL}/api/v1/oidc/agency-idp/callback`;
const DOMAIN = 'demo.delegate.test';

describe('single sign-on policy', () => {
  it('takes the provider’s second factor only from amr, and only a phishing-resistant one when the role needs it', () => {
    expect(secondFactorFrom([], false)).toBe('delegate');
    expect(secondFactorFrom(['pwd'], false)).toBe('delegate');
    expect(secondFactorFrom(['pwd', 'otp'], false)).toBe('provider');
    expect(secondFactorFrom(['mfa'], false)).toBe('provider');
    expect(secondFactorFrom(['mfa', 'otp'], true)).toBe('delegate');
    expect(secondFactorFrom(['hwk'], true)).toBe('provider');
    expect(secondFactorFrom(['sc'], true)).toBe('provider');
    expect(amrOf('mfa')).toEqual([]);
    expect(amrOf(['otp', 7, 'x'.repeat(40)])).toEqual(['otp']);
  });

  it('binds by email only when it is verified and in one of the provider’s domains', () => {
    expect(emailForBinding({ email: 'a@x.gov', email_verified: false }, ['x.gov'])).toBeNull();
    expect(emailForBinding({ email: 'a@x.gov' }, ['x.gov'])).toBeNull();
    expect(emailForBinding({ email: 'a@y.gov', email_verified: true }, ['x.gov'])).toBeNull();
    expect(emailForBinding({ email: 'a@sub.x.gov', email_verified: true }, ['x.gov'])).toBeNull();
    expect(emailForBinding({ email: 'A@X.gov', email_verified: true }, ['x.gov'])).toBe('a@x.gov');
  });

  it('resolves only env: secret references', () => {
    const o = oidcDeps({ publicUrl: 'https://d.example/', env: { S: 'v' } });
    expect(o.publicUrl).toBe('https://d.example');
    expect(o.secret('env:S')).toBe('v');
    expect(o.secret('env:T')).toBeUndefined();
    expect(o.secret('S')).toBeUndefined();
  });

  it('refuses a provider that is not https (except on loopback), or has a bad id, secret or domain', () => {
    const good = {
      providerId: 'acme',
      displayName: 'Acme County',
      issuer: 'https://idp.acme.example',
      clientId: 'delegate',
      clientSecretRef: 'env:ACME',
      agencyId: null,
      emailDomains: ['acme.example'],
    };
    expect(providerInputProblem(good)).toBeNull();
    expect(providerInputProblem({ ...good, issuer: 'http://idp.acme.example' })?.field).toBe('issuer');
    expect(providerInputProblem({ ...good, issuer: 'http://127.0.0.1:9000' })).toBeNull();
    expect(providerInputProblem({ ...good, providerId: 'Acme' })?.field).toBe('id');
    expect(providerInputProblem({ ...good, clientSecretRef: 'hunter2' })?.field).toBe('secret');
    expect(providerInputProblem({ ...good, emailDomains: ['not a domain'] })?.field).toBe('email-domain');
  });
});

describe.each(backends())('single sign-on through a real provider on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let idp: TestProvider;
  let agencyId: string;

  const auditTail = async (n: number) =>
    (
      await t.deps.db
        .selectFrom('audit_events')
        .select(['type', 'outcome', 'resource_id', 'data'])
        .orderBy('seq', 'desc')
        .limit(n)
        .execute()
    ).reverse();
  const userId = async (email: string) =>
    (
      await t.deps.db
        .selectFrom('users')
        .select('user_id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).user_id;

  /** Start at Delegate, sign in at the provider, come back: the callback URL and the browser cookie. */
  async function throughProvider(login: string, amr?: string[]) {
    idp.nextLogin = { login, ...(amr ? { amr } : {}) };
    const start = await app.inject({
      method: 'GET',
      url: '/api/v1/oidc/agency-idp/start?acknowledgedBanner=true',
    });
    expect(start.statusCode, start.body).toBe(302);
    const browser = cookieFrom(start.headers['set-cookie'], 'delegate_oidc');
    expect(start.headers['set-cookie']).toEqual(expect.stringContaining('SameSite=Lax'));
    const location = String(start.headers.location);
    expect(location.startsWith(`${idp.issuer}/auth?`)).toBe(true);
    const auth = new URL(location);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('state')).toBeTruthy();
    return { callback: await followToCallback(location, CALLBACK), browser };
  }

  const back = (callback: URL, browser: string | undefined): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: browser ? { cookie: browser } : {},
    });

  const expectRefused = async (res: LightMyRequestResponse, sso: string, reason: string) => {
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?sso=${sso}`);
    expect(cookieFrom(res.headers['set-cookie'], 'delegate_session')).toBeUndefined();
    expect(cookieFrom(res.headers['set-cookie'], 'delegate_mfa_pending')).toBeUndefined();
    const [last] = await auditTail(1);
    expect(last).toMatchObject({ type: 'session.oidc_failed', outcome: 'failed', data: { reason } });
  };

  beforeAll(async () => {
    t = await freshDb(backend);
    const op = operator('oidc-test');
    const seeded = await seedDemo(t.deps, op);
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    const officer = await t.deps.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', `officer@${DOMAIN}`)
      .executeTakeFirstOrThrow();
    agencyId = officer.agency_id!;
    for (const name of ['disabled', 'fresh']) {
      const created = await createUser(t.deps, op, {
        email: `${name}@${DOMAIN}`,
        displayName: `${name} officer (synthetic)`,
        role: 'lea_officer',
        agencyId,
        password: 'a long synthetic passphrase 42',
      });
      if (!created.ok) throw new Error(created.error.userMessage);
    }
    await t.deps.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now() })
      .where('email', '=', `disabled@${DOMAIN}`)
      .execute();
    const account = (sub: string, email: string, emailVerified = true) => ({ sub, email, emailVerified });
    idp = await startTestProvider({
      redirectUri: CALLBACK,
      interactive: false,
      accounts: [
        account('officer-sub', `officer@${DOMAIN}`),
        account('tfm-sub', `tfm-officer@${DOMAIN}`),
        account('coordinator-unverified', `coordinator@${DOMAIN}`, false),
        account('stranger-sub', `stranger@${DOMAIN}`),
        account('elsewhere-sub', 'officer@elsewhere.example'),
        account('program-sub', `program@${DOMAIN}`),
        account('disabled-sub', `disabled@${DOMAIN}`),
        account('fresh-sub', `fresh@${DOMAIN}`),
      ],
    });
    t.deps.oidc = oidcDeps({ publicUrl: PUBLIC_URL, env: { AGENCY_IDP_SECRET: idp.clientSecret } });
    const added = await addOidcProvider(t.deps, op, {
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

  it('refuses a second provider with the same id, and a caller who may not create accounts', async () => {
    const input = {
      providerId: 'agency-idp',
      displayName: 'Again',
      issuer: idp.issuer,
      clientId: 'x',
      clientSecretRef: 'env:X',
      agencyId: null,
      emailDomains: [],
    };
    expect((await addOidcProvider(t.deps, operator('oidc-test'), input)).ok).toBe(false);
    const denied = await addOidcProvider(t.deps, PUBLIC, { ...input, providerId: 'other' });
    expect(denied.ok || denied.error.code).toBe('unauthenticated');
  });

  it('lists the providers by id and name only', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/oidc/providers' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [{ id: 'agency-idp', name: 'Demo Agency Sign-In' }] });
  });

  it('answers an unknown provider with a 404 problem, and a start without the banner with a 400', async () => {
    for (const url of [
      '/api/v1/oidc/nope/start?acknowledgedBanner=true',
      '/api/v1/oidc/nope/callback?state=x',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const res = await app.inject({ method: 'GET', url: '/api/v1/oidc/agency-idp/start' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/system-use notice/);
  });

  it('refuses a callback whose state was never issued', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    callback.searchParams.set('state', 'forged-state-value');
    await expectRefused(await back(callback, browser), 'expired', 'state_invalid');
  });

  it('refuses a callback in a browser other than the one that started', async () => {
    const { callback } = await throughProvider('officer-sub', ['pwd', 'otp']);
    await expectRefused(await back(callback, 'delegate_oidc=someone-elses'), 'expired', 'browser_mismatch');
    await expectRefused(await back(callback, undefined), 'expired', 'state_invalid');
  });

  it('refuses an expired request', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    t.clock.advance(11 * 60 * 1000);
    await expectRefused(await back(callback, browser), 'expired', 'state_invalid');
  });

  it('refuses an ID token whose nonce is not the one sent (checked by openid-client)', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    await sql`UPDATE oidc_login_states SET nonce = 'not-the-nonce-that-was-sent' WHERE used_at IS NULL`.execute(
      t.deps.db,
    );
    await expectRefused(await back(callback, browser), 'expired', 'token_invalid');
  });

  it('refuses an answer that claims another issuer', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    callback.searchParams.set('iss', 'http://127.0.0.1:1');
    await expectRefused(await back(callback, browser), 'expired', 'token_invalid');
  });

  it('refuses when the provider reports an error', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    callback.searchParams.delete('code');
    callback.searchParams.set('error', 'access_denied');
    await expectRefused(await back(callback, browser), 'expired', 'provider_error');
  });

  it('refuses an email that is unverified, outside the domains, or of no account', async () => {
    for (const login of ['coordinator-unverified', 'elsewhere-sub', 'stranger-sub']) {
      const { callback, browser } = await throughProvider(login, ['pwd', 'otp']);
      await expectRefused(await back(callback, browser), 'refused', 'unknown_account');
    }
  });

  it('refuses an account of another agency than the provider’s', async () => {
    const { callback, browser } = await throughProvider('program-sub', ['hwk']);
    await expectRefused(await back(callback, browser), 'refused', 'agency_mismatch');
  });

  it('refuses a disabled account', async () => {
    const { callback, browser } = await throughProvider('disabled-sub', ['pwd', 'otp']);
    await expectRefused(await back(callback, browser), 'refused', 'account_disabled');
  });

  it('refuses an account without any second factor when the provider shows none', async () => {
    const { callback, browser } = await throughProvider('fresh-sub', ['pwd']);
    await expectRefused(await back(callback, browser), 'no_second_factor', 'second_factor_unavailable');
  });

  it('signs in with the provider’s second factor: banner recorded first, subject bound, session as a local sign-in', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['pwd', 'otp']);
    const res = await back(callback, browser);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/home');
    const setCookie = [res.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(
      /delegate_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict/,
    );
    const session = cookieFrom(res.headers['set-cookie'], 'delegate_session')!;
    const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } });
    expect(me.json().user).toMatchObject({ email: `officer@${DOMAIN}`, role: 'lea_officer', agencyId });
    const id = await userId(`officer@${DOMAIN}`);
    expect(await auditTail(4)).toEqual([
      { type: 'session.oidc_subject_bound', outcome: 'succeeded', resource_id: id, data: expect.anything() },
      {
        type: 'session.banner_acknowledged',
        outcome: 'succeeded',
        resource_id: id,
        data: { bannerVersion: SYSTEM_USE_BANNER.version },
      },
      {
        type: 'session.oidc_authenticated',
        outcome: 'succeeded',
        resource_id: id,
        data: { provider: 'agency-idp', amr: ['pwd', 'otp'], secondFactor: 'provider' },
      },
      {
        type: 'session.signed_in',
        outcome: 'succeeded',
        resource_id: id,
        data: { bannerVersion: SYSTEM_USE_BANNER.version, mfa: 'identity_provider', provider: 'agency-idp' },
      },
    ]);

    // The same callback again: the state was consumed.
    await expectRefused(await back(callback, browser), 'expired', 'state_invalid');

    // Next time the subject alone finds the account, whatever email the provider now says.
    idp.accounts.set('officer-sub', {
      sub: 'officer-sub',
      email: 'renamed@elsewhere.example',
      emailVerified: false,
    });
    const again = await throughProvider('officer-sub', ['mfa']);
    const second = await back(again.callback, again.browser);
    expect(second.headers.location).toBe('/home');
    const rotated = cookieFrom(second.headers['set-cookie'], 'delegate_session');
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(session);
    expect((await auditTail(3)).map((e) => e.type)).toEqual([
      'session.banner_acknowledged',
      'session.oidc_authenticated',
      'session.signed_in',
    ]);
  });

  it('asks for Delegate’s own code when the provider shows no second factor; no session before it', async () => {
    const { callback, browser } = await throughProvider('tfm-sub', ['pwd']);
    const res = await back(callback, browser);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/sign-in?sso=mfa');
    expect(cookieFrom(res.headers['set-cookie'], 'delegate_session')).toBeUndefined();
    const pending = cookieFrom(res.headers['set-cookie'], 'delegate_mfa_pending')!;
    expect(pending).toBeDefined();
    const asSession = pending.replace('delegate_mfa_pending', 'delegate_session');
    const nothing = await app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: asSession },
    });
    expect(nothing.statusCode).toBe(401);
    const code = await freshTotpCode(t.deps, `tfm-officer@${DOMAIN}`);
    const mfa = await app.inject({
      method: 'POST',
      url: '/api/v1/session/mfa',
      headers: { cookie: pending },
      payload: { code },
    });
    expect(mfa.statusCode, mfa.body).toBe(200);
    expect(mfa.json().user.email).toBe(`tfm-officer@${DOMAIN}`);
    const types = (await auditTail(6)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['session.oidc_authenticated', 'session.mfa_verified', 'session.signed_in']),
    );
  });

  it('refuses a locked account until an administrator unlocks it', async () => {
    const email = `tfm-officer@${DOMAIN}`;
    for (let i = 0; i < 5; i++) {
      await signIn(t.deps, PUBLIC, { email, password: `wrong password ${i}`, acknowledgedBanner: true });
    }
    const { callback, browser } = await throughProvider('tfm-sub', ['pwd', 'otp']);
    await expectRefused(await back(callback, browser), 'refused', 'account_locked');
    const unlocked = await unlockUser(t.deps, operator('oidc-test'), { email });
    expect(unlocked.ok).toBe(true);
    const again = await throughProvider('tfm-sub', ['pwd', 'otp']);
    expect((await back(again.callback, again.browser)).headers.location).toBe('/home');
  });
  it('lets exactly one of two racing callbacks with the same state through', async () => {
    const { callback, browser } = await throughProvider('officer-sub', ['otp']);
    const answers = await Promise.all([back(callback, browser), back(callback, browser)]);
    expect(answers.map((a) => a.headers.location).sort()).toEqual(['/home', '/sign-in?sso=expired']);
  });

  it('sends the browser back with a message when the provider cannot be reached', async () => {
    const added = await addOidcProvider(t.deps, operator('oidc-test'), {
      providerId: 'down-idp',
      displayName: 'Unreachable',
      issuer: 'http://127.0.0.1:1',
      clientId: 'delegate',
      clientSecretRef: 'env:AGENCY_IDP_SECRET',
      agencyId: null,
      emailDomains: [],
    });
    expect(added.ok).toBe(true);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/oidc/down-idp/start?acknowledgedBanner=true',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?sso=unavailable');
  });
});
