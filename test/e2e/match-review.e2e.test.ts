/**
 * The possible-match review in Chromium (issue 6): a booked person already known under a
 * misspelt name and a transposed date of birth opens a case whose page shows, for the
 * candidate, the waterfall — each field's level and weight, the running total, the match
 * weight and probability — as an accessible table; the decision is made on the candidate
 * itself ("Same person — link to this subject" / "Not the same person", with a required
 * reason), from the keyboard alone, for the roles the server lets decide; the decided task
 * leaves the open list and a second person confirms a proposed merge on the same screen.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { booking } from '../casework/support.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';
import { signInOverHttp } from '../support/sign-in.ts';

describe.runIf(chromiumAvailable())('the possible-match review in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let base: string;
  let jail: string;
  let supervisor: Page;
  let e2e: E2e;

  beforeAll(async () => {
    t = await freshDb('pglite');
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
    ({ app, base } = e2e);
    jail = await signInOverHttp(app, 'coordinator@demo.delegate.test');
    supervisor = await e2e.signIn('supervisor@demo.delegate.test');
  }, 90_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
  });

  async function send(person: Record<string, unknown>): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { cookie: jail },
      payload: booking({}, person),
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { caseId: string }).caseId;
  }

  it('shows the waterfall of a possible match on the case page', async () => {
    await send({ firstName: 'Radomila', lastName: 'Krzyzanowska', dob: '1983-05-09' });
    const caseId = await send({ firstName: 'Radomila', lastName: 'Krzyzanowsak', dob: '1983-09-05' });

    // The API carries the explanation on the task.
    const api = await app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}`,
      headers: { cookie: await signInOverHttp(app, 'supervisor@demo.delegate.test') },
    });
    expect(api.statusCode, api.body).toBe(200);
    const task = (
      api.json() as { tasks: { kind: string; data: { match?: { weight: number } } }[] }
    ).tasks.find((x) => x.kind === 'subject_match_review');
    expect(task?.data.match?.weight).toBeGreaterThan(0);

    await supervisor.goto(`${base}/cases/${caseId}`);
    const reviews = supervisor.getByTestId('match-reviews');
    await reviews.waitFor();
    const table = reviews.locator('table[data-testid^="match-waterfall-"]');
    await expect.poll(() => table.count()).toBe(1);
    const row = (field: string) => table.locator(`tr[data-field="${field}"]`);
    expect(await row('dob').locator('td').first().textContent()).toBe('day and month transposed');
    expect(await row('first_name').locator('td').first().textContent()).toBe('exact');
    expect(await row('prior').count()).toBe(1);
    const probability = Number(await reviews.getByTestId('match-probability').getAttribute('data-value'));
    expect(probability).toBeGreaterThan(0.5);
    expect(await reviews.getByTestId('match-weight').textContent()).toMatch(/^\+\d+\.\d\d$/);
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
  });

  /** A booked person, then the same person misspelt with day and month swapped: a review. */
  async function possibleMatch(first: string, last: string, misspelt: string, dob: string, swapped: string) {
    const known = await send({ firstName: first, lastName: last, dob });
    const caseId = await send({ firstName: first, lastName: misspelt, dob: swapped });
    return { known, caseId };
  }
  const asSupervisor = async () => signInOverHttp(app, 'supervisor@demo.delegate.test');
  async function openTasks(cookie: string) {
    const res = await app.inject({ method: 'GET', url: '/api/v1/tasks', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { taskId: string; kind: string; caseId: string }[];
  }
  async function tasksOf(caseId: string, cookie: string) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { tasks: { taskId: string; kind: string; status: string }[] }).tasks;
  }
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

  it('decides from the waterfall with the keyboard alone: the reason is required, the task leaves the open list', async () => {
    const a = await possibleMatch('Bogumila', 'Wrzesniewska', 'Wrzesniewksa', '1979-04-11', '1979-11-04');
    // A second one, so that another possible match is open after the first decision.
    await possibleMatch('Teodozja', 'Pstragowska', 'Pstragowsak', '1988-02-07', '1988-07-02');
    const cookie = await asSupervisor();
    const reviewOf = async (caseId: string) =>
      (await tasksOf(caseId, cookie)).find((x) => x.kind === 'subject_match_review')!;
    const taskA = await reviewOf(a.caseId);

    // Arriving from the task list, the reason field of the open candidate has the focus.
    await supervisor.goto(`${base}/tasks`);
    await supervisor
      .locator(`tr[data-kind="subject_match_review"] a[href="/cases/${a.caseId}#match-review"]`)
      .click();
    await supervisor.getByTestId(`match-decision-${taskA.taskId}`).waitFor();
    await expect.poll(() => focusedId(supervisor)).toBe(`match-reason-${taskA.taskId}`);

    // No reason: nothing is sent; the form says so and the focus returns to the reason.
    await supervisor.keyboard.press('Tab');
    expect(await focusedText(supervisor)).toBe('Same person — link to this subject');
    await supervisor.keyboard.press('Enter');
    await supervisor.getByTestId('match-reason-missing').waitFor();
    expect(await focusedId(supervisor)).toBe(`match-reason-${taskA.taskId}`);
    expect((await reviewOf(a.caseId)).status).toBe('open');
    expect(await seriousA11yViolations(supervisor)).toEqual([]);

    // Reason typed, Tab twice to "Not the same person", Enter.
    await supervisor.keyboard.type('Different booking photographs; birthplaces differ in the jail record.');
    await supervisor.keyboard.press('Tab');
    await supervisor.keyboard.press('Tab');
    expect(await focusedText(supervisor)).toBe('Not the same person');
    await supervisor.keyboard.press('Enter');
    const result = supervisor.getByTestId(`match-result-${taskA.taskId}`);
    await result.waitFor();
    expect(await result.getAttribute('data-decision')).toBe('different_people');
    expect(await supervisor.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    expect(await result.textContent()).toContain('not the same person');

    // Recorded through the use case: decided, out of the open list; the page shows it decided.
    expect((await reviewOf(a.caseId)).status).toBe('done');
    const open = (await openTasks(cookie)).filter((x) => x.kind === 'subject_match_review');
    expect(open.map((x) => x.taskId)).not.toContain(taskA.taskId);
    await expect
      .poll(() => supervisor.locator(`article[data-task="${taskA.taskId}"]`).getAttribute('data-status'))
      .toBe('done');
    expect(await seriousA11yViolations(supervisor)).toEqual([]);

    // On to the next open possible match (the open list, oldest first), its reason focused.
    const next = open[0]!;
    await supervisor.keyboard.press('Tab');
    expect(await supervisor.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'match-next',
    );
    await supervisor.keyboard.press('Enter');
    await expect.poll(() => new URL(supervisor.url()).pathname).toBe(`/cases/${next.caseId}`);
    await expect.poll(() => focusedId(supervisor)).toBe(`match-reason-${next.taskId}`);

    // Same person, by keyboard: the link to the subject is proposed for a second person.
    await supervisor.keyboard.type('Same fingerprint-based booking photo; surname and date keyed wrongly.');
    await supervisor.keyboard.press('Tab');
    await supervisor.keyboard.press('Enter');
    const proposed = supervisor.getByTestId(`match-result-${next.taskId}`);
    await proposed.waitFor();
    expect(await proposed.getAttribute('data-decision')).toBe('same_person');
    const merge = (await tasksOf(next.caseId, cookie)).find((x) => x.kind === 'subject_merge_confirmation');
    expect(merge?.status).toBe('open');
    // The one who proposed it is not offered the confirmation (the server would refuse).
    await supervisor.getByTestId(`merge-proposed-by-you-${merge!.taskId}`).waitFor();
    expect(await supervisor.getByTestId(`merge-confirmation-${merge!.taskId}`).count()).toBe(0);
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
  });

  it('offers the decision only to the roles that may decide; a second person confirms the merge', async () => {
    const m = await possibleMatch('Wislawa', 'Chrzanowska', 'Chrzanowksa', '1991-08-03', '1991-03-08');
    const cookie = await asSupervisor();
    const review = (await tasksOf(m.caseId, cookie)).find((x) => x.kind === 'subject_match_review')!;

    // An officer of the agency sees the waterfall, not the decision.
    const officer = await e2e.signIn('officer@demo.delegate.test');
    await officer.goto(`${base}/cases/${m.caseId}`);
    await officer.getByTestId(`match-waterfall-${review.taskId}`).waitFor();
    expect(await officer.getByTestId(`match-decision-${review.taskId}`).count()).toBe(0);
    expect(await officer.getByRole('button', { name: 'Not the same person' }).count()).toBe(0);

    // The supervisor proposes the merge with the mouse; the program office confirms it.
    await supervisor.goto(`${base}/cases/${m.caseId}`);
    await supervisor.getByLabel('Reason (required): the evidence you relied on').fill('Same photograph.');
    await supervisor.getByRole('button', { name: 'Same person — link to this subject' }).click();
    await supervisor.getByTestId(`match-result-${review.taskId}`).waitFor();
    const merge = (await tasksOf(m.caseId, cookie)).find((x) => x.kind === 'subject_merge_confirmation')!;

    const program = await e2e.signIn('program@demo.delegate.test');
    await program.goto(`${base}/cases/${m.caseId}`);
    await program.getByTestId(`merge-confirmation-${merge.taskId}`).waitFor();
    expect(await seriousA11yViolations(program)).toEqual([]);
    await program.getByRole('button', { name: 'Confirm the merge' }).click();
    const confirmed = program.getByTestId(`match-result-${merge.taskId}`);
    await confirmed.waitFor();
    expect(await confirmed.getAttribute('data-decision')).toBe('confirmed');
    // Both cases now belong to the subject already known.
    const subjects = await t.store.db
      .selectFrom('cases')
      .select(['subject_id'])
      .where('case_id', 'in', [m.known, m.caseId])
      .execute();
    expect(subjects).toHaveLength(2);
    expect(subjects[0]!.subject_id).toBe(subjects[1]!.subject_id);
  });

  it('never links an exact name and date of birth alone; two candidates on one case are decided in turn', async () => {
    const person = { firstName: 'Eulalia', lastName: 'Szczebrzeszynska', dob: '1972-12-01' };
    await send(person);
    await send(person);
    // Two known subjects with this name and date of birth (the second was never linked to the first).
    const caseId = await send(person);
    const cookie = await asSupervisor();
    const reviews = (await tasksOf(caseId, cookie)).filter((x) => x.kind === 'subject_match_review');
    expect(reviews).toHaveLength(2);

    await supervisor.goto(`${base}/cases/${caseId}#match-review`);
    const ids = reviews.map((x) => `match-reason-${x.taskId}`);
    await expect.poll(async () => ids.includes(await focusedId(supervisor))).toBe(true);
    const first = (await focusedId(supervisor)).slice('match-reason-'.length);
    const second = reviews.find((x) => x.taskId !== first)!.taskId;
    await supervisor.keyboard.type('Different person: booking photographs differ.');
    await supervisor.keyboard.press('Tab');
    await supervisor.keyboard.press('Tab');
    await supervisor.keyboard.press('Enter');
    await supervisor.getByTestId(`match-result-${first}`).waitFor();
    // The next candidate is on this case: one key moves to its reason.
    await supervisor.keyboard.press('Tab');
    expect(await focusedText(supervisor)).toBe('Next candidate on this case');
    await supervisor.keyboard.press('Enter');
    expect(await focusedId(supervisor)).toBe(`match-reason-${second}`);
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
  });
});
