/**
 * The public dashboard `/statistics` in Chromium without sign-in, over the demo release: every
 * table of the release is shown (each measure, by model and by state, per quarter) with the
 * published values, every count a multiple of 10; the CSV downloads carry the same rounded counts
 * and the data dictionary with the methodology note; no personal data (names, identifiers, dates
 * of birth, encounter or subject ids, officers) appears on the page or in any download; axe-core
 * finds no serious violation; and at a 375 px phone viewport the body does not scroll sideways.
 */
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';

interface Release {
  releaseId: string | null;
  methodology: string[];
  tables: Array<{
    id: string;
    title: string;
    dimensions: string[];
    cells: Array<{ key: string[]; value: number }>;
  }>;
}

/** Parses the simple CSV the server writes (quoted fields may hold commas, quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe.runIf(chromiumAvailable())('the public statistics dashboard in Chromium', () => {
  let t: TestDb;
  let e2e: E2e;
  let base: string;
  let browser: Browser;
  let release: Release;
  /** Strings that would identify a person or a record: none may be published. */
  let personal: string[];

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
    ({ base, browser } = e2e);
    const answer = await e2e.app.inject({ method: 'GET', url: '/api/v1/public-stats' });
    expect(answer.statusCode).toBe(200);
    release = answer.json() as Release;
    const subjects = await t.store.db
      .selectFrom('subjects')
      .select(['subject_id', 'first_name', 'last_name', 'dob', 'a_number', 'fbi_number'])
      .execute();
    const encounters = await t.store.db
      .selectFrom('encounters')
      .select(['encounter_id', 'subject_id'])
      .execute();
    const officers = await t.store.db.selectFrom('officers').select(['display_name', 'badge']).execute();
    personal = [
      ...subjects.flatMap((s) => [s.subject_id, `${s.first_name} ${s.last_name}`, s.a_number, s.fbi_number]),
      ...encounters.flatMap((e) => [e.encounter_id, e.subject_id]),
      ...officers.flatMap((o) => [o.display_name, o.badge]),
    ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
    expect(encounters.length).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  const anonymous = async (viewport?: { width: number; height: number }): Promise<Page> => {
    // No sign-in; CSP bypassed only so that axe-core can be injected.
    const context = await browser.newContext({
      bypassCSP: true,
      acceptDownloads: true,
      ...(viewport ? { viewport } : {}),
    });
    return context.newPage();
  };
  const expectNoPersonalData = (text: string) => {
    for (const p of personal) expect(text, 'published text holds a personal identifier').not.toContain(p);
    // No A-number or date of birth shape either.
    expect(text).not.toMatch(/\bA\d{8,9}\b/);
  };
  const expectRounded = (values: number[]) => {
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v % 10, `count ${v}`).toBe(0);
  };

  it('the release has rounded tables on fixed dimensions only', () => {
    expect(release.releaseId).not.toBeNull();
    expect(release.tables.length).toBeGreaterThan(0);
    for (const table of release.tables) {
      expect(table.dimensions[0]).toBe('measure');
      for (const d of table.dimensions) expect(['measure', 'model', 'state', 'quarter']).toContain(d);
      expectRounded(table.cells.map((c) => c.value));
    }
  });

  it('shows every table of the release without sign-in, each count a multiple of 10', async () => {
    const page = await anonymous();
    await page.goto(`${base}/statistics`);
    const measureSelect = page.getByLabel('Measure');
    await measureSelect.waitFor();
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await page.getByTestId('header-user').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const options = await measureSelect
      .locator('option')
      .evaluateAll((os) =>
        os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
      );
    const published = new Set(release.tables.flatMap((t) => t.cells.map((c) => c.key[0])));
    expect(new Set(options.map((o) => o.value))).toEqual(published);
    for (const by of ['model', 'state'] as const) {
      await page.getByLabel('Break down by').selectOption(by);
      for (const { value: measure, text } of options) {
        await measureSelect.selectOption(measure);
        const kind = measure === 'encounters' || measure === 'detainers_issued' ? 'records' : 'subjects';
        const table = release.tables.find((x) => x.id === `${kind}-by-${by}-quarter`)!;
        const grid = page.locator('table.data-table');
        await expect
          .poll(() => grid.locator('caption').textContent())
          .toContain(`${text} by ${by} and quarter`);
        const shown = await grid
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
          );
        // Every column but the last (the share) is a count: as published, a multiple of 10.
        const counts = shown.flatMap((cells) => cells.slice(0, -1).map((c) => Number(c.replaceAll(',', ''))));
        expectRounded(counts);
        const expected = table.cells.filter((c) => c.key[0] === measure).map((c) => c.value);
        expect(counts.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      }
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    expectNoPersonalData(await page.content());
    await page.context().close();
  }, 150_000);

  it('downloads each table as CSV with the same rounded counts, and the dictionary with the methodology', async () => {
    const page = await anonymous();
    await page.goto(`${base}/statistics`);
    await page.getByRole('heading', { name: 'Downloads' }).waitFor();
    const download = async (name: string | RegExp) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name }).click(),
      ]);
      return { name: file.suggestedFilename(), text: await fs.readFile((await file.path())!, 'utf8') };
    };

    for (const table of release.tables) {
      const csv = await download(`${table.title} (CSV)`);
      expect(csv.name).toBe(`${table.id}.csv`);
      const [header, ...rows] = parseCsv(csv.text).filter((r) => r.length > 1);
      expect(header).toEqual(['table', ...table.dimensions, 'count', 'percent_of_total']);
      const count = header!.indexOf('count');
      const values = rows.map((r) => Number(r[count]));
      expectRounded(values);
      expect(values).toEqual(table.cells.map((c) => c.value));
      expectNoPersonalData(csv.text);
    }

    const dictionary = await download('Data dictionary and methodology (CSV)');
    expect(dictionary.name).toBe('public-stats-dictionary.csv');
    const rows = parseCsv(dictionary.text).filter((r) => r.length > 1);
    expect(rows[0]).toEqual(['column', 'meaning']);
    const terms = new Map(rows.map((r) => [r[0], r[1]]));
    for (const column of ['measure', 'model', 'state', 'quarter', 'count', 'percent_of_total'])
      expect(terms.get(column), column).toBeTruthy();
    for (const [i, m] of release.methodology.entries()) expect(terms.get(`methodology ${i + 1}`)).toBe(m);
    expect(dictionary.text).toContain('rounded to the nearest 10');
    expectNoPersonalData(dictionary.text);
    await page.context().close();
  });

  /** Document width and serious axe violations at a 375 px viewport, with each breakdown shown. */
  const atPhoneWidth = async () => {
    const page = await anonymous({ width: 375, height: 740 });
    await page.goto(`${base}/statistics`);
    await page.locator('table.data-table').waitFor();
    const widths: number[] = [];
    for (const by of ['model', 'state'] as const) {
      await page.getByLabel('Break down by').selectOption(by);
      await expect.poll(() => page.locator('table.data-table caption').textContent()).toContain(`by ${by}`);
      widths.push(
        await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)),
      );
    }
    const violations = await seriousA11yViolations(page);
    await page.context().close();
    return { widest: Math.max(...widths), violations };
  };

  it('is readable on a phone: at 375 px nothing scrolls the body sideways, axe passes', async () => {
    const { widest, violations } = await atPhoneWidth();
    expect(widest).toBeLessThanOrEqual(375);
    expect(violations).toEqual([]);
  });
});
