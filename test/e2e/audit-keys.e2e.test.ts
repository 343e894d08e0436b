/**
 * The audit signing key page in real Chromium (issue 7, security.md R18): the demo auditor
 * follows the "Audit keys" link, sees the Ed25519 key's fingerprint and where checkpoints are
 * written, is warned that no checkpoint exists, writes one (re-authenticating when the sign-in
 * is no longer recent) and sees it verified; an hour later the page warns that the newest is
 * overdue. The private key never appears in the page. axe-core finds no serious violation.
 * Other roles get no link and are told the page is not theirs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFingerprint } from '../../src/app/audit-keys/checkpoint-status.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import { chromiumAvailable, seriousA11yViolations } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';
import { type E2e, startE2e } from '../support/e2e.ts';
import { freshTotpCode } from '../support/sign-in.ts';

const AUDITOR = 'auditor@demo.delegate.test';

describe.runIf(chromiumAvailable())('the audit signing key page in Chromium', () => {
  let t: TestDb;
  let e2e: E2e;
  let dir: string;
  let keyFile: string;

  beforeAll(async () => {
    t = await freshDb('pglite');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-e2e-keys-'));
    keyFile = path.join(dir, 'keys', 'audit-checkpoint-ed25519.pem');
    t.deps.checkpoints = fileCheckpointStore(path.join(dir, 'audit-checkpoints'), keyFile);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    e2e = await startE2e(t.deps);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the key, warns of a missing checkpoint, writes one on demand, and warns when it is an hour old', async () => {
    const page = await e2e.signIn(AUDITOR);
    await page.getByRole('link', { name: 'Audit keys' }).click();
    await expect.poll(() => page.title()).toContain('Audit signing key');
    const fingerprint = publicKeyFingerprint(t.deps.checkpoints!.publicKey);
    await expect.poll(() => page.getByTestId('key-fingerprint').textContent()).toBe(fingerprint);
    expect(await page.getByTestId('checkpoint-location').textContent()).toBe(
      path.join(dir, 'audit-checkpoints'),
    );
    expect(await page.getByTestId('checkpoint-stale').textContent()).toContain(
      'No checkpoint has been written',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('write-checkpoint').click();
    await page.getByTestId('checkpoint-written').waitFor();
    expect(await page.getByTestId('checkpoint-written').textContent()).toContain('signature verifies');
    await page.getByTestId('checkpoints').waitFor();
    const rows = await page.getByTestId('checkpoints').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Verifies');
    expect(rows[0]).toContain('Matches');
    expect(await page.getByTestId('checkpoint-stale').count()).toBe(0);
    expect(await page.getByTestId('checkpoint-current').textContent()).toContain('0 minutes old');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The private key is nowhere in the page.
    const pem = fs.readFileSync(keyFile, 'utf8');
    const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const html = await page.content();
    expect(html).not.toContain(body);
    expect(html).not.toContain('PRIVATE KEY');

    // Ten minutes on, writing asks for the password and a code first, then goes through.
    t.clock.advance(10 * 60 * 1000);
    await page.getByTestId('write-checkpoint').click();
    const dialog = page.getByTestId('step-up-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await dialog.getByLabel('Authentication code').fill(await freshTotpCode(t.deps, AUDITOR));
    await dialog.getByRole('button', { name: /Confirm with password and code/ }).click();
    await expect.poll(() => page.getByTestId('checkpoints').locator('tbody tr').count()).toBe(2);

    // An hour later (the old session has idled out): the newest checkpoint is overdue.
    t.clock.advance(61 * 60 * 1000);
    const later = await e2e.signIn(AUDITOR);
    await later.goto(`${e2e.base}/audit/keys`);
    const stale = later.getByTestId('checkpoint-stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/The newest checkpoint is 6\d minutes old/);
    expect(await seriousA11yViolations(later)).toEqual([]);
  }, 120_000);

  it('offers other roles no link, and the page says it is not theirs', async () => {
    const page = await e2e.signIn('program@demo.delegate.test');
    expect(await page.getByRole('link', { name: 'Audit keys' }).count()).toBe(0);
    await page.goto(`${e2e.base}/audit/keys`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Not permitted');
  }, 60_000);
});
