/**
 * Security keys and re-authentication over HTTP (security.md R2, R6, R7, R8), with a software
 * authenticator (ES256, attestation `none`) and an injected clock: registration (first key from a
 * pending sign-in, more keys from a session), sign-in by key, a replayed or cloned assertion and a
 * wrong origin refused, TOTP refused to ICE supervisors when keys are required; a privileged action
 * 6 minutes after sign-in answered 401 step-up, allowed after re-authentication, which rotates the
 * token; logout still ends the session.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthConfig, DEFAULT_AUTH_CONFIG } from '../../src/app/accounts/auth-config.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { cookieFrom, freshTotpCode, signInOverHttp } from '../support/sign-in.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

const SUPERVISOR = 'supervisor@demo.delegate.test';
const PROGRAM = 'program@demo.delegate.test';
const OFFICER = 'officer@demo.delegate.test';
const REQUIRED: AuthConfig = { ...DEFAULT_AUTH_CONFIG, phishingResistantRequired: true };

describe.each(backends())('security keys and re-authentication on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  /** The supervisor's key, registered below and used again for re-authentication. */
  const key = new SoftAuthenticator();

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

  const post = (url: string, cookie: string | null, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });
  /** Banner and password: the pending sign-in's cookie. */
  const passwordStep = async (email: string) => {
    const res = await post('/api/v1/session', null, {
      email,
      password: DEMO_PASSWORD,
      acknowledgedBanner: true,
    });
    expect(res.statusCode).toBe(200);
    return cookieFrom(res.headers['set-cookie'], 'delegate_mfa_pending')!;
  };
  const totpStep = async (pending: string, email: string) =>
    post('/api/v1/session/mfa', pending, { code: await freshTotpCode(t.deps, email) });
  const keySignIn = async (pending: string, key: SoftAuthenticator, opts: { origin?: string } = {}) => {
    const options = await post('/api/v1/session/webauthn/options', pending);
    expect(options.statusCode).toBe(200);
    return post('/api/v1/session/webauthn', pending, { response: key.assert(options.json(), opts) });
  };
  const auditReasons = async (type: string) =>
    (
      await t.deps.db
        .selectFrom('audit_events')
        .select('data')
        .where('type', '=', type)
        .orderBy('seq')
        .execute()
    ).map((r) => (r.data as { reason?: string }).reason);

  describe('when security keys are required', () => {
    beforeAll(() => {
      t.deps.auth = REQUIRED;
    });
    afterAll(() => {
      t.deps.auth = undefined;
    });

    it('refuses password + TOTP to an ICE supervisor with 403, and issues no session', async () => {
      const pending = await passwordStep(SUPERVISOR);
      const res = await totpStep(pending, SUPERVISOR);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/phishing-resistant factor is required/i);
      expect(res.json().where).toEqual({ next: 'webauthn_register' });
      expect(cookieFrom(res.headers['set-cookie'], 'delegate_session')).toBeUndefined();
      expect(await auditReasons('session.mfa_failed')).toContain('phishing_resistant_required');
    });

    it('refuses the first key from a pending sign-in whose code was not accepted', async () => {
      const pending = await passwordStep(SUPERVISOR);
      expect((await post('/api/v1/session/webauthn/registration/options', pending)).statusCode).toBe(401);
    });

    it('registers the first key from the pending sign-in, refusing a wrong origin', async () => {
      const pending = await passwordStep(SUPERVISOR);
      expect((await totpStep(pending, SUPERVISOR)).statusCode).toBe(403);
      const options = await post('/api/v1/session/webauthn/registration/options', pending);
      expect(options.statusCode).toBe(200);
      expect(options.json().rp).toEqual({ name: 'Delegate', id: 'localhost' });
      const phished = await post('/api/v1/session/webauthn/registration', pending, {
        response: key.register(options.json(), { origin: 'https://delegate.example.net' }),
      });
      expect(phished.statusCode).toBe(400);
      // The failed attempt consumed nothing: a new challenge, the right origin.
      const again = await post('/api/v1/session/webauthn/registration/options', pending);
      const ok = await post('/api/v1/session/webauthn/registration', pending, {
        response: key.register(again.json()),
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ credentialId: key.id });
      const row = await t.deps.db
        .selectFrom('webauthn_credentials')
        .selectAll()
        .where('credential_id', '=', key.id)
        .executeTakeFirstOrThrow();
      expect(row.transports).toBe('usb');
      expect(Number(row.counter)).toBe(0);
      // A second "first key" is refused: the account has one now.
      expect((await post('/api/v1/session/webauthn/registration/options', pending)).statusCode).toBe(403);
    });

    it('signs the supervisor in with the key; the session is a normal one', async () => {
      key.counter = 1;
      const res = await keySignIn(await passwordStep(SUPERVISOR), key);
      expect(res.statusCode).toBe(200);
      const session = cookieFrom(res.headers['set-cookie'], 'delegate_session')!;
      const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } });
      expect(me.json().user.role).toBe('ice_supervisor');
      const used = await t.deps.db
        .selectFrom('webauthn_credentials')
        .select(['counter', 'last_used_at'])
        .where('credential_id', '=', key.id)
        .executeTakeFirstOrThrow();
      expect(Number(used.counter)).toBe(1);
      expect(used.last_used_at).not.toBeNull();
    });

    it('refuses a cloned key (counter not raised), a replayed assertion and a wrong origin', async () => {
      // Clone: a valid signature over the counter already used.
      const cloned = await keySignIn(await passwordStep(SUPERVISOR), key, {});
      expect(cloned.statusCode).toBe(401);
      // Replay: an assertion signed for an earlier challenge.
      const pending = await passwordStep(SUPERVISOR);
      const first = await post('/api/v1/session/webauthn/options', pending);
      key.counter = 2;
      const stale = key.assert(first.json());
      await post('/api/v1/session/webauthn/options', pending); // a new challenge replaces the first
      expect((await post('/api/v1/session/webauthn', pending, { response: stale })).statusCode).toBe(401);
      // Phishing: the right key on the wrong site.
      key.counter = 3;
      const phished = await keySignIn(await passwordStep(SUPERVISOR), key, {
        origin: 'https://delegate.example.net',
      });
      expect(phished.statusCode).toBe(401);
      const reasons = await auditReasons('session.mfa_failed');
      // The clone fails on its counter; the replay on its challenge, the phish on its origin.
      expect(reasons.slice(-3)).toEqual([
        'webauthn_counter_regressed',
        'webauthn_not_verified',
        'webauthn_not_verified',
      ]);
      // The same assertion accepted once, never twice.
      key.counter = 4;
      const pendingOk = await passwordStep(SUPERVISOR);
      const options = await post('/api/v1/session/webauthn/options', pendingOk);
      const response = key.assert(options.json());
      expect((await post('/api/v1/session/webauthn', pendingOk, { response })).statusCode).toBe(200);
      expect((await post('/api/v1/session/webauthn', pendingOk, { response })).statusCode).toBe(401);
    });

    it('accepts exactly one of two racing uses of the same assertion', async () => {
      key.counter = 5;
      const pending = await passwordStep(SUPERVISOR);
      const options = await post('/api/v1/session/webauthn/options', pending);
      const response = key.assert(options.json());
      const answers = await Promise.all([
        post('/api/v1/session/webauthn', pending, { response }),
        post('/api/v1/session/webauthn', pending, { response }),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    });

    it('still refuses TOTP to the supervisor once a key exists, and lets other roles use TOTP', async () => {
      const res = await totpStep(await passwordStep(SUPERVISOR), SUPERVISOR);
      expect(res.statusCode).toBe(403);
      expect(res.json().where).toEqual({ next: 'webauthn' });
      await expect(signInOverHttp(app, OFFICER)).resolves.toMatch(/^delegate_session=/);
    });

    it('says on the public policy endpoint that keys are required and for whom', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/session/policy' });
      expect(res.json()).toEqual({
        securityKeyRequired: true,
        securityKeyRoles: ['ice_supervisor', 'program_office', 'lea_admin'],
        reauthenticationMinutes: 5,
      });
    });
  });

  describe('when the deployment turns the requirement off (the demo)', () => {
    it('lets the program office sign in with TOTP, and the policy says so', async () => {
      await expect(signInOverHttp(app, PROGRAM)).resolves.toMatch(/^delegate_session=/);
      const res = await app.inject({ method: 'GET', url: '/api/v1/session/policy' });
      expect(res.json().securityKeyRequired).toBe(false);
    });

    it('lets a signed-in officer add a key and then sign in with it instead of a code', async () => {
      const session = await signInOverHttp(app, OFFICER);
      const key = new SoftAuthenticator();
      const options = await post('/api/v1/session/webauthn/registration/options', session);
      expect(options.statusCode).toBe(200);
      const registered = await post('/api/v1/session/webauthn/registration', session, {
        response: key.register(options.json()),
      });
      expect(registered.statusCode).toBe(200);
      key.counter = 7;
      expect((await keySignIn(await passwordStep(OFFICER), key)).statusCode).toBe(200);
    });
  });

  describe('re-authentication for privileged actions', () => {
    const revoke = async (cookie: string) => {
      const officer = await t.deps.db.selectFrom('officers').select('officer_id').limit(1).executeTakeFirst();
      expect(officer, 'the demo seeds officers').toBeDefined();
      return post(`/api/v1/officers/${officer!.officer_id}/revocation`, cookie, { reason: 'Step-up test' });
    };

    it('answers a privileged action 6 minutes after sign-in with 401 step-up, and allows it after re-authentication', async () => {
      const session = await signInOverHttp(app, PROGRAM);
      t.clock.advance(6 * 60 * 1000);
      const refused = await revoke(session);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'unauthenticated', ruleId: 'step-up' });
      // An ordinary read still works: only privileged actions ask.
      const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } });
      expect(me.statusCode).toBe(200);

      // A wrong password is refused and the token stays.
      const wrong = await post('/api/v1/session/reauthentication', session, {
        password: 'not the password at all',
        code: await freshTotpCode(t.deps, PROGRAM),
      });
      expect(wrong.statusCode).toBe(401);

      const re = await post('/api/v1/session/reauthentication', session, {
        password: DEMO_PASSWORD,
        code: await freshTotpCode(t.deps, PROGRAM),
      });
      expect(re.statusCode).toBe(200);
      const rotated = cookieFrom(re.headers['set-cookie'], 'delegate_session')!;
      expect(rotated).toBeDefined();
      expect(rotated).not.toBe(session);
      // R6: the old token no longer works.
      const old = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } });
      expect(old.statusCode).toBe(401);
      const allowed = await revoke(rotated);
      expect([200, 409]).toContain(allowed.statusCode);
      expect(await auditReasons('session.reauthenticated')).toHaveLength(1);

      // The window closes again; logout still ends the rotated session (R8).
      t.clock.advance(5 * 60 * 1000 + 1000);
      expect((await revoke(rotated)).json().ruleId).toBe('step-up');
      const out = await app.inject({
        method: 'DELETE',
        url: '/api/v1/session',
        headers: { cookie: rotated },
      });
      expect(out.statusCode).toBe(204);
      const after = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: rotated } });
      expect(after.statusCode).toBe(401);
    });

    it('re-authenticates a supervisor with the security key, never with TOTP when keys are required', async () => {
      t.deps.auth = REQUIRED;
      try {
        key.counter = 10;
        const signedIn = await keySignIn(await passwordStep(SUPERVISOR), key);
        expect(signedIn.statusCode).toBe(200);
        const session = cookieFrom(signedIn.headers['set-cookie'], 'delegate_session')!;
        t.clock.advance(6 * 60 * 1000);
        // Adding another key is privileged too.
        const late = await post('/api/v1/session/webauthn/registration/options', session);
        expect(late.json()).toMatchObject({ status: 401, ruleId: 'step-up' });
        const byCode = await post('/api/v1/session/reauthentication', session, {
          password: DEMO_PASSWORD,
          code: await freshTotpCode(t.deps, SUPERVISOR),
        });
        expect(byCode.statusCode).toBe(403);
        expect(byCode.json().detail).toMatch(/phishing-resistant factor is required/i);
        const options = await post('/api/v1/session/reauthentication/options', session);
        expect(options.statusCode).toBe(200);
        // A wrong origin is refused and changes nothing.
        key.counter = 11;
        const phished = await post('/api/v1/session/reauthentication/webauthn', session, {
          response: key.assert(options.json(), { origin: 'https://delegate.example.net' }),
        });
        expect(phished.statusCode).toBe(401);
        const again = await post('/api/v1/session/reauthentication/options', session);
        const re = await post('/api/v1/session/reauthentication/webauthn', session, {
          response: key.assert(again.json()),
        });
        expect(re.statusCode).toBe(200);
        const rotated = cookieFrom(re.headers['set-cookie'], 'delegate_session')!;
        expect(rotated).not.toBe(session);
        expect((await post('/api/v1/session/webauthn/registration/options', rotated)).statusCode).toBe(200);
        expect((await post('/api/v1/session/webauthn/registration/options', session)).statusCode).toBe(401);
      } finally {
        t.deps.auth = undefined;
      }
    });

    it('refuses to re-authenticate a session that has ended, and disabling the account ends its sessions', async () => {
      const session = await signInOverHttp(app, OFFICER);
      await t.deps.db
        .updateTable('users')
        .set({ disabled_at: t.clock.now() })
        .where('email', '=', OFFICER)
        .execute();
      const next = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } });
      expect(next.statusCode).toBe(401);
      const re = await post('/api/v1/session/reauthentication', session, {
        password: DEMO_PASSWORD,
        code: '000000',
      });
      expect(re.statusCode).toBe(401);
      await t.deps.db.updateTable('users').set({ disabled_at: null }).where('email', '=', OFFICER).execute();
    });
  });
});
