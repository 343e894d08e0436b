import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';

describe.runIf(chromiumAvailable())('TFM field work in Chromium', () => {
  let t: TestDb;
  let base: string;
  let county: string;
  let officer: Page;
  let supervisor: Page;

  let e2e: E2e;
  const signIn = (email: string): Promise<Page> => e2e.signIn(email);

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    const area = await t.store.db.selectFrom('moa_versions').select('area_jurisdictions').execute();
    county = area.flatMap((a) => a.area_jurisdictions)[0]!;
    e2e = await startE2e(t.deps);
    ({ base } = e2e);
    officer = await signIn('tfm-officer@demo.delegate.test');
    supervisor = await signIn('supervisor@demo.delegate.test');
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);
  const status = (page: Page) => page.getByTestId('case-status').getAttribute('data-status');
  const form = (page: Page, testId: string): Locator => page.getByTestId('case-actions').getByTestId(testId);

  async function openCase(page: Page, caseId: string) {
    await page.goto(`${base}/field/cases/${caseId}`);
    await page.getByTestId('case-title').waitFor();
  }

  /** Submits a step form and waits for the case to be at `next`. */
  async function submit(page: Page, f: Locator, button: string, next: string) {
    // The success message shows before the case has reloaded; the new timeline entry shows after.
    const entries = () => page.getByTestId('case-timeline').locator('li[data-kind]').count();
    const before = await entries();
    await f.getByRole('button', { name: button }).click();
    await expect.poll(() => page.getByTestId('case-message').textContent()).toBeTruthy();
    await expect.poll(entries).toBeGreaterThan(before);
    await expect.poll(() => status(page)).toBe(next);
  }

  /** Fills the encounter form (ten minutes before the server's clock). */
  async function fillEncounter(f: Locator, jurisdiction: string, lastName: string) {
    const when = new Date(t.clock.now().getTime() - 10 * 60_000).toISOString().slice(0, 16);
    await f.getByLabel('When (UTC)').fill(when);
    await f.getByLabel('Jurisdiction (county or city)').fill(jurisdiction);
    await f.getByLabel('Location').fill('Route 9 northbound at mile marker 14');
    await f.getByLabel('Lawful basis').selectOption('traffic_violation');
    await f
      .getByLabel(/Facts of the basis/)
      .fill('Vehicle travelling 71 mph in a posted 45 mph zone; no valid licence.');
    await f.getByLabel('First name').fill('Marisol');
    await f.getByLabel('Last name').fill(lastName);
    await f.getByLabel('Date of birth').fill('1990-02-11');
    await f.getByLabel('Sex').selectOption('F');
  }

  it('walks encounter → interview → warrantless arrest → other examiner → advisals → I-213 → ICE approval', async () => {
    const links = (page: Page) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    await expect.poll(() => links(officer)).toEqual(expect.arrayContaining(['Field']));
    await expect.poll(() => links(supervisor)).toEqual(expect.arrayContaining(['TFM report']));

    // Outside the area of responsibility: refused by the engine with the area rule; nothing written.
    await officer.goto(`${base}/field`);
    const encounter = officer.getByTestId('form-encounter');
    await encounter.waitFor();
    await expectAccessible(officer);
    const before = Number(
      (
        await t.store.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await fillEncounter(encounter, 'Some Other County', 'Fennimore-e2e');
    await encounter.getByRole('button', { name: 'Record the encounter' }).click();
    await expect.poll(() => encounter.getByRole('alert').textContent()).toMatch(/place\.outside-area/);
    expect(await encounter.getByRole('alert').textContent()).toMatch(/TFM-DEFAULT:area-of-responsibility/);
    const after = Number(
      (
        await t.store.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);

    // Inside the area: recorded, and the officer lands on the field case.
    await encounter.getByLabel('Jurisdiction (county or city)').fill(county);
    await encounter.getByRole('button', { name: 'Record the encounter' }).click();
    await officer.waitForURL(/\/field\/cases\//);
    await officer.getByTestId('case-title').waitFor();
    const caseId = officer.url().split('/field/cases/')[1]!;
    expect(await status(officer)).toBe('encountered');
    expect(await officer.getByTestId('encounter-basis').textContent()).toMatch(/Traffic violation/);
    await expectAccessible(officer);

    // Interview, then the warrantless arrest with its justification.
    const interview = form(officer, 'form-interview');
    await interview.getByLabel('Primary language').fill('Spanish');
    await interview.getByLabel('Limited').check();
    await interview.getByLabel('Interpreter’s name or identifier').fill('Certified interpreter 4411');
    await interview.getByLabel('How').selectOption('telephone');
    await interview.getByLabel(/Purpose of the interview/).check();
    await interview.getByLabel('Right to remain silent').check();
    await interview.getByLabel('Subject declines notification').check();
    await submit(officer, interview, 'Record the interview', 'interviewed');
    const arrest = form(officer, 'form-tfm-arrest');
    await arrest
      .getByLabel(/likely to escape/)
      .fill('No fixed address, stated intent to leave the state tonight, two prior failures to appear.');
    await submit(officer, arrest, 'Record the arrest', 'arrested');
    expect(await officer.getByTestId('tfm-examination').textContent()).toMatch(/Not yet examined/);

    // The ICE supervisor, not the arresting officer, examines the person.
    await openCase(supervisor, caseId);
    await expectAccessible(supervisor);
    await submit(supervisor, form(supervisor, 'form-tfm-examination'), 'Record the examination', 'arrested');
    expect(await supervisor.getByTestId('tfm-examination').textContent()).toMatch(
      /other than the arresting officer/,
    );

    // The officer records the 287.3(c) advisals, the determination and the I-213.
    await openCase(officer, caseId);
    const advisals = form(officer, 'form-tfm-advisals');
    await advisals.getByLabel('The reasons for the arrest').check();
    await advisals.getByLabel('The right to counsel at no expense to the government').check();
    await advisals.getByLabel(/The list of free legal services/).check();
    await submit(officer, advisals, 'Record the advisals', 'arrested');
    expect(await officer.getByTestId('tfm-advisals').textContent()).toMatch(/Given in Spanish/);
    const determination = form(officer, 'form-determination');
    await determination.getByLabel('Removable').check();
    await determination
      .getByLabel('Reason')
      .fill('Admitted entry without inspection in 2021; no lawful status found.');
    await submit(officer, determination, 'Record the determination', 'removable');
    const i213 = form(officer, 'form-i213');
    await i213
      .getByLabel(/Narrative/)
      .fill('Stopped for speeding; admitted entry without inspection in 2021; arrested as likely to escape.');
    await submit(officer, i213, 'Submit the I-213 for ICE review', 'i213_submitted');

    // ICE approves the I-213.
    await openCase(supervisor, caseId);
    const review = form(supervisor, 'form-i213-review');
    await review.getByLabel('Approve').check();
    await submit(supervisor, review, 'Record the review', 'i213_approved');
    const kinds = await supervisor
      .getByTestId('case-timeline')
      .locator('li[data-kind]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'case.encounter_recorded',
        'case.warrantless_arrest_recorded',
        'case.examination_recorded',
        'case.arrest_advisals_recorded',
        'case.i213_reviewed',
      ]),
    );

    // The supervisor report lists the arrest under the officer, examined by another officer.
    await supervisor.goto(`${base}/tfm-report`);
    const row = supervisor.getByTestId('report-officers').locator('tr[data-officer="Sam Whitlock (demo)"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['1', '0', '0']);
    expect(
      await supervisor.getByTestId('report-arrests').locator('tr[data-examination="other_officer"]').count(),
    ).toBe(1);
    await expectAccessible(supervisor);
  }, 120_000);
});
