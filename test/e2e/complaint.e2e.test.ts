/**
 * The public complaint form in real Chromium, without sign-in, in English and in Spanish: the
 * browser's own checks, the anonymous submission, the reference shown and stored, and axe-core
 * on every state of the page; then the program office's queue (acknowledge, forward to OPR, close).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { REFERENCE_PATTERN } from '../../src/domain/oversight.ts';
import { buildServer } from '../../src/http/server.ts';
import { chromiumAvailable, launchChromium, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { signInInBrowser } from '../support/sign-in.ts';

describe.runIf(chromiumAvailable())('the public complaint form in Chromium', () => {
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
  const stored = (reference: string) =>
    t.store.db.selectFrom('complaints').selectAll().where('reference', '=', reference).executeTakeFirst();

  it('refuses an incomplete complaint in English, then files an anonymous one and shows its reference', async () => {
    await page.goto(`${base}/complaint`);
    const form = page.getByTestId('complaint-form');
    await form.waitFor();
    expect(await page.getByTestId('complaint-page').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.title()).toContain('File a complaint');
    await expectAccessible();

    const narrative = form.getByLabel(/Describe what happened/);
    await narrative.fill('Too short');
    await form.getByRole('button', { name: 'Submit complaint' }).click();
    // The browser refuses a description under 20 characters before anything is sent.
    expect(await narrative.evaluate((el: HTMLTextAreaElement) => el.validity.tooShort)).toBe(true);
    expect(await t.store.db.selectFrom('complaints').select('complaint_id').execute()).toEqual([]);

    await narrative.fill('A deputy at the county jail refused to let me call my lawyer during booking.');
    await form.getByLabel(/Where it happened/).fill('County jail, intake area');
    await form.getByRole('button', { name: 'Submit complaint' }).click();
    const reference = (await page.getByTestId('complaint-reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_PATTERN);
    expect(await page.getByTestId('complaint-received').textContent()).toContain(
      'Your complaint was received',
    );
    await expectAccessible();
    expect(await stored(reference)).toMatchObject({
      channel: 'public_form',
      language: 'en',
      location: 'County jail, intake area',
      contact_name: null,
      contact_email: null,
      status: 'received',
    });
  });

  it('switches to Spanish and files a complaint with a contact in Spanish', async () => {
    await page.goto(`${base}/complaint`);
    await page.getByTestId('complaint-language').getByRole('link', { name: 'Español' }).click();
    await expect.poll(() => page.getByTestId('complaint-page').getAttribute('lang')).toBe('es');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('es');
    await expect.poll(() => page.title()).toContain('Presentar una queja');
    const form = page.getByTestId('complaint-form');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Presentar una queja sobre un agente o una agencia 287(g)',
    );
    await expectAccessible();

    await form
      .getByLabel(/Describa lo ocurrido/)
      .fill('Un agente me retuvo en la cárcel sin explicarme el motivo ni permitirme llamar a mi familia.');
    await form.getByLabel(/Correo electrónico/).fill('no-es-un-correo');
    await form.getByRole('button', { name: 'Enviar la queja' }).click();
    // type="email": the browser asks for a valid address first.
    expect(
      await form
        .getByLabel(/Correo electrónico/)
        .evaluate((el: HTMLInputElement) => el.validity.typeMismatch),
    ).toBe(true);
    await form.getByLabel(/Correo electrónico/).fill('denunciante@example.test');
    await form.getByLabel(/Su nombre/).fill('Persona Sintética');
    await form.getByRole('button', { name: 'Enviar la queja' }).click();

    const reference = (await page.getByTestId('complaint-reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_PATTERN);
    expect(await page.getByTestId('complaint-received').textContent()).toContain('Hemos recibido su queja');
    await expectAccessible();
    expect(await stored(reference)).toMatchObject({
      language: 'es',
      contact_name: 'Persona Sintética',
      contact_email: 'denunciante@example.test',
    });
  });

  it('shows the server’s refusal (a date in the future) without losing what was written', async () => {
    await page.goto(`${base}/complaint?lang=en`);
    const form = page.getByTestId('complaint-form');
    await form
      .getByLabel(/Describe what happened/)
      .fill('An officer searched my vehicle without stating any reason.');
    // The date field's max is today in the browser; remove it to reach the server's own check.
    const date = form.getByLabel(/Date it happened/);
    await date.evaluate((el: HTMLInputElement) => el.removeAttribute('max'));
    await date.fill('2099-01-01');
    await form.getByRole('button', { name: 'Submit complaint' }).click();
    await expect.poll(() => page.getByTestId('complaint-error').textContent()).toContain('future');
    expect(await form.getByLabel(/Describe what happened/).inputValue()).toContain('searched my vehicle');
    await expectAccessible();
  });

  it('lets the program office acknowledge, forward and close a filed complaint from the queue', async () => {
    const [first] = await t.store.db
      .selectFrom('complaints')
      .select(['complaint_id', 'reference'])
      .orderBy('received_at')
      .execute();
    const staff = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signInInBrowser(staff, base, 'program@demo.delegate.test', app);
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    const row = staff.locator(`tr[data-complaint-id="${first!.complaint_id}"]`);
    await row.waitFor();
    expect(await row.locator('th').textContent()).toBe(first!.reference);
    expect(await seriousA11yViolations(staff)).toEqual([]);
    await row.getByRole('button', { name: `Acknowledge ${first!.reference}` }).click();
    await expect.poll(() => row.locator('[data-field="status"]').textContent()).toBe('Acknowledged');
    await row.getByRole('button', { name: `Forward ${first!.reference} to OPR` }).click();
    await expect.poll(() => row.locator('[data-field="status"]').textContent()).toBe('Forwarded to OPR');
    await row.getByLabel('Outcome').selectOption('not_sustained');
    await row.getByLabel('Summary').fill('OPR found the allegation not sustained.');
    await row.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(() => row.locator('[data-field="status"]').textContent())
      .toBe('Closed (Not sustained)');
    expect(await seriousA11yViolations(staff)).toEqual([]);
    const events = await t.store.db
      .selectFrom('complaint_events')
      .select('kind')
      .where('complaint_id', '=', first!.complaint_id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['received', 'acknowledged', 'forwarded', 'closed']);
    await staff.context().close();
  });
});
