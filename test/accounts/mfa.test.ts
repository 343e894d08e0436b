/**
 * MFA and the system-use banner over HTTP (security.md R2, R4, R5): no session before the second
 * factor, a TOTP code accepted once (also when two requests race), wrong codes counted toward the
 * lockout, a pending sign-in refused everywhere, enrolment at first sign-in.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { totpCode } from '../../src/app/accounts/totp.ts';
import { openTotpSecret, sealTotpSecret } from '../../src/app/accounts/totp-secret.ts';
import { unlockUser } from '../../src/app/accounts/unlock-user.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { PENDING_SIGN_IN_MS, SYSTEM_USE_BANNER } from '../../src/domain/session.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { cookieFrom, freshTotpCode, signInOverHttp } from '../support/sign-in.ts';

describe('TOTP key sealing', () => {
  it('opens only for the user it was sealed for, and never holds the key in clear', () => {
    const sealed = sealTotpSecret('u-1', DEMO_TOTP_SECRET, undefined);
    expect(sealed).not.toContain(DEMO_TOTP_SECRET);
    expect(openTotpSecret('u-1', sealed, undefined)).toBe(DEMO_TOTP_SECRET);
    expect(openTotpSecret('u-2', sealed, undefined)).toBeNull();
    const [v, kid, iv, tag, ct] = sealed.split('.');
    // Flip one bit of the ciphertext itself (changing the last base64 character may touch only padding bits).
    const bytes = Buffer.from(ct!, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    const flipped = bytes.toString('base64url');
    expect(openTotpSecret('u-1', [v, kid, iv, tag, flipped].join('.'), undefined)).toBeNull();
    expect(openTotpSecret('u-1', 'garbage', undefined)).toBeNull();
    // A configured key seals for itself: without it, or with another, the secret does not open.
    const key = Buffer.alloc(32, 9).toString('base64');
    const withKey = sealTotpSecret('u-1', DEMO_TOTP_SECRET, key);
    expect(openTotpSecret('u-1', withKey, key)).toBe(DEMO_TOTP_SECRET);
    expect(openTotpSecret('u-1', withKey, undefined)).toBeNull();
    expect(openTotpSecret('u-1', withKey, Buffer.alloc(32, 8).toString('base64'))).toBeNull();
  });
});

describe.each(backends())('MFA and banner on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  const getRoutes: string[] = [];

  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({
      deps: t.deps,
      database: { kind: t.store.kind },
      version: 'test',
      onRoute: (r) => {
        const methods = ([] as string[]).concat(r.method);
        if (methods.includes('GET') && r.url.startsWith('/api/v1/')) getRoutes.push(r.url);
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const stepOne = (email: string, password = DEMO_PASSWORD, extra: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password, acknowledgedBanner: true, ...extra },
    });
  const pendingOf = async (email: string, password = DEMO_PASSWORD) => {
    const res = await stepOne(email, password);
    expect(res.statusCode).toBe(200);
    return { pending: cookieFrom(res.headers['set-cookie'], 'delegate_mfa_pending')!, body: res.json() };
  };
  const stepTwo = (pending: string | null, code: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/session/mfa',
      headers: pending ? { cookie: pending } : {},
      payload: { code },
    });
  const auditOf = (type: string) =>
    t.store.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('seq').execute();

  it('serves the system-use notice with its version and four statements', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/session/banner' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(SYSTEM_USE_BANNER)));
    expect(res.json().statements).toHaveLength(4);
    expect(res.json().statements.join(' ')).toMatch(/U\.S\. Government/);
  });

  it('refuses a sign-in that does not acknowledge the banner, before looking at the password', async () => {
    for (const payload of [
      { email: 'officer@demo.delegate.test', password: DEMO_PASSWORD },
      { email: 'officer@demo.delegate.test', password: DEMO_PASSWORD, acknowledgedBanner: false },
      { email: 'officer@demo.delegate.test', password: DEMO_PASSWORD, acknowledgedBanner: 'yes' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload });
      expect(res.statusCode).toBe(400);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('issues no session until the second factor passes, and records the banner first', async () => {
    const email = 'coordinator@demo.delegate.test';
    const res = await stepOne(email);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ next: 'mfa', bannerVersion: SYSTEM_USE_BANNER.version });
    expect(res.json().enrolment).toBeUndefined();
    expect(cookieFrom(res.headers['set-cookie'], 'delegate_session')).toBeUndefined();
    const pendingCookie = String(res.headers['set-cookie']);
    expect(pendingCookie).toMatch(/HttpOnly/i);
    expect(pendingCookie).toMatch(/Path=\/api\/v1\/session/);

    const done = await stepTwo(
      cookieFrom(res.headers['set-cookie'], 'delegate_mfa_pending')!,
      await freshTotpCode(t.deps, email),
    );
    expect(done.statusCode).toBe(200);
    expect(done.json().user.email).toBe(email);
    const session = cookieFrom(done.headers['set-cookie'], 'delegate_session')!;
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session } })).statusCode,
    ).toBe(200);

    const [ack] = (await auditOf('session.banner_acknowledged')).filter(
      (r) => r.resource_id === done.json().user.userId,
    );
    const [signedIn] = (await auditOf('session.signed_in')).filter(
      (r) => r.resource_id === done.json().user.userId,
    );
    expect(ack!.data).toEqual({ bannerVersion: SYSTEM_USE_BANNER.version });
    expect(signedIn!.data).toEqual({ bannerVersion: SYSTEM_USE_BANNER.version, mfa: 'totp' });
    expect(Number(ack!.seq)).toBeLessThan(Number(signedIn!.seq));
  });

  it('refuses a pending sign-in on every route, as if no one had signed in', async () => {
    const { pending } = await pendingOf('program@demo.delegate.test');
    const token = pending.split('=')[1]!;
    const asSession = `delegate_session=${token}`;
    const both = `${pending}; ${asSession}`;
    expect(getRoutes.length).toBeGreaterThan(5);
    for (const route of getRoutes) {
      const url = route.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000');
      const anonymous = await app.inject({ method: 'GET', url });
      for (const cookie of [pending, asSession, both]) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        expect({ url, cookie, status: res.statusCode }).toEqual({
          url,
          cookie,
          status: anonymous.statusCode,
        });
      }
    }
    for (const cookie of [pending, asSession]) {
      const officers = await app.inject({ method: 'GET', url: '/api/v1/officers', headers: { cookie } });
      expect(officers.statusCode).toBe(401);
      const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
      expect(me.statusCode).toBe(401);
    }
  });

  it('accepts a code once: the same code again is refused', async () => {
    const email = 'supervisor@demo.delegate.test';
    const code = await freshTotpCode(t.deps, email);
    const first = await pendingOf(email);
    expect((await stepTwo(first.pending, code)).statusCode).toBe(200);
    const second = await pendingOf(email);
    const replay = await stepTwo(second.pending, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.headers['set-cookie']).toBeUndefined();
    // An older code (the step before) is refused too once a later one was accepted.
    const older = await totpCode(DEMO_TOTP_SECRET, new Date(t.clock.now().getTime() - 30_000));
    if (older !== code) expect((await stepTwo(second.pending, older)).statusCode).toBe(401);
    const reasons = (await auditOf('session.mfa_failed')).map((r) => (r.data as { reason: string }).reason);
    expect(reasons).toContain('code_reused');
    // The pending sign-in still works with a new code.
    expect((await stepTwo(second.pending, await freshTotpCode(t.deps, email))).statusCode).toBe(200);
  });

  it('accepts a code once when two requests race with it', async () => {
    const email = 'auditor@demo.delegate.test';
    for (let round = 0; round < 3; round++) {
      const code = await freshTotpCode(t.deps, email);
      const pendings = await Promise.all([pendingOf(email), pendingOf(email), pendingOf(email)]);
      const answers = await Promise.all(pendings.map((p) => stepTwo(p.pending, code)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
      expect(answers.filter((a) => cookieFrom(a.headers['set-cookie'], 'delegate_session')).length).toBe(1);
    }
  });

  it('counts wrong codes toward the lockout and answers every refusal alike', async () => {
    const email = 'inspector@demo.delegate.test';
    const { pending } = await pendingOf(email);
    const noPending = await stepTwo(null, '123456');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await stepTwo(pending, i % 2 ? 'abcdef' : '000000'));
    const withoutRef = (body: string) => ({ ...JSON.parse(body), auditId: undefined });
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      expect(withoutRef(a.body)).toEqual(withoutRef(noPending.body));
    }
    // Locked: even the right code fails, and step one answers as for an unknown account.
    expect((await stepTwo(pending, await freshTotpCode(t.deps, email))).statusCode).toBe(401);
    const locked = await stepOne(email);
    const unknown = await stepOne('nobody@demo.delegate.test', 'whatever');
    expect(locked.statusCode).toBe(401);
    expect(withoutRef(locked.body)).toEqual(withoutRef(unknown.body));
    const lockRows = (await auditOf('user.locked')).filter((r) => r.resource_id !== null);
    expect(lockRows.length).toBeGreaterThan(0);
    expect((await unlockUser(t.deps, operator('test'), { email })).ok).toBe(true);
    await signInOverHttp(app, email);
  });

  it('does not let a correct password reset the count of wrong codes', async () => {
    const email = 'officer@demo.delegate.test';
    for (let i = 0; i < 2; i++) {
      const { pending } = await pendingOf(email);
      expect((await stepTwo(pending, '111111')).statusCode).toBe(401);
      expect((await stepTwo(pending, '222222')).statusCode).toBe(401);
    }
    const { pending } = await pendingOf(email);
    expect((await stepTwo(pending, '333333')).statusCode).toBe(401);
    expect((await stepOne(email)).statusCode).toBe(401); // fifth failure locked the account
    expect((await unlockUser(t.deps, operator('test'), { email })).ok).toBe(true);
  });

  it('ends a pending sign-in after five minutes', async () => {
    const email = 'program@demo.delegate.test';
    const { pending } = await pendingOf(email);
    t.clock.advance(PENDING_SIGN_IN_MS + 1000);
    expect((await stepTwo(pending, await freshTotpCode(t.deps, email))).statusCode).toBe(401);
    const reasons = (await auditOf('session.mfa_failed')).map((r) => (r.data as { reason: string }).reason);
    expect(reasons).toContain('no_pending_sign_in');
  });

  it('enrols an account without MFA at its first sign-in, showing the key only then', async () => {
    const email = 'new.analyst@ice.example.gov';
    const password = 'quiet-harbor-lamp-2291';
    const created = await createUser(t.deps, operator('test'), {
      email,
      displayName: 'New Analyst',
      role: 'auditor',
      password,
    });
    expect(created.ok).toBe(true);
    const first = await pendingOf(email, password);
    expect(first.body.next).toBe('enrol');
    const { secret, otpauthUri } = first.body.enrolment as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Delegate:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(
      cookieFrom((await stepOne(email, password)).headers['set-cookie'], 'delegate_session'),
    ).toBeUndefined();

    // A code from another key does not enrol.
    expect((await stepTwo(first.pending, await totpCode(DEMO_TOTP_SECRET, t.clock.now()))).statusCode).toBe(
      401,
    );
    const done = await stepTwo(first.pending, await freshTotpCode(t.deps, email, secret));
    expect(done.statusCode).toBe(200);
    expect(JSON.stringify(done.json())).not.toContain(secret);

    const row = await t.store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(row.totp_enrolled_at).not.toBeNull();
    expect(row.totp_secret).not.toContain(secret);
    const enrolled = (await auditOf('session.mfa_enrolled')).filter((r) => r.resource_id === row.user_id);
    expect(enrolled.map((r) => r.data)).toEqual([{ method: 'totp', via: 'sign_in' }]);

    // From now on: a code, and never the key again.
    const again = await pendingOf(email, password);
    expect(again.body).toMatchObject({ next: 'mfa' });
    expect(again.body.enrolment).toBeUndefined();
    expect((await stepTwo(again.pending, await freshTotpCode(t.deps, email, secret))).statusCode).toBe(200);
    const audit = await t.store.db.selectFrom('audit_events').select('data').execute();
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
