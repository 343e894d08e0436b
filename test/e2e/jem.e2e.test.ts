import type { FastifyInstance } from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { booking } from '../casework/support.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';
import { signInOverHttp } from '../support/sign-in.ts';

describe.runIf(chromiumAvailable())('JEM casework in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let base: string;
  let jail: string;
  let officer: Page;
  let supervisor: Page;

  let e2e: E2e;
  const signIn = (email: string): Promise<Page> => e2e.signIn(email);

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
    ({ app, base } = e2e);
    jail = await signInOverHttp(app, 'coordinator@demo.delegate.test');
    officer = await signIn('officer@demo.delegate.test');
    supervisor = await signIn('supervisor@demo.delegate.test');
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);

  /** The jail system sends a booking; answers its case id and booking number. */
  async function sendBooking(lastName: string): Promise<{ caseId: string; bookingNumber: string }> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { cookie: jail },
      payload: booking({}, { lastName }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { caseId: string; bookingNumber: string };
    expect(body.caseId).toBeTruthy();
    return body;
  }

  const status = (page: Page) => page.getByTestId('case-status').getAttribute('data-status');
  const form = (page: Page, testId: string): Locator => page.getByTestId('case-actions').getByTestId(testId);

  async function openCase(page: Page, caseId: string) {
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByTestId('case-title').waitFor();
  }

  /** Submits a step form and waits for the case to reach `next`. */
  async function submit(page: Page, f: Locator, button: string, next: string) {
    // The success message shows before the case has reloaded; the new timeline entry shows after.
    const entries = () => page.getByTestId('case-timeline').locator('li[data-kind]').count();
    const before = await entries();
    await f.getByRole('button', { name: button }).click();
    await expect.poll(() => page.getByTestId('case-message').textContent()).toBeTruthy();
    await expect.poll(entries).toBeGreaterThan(before);
    await expect.poll(() => status(page)).toBe(next);
  }

  it('walks a booking from the queue to ICE custody, every step in the audit trail', async () => {
    const { caseId, bookingNumber } = await sendBooking('Quillfeather-e2e');

    // Each role is offered its casework pages.
    const links = (page: Page) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    await expect
      .poll(() => links(officer))
      .toEqual(expect.arrayContaining(['Screening', 'Detainers', 'Tasks']));
    expect(await links(officer)).not.toContain('Review');
    await expect.poll(() => links(supervisor)).toEqual(expect.arrayContaining(['Review', 'Tasks']));

    // The officer takes the booking from the facility's screening queue.
    await officer.goto(`${base}/screening?facility=MAIN`);
    const row = officer.getByTestId('screening-queue').locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Tier \d/);
    await expectAccessible(officer);
    await row.getByRole('button', { name: /Take/ }).click();
    await expect.poll(() => officer.getByTestId('queue-message').textContent()).toMatch(/assigned to you/);
    await expect.poll(() => row.getByTestId('assigned-to').textContent()).toBe('You');
    await officer.getByLabel('My cases only').check();
    await expect.poll(() => officer.url()).toMatch(/mine=1/);
    await row.getByRole('link').click();
    await officer.getByTestId('case-title').waitFor();
    await expectAccessible(officer);

    // Database checks, then the interview (an interpreter is required when proficiency is limited).
    const checks = form(officer, 'form-queries');
    await checks.getByLabel(/LESC/).uncheck();
    await checks.getByRole('button', { name: 'Request the checks' }).click();
    await expect
      .poll(() => officer.getByTestId('case-queries').locator('tr[data-state="requested"]').count())
      .toBe(3);
    const interview = form(officer, 'form-interview');
    await interview.getByLabel('Primary language').fill('Spanish');
    await interview.getByLabel('Limited').check();
    expect(
      await interview.getByLabel('Interpreter’s name or identifier').getAttribute('required'),
    ).not.toBeNull();
    await interview.getByLabel('Interpreter’s name or identifier').fill('Certified interpreter 4411');
    await interview.getByLabel('How').selectOption('telephone');
    await interview.getByLabel(/Purpose of the interview/).check();
    await interview.getByLabel('Right to remain silent').check();
    await interview.getByLabel('Subject declines notification').check();
    await submit(officer, interview, 'Record the interview', 'interviewed');
    const determination = form(officer, 'form-determination');
    await determination.getByLabel('Removable').check();
    await determination.getByLabel('Reason').fill('Entered without inspection; no lawful status found.');
    await submit(officer, determination, 'Record the determination', 'removable');
    const i213 = form(officer, 'form-i213');
    await i213
      .getByLabel(/Narrative/)
      .fill('Subject encountered at booking; admitted entry without inspection in 2019.');
    await submit(officer, i213, 'Submit the I-213 for ICE review', 'i213_submitted');
    await expectAccessible(officer);

    // The ICE supervisor finds it in the review queue and approves it.
    await supervisor.goto(`${base}/review`);
    const item = supervisor.getByTestId('review-queue').locator(`tr[data-case-id="${caseId}"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-sla')).toMatch(/on-time|due-soon|overdue/);
    expect(await item.textContent()).toContain('Review the I-213');
    await expectAccessible(supervisor);
    await item.getByRole('link').click();
    await supervisor.getByTestId('case-title').waitFor();
    const review = form(supervisor, 'form-i213-review');
    await review.getByLabel('Approve').check();
    await submit(supervisor, review, 'Record the review', 'i213_approved');

    // The officer drafts the charging document; ICE signs it and the warrant.
    await openCase(officer, caseId);
    const charging = form(officer, 'form-charging');
    await charging
      .getByLabel('Allegations (one a line)')
      .fill('You are not a citizen or national of the United States.');
    await charging.getByLabel('Charge: provision').fill('INA §212(a)(6)(A)(i)');
    await charging.getByLabel('Charge: description').fill('Present without admission or parole');
    await charging.getByRole('button', { name: 'Draft for ICE signature' }).click();
    await expect.poll(() => officer.getByTestId('case-message').textContent()).toMatch(/I-862 is drafted/);
    await openCase(supervisor, caseId);
    await form(supervisor, 'form-charging-signature')
      .getByRole('button', { name: 'Sign the charging document' })
      .click();
    await expect.poll(() => supervisor.getByTestId('case-message').textContent()).toMatch(/signed/);
    const warrant = form(supervisor, 'form-warrant');
    await warrant.getByLabel(/Warrant number/).fill('W-2026-0001');
    await warrant.getByRole('button', { name: 'Sign the warrant' }).click();
    await expect
      .poll(() => supervisor.getByTestId('case-message').textContent())
      .toMatch(/I-200 W-2026-0001/);
    await expect
      .poll(() =>
        supervisor
          .getByTestId('case-documents')
          .locator('tr[data-form]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-form')).sort()),
      )
      .toEqual(['I-200', 'I-213', 'I-862']);

    // Detainer: drafted by the officer, approved by ICE, served by the officer.
    await openCase(officer, caseId);
    const detainer = form(officer, 'form-detainer');
    await detainer.getByLabel('Probable-cause basis').selectOption('statements_or_evidence');
    await detainer
      .getByLabel(/Facts of the basis/)
      .fill('Sworn admission of entry without inspection, confirmed by EID.');
    await submit(officer, detainer, 'Draft for ICE approval', 'detainer_drafted');
    await openCase(supervisor, caseId);
    await submit(
      supervisor,
      form(supervisor, 'form-detainer-approval'),
      'Approve the detainer',
      'detainer_approved',
    );
    await openCase(officer, caseId);
    const service = form(officer, 'form-detainer-service');
    expect(await service.getByLabel('Language of service').inputValue()).toBe('Spanish');
    await submit(officer, service, 'Record service', 'detainer_served');

    // The jail reports the release moment: the hold clock starts.
    const released = await app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingNumber}/events`,
      headers: { cookie: jail },
      payload: { kind: 'bail_posted', occurredAt: '2026-11-29T11:30:00Z' },
    });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({
      caseStatus: 'hold_running',
      holdEndsAt: '2026-12-01T11:30:00.000Z',
    });

    await openCase(supervisor, caseId);
    const clock = supervisor.getByTestId('hold-clock');
    await clock.waitFor();
    expect(await clock.textContent()).toMatch(/47 h 30 min left/);
    expect(await clock.textContent()).toContain('2026-12-01 11:30 UTC');
    expect(await clock.getAttribute('data-urgent')).toBe('false');
    await expectAccessible(supervisor);

    // The jail's coordinator sees the running clock in the facility's view.
    const coordinator = await signIn('coordinator@demo.delegate.test');
    await coordinator
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Detainers' })
      .click();
    const held = coordinator.getByTestId('jail-detainers').locator(`tr[data-case-id="${caseId}"]`);
    await held.waitFor();
    expect(await held.textContent()).toMatch(/47 h 30 min left/);
    expect(await held.getAttribute('data-urgent')).toBe('false');
    await expectAccessible(coordinator);

    // ICE assumes custody before the hold ends.
    const custody = form(supervisor, 'form-custody');
    await custody.getByLabel('Receiving facility', { exact: true }).fill('ICE processing center (demo)');
    await custody.getByLabel('Receiving facility address').fill('1 Federal Way');
    await submit(supervisor, custody, 'Record custody', 'closed');
    expect(await supervisor.getByTestId('case-status').textContent()).toContain('ICE assumed custody');
    await expect.poll(() => supervisor.getByTestId('hold-clock').count()).toBe(0);

    const types = (
      await t.store.db
        .selectFrom('audit_events')
        .select(['type', 'outcome'])
        .where('resource_id', '=', caseId)
        .orderBy('seq')
        .execute()
    ).map((e) => e.type);
    for (const step of [
      'case.assigned',
      'case.checks_requested',
      'case.interview_recorded',
      'case.determination_recorded',
      'case.i213_submitted',
      'case.i213_reviewed',
      'case.charging_document_drafted',
      'case.charging_document_signed',
      'case.warrant_signed',
      'case.detainer_drafted',
      'case.detainer_approved',
      'case.detainer_served',
      'case.hold_started',
      'case.custody_assumed',
      'case.document_generated',
      'case.viewed',
    ])
      expect(types, step).toContain(step);
    const queries = await t.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'system_query.requested')
      .execute();
    expect(queries).toHaveLength(3);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  }, 60_000);

  it('stops the case on a citizenship claim: the charging and detainer forms refuse with the citation', async () => {
    const { caseId } = await sendBooking('Marchbank-e2e');
    await openCase(officer, caseId);
    await form(officer, 'form-assignment').getByRole('button', { name: 'Take this case' }).click();
    await expect.poll(() => officer.getByTestId('case-message').textContent()).toMatch(/assigned to you/);
    const interview = form(officer, 'form-interview');
    await interview.getByLabel('Primary language').fill('English');
    await interview.getByLabel('Proficient').check();
    await interview.getByLabel(/Purpose of the interview/).check();
    await interview.getByLabel('The subject claims to be a U.S. citizen').check();
    await submit(officer, interview, 'Record the interview', 'interviewed');
    const stops = officer.getByTestId('hard-stops');
    await stops.waitFor();
    expect(await stops.textContent()).toMatch(/hardstop\.citizenship-review.*ICE Directive 16001\.2/);
    await expectAccessible(officer);

    await officer.getByTestId('other-steps').locator('summary').click();
    const others = officer.getByTestId('other-steps');
    const detainer = others.getByTestId('form-detainer');
    await detainer.getByLabel('Probable-cause basis').selectOption('final_order');
    await detainer.getByLabel(/Facts of the basis/).fill('Final order of removal entered in 2018.');
    await detainer.getByRole('button', { name: 'Draft for ICE approval' }).click();
    await expect
      .poll(() => detainer.getByTestId('step-refusal').textContent())
      .toMatch(/hardstop\.citizenship-review.*ICE Directive 16001\.2/);
    const charging = others.getByTestId('form-charging');
    await charging
      .getByLabel('Allegations (one a line)')
      .fill('You are not a citizen or national of the United States.');
    await charging.getByLabel('Charge: provision').fill('INA §212(a)(6)(A)(i)');
    await charging.getByLabel('Charge: description').fill('Present without admission or parole');
    await charging.getByRole('button', { name: 'Draft for ICE signature' }).click();
    await expect
      .poll(() => charging.getByTestId('step-refusal').textContent())
      .toMatch(/hardstop\.citizenship-review.*ICE Directive 16001\.2/);
    expect(await status(officer)).toBe('interviewed');
    await expectAccessible(officer);

    // The ICE supervisor's inbox holds the review and the counsel consult.
    await supervisor.goto(`${base}/tasks`);
    const tasks = supervisor.getByTestId('tasks');
    await expect
      .poll(() => tasks.locator('tr[data-kind="citizenship_review_supervisor"]').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => tasks.locator('tr[data-kind="legal_counsel_consult"]').count())
      .toBeGreaterThan(0);
    await expectAccessible(supervisor);
  }, 40_000);
});
