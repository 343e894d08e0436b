import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { operator } from '../../src/domain/actor.ts';
import { runCaseworkJobs } from '../../src/jobs/casework.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import * as casework from '../../src/store/casework.ts';
import { booking, value } from '../casework/support.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { type E2e, startE2e } from '../support/e2e.ts';
import { jailEvent, lodged, type WsoWorld, wsoWorld } from '../wso/support.ts';

describe.runIf(chromiumAvailable())('WSO casework in Chromium', () => {
  let w: WsoWorld;
  let base: string;

  let e2e: E2e;
  const signIn = (email: string): Promise<Page> => e2e.signIn(email);

  beforeAll(async () => {
    w = await wsoWorld('pglite');
    e2e = await startE2e(w.t.deps);
    ({ base } = e2e);
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
    await w?.t.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);
  const row = (page: Page, caseId: string) =>
    page.getByTestId('warrants').locator(`tr[data-case-id="${caseId}"]`);
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('lodge → serve → ICE assumes custody', async () => {
    const b = value(
      await ingestBooking(
        w.t.deps,
        operator('test'),
        booking(
          { bookingNumber: 'WE-000001', facilityCode: 'WSO-MAIN', expectedReleaseAt: '2026-11-29T18:00:00Z' },
          { lastName: 'Thistlewood' },
        ),
        { agencyId: w.wsoAgencyId },
      ),
    );

    // ICE lodges the warrant from the warrants page.
    const ice = await signIn('supervisor@demo.delegate.test');
    await ice.goto(`${base}/warrants`);
    const lodge = ice.getByTestId('form-lodge');
    await lodge.waitFor();
    await expect.poll(() => lodge.getByLabel('WSO facility').locator('option').count()).toBeGreaterThan(2);
    const value_ = await lodge
      .getByLabel('WSO facility')
      .locator('option', { hasText: '(WSO-MAIN)' })
      .getAttribute('value');
    await lodge.getByLabel('WSO facility').selectOption(value_!);
    await lodge.getByLabel('Booking number').fill(b.bookingNumber);
    await lodge.getByLabel('Warrant number').fill('WE-W-0001');
    await expectAccessible(ice);
    await lodge.getByRole('button', { name: 'Lodge the warrant' }).click();
    await expect
      .poll(() => ice.getByTestId('warrants-message').textContent())
      .toMatch(/I-200 lodged: case WSO-/);
    const kase = await casework.findCaseByBooking(w.t.store.db, b.bookingId);
    expect(kase).toMatchObject({ model: 'WSO', status: 'warrant_lodged' });
    const caseId = kase!.caseId;
    await row(ice, caseId).waitFor();

    // The jail records the release; the WSO officer sees the warrants queue and no JEM screen.
    value(await jailEvent(w, b.bookingNumber, 'bail_posted', '2026-11-29T11:30:00Z'));
    const wso = await signIn('wso-officer@demo.delegate.test');
    await wso.goto(`${base}/warrants`);
    await expect.poll(() => nav(wso).getByRole('link', { name: 'Warrants' }).count()).toBe(1);
    for (const absent of ['Screening', 'Review', 'Detainers', 'Field'])
      expect(await nav(wso).getByRole('link', { name: absent, exact: true }).count(), absent).toBe(0);
    const mine = row(wso, caseId);
    await mine.waitFor();
    // Soonest release first.
    const order = await wso
      .getByTestId('warrants')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    expect(order[0]).toBe(caseId);
    expect(await mine.getByTestId('custody-clock').textContent()).toContain('Starts at service');
    await expectAccessible(wso);
    await mine.getByRole('button', { name: /^Serve warrant/ }).click();
    await expect
      .poll(() => wso.getByTestId('warrants-message').textContent())
      .toMatch(/served and the arrest recorded/);
    await expect.poll(() => row(wso, caseId).getAttribute('data-status')).toBe('warrant_served');
    expect(await row(wso, caseId).getByTestId('custody-clock').textContent()).toMatch(/48 h 00 min left/);
    await expectAccessible(wso);

    // A JEM screen reached directly is refused with the WSO clause.
    await wso.goto(`${base}/screening`);
    await expect
      .poll(() => wso.getByRole('alert').first().textContent())
      .toMatch(/wso\.functions-not-delegated/);

    // ICE assumes custody: the I-203 is issued and the case closes.
    await ice.goto(`${base}/warrants`);
    await row(ice, caseId)
      .getByRole('button', { name: /^Assume custody/ })
      .click();
    const form = ice.getByTestId('form-transfer');
    await form.getByLabel('Receiving facility').fill('ICE Processing Center (synthetic)');
    await form.getByLabel('Its address').fill('1 Processing Way, Anytown');
    await expectAccessible(ice);
    await form.getByRole('button', { name: 'Record the transfer' }).click();
    await expect.poll(() => ice.getByTestId('warrants-message').textContent()).toMatch(/ICE assumed custody/);
    await expect.poll(() => row(ice, caseId).count()).toBe(0);
    const closed = await casework.findCase(w.t.store.db, caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'transferred_to_ice' });
    expect((await casework.documentsOf(w.t.store.db, caseId)).map((d) => d.form).sort()).toEqual([
      'I-200',
      'I-203',
    ]);
  }, 90_000);

  it('lodge → serve → 48 hours elapse → the release task', async () => {
    const { caseId, bookingNumber } = await lodged(w, { expectedReleaseAt: '2026-11-29T20:00:00Z' });
    value(await jailEvent(w, bookingNumber, 'sentence_served', '2026-11-29T11:45:00Z'));
    const wso = await signIn('wso-officer@demo.delegate.test');
    await wso.goto(`${base}/warrants`);
    await row(wso, caseId)
      .getByRole('button', { name: /^Serve warrant/ })
      .click();
    await expect.poll(() => row(wso, caseId).getAttribute('data-status')).toBe('warrant_served');

    w.t.clock.set('2026-12-01T12:01:00Z');
    await runCaseworkJobs(w.t.deps);
    const coordinator = await signIn('wso-coordinator@demo.delegate.test');
    await coordinator.goto(`${base}/tasks`);
    const task = coordinator.getByTestId('tasks').locator('tr[data-kind="mandatory_release"]');
    await task.first().waitFor();
    expect(await task.first().textContent()).toMatch(
      /48 hours since the WSO warrant was served and ICE has not assumed custody/,
    );
    await expectAccessible(coordinator);
    await coordinator.goto(`${base}/warrants`);
    expect(await row(coordinator, caseId).getByTestId('custody-clock').textContent()).toMatch(
      /Ended: release the person/,
    );

    // The jail releases the person: the case closes at the custody limit.
    value(await jailEvent(w, bookingNumber, 'left_custody', '2026-12-01T12:00:30Z'));
    expect(await casework.findCase(w.t.store.db, caseId)).toMatchObject({
      outcome: 'released_at_custody_limit',
    });

    const program = await signIn('program@demo.delegate.test');
    await program.goto(`${base}/oversight/wso`);
    const agency = program.getByTestId('wso-oversight').locator(`tr[data-agency-id="${w.wsoAgencyId}"]`);
    await agency.waitFor();
    expect(await agency.locator('[data-field="transferred"]').textContent()).toBe('1');
    expect(await agency.locator('[data-field="releasedAtLimit"]').textContent()).toBe('1');
    expect(await program.getByTestId('wso-inspections').textContent()).toMatch(/No inspection records/);
    await expectAccessible(program);
    expect((await verifyAuditChain(w.t.store.db)).ok).toBe(true);
  }, 90_000);
});
