/**
 * The program office's measures screen `/measures` in Chromium over the demo: signed in as the
 * program office, every measure is shown with its definition and lineage in a disclosure, the
 * demo's figures are not empty (imported encounters and the demo's JEM/WSO casework), the
 * conviction-category table is there, and each table downloads as CSV and XLSX.
 */

import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { MEASURES } from '../../src/domain/measures.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';
import { signInInBrowser, signInOverHttp } from '../support/sign-in.ts';

const PROGRAM = 'program@demo.delegate.test';

describe.runIf(chromiumAvailable())('the measures screen in Chromium', () => {
  let t: TestDb;
  let e2e: E2e;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
    ({ base, browser } = e2e);
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  it('the demo casework feeds the encounters the measures count', async () => {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM encounters WHERE case_id IS NOT NULL AND superseded_seq IS NULL`.execute(
      t.store.db,
    );
    expect(r.rows[0]!.n).toBeGreaterThan(0);
  });

  it('shows every measure with its definition and lineage, and non-empty figures', async () => {
    await signInInBrowser(page, base, PROGRAM, e2e.app);
    await page.getByRole('link', { name: 'Measures' }).click();
    await page.getByRole('heading', { level: 1, name: 'Program measures' }).waitFor();
    await page.getByTestId('measures-summary').waitFor();
    for (const m of MEASURES) {
      const section = page.getByTestId(`measure-${m.id}`);
      await expect(section.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(m.title);
      const details = page.getByTestId(`definition-${m.id}`);
      await details.locator('summary').click();
      await expect(details.textContent()).resolves.toContain(m.definition);
      await expect(details.textContent()).resolves.toContain(m.lineage);
      await expect(section.getByRole('link', { name: 'CSV' }).count()).resolves.toBeGreaterThan(0);
    }
    const summary = (await page.getByTestId('measures-summary').textContent()) ?? '';
    const encounters = Number(/: ([\d,]+) encounters/.exec(summary)?.[1]?.replace(/,/g, '') ?? '0');
    expect(encounters).toBeGreaterThan(0);
    const identified = page.getByTestId('conviction-table').getByRole('row', { name: /Identified/ });
    await expect(identified.textContent()).resolves.toMatch(/[1-9]/);
  });

  it('downloads a table as CSV and XLSX; bad input is a 400 problem', async () => {
    const cookie = await signInOverHttp(e2e.app, PROGRAM);
    const csv = await e2e.app.inject({
      method: 'GET',
      url: '/api/v1/measures/export?measure=criminality&format=csv',
      headers: { cookie },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('from,to,model,state,agency,class,encounters');
    const xlsx = await e2e.app.inject({
      method: 'GET',
      url: '/api/v1/measures/export?measure=activity&format=xlsx',
      headers: { cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    for (const q of ['measure=nope&format=csv', 'measure=activity&format=pdf', 'from=2026-13']) {
      const bad = await e2e.app.inject({
        method: 'GET',
        url: `/api/v1/measures/export?${q}`,
        headers: { cookie },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
  });
});
