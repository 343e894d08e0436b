/**
 * Oversight screens in Chromium over the demo data, with the server's clock injected: the program
 * office sees an inspection already overdue, records it as held with its checklist and a finding
 * with a corrective action, schedules a JEM inspection in the browser, and, when the clock passes
 * the due and follow-up dates, sees both on the overdue report until the finding is verified. The
 * agency's coordinator sees its own agency's inspections only (read-only), reports a corrective
 * action done with a note, sees the steering-committee warning, records the meeting (attendees,
 * minutes, action items), schedules the next, and marks a past-due action item done and reopens
 * it. Navigation follows the authority engine; axe-core finds no serious violation on any state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { scheduleCommitteeMeeting } from '../../src/app/oversight/schedule-committee-meeting.ts';
import { scheduleInspection } from '../../src/app/oversight/schedule-inspection.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};

describe.runIf(chromiumAvailable())('inspections and steering committees in Chromium', () => {
  let t: TestDb;
  let e2e: E2e;
  let base: string;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  let wso: { moaId: string; version: number };
  let jem: { moaId: string; version: number };
  let coordinatorMoa: string;
  let coordinatorAgency: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    value(await seedDemo(t.deps, operator('test')));
    const versions = await t.store.db
      .selectFrom('moa_versions')
      .select(['agency_id', 'moa_id', 'version', 'models'])
      .where('status', '=', 'active')
      .execute();
    const pick = (model: 'JEM' | 'WSO') => {
      const v = versions.find((r) => (r.models as string[]).includes(model))!;
      return { moaId: v.moa_id, version: v.version, agencyId: v.agency_id };
    };
    wso = pick('WSO');
    jem = pick('JEM');
    const coordinator = await t.store.db
      .selectFrom('users')
      .select('agency_id')
      .where('email', '=', 'coordinator@demo.delegate.test')
      .executeTakeFirstOrThrow();
    coordinatorAgency = coordinator.agency_id!;
    // The agreement whose committee the demo seeded a meeting for (with action items).
    const seeded = await t.store.db
      .selectFrom('committee_meetings')
      .select('moa_id')
      .where('agency_id', '=', coordinatorAgency)
      .executeTakeFirstOrThrow();
    coordinatorMoa = seeded.moa_id;
    e2e = await startE2e(t.deps);
    ({ base } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const message = (page: Page, testId: string) => page.getByTestId(testId).textContent();
  /** At a 375 px phone viewport the body does not scroll sideways (tables scroll in their own box). */
  const expectReadableOnPhone = async (page: Page) => {
    await page.setViewportSize({ width: 375, height: 740 });
    const width = await page.evaluate(() =>
      Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    );
    expect(width).toBeLessThanOrEqual(375);
    // A table wider than the phone scrolls in its own box, which the keyboard must reach.
    await expectAccessible(page);
  };

  it('offers the screens to the roles the authority engine lets use them', async () => {
    const officer = await e2e.signIn('officer@demo.delegate.test');
    await nav(officer).getByRole('link', { name: 'Notifications' }).waitFor();
    expect(await nav(officer).getByRole('link', { name: 'Inspections' }).count()).toBe(0);
    expect(await nav(officer).getByRole('link', { name: 'Committees' }).count()).toBe(0);
    // Typing the address shows the refusal; the API refuses regardless.
    await officer.goto(`${base}/inspections`);
    await expect.poll(() => officer.getByRole('alert').textContent()).toContain('Not permitted');
    const status = await officer.evaluate(async () => (await fetch('/api/v1/inspections')).status);
    expect(status).toBe(403);

    const coordinator = await e2e.signIn('coordinator@demo.delegate.test');
    await nav(coordinator).getByRole('link', { name: 'Committees' }).waitFor();
    // inspection.read: the coordinator reads its own agency's inspections.
    expect(await nav(coordinator).getByRole('link', { name: 'Inspections' }).count()).toBe(1);
    await officer.context().close();
    await coordinator.context().close();
  });

  it('takes inspections from the overdue report through checklist, finding, follow-up and closure', async () => {
    // A WSO inspection due two months ago and never held.
    const { inspectionId: overdueId } = value(
      await scheduleInspection(t.deps, program, {
        moaId: wso.moaId,
        moaVersion: wso.version,
        model: 'WSO',
        dueOn: '2026-10-01',
      }),
    );

    const page = await e2e.signIn('program@demo.delegate.test');
    await nav(page).getByRole('link', { name: 'Inspections' }).click();
    const overdue = page.getByTestId('overdue-table').locator(`tr[data-inspection-id="${overdueId}"]`);
    await overdue.waitFor();
    expect(await overdue.textContent()).toContain('Not held by its due date');
    // Agreements are named by their agency (read through moa.read), not by an id.
    expect(await overdue.locator('th').textContent()).toMatch(/\([A-Z ]+\)$/);
    expect(await overdue.locator('td.num').textContent()).toBe('59');
    await expectAccessible(page);

    // Schedule a JEM inspection in the browser: agreement, version (preselected), model, due date.
    const schedule = page.getByTestId('form-schedule-inspection');
    await schedule.getByLabel('Agreement', { exact: true }).selectOption(jem.moaId);
    await expect.poll(() => schedule.getByLabel('Agreement version').inputValue()).toBe(String(jem.version));
    await schedule.getByLabel('Model').selectOption('JEM');
    await schedule.getByLabel('Due date').fill('2026-12-15');
    await schedule.getByRole('button', { name: 'Schedule the inspection' }).click();
    await expect.poll(() => message(page, 'inspections-message')).toContain('due 2026-12-15');
    const scheduled = await t.store.db
      .selectFrom('inspections')
      .select(['inspection_id', 'model', 'moa_version', 'checklist'])
      .where('moa_id', '=', jem.moaId)
      .where('due_on', '=', '2026-12-15')
      .executeTakeFirstOrThrow();
    expect(scheduled).toMatchObject({ model: 'JEM', moa_version: jem.version });

    // Hold the overdue WSO inspection: one item not met needs a follow-up date.
    const row = page.getByTestId('inspections-table').locator(`tr[data-inspection-id="${overdueId}"]`);
    await row.getByRole('button', { name: /^Open/ }).click();
    const detail = page.getByTestId('inspection-detail');
    await detail.waitFor();
    const complete = detail.getByTestId('form-complete-inspection');
    const items = complete.locator('fieldset.checklist-item');
    const n = await items.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) await items.nth(i).getByLabel('Met', { exact: true }).check();
    await items.nth(0).getByLabel('Not met', { exact: true }).check();
    await items.nth(0).getByLabel('Note').fill('Two officers acted after their refresher lapsed.');
    await complete.getByRole('button', { name: 'Record the inspection' }).click();
    // The browser asks for the follow-up date first; nothing is sent.
    expect(
      await complete
        .getByLabel(/Follow-up visit due/)
        .evaluate((el: HTMLInputElement) => el.validity.valueMissing),
    ).toBe(true);
    await complete.getByLabel(/Follow-up visit due/).fill('2026-12-10');
    await complete.getByRole('button', { name: 'Record the inspection' }).click();
    await expect.poll(() => message(page, 'inspections-message')).toContain('recorded as held on 2026-11-29');
    await detail.getByTestId('checklist-results').waitFor();
    expect(await detail.getByTestId('checklist-results').textContent()).toContain('Not met');

    // A finding with its corrective action.
    const finding = detail.getByTestId('form-record-finding');
    await finding.getByLabel('Finding', { exact: true }).fill('Refresher training lapsed for two officers.');
    await finding.getByLabel('Agreement clause (optional)').fill('VIII');
    await finding
      .getByLabel('Corrective action (optional)')
      .fill('Suspend both until the refresher is completed.');
    await finding.getByLabel(/Corrective action due/).fill('2026-12-05');
    await finding.getByRole('button', { name: 'Record the finding' }).click();
    await expect.poll(() => message(page, 'inspections-message')).toBe('Finding recorded.');
    const findingRow = detail.getByTestId('findings-table').locator('tbody tr').first();
    await expect.poll(() => findingRow.locator('[data-field="status"]').textContent()).toBe('Open');
    // Held now, with a follow-up pending: not overdue today.
    await expect
      .poll(() => page.getByTestId('overdue-inspections').textContent())
      .toContain('No inspection is overdue');
    await expectAccessible(page);
    await page.context().close();

    // The clock passes the follow-up date (10 December) and the JEM due date (15 December).
    t.clock.set('2026-12-20T12:00:00Z');
    const later = await e2e.signIn('program@demo.delegate.test');
    await later.goto(`${base}/inspections`);
    const report = later.getByTestId('overdue-table');
    await report.waitFor();
    const heldRow = report.locator(`tr[data-inspection-id="${overdueId}"]`);
    const jemRow = report.locator(`tr[data-inspection-id="${scheduled.inspection_id}"]`);
    expect(await heldRow.textContent()).toContain('Findings open after the follow-up date (1 open)');
    expect(await heldRow.locator('td.num').textContent()).toBe('10');
    expect(await jemRow.textContent()).toContain('Not held by its due date');
    expect(await jemRow.locator('td.num').textContent()).toBe('5');
    expect(await later.getByTestId('overdue-inspections').textContent()).toContain(
      '2 inspections are overdue',
    );
    await expectAccessible(later);

    // Corrected, then verified at follow-up: the finding closes and the inspection leaves the report.
    await later
      .getByTestId('inspections-table')
      .locator(`tr[data-inspection-id="${overdueId}"]`)
      .getByRole('button', { name: /^Open/ })
      .click();
    const again = later.getByTestId('inspection-detail').getByTestId('findings-table').locator('tbody tr');
    await again.getByRole('button', { name: /^Report corrected/ }).click();
    const correction = later.getByTestId('form-report-correction');
    await correction.getByLabel('What was done (optional)').fill('Both officers completed the refresher.');
    await correction.getByRole('button', { name: 'Report corrected' }).click();
    await expect
      .poll(() => again.locator('[data-field="status"]').textContent())
      .toBe('Corrected, awaiting verification');
    await again.getByRole('button', { name: /^Verify and close/ }).click();
    await expect
      .poll(() => again.locator('[data-field="status"]').textContent())
      .toContain('Verified (closed)');
    await expect.poll(() => heldRow.count()).toBe(0);
    expect(await jemRow.count()).toBe(1);
    await expectAccessible(later);
    await expectReadableOnPhone(later);

    const findings = await t.store.db
      .selectFrom('inspection_findings')
      .select(['status', 'corrected_on', 'verified_on', 'corrective_due_on', 'corrected_note'])
      .where('inspection_id', '=', overdueId)
      .execute();
    expect(findings).toEqual([
      {
        status: 'verified',
        corrected_on: '2026-12-20',
        verified_on: '2026-12-20',
        corrective_due_on: '2026-12-05',
        corrected_note: 'Both officers completed the refresher.',
      },
    ]);
    await later.context().close();
    t.clock.set('2026-11-29T12:00:00Z');
  });

  it('shows the coordinator its own agency’s inspections only, and takes its report of a correction', async () => {
    const page = await e2e.signIn('coordinator@demo.delegate.test');
    await nav(page).getByRole('link', { name: 'Inspections' }).click();
    const table = page.getByTestId('inspections-table');
    await table.waitFor();
    const listed = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-inspection-id')));
    const own = await t.store.db.selectFrom('inspections').select(['inspection_id', 'agency_id']).execute();
    expect(new Set(listed)).toEqual(
      new Set(own.filter((i) => i.agency_id === coordinatorAgency).map((i) => i.inspection_id)),
    );
    expect(own.some((i) => i.agency_id !== coordinatorAgency)).toBe(true);
    // Read-only: no scheduling; the overdue report covers the agency alone.
    expect(await page.getByTestId('form-schedule-inspection').count()).toBe(0);
    await page.getByTestId('overdue-inspections').waitFor();
    await expectAccessible(page);

    const seeded = own.find((i) => i.agency_id === coordinatorAgency)!.inspection_id;
    await table.locator(`tr[data-inspection-id="${seeded}"]`).getByRole('button', { name: /^Open/ }).click();
    const detail = page.getByTestId('inspection-detail');
    await detail.getByTestId('checklist-results').waitFor();
    expect(await detail.getByTestId('checklist-results').textContent()).toContain('Not met');
    expect(await detail.getByTestId('form-record-finding').count()).toBe(0);
    const row = detail.getByTestId('findings-table').locator('tbody tr').first();
    expect(await row.getByRole('button', { name: /^Verify and close/ }).count()).toBe(0);
    await row.getByRole('button', { name: /^Report corrected/ }).click();
    const form = page.getByTestId('form-report-correction');
    await form.getByLabel('What was done (optional)').fill('Refresher completed; certificate sent to ICE.');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Report corrected' }).click();
    await expect.poll(() => message(page, 'inspections-message')).toBe('Finding marked corrected.');
    await expect
      .poll(() => row.locator('[data-field="status"]').textContent())
      .toBe('Corrected, awaiting verification');
    expect(await row.locator('[data-field="correction"]').textContent()).toContain(
      'Refresher completed; certificate sent to ICE.',
    );
    // ICE verifies; the coordinator has no further step on it.
    expect(await row.getByRole('button').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it('lets the agency coordinator see the committee warning, record the meeting and schedule the next', async () => {
    // A meeting scheduled for 1 November and never recorded.
    const { meetingId } = value(
      await scheduleCommitteeMeeting(t.deps, program, { moaId: coordinatorMoa, scheduledOn: '2026-11-01' }),
    );
    const page = await e2e.signIn('coordinator@demo.delegate.test');
    await nav(page).getByRole('link', { name: 'Committees' }).click();
    const warnings = page.getByTestId('committee-warnings');
    await warnings.waitFor();
    await expect.poll(() => warnings.textContent()).toContain('A scheduled meeting passed without minutes');
    // Only the coordinator's own agency is listed.
    const rows = page.getByTestId('committees-table').locator('tbody tr');
    const listed = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-moa-id')));
    expect(listed).toContain(coordinatorMoa);
    const own = await t.store.db
      .selectFrom('moa_versions')
      .select('moa_id')
      .where('agency_id', '=', coordinatorAgency)
      .where('status', '=', 'active')
      .execute();
    expect(new Set(listed)).toEqual(new Set(own.map((o) => o.moa_id)));
    expect(
      await page
        .getByTestId('committees-table')
        .locator(`tr[data-moa-id="${coordinatorMoa}"] th`)
        .textContent(),
    ).toMatch(/\([A-Z ]+\)$/);
    await page
      .getByTestId('committees-table')
      .locator(`tr[data-moa-id="${coordinatorMoa}"]`)
      .getByRole('button')
      .click();
    const detail = page.getByTestId('committee-detail');
    await detail.getByTestId('committee-warning').waitFor();
    await expectAccessible(page);

    const minutes = detail.getByTestId('form-record-minutes');
    expect(await minutes.getByLabel('Date held').inputValue()).toBe('2026-11-01');
    await minutes.getByLabel('Attendee name 1').fill('Program Manager (synthetic)');
    await minutes.getByLabel('Organization 1').fill('ICE ERO');
    await minutes.getByLabel('Attendee name 2').fill('287(g) Coordinator (synthetic)');
    await minutes.getByLabel('Organization 2').fill('County Sheriff’s Office');
    await minutes.getByRole('button', { name: 'Add an attendee' }).click();
    await minutes.getByLabel('Attendee name 3').fill('Community liaison (synthetic)');
    await minutes.getByLabel('Organization 3').fill('County Board');
    await minutes
      .getByLabel('Minutes')
      .fill('Reviewed the compliance report and two complaints.\nNo objection raised.');
    await minutes.getByLabel('Action item 1').fill('Publish the complaint procedure in the jail lobby');
    await minutes.getByLabel('Owner 1').fill('County Sheriff’s Office');
    await minutes.getByLabel('Due 1 (optional)').fill('2026-12-31');
    await minutes.getByRole('button', { name: 'Record the meeting' }).click();
    await expect.poll(() => message(page, 'committees-message')).toBe('Meeting of 2026-11-01 recorded.');
    const meeting = detail.getByTestId('meetings-table').locator(`tr[data-meeting-id="${meetingId}"]`);
    await expect.poll(() => meeting.locator('[data-field="status"]').textContent()).toBe('Held');
    expect(await meeting.textContent()).toContain('Community liaison (synthetic), County Board');
    await expect.poll(() => warnings.textContent()).toContain('No steering committee is overdue');

    const next = detail.getByTestId('form-schedule-meeting');
    await next.getByLabel('Meeting date').fill('2027-05-01');
    await next.getByRole('button', { name: 'Schedule the meeting' }).click();
    await expect.poll(() => message(page, 'committees-message')).toBe('Meeting scheduled for 2027-05-01.');
    // The demo's meeting of 15 November, the one recorded now and the next.
    await expect.poll(() => detail.getByTestId('meetings-table').locator('tbody tr').count()).toBe(3);
    await expectAccessible(page);

    // The demo meeting's first action item is past due; marked done, it is no longer.
    await detail.getByTestId('overdue-actions').waitFor();
    const items = detail.getByTestId('action-items-table');
    const lobby = items.locator('tbody tr', { hasText: 'Post the complaint procedure in the jail lobby' });
    expect(await lobby.locator('[data-field="status"]').textContent()).toBe('Past due');
    await lobby.getByRole('button', { name: /^Mark done/ }).click();
    const doneForm = detail.getByTestId('form-action-item-done');
    expect(await doneForm.getByLabel('Date done').inputValue()).toBe('2026-11-29');
    await doneForm.getByLabel('Note (optional)').fill('Posted in English and Spanish.');
    await expectAccessible(page);
    await doneForm.getByRole('button', { name: 'Mark done' }).click();
    await expect
      .poll(() => message(page, 'committees-message'))
      .toBe('Action item marked done on 2026-11-29.');
    await expect.poll(() => lobby.locator('[data-field="status"]').textContent()).toBe('Done 2026-11-29');
    expect(await lobby.textContent()).toContain('Posted in English and Spanish.');
    expect(await lobby.locator('[data-field="done-by"]').textContent()).toBe(' by LEA Coordinator (demo)');
    await expect.poll(() => detail.getByTestId('overdue-actions').count()).toBe(0);

    // Reopened with a reason: past due again.
    await lobby.getByRole('button', { name: /^Reopen/ }).click();
    const reopen = detail.getByTestId('form-action-item-reopen');
    await reopen.getByLabel('Why it is reopened').fill('The notice was removed during renovation.');
    await reopen.getByRole('button', { name: 'Reopen the item' }).click();
    await expect.poll(() => message(page, 'committees-message')).toBe('Action item reopened.');
    await expect.poll(() => lobby.locator('[data-field="status"]').textContent()).toBe('Past due');
    await expectAccessible(page);
    await expectReadableOnPhone(page);

    const stored = await t.store.db
      .selectFrom('committee_meetings')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'held', held_on: '2026-11-01' });
    const attendees = typeof stored.attendees === 'string' ? JSON.parse(stored.attendees) : stored.attendees;
    expect(attendees).toHaveLength(3);
    const steps = await t.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', 'in', ['committee.action_item_done', 'committee.action_item_reopened'])
      .orderBy('seq')
      .execute();
    expect(steps.map((e) => e.type)).toEqual([
      'committee.action_item_done',
      'committee.action_item_reopened',
    ]);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
    await page.context().close();
  });
});
