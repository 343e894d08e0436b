/**
 * Agreements and officers, driven in real Chromium against a real server on loopback with the
 * synthetic demo data: the coordinator nominates an officer, the program office approves the
 * nomination, and an authorized demo officer's authority is explained. axe-core checks every
 * page visited.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { signInInBrowser } from '../support/sign-in.ts';

const NOMINEE = 'Morgan Ellery (e2e)';
const ITEMS = [
  'us_citizenship_verified',
  'background_investigation_passed',
  'experience_in_position',
  'no_pending_discipline',
] as const;

describe.runIf(chromiumAvailable())('agreements and officers in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);

  /** A fresh browser session signed in through the form. */
  async function signIn(email: string): Promise<Page> {
    // axe-core is injected as a script; the server's CSP (default-src 'self') would block it.
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await signInInBrowser(page, base, email, app);
    return page;
  }

  it('sends a signed-out visitor to sign-in', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/officers`);
    await page.waitForURL(/\/sign-in\?next=/);
    await expectAccessible(page);
  });

  it('lets the coordinator nominate an officer and see the nominee in the pipeline', async () => {
    const page = await signIn('coordinator@demo.delegate.test');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect
      .poll(() => nav.getByRole('link').allTextContents())
      .toEqual(expect.arrayContaining(['Registry', 'Agreements', 'Officers', 'Notifications']));
    await expectAccessible(page);

    await nav.getByRole('link', { name: 'Officers' }).click();
    const pipeline = page.getByTestId('officer-pipeline');
    await expect.poll(() => pipeline.locator('[data-officer-id]').count()).toBeGreaterThan(0);
    await page.getByTestId('refresher-due').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Nominate an officer' }).click();
    const form = page.getByTestId('nomination-form');
    await form.waitFor();
    await expectAccessible(page);
    await form.getByLabel('Officer’s name').fill(NOMINEE);
    await form.getByLabel('Model').selectOption('JEM');
    for (const item of ITEMS) {
      const fieldset = form.locator(`[data-item="${item}"]`);
      await fieldset.getByLabel('Yes').check();
      await fieldset.getByLabel('Evidence', { exact: true }).fill('personnel file reviewed');
      await fieldset.getByLabel('Date of evidence').fill('2026-10-01');
    }
    await form.getByRole('button', { name: 'Nominate the officer' }).click();

    await expect.poll(() => page.getByTestId('officer-name').textContent()).toBe(NOMINEE);
    await expect.poll(() => page.getByTestId('officer-stage').getAttribute('data-stage')).toBe('nominated');
    await expect.poll(() => page.getByTestId('officer-message').textContent()).toMatch(/nominated/);
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Officers' }).click();
    await expect
      .poll(() => page.getByTestId('officer-pipeline').locator('[data-stage="nominated"]').textContent())
      .toContain(NOMINEE);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agreements' }).click();
    const moas = page.getByTestId('moa-list');
    await expect.poll(() => moas.locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await moas.locator('tbody tr a').first().click();
    await expect.poll(() => page.getByTestId('moa-versions').locator('thead th').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('moa-clauses').locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('lets the program office approve the nomination', async () => {
    const page = await signIn('program@demo.delegate.test');
    await page.goto(`${base}/officers`);
    const nominee = page
      .getByTestId('officer-pipeline')
      .locator('[data-stage="nominated"]')
      .getByRole('link', { name: NOMINEE });
    await nominee.click();
    await expect.poll(() => page.getByTestId('officer-stage').getAttribute('data-stage')).toBe('nominated');
    await expectAccessible(page);

    await page.getByTestId('officer-actions').getByRole('button', { name: 'Approve the nomination' }).click();
    await expect.poll(() => page.getByTestId('officer-message').textContent()).toMatch(/approved/i);
    await expect.poll(() => page.getByTestId('officer-stage').getAttribute('data-stage')).toBe('approved');
    await expect
      .poll(() => page.getByTestId('officer-actions').getByRole('heading', { level: 3 }).allTextContents())
      .toContain('Enrol in a training class');
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await expect.poll(() => page.getByTestId('notifications').textContent()).toContain(NOMINEE);
    await expectAccessible(page);
  });

  it('explains what an authorized officer may do, here, now, and why', async () => {
    const page = await signIn('program@demo.delegate.test');
    await page.goto(`${base}/officers`);
    await page
      .getByTestId('officer-pipeline')
      .locator('[data-stage="authorized"]')
      .getByRole('link', { name: 'Avery Lindqvist (demo)' })
      .click();
    await page.getByRole('link', { name: /what may this officer do/i }).click();
    await page.getByLabel('Facility code').fill('MAIN');
    await page.getByRole('button', { name: 'Decide for this place' }).click();

    const table = page.getByTestId('officer-authority');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(16);
    await expect.poll(() => table.locator('tr[data-decision="allow"]').count()).toBeGreaterThan(0);
    await expect.poll(() => table.locator('tr[data-decision="deny"]').count()).toBeGreaterThan(0);
    expect(await table.locator('tr[data-action="interview"]').getAttribute('data-decision')).toBe('allow');
    const signWarrant = table.locator('tr[data-action="sign_warrant"]');
    expect(await signWarrant.getAttribute('data-decision')).toBe('deny');
    expect(await signWarrant.textContent()).toMatch(/287\.5\(e\)\(2\)/);
    await expectAccessible(page);
  });
});
