/**
 * Signing in as the tests do it: banner + password, then a TOTP code computed with otplib for
 * the server's injected clock. Demo accounts share DEMO_TOTP_SECRET; an account without MFA
 * enrols with the key the first step returns.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/app/accounts/totp.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/app/demo/seed-demo.ts';
import type { Deps } from '../../src/app/deps.ts';
import { TOTP_DRIFT_STEPS, TOTP_PERIOD_SECONDS } from '../../src/domain/session.ts';

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;

/** The first `name=value` pair of a Set-Cookie header for `name`, or undefined. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const hit = all.find((c) => c.startsWith(`${name}=`));
  const pair = hit?.split(';')[0];
  return pair && pair !== `${name}=` ? pair : undefined;
}

/**
 * A code the server will accept now for this account: the earliest time step within the allowed
 * drift that is later than the last one accepted (each code is accepted once). When every step in
 * the window is used, moves an adjustable test clock on to the next unused step.
 */
export async function freshTotpCode(deps: Deps, email: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const row = await deps.db
    .selectFrom('users')
    .select('totp_last_step')
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  const last = row?.totp_last_step == null ? -Infinity : Number(row.totp_last_step);
  let current = Math.floor(deps.clock.now().getTime() / STEP_MS);
  if (last >= current + TOTP_DRIFT_STEPS) {
    const clock = deps.clock as { advance?: (ms: number) => void };
    if (!clock.advance) throw new Error('every TOTP step in the window is used and the clock cannot move');
    const target = last + 1 + TOTP_DRIFT_STEPS;
    clock.advance((target - current) * STEP_MS);
    current = target;
  }
  const step = Math.max(current - TOTP_DRIFT_STEPS, last + 1);
  return totpCode(secret, new Date(step * STEP_MS));
}

export interface SignInOptions {
  password?: string;
  /** The account's TOTP key when it is not a demo account (enrolment needs none). */
  totpSecret?: string;
}

/** Signs in over HTTP (banner, password, TOTP; enrols first if needed); returns the `Cookie` header value. */
export async function signInOverHttp(
  app: FastifyInstance,
  email: string,
  opts: SignInOptions = {},
): Promise<string> {
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password: opts.password ?? DEMO_PASSWORD, acknowledgedBanner: true },
  });
  if (first.statusCode !== 200) throw new Error(`sign-in step one: ${first.statusCode} ${first.body}`);
  const pending = cookieFrom(first.headers['set-cookie'], 'delegate_mfa_pending');
  if (!pending) throw new Error('sign-in step one set no pending cookie');
  const body = first.json() as { next: 'mfa' | 'enrol'; enrolment?: { secret: string } };
  const secret = body.enrolment?.secret ?? opts.totpSecret ?? DEMO_TOTP_SECRET;
  const code = await freshTotpCode(app.delegateDeps, email, secret);
  const second = await app.inject({
    method: 'POST',
    url: '/api/v1/session/mfa',
    headers: { cookie: pending },
    payload: { code },
  });
  if (second.statusCode !== 200) throw new Error(`sign-in step two: ${second.statusCode} ${second.body}`);
  const session = cookieFrom(second.headers['set-cookie'], 'delegate_session');
  if (!session) throw new Error('sign-in step two set no session cookie');
  return session;
}

/**
 * Signs in through the web form in Chromium, against the in-process server `app` (whose clock
 * the code is computed for); resolves when the header shows the signed-in user.
 */
export async function signInInBrowser(
  page: Page,
  base: string,
  email: string,
  app: FastifyInstance,
  opts: SignInOptions = {},
): Promise<void> {
  await page.goto(`${base}/sign-in`);
  const form = page.getByTestId('signin-form');
  await page.getByTestId('signin-banner').waitFor();
  await form.getByLabel(/I understand and consent/).check();
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(opts.password ?? DEMO_PASSWORD);
  await form.getByRole('button', { name: /sign in/i }).click();
  const mfa = page.getByTestId('mfa-form');
  await mfa.waitFor();
  const code = await freshTotpCode(app.delegateDeps, email, opts.totpSecret ?? DEMO_TOTP_SECRET);
  await mfa.getByLabel('Authentication code').fill(code);
  await mfa.getByRole('button', { name: /verify/i }).click();
  await page.getByTestId('signed-in-user').waitFor();
}
