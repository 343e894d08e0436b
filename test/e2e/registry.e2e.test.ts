/**
 * The public registry and sign-in, driven in real Chromium against a real server on loopback
 * with the synthetic demo data. axe-core checks every page visited.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { freshTotpCode } from '../support/sign-in.ts';

describe.runIf(chromiumAvailable())('registry and sign-in in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    // axe-core is injected as a script; the server's CSP (default-src 'self') would block it.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  const expectAccessible = async () => expect(await seriousA11yViolations(page)).toEqual([]);
  const number = async (testId: string) => Number(await page.getByTestId(testId).textContent());

  it('shows counts by model, the map, the chart and the table without signing in', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => number('counts-total-agreements')).toBeGreaterThan(0);
    const api = await (await fetch(`${base}/api/v1/registry/counts`)).json();
    for (const m of ['JEM', 'WSO', 'TFM'] as const) {
      expect(await number(`counts-${m}-agreements`)).toBe(api.models[m].agreements);
    }
    await expect
      .poll(() => page.getByTestId('registry-map').locator('path').count())
      .toBeGreaterThanOrEqual(50);
    await expect.poll(() => page.getByTestId('registry-chart').locator('svg').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('agreements-table').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await expectAccessible();
  });

  it('answers for an earlier date when the as-of date changes', async () => {
    const latest = await number('counts-total-agreements');
    await page.getByLabel('As of').fill('2025-01-06');
    await expect.poll(() => number('counts-total-agreements')).toBeLessThan(latest);
  });

  it('opens an agency page with its history', async () => {
    await page.goto(`${base}/`);
    const link = page.getByTestId('agreements-table').locator('tbody tr a').first();
    await link.waitFor();
    const name = ((await link.textContent()) ?? '').trim();
    await link.click();
    await expect.poll(() => page.getByTestId('agency-name').textContent()).toContain(name);
    await expect.poll(() => page.getByTestId('agency-history').textContent()).not.toBe('');
    await expectAccessible();
  });

  it('shows the banner, refuses a wrong password and a wrong code, then signs in with MFA', async () => {
    await page.goto(`${base}/sign-in`);
    await expectAccessible();
    expect(await page.getByTestId('signin-banner').textContent()).toMatch(/U\.S\. Government/);
    const form = page.getByTestId('signin-form');
    const consent = form.getByLabel(/I understand and consent/);
    await form.getByLabel('Email').fill('supervisor@demo.delegate.test');
    await form.getByLabel('Password').fill('wrong password');
    // The acknowledgement is required: the browser will not submit without it.
    await form.getByRole('button', { name: /sign in/i }).click();
    expect(await consent.evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    await consent.check();
    await form.getByRole('button', { name: /sign in/i }).click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/not correct/);

    await form.getByLabel('Password').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: /sign in/i }).click();
    const mfa = page.getByTestId('mfa-form');
    await mfa.waitFor();
    await expectAccessible();
    await mfa.getByLabel('Authentication code').fill('000000');
    await mfa.getByRole('button', { name: /verify/i }).click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/not correct/);
    await mfa
      .getByLabel('Authentication code')
      .fill(await freshTotpCode(t.deps, 'supervisor@demo.delegate.test'));
    await mfa.getByRole('button', { name: /verify/i }).click();
    await expect
      .poll(() => page.getByTestId('signed-in-user').textContent())
      .toMatch(/ICE Supervisor \(demo\)/);
    expect(await page.getByTestId('signed-in-user').textContent()).toMatch(/ice_supervisor|ICE supervisor/i);
    await expectAccessible();
  });

  it('enrols an account without MFA: shows the key once, then signs in with its first code', async () => {
    const email = 'enrol.e2e@ice.example.gov';
    const password = 'quiet-harbor-lamp-2291';
    const created = await createUser(t.deps, operator('test'), {
      email,
      displayName: 'Enrolling Analyst (e2e)',
      role: 'auditor',
      password,
    });
    if (!created.ok) throw new Error(created.error.userMessage);
    const fresh = await (await browser.newContext({ bypassCSP: true })).newPage();
    await fresh.goto(`${base}/sign-in`);
    const form = fresh.getByTestId('signin-form');
    await form.getByLabel(/I understand and consent/).check();
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: /sign in/i }).click();
    const mfa = fresh.getByTestId('mfa-form');
    await mfa.waitFor();
    const secret = (await fresh.getByTestId('mfa-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await fresh.getByTestId('mfa-uri').textContent()).toMatch(/^otpauth:\/\/totp\//);
    expect(await fresh.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await seriousA11yViolations(fresh)).toEqual([]);
    await mfa.getByLabel('Authentication code').fill(await freshTotpCode(t.deps, email, secret));
    await mfa.getByRole('button', { name: /verify/i }).click();
    await expect.poll(() => fresh.getByTestId('signed-in-user').textContent()).toMatch(/Enrolling Analyst/);
    await fresh.context().close();
  });
});
