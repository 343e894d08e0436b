/**
 * The auditor's audit-trail page in real Chromium: signed in as the demo auditor, the trail
 * lists the latest events (the sign-in among them), a filter by event type narrows it, the
 * export link carries the same filters, and axe-core finds no serious violation. A role other
 * than auditor is offered no link and is told the page is not theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';

describe.runIf(chromiumAvailable())('the audit trail page in Chromium', () => {
  let t: TestDb;
  let e2e: E2e;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  it('lets the auditor search the trail by event type and export the same filter', async () => {
    const page = await e2e.signIn('auditor@demo.delegate.test');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expect.poll(() => page.title()).toContain('Audit trail');
    const table = page.getByTestId('audit-events');
    await table.waitFor();
    expect(await table.textContent()).toContain('session.signed_in');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const form = page.getByTestId('audit-filter');
    await form.getByLabel('Event type').fill('demo.seeded');
    await form.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toBe('1 event shown.');
    const types = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(types).toEqual(['demo.seeded']);
    const csv = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csv).toBe('/api/v1/audit/events/export?type=demo.seeded&format=csv');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Both searches are themselves in the trail, by the auditor.
    const searched = await t.store.db
      .selectFrom('audit_events')
      .select(['actor_role', 'data'])
      .where('type', '=', 'audit.searched')
      .orderBy('seq')
      .execute();
    expect(searched.map((r) => r.actor_role)).toEqual(['auditor', 'auditor']);
    expect(searched.at(-1)!.data).toMatchObject({ filters: 'type=demo.seeded', returned: 1 });
  }, 60_000);

  it('offers other roles no link, and the page says it is not theirs', async () => {
    const page = await e2e.signIn('program@demo.delegate.test');
    expect(await page.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);
    await page.goto(`${e2e.base}/audit`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Not permitted');
  }, 60_000);
});
