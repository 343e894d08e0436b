/**
 * Agency single sign-on end to end in Chromium: the sign-in page lists the agency's provider,
 * the button waits for the system-use notice, the provider's own login page (oidc-provider's
 * development pages on loopback) signs the officer in, and — since that page reports no second
 * factor — Delegate asks for its own TOTP code before the officer lands signed in. A provider
 * account that matches no Delegate account comes back to a plain refusal message.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOidcProvider } from '../../src/app/accounts/oidc-add-provider.ts';
import { oidcDeps } from '../../src/app/accounts/oidc-config.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { startTestProvider, type TestProvider } from '../accounts/oidc-test-provider.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { freshTotpCode } from '../support/sign-in.ts';

const OFFICER = 'officer@demo.delegate.test';

describe.runIf(chromiumAvailable())('single sign-on through an agency identity provider in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let idp: TestProvider;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const op = operator('e2e');
    const seeded = await seedDemo(t.deps, op);
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    idp = await startTestProvider({
      redirectUri: `${base}/api/v1/oidc/demo-agency/callback`,
      interactive: true,
      accounts: [
        { sub: 'jem-officer', email: OFFICER, emailVerified: true },
        { sub: 'stranger', email: 'stranger@demo.delegate.test', emailVerified: true },
      ],
    });
    t.deps.oidc = oidcDeps({ publicUrl: base, env: { DEMO_IDP_SECRET: idp.clientSecret } });
    const agency = await t.deps.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', OFFICER)
      .executeTakeFirstOrThrow();
    const added = await addOidcProvider(t.deps, op, {
      providerId: 'demo-agency',
      displayName: 'Demo County Sheriff',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretRef: 'env:DEMO_IDP_SECRET',
      agencyId: agency.agency_id,
      emailDomains: ['demo.delegate.test'],
    });
    if (!added.ok) throw new Error(added.error.userMessage);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
    await t?.close();
  });

  /** A fresh browser (no provider session), at the sign-in page with the notice acknowledged. */
  async function atSignIn(): Promise<Page> {
    // axe-core is injected as a script; the server's CSP (default-src 'self') would block it.
    const context = await browser.newContext({ bypassCSP: true });
    // The provider's development page imports a web font; the test runs offline.
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    const sso = page.getByTestId('sso-signin');
    const button = sso.getByRole('button', { name: 'Sign in with Demo County Sheriff' });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page
      .getByTestId('signin-form')
      .getByLabel(/I understand and consent/)
      .check();
    expect(await button.isEnabled()).toBe(true);
    return page;
  }

  async function atProvider(page: Page, login: string) {
    await page.getByRole('button', { name: 'Sign in with Demo County Sheriff' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password at the test provider');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('signs an officer in through the provider, then Delegate’s own code, and lands signed in', async () => {
    const page = await atSignIn();
    await atProvider(page, 'jem-officer');
    const form = page.getByTestId('sso-mfa-form');
    await form.waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByLabel('Authentication code').fill(await freshTotpCode(t.deps, OFFICER));
    await form.getByRole('button', { name: /verify/i }).click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(new URL(page.url()).pathname).toBe('/home');
    const cookies = await page.context().cookies(base);
    const session = cookies.find((c) => c.name === 'delegate_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const types = (
      await t.deps.db.selectFrom('audit_events').select('type').orderBy('seq', 'desc').limit(6).execute()
    ).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'session.oidc_subject_bound',
        'session.banner_acknowledged',
        'session.oidc_authenticated',
        'session.signed_in',
      ]),
    );
  });

  it('brings a provider account that matches no Delegate account back to a plain message', async () => {
    const page = await atSignIn();
    await atProvider(page, 'stranger');
    const error = page.getByTestId('sso-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('no active Delegate account may use it');
    expect(await page.context().cookies(base)).not.toContainEqual(
      expect.objectContaining({ name: 'delegate_session' }),
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
