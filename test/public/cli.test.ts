/**
 * `delegate stats release` as an operator runs it: a real process on embedded PGlite. A release
 * whose check fails exits 65 and names the problems; an empty database is refused the same way
 * and prints them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER, scratchDir } from '../statistics/support.ts';
import { REPO } from '../support/paths.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');

describe('delegate stats release', () => {
  let dataDir: string;
  const files = scratchDir('delegate-release-cli-');
  const delegate = (...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', DELEGATE_DATA_DIR: dataDir, DELEGATE_MFA_KEY: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-release-data-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    files.remove();
  });

  it('exits non-zero, naming each recoverable cell, when the check fails', () => {
    // Five encounters in each of two models, one state and quarter: each model's count is
    // recoverable to 5–9 from the rounded total.
    const today = new Date();
    const year = today.getUTCFullYear() - 1;
    const rows = Array.from(
      { length: 10 },
      (_, i) =>
        `E${i},Harris County Sheriff,TX,${i < 5 ? 'JEM' : 'TFM'},${year}-05-1${i},S${i},,,false,false`,
    );
    const file = files.write('few.csv', `${HEADER}\n${rows.join('\n')}\n`);
    expect(delegate('import', 'encounters', file).code).toBe(0);
    const r = delegate('stats', 'release');
    expect(r.code).toBe(65);
    expect(r.out).toMatch(/^FAILED {2}release /);
    expect(r.out).toMatch(
      /recoverable {2}records-by-model-quarter: cell encounters \/ JEM \/ \d{4}-Q2 can be shown to lie in 5–9/,
    );
    expect(r.err).toMatch(/^delegate: the release check failed with \d+ problems; nothing was published\./);
  });
});
