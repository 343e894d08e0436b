import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseworkJobs } from '../../src/jobs/casework.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { localInputToIso, toLocalInputValue } from '../../web/src/components/case/jail-events.ts';
import { advance, newCase } from '../casework/flow.ts';
import { type JemWorld, jemWorld } from '../casework/support.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { type E2e, startE2e } from '../support/e2e.ts';

const ZONE = 'America/Chicago';

describe('jail event times (browser local time to an instant)', () => {
  it('refuses what is not a real local date-time', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-11-29')).toBeNull();
    expect(localInputToIso('2026-02-30T10:00')).toBeNull();
    expect(localInputToIso('2026-11-29T25:00')).toBeNull();
  });

  it('reads the value in the local zone and writes it back unchanged', () => {
    const iso = localInputToIso('2026-11-29T05:30');
    expect(iso).not.toBeNull();
    expect(toLocalInputValue(new Date(iso!))).toBe('2026-11-29T05:30');
    expect(localInputToIso('2026-11-29T05:30:15')).toBe(new Date(2026, 10, 29, 5, 30, 15).toISOString());
  });
});

describe.runIf(chromiumAvailable())('Jail events in Chromium', () => {
  let w: JemWorld;
  let base: string;

  let e2e: E2e;
  const signIn = (email: string): Promise<Page> => e2e.signIn(email);

  beforeAll(async () => {
    w = await jemWorld('pglite');
    e2e = await startE2e(w.t.deps, { timezoneId: ZONE });
    ({ base } = e2e);
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
    await w?.t.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);
  const status = (page: Page) => page.getByTestId('case-status').getAttribute('data-status');
  const eventForm = (page: Page): Locator => page.getByTestId('case-actions').getByTestId('form-jail-event');
  const jailRow = (page: Page, caseId: string) =>
    page.getByTestId('jail-detainers').locator(`tr[data-case-id="${caseId}"]`);

  async function openCase(page: Page, caseId: string) {
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByTestId('case-title').waitFor();
  }

  /** Fills the form (time in the browser's local time) and sends it. */
  async function record(page: Page, kind: string | null, localTime: string, note = '') {
    const f = eventForm(page);
    if (kind) await f.getByLabel('Event', { exact: true }).selectOption(kind);
    await f.getByLabel(/^When/).fill(localTime);
    if (note) await f.getByLabel('Note').fill(note);
    await f.getByRole('button', { name: 'Record the event' }).click();
  }

  it('other roles are offered neither the form nor the quick action', async () => {
    const { caseId } = await newCase(w);
    await advance(w, caseId, 'detainer_served');
    const officer = await signIn('officer@demo.delegate.test');
    await openCase(officer, caseId);
    await officer.getByTestId('case-actions').waitFor();
    expect(await eventForm(officer).count()).toBe(0);
    await officer.goto(`${base}/jail`);
    await jailRow(officer, caseId).waitFor();
    expect(await officer.getByTestId('jail-quick-action').count()).toBe(0);
  }, 40_000);

  it('a release without an effective detainer closes the case', async () => {
    const { caseId } = await newCase(w);
    const coordinator = await signIn('coordinator@demo.delegate.test');
    await openCase(coordinator, caseId);
    const f = eventForm(coordinator);
    await f.waitFor();
    expect(await f.textContent()).toMatch(/No detainer is effective yet/);
    // The time starts at now, in the browser's zone, labelled with it.
    expect(await f.getByLabel(/^When/).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(await f.getByLabel(/^When/).getAttribute('type')).toBe('datetime-local');
    expect(await f.getByText(`When (your local time, ${ZONE})`).count()).toBe(1);
    expect(
      await f
        .getByLabel('Event', { exact: true })
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.textContent)),
    ).toEqual([
      'Choose',
      'Bail posted (would otherwise be released)',
      'Sentence served',
      'Court order of release',
      'Charges dismissed',
      'Left the jail’s custody',
    ]);
    await expectAccessible(coordinator);

    await record(coordinator, 'sentence_served', '2026-11-29T05:30');
    await expect
      .poll(() => coordinator.getByTestId('case-message').textContent())
      .toMatch(/Sentence served at 2026-11-29 11:30 UTC\. No detainer was effective: the case is closed/);
    await expect.poll(() => status(coordinator)).toBe('closed');
    expect(await coordinator.getByTestId('case-status').textContent()).toContain(
      'Released before a detainer took effect',
    );
    expect(await eventForm(coordinator).count()).toBe(0);
    await expectAccessible(coordinator);
  }, 40_000);

  it('the coordinator records the release on an effective detainer, then the release at the 48-hour limit', async () => {
    const { caseId, bookingNumber } = await newCase(w);
    await advance(w, caseId, 'detainer_served');
    const coordinator = await signIn('coordinator@demo.delegate.test');

    // The jail's list offers the release on the effective detainer.
    await coordinator.goto(`${base}/jail`);
    const row = jailRow(coordinator, caseId);
    await row.waitFor();
    await expectAccessible(coordinator);
    await row.getByRole('link', { name: /^Record release/ }).click();
    await expect.poll(() => coordinator.url()).toMatch(/jailEvent=release/);
    const f = eventForm(coordinator);
    await f.waitFor();
    expect(await f.textContent()).toMatch(/The detainer is effective/);
    await expect
      .poll(() => f.getByLabel('Event', { exact: true }).evaluate((el) => el === document.activeElement))
      .toBe(true);
    await expectAccessible(coordinator);

    // A release before the booking is refused: the problem is shown next to the form, nothing moves.
    await record(coordinator, 'bail_posted', '2026-11-29T01:00');
    await expect.poll(() => f.getByTestId('step-refusal').textContent()).toMatch(/is before the booking/);
    expect(await status(coordinator)).toBe('detainer_served');
    expect(await coordinator.getByTestId('hold-clock').count()).toBe(0);

    // Bail posted at 05:30 in Chicago (11:30 UTC): the hold clock runs for 48 hours from then.
    await record(coordinator, null, '2026-11-29T05:30', 'Bond posted at the front desk.');
    await expect
      .poll(() => coordinator.getByTestId('case-message').textContent())
      .toMatch(/hold clock is running: ICE must assume custody by 2026-12-01 11:30 UTC/);
    await expect.poll(() => status(coordinator)).toBe('hold_running');
    const clock = coordinator.getByTestId('hold-clock');
    await clock.waitFor();
    expect(await clock.textContent()).toContain('2026-12-01 11:30 UTC');
    expect(coordinator.url()).not.toMatch(/jailEvent/);
    await expectAccessible(coordinator);
    const event = await w.t.store.db
      .selectFrom('audit_events')
      .select(['data'])
      .where('type', '=', 'booking.event_recorded')
      .where('resource_type', '=', 'booking')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({
      bookingNumber,
      kind: 'bail_posted',
      occurredAt: '2026-11-29T11:30:00.000Z',
    });

    // 48 hours on, the release task is due; the coordinator (signed in again) releases the person.
    w.t.clock.set('2026-12-01T11:31:00Z');
    await runCaseworkJobs(w.t.deps);
    const again = await signIn('coordinator@demo.delegate.test');
    await again.goto(`${base}/jail`);
    const held = jailRow(again, caseId);
    await held.waitFor();
    await held.getByRole('link', { name: /^Released from custody/ }).click();
    const g = eventForm(again);
    await g.waitFor();
    expect(await g.getByLabel('Event', { exact: true }).inputValue()).toBe('left_custody');
    expect(await again.getByTestId('hold-clock').textContent()).toMatch(
      /The hold has ended: release the person/,
    );
    await record(again, null, '2026-12-01T05:30');
    await expect
      .poll(() => again.getByTestId('case-message').textContent())
      .toMatch(/left the jail’s custody: the case is closed/);
    await expect.poll(() => status(again)).toBe('closed');
    expect(await again.getByTestId('case-status').textContent()).toContain('Released at the 48-hour limit');
    expect(await again.getByTestId('hold-clock').count()).toBe(0);
    await expectAccessible(again);

    const release = await w.t.store.db
      .selectFrom('case_tasks')
      .select(['status'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'mandatory_release')
      .execute();
    expect(release.map((t) => t.status)).toEqual(['done']);
    expect((await verifyAuditChain(w.t.store.db)).ok).toBe(true);
  }, 60_000);
});
