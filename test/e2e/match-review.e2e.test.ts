/**
 * The possible-match review in Chromium (issue 6): a booked person already known under a
 * misspelt name and a transposed date of birth opens a case whose page shows, for the
 * candidate, the waterfall — each field's level and weight, the running total, the match
 * weight and probability — as an accessible table.
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
});
