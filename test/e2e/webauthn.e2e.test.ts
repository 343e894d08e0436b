/**
 * Security keys in real Chromium (security.md R2), with its virtual authenticator over CDP
 * (`WebAuthn.enable`, `WebAuthn.addVirtualAuthenticator`) against the server on loopback with
 * keys required: an ICE supervisor's password + code is answered "must use a security key"; the
 * supervisor registers a first key there and is signed in by it; the next sign-in uses the key
 * alone. The sign-in page states the deployment's key policy. A privileged action 6 minutes
 * after sign-in opens the re-authentication dialog, and goes through once it is answered (R7).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from '../../src/app/accounts/auth-config.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { freshTotpCode, signInInBrowser } from '../support/sign-in.ts';

const SUPERVISOR = 'supervisor@demo.delegate.test';

describe.runIf(chromiumAvailable())('security keys in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    // WebAuthn needs a domain as relying party id: `localhost` (a secure context over http).
    base = `http://localhost:${port}`;
    t.deps.auth = { ...DEFAULT_AUTH_CONFIG, origins: [base], phishingResistantRequired: true };
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  const passwordStep = async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('signin-banner').waitFor();
    const form = page.getByTestId('signin-form');
    await form.getByLabel(/I understand and consent/).check();
    await form.getByLabel('Email').fill(SUPERVISOR);
    await form.getByLabel('Password').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: /sign in/i }).click();
    await page.getByTestId('mfa-form').waitFor();
  };

  it('tells a supervisor with only a code to use a key, registers the first key, and signs in with it', async () => {
    await page.goto(`${base}/sign-in`);
    await expect(page.getByTestId('signin-key-policy').textContent()).resolves.toMatch(/ICE supervisors/);
    await passwordStep();
    const mfa = page.getByTestId('mfa-form');
    await mfa.getByLabel('Authentication code').fill(await freshTotpCode(t.deps, SUPERVISOR));
    await mfa.getByRole('button', { name: /verify/i }).click();
    await expect(page.getByTestId('signin-error').textContent()).resolves.toMatch(
      /phishing-resistant factor is required/i,
    );
    await page.getByTestId('mfa-use-key').click();
    // No key yet: the page offers to register one (the code was accepted).
    await page.getByRole('button', { name: 'Register security key and sign in' }).waitFor();
    await page.getByTestId('mfa-use-key').click();
    await page.getByTestId('signed-in-user').waitFor();
    const keys = await t.deps.db.selectFrom('webauthn_credentials').select('counter').execute();
    expect(keys).toHaveLength(1);
  });

  it('signs the supervisor in again with the key alone', async () => {
    await page.getByRole('button', { name: /sign out/i }).click();
    await passwordStep();
    await page.getByTestId('mfa-use-key').click();
    await page.getByTestId('signed-in-user').waitFor();
    const signIns = await t.deps.db
      .selectFrom('sessions')
      .select('mfa_method')
      .orderBy('created_at')
      .execute();
    expect(signIns.map((s) => s.mfa_method)).toEqual(['webauthn', 'webauthn']);
  });

  it('asks for re-authentication before a privileged action 6 minutes after sign-in, then does it', async () => {
    // The program office signs in with a code here: keys not required for this step.
    t.deps.auth = { ...DEFAULT_AUTH_CONFIG, origins: [base], phishingResistantRequired: false };
    const office = await browser.newContext();
    try {
      const p = await office.newPage();
      await signInInBrowser(p, base, 'program@demo.delegate.test', app);
      await p.goto(`${base}/officers`);
      await p
        .getByTestId('officer-pipeline')
        .locator('[data-stage="authorized"]')
        .getByRole('link', { name: 'Avery Lindqvist (demo)' })
        .click();
      await p.getByTestId('officer-actions').waitFor();
      t.clock.advance(6 * 60 * 1000);
      const actions = p.getByTestId('officer-actions');
      await actions.getByLabel('Reason for the revocation').fill('Step-up e2e');
      await actions.getByRole('button', { name: 'Revoke the officer’s authority' }).click();
      const dialog = p.getByTestId('step-up-dialog');
      await dialog.waitFor();
      await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
      await dialog
        .getByLabel('Authentication code')
        .fill(await freshTotpCode(t.deps, 'program@demo.delegate.test'));
      await dialog.getByRole('button', { name: 'Confirm with password and code' }).click();
      await expect.poll(() => p.getByTestId('officer-stage').getAttribute('data-stage')).toBe('revoked');
      const reauths = await t.deps.db
        .selectFrom('audit_events')
        .select('type')
        .where('type', '=', 'session.reauthenticated')
        .execute();
      expect(reauths).toHaveLength(1);
    } finally {
      await office.close();
    }
  });
});
