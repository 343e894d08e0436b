/**
 * Disabling an agency identity provider, seen in Chromium: an officer signed in through the
 * provider (its login page, then Delegate's own code) is signed out on the next page load once
 * the provider is disabled, and the sign-in page no longer offers its button; enabled again,
 * the button returns. The change is made through the same use cases `delegate oidc` calls.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOidcProvider } from '../../src/app/accounts/oidc-add-provider.ts';
import { oidcDeps } from '../../src/app/accounts/oidc-config.ts';
import { disableOidcProvider } from '../../src/app/accounts/oidc-disable-provider.ts';
import { enableOidcProvider } from '../../src/app/accounts/oidc-enable-provider.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { startTestProvider, type TestProvider } from '../accounts/oidc-test-provider.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { freshTotpCode } from '../support/sign-in.ts';

const OFFICER = 'officer@demo.delegate.test';
const OP = operator('e2e');
const BUTTON = 'Sign in with Demo County Sheriff';

describe.runIf(chromiumAvailable())('disabling an identity provider, in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let idp: TestProvider;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, OP);
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    idp = await startTestProvider({
      redirectUri: `${base}/api/v1/oidc/demo-agency/callback`,
      interactive: true,
      accounts: [{ sub: 'jem-officer', email: OFFICER, emailVerified: true }],
    });
    t.deps.oidc = oidcDeps({ publicUrl: base, env: { DEMO_IDP_SECRET: idp.clientSecret } });
    const agency = await t.deps.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', OFFICER)
      .executeTakeFirstOrThrow();
    const added = await addOidcProvider(t.deps, OP, {
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
    await t?.close();
  });

  it('signs the provider’s officer out, removes its button, and brings it back when enabled', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: BUTTON }).waitFor();
    await page
      .getByTestId('signin-form')
      .getByLabel(/I understand and consent/)
      .check();
    await page.getByRole('button', { name: BUTTON }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill('jem-officer');
    await page.locator('input[name="password"]').fill('any password at the test provider');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const form = page.getByTestId('sso-mfa-form');
    await form.waitFor();
    await form.getByLabel('Authentication code').fill(await freshTotpCode(t.deps, OFFICER));
    await form.getByRole('button', { name: /verify/i }).click();
    await page.getByTestId('signed-in-user').waitFor();

    const disabled = await disableOidcProvider(t.deps, OP, { providerId: 'demo-agency' });
    expect(disabled.ok && disabled.value.sessionsEnded).toBe(1);

    await page.reload();
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByTestId('signed-in-user').count()).toBe(0);
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('signin-form').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('button', { name: BUTTON }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    expect((await enableOidcProvider(t.deps, OP, { providerId: 'demo-agency' })).ok).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: BUTTON }).waitFor();
    await context.close();
  }, 120_000);
});
