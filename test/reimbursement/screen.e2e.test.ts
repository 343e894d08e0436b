/**
 * The reimbursement screen in real Chromium on the demo data: the coordinator sees the
 * quarter's figures as dollars, records a claim the terms refuse and reads the reason, and the
 * ICE supervisor records a lead outcome. axe-core checks the page.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { seedDemoReimbursement } from '../../src/app/demo/seed-demo-reimbursement.ts';
import { operator } from '../../src/domain/actor.ts';
import { isoDate } from '../../src/domain/clock.ts';
import { quarterOfDate } from '../../src/domain/reimbursement.ts';
import { buildServer } from '../../src/http/server.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { signInInBrowser } from '../support/sign-in.ts';

describe.runIf(chromiumAvailable())('the reimbursement screen in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let quarter: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    const coord = await t.store.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', 'coordinator@demo.delegate.test')
      .executeTakeFirstOrThrow();
    const demo = await seedDemoReimbursement(t.deps, operator('test'), coord.agency_id!);
    if (!demo.ok) throw new Error(demo.error.userMessage);
    quarter = quarterOfDate(isoDate(t.clock.now()));
    app = await buildServer({ deps: t.deps, database: { kind: 'pglite' }, version: 'e2e' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  const open = async (email: string): Promise<Page> => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signInInBrowser(page, base, email, app);
    await page.goto(`${base}/reimbursement?quarter=${quarter}`);
    return page;
  };

  it('shows the coordinator the demo figures, and the reason when a claim is refused', async () => {
    const page = await open('coordinator@demo.delegate.test');
    const totals = page.getByTestId('reimbursement-totals');
    await totals.waitFor();
    await expect.poll(() => totals.textContent()).toContain('$71,450.00');
    const text = (await totals.textContent()) ?? '';
    expect(text).toContain('$70,450.00');
    expect(text).toContain('$1,000.00');
    expect(text).toContain('9 of 10 (90.00 %)');
    const row = page.getByTestId('reimbursement-officers').locator('tr', { hasText: 'Sam Whitlock (demo)' });
    expect(await row.textContent()).toContain('$21,250.00');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const form = page.getByTestId('claim-form');
    await form.getByLabel('Kind').selectOption('overtime');
    await form.getByLabel('Officer', { exact: true }).selectOption({ label: 'Sam Whitlock (demo)' });
    await form.getByLabel('Amount (dollars)').fill('17,250.01');
    await form.getByLabel('Officer’s annual salary (dollars)').fill('85,000');
    await form.getByLabel('What the claim is for').fill('Overtime on operations (synthetic)');
    await form.getByRole('button', { name: 'Record claim' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('25.00 % of the annual salary of $85,000.00');
    await expect.poll(() => totals.textContent()).toMatch(/Refused claims\s*3/);
  });

  it('lets the ICE supervisor record a lead outcome', async () => {
    const page = await open('supervisor@demo.delegate.test');
    const form = page.getByTestId('lead-form');
    await form.waitFor();
    await expect.poll(() => form.getByLabel('Officer').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Officer').selectOption({ label: 'Sam Whitlock (demo)' });
    await form.getByLabel('Lead assigned on').fill(isoDate(t.clock.now()));
    await form.getByLabel('Not located').check();
    await form.getByRole('button', { name: 'Record outcome' }).click();
    const flash = page.getByTestId('reimbursement-flash');
    await flash.waitFor();
    expect(await flash.textContent()).toContain(`Lead outcome recorded for ${quarter}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
