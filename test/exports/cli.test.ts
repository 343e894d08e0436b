/**
 * `delegate export` as a user runs it: a real process on embedded PGlite in a temporary data
 * directory. Bad flags exit non-zero with one line before the database is opened; the files
 * written are the reports, owner-readable only, and a NIEM file validates.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN, scratchDir } from '../statistics/support.ts';
import { REPO } from '../support/paths.ts';
import { niemValidator } from './niem-schema.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');

describe('delegate export', () => {
  let dataDir: string;
  const files = scratchDir('delegate-export-cli-');
  const delegate = (...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', DELEGATE_DATA_DIR: dataDir, DELEGATE_MFA_KEY: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const window = ['--from', '2017-10-01', '--to', '2020-09-30'];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-export-data-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    files.remove();
  });

  it.each([
    [
      'a recipient without a purpose',
      ['encounters', ...window, '--format', 'niem', '--recipient', 'X', '--routine-use', 'Y'],
      64,
      /purpose \(5 U\.S\.C\. §552a\(c\)\)/,
    ],
    [
      'an XML conviction table',
      ['convictions', ...window, '--format', 'xml'],
      64,
      /format "xml" is not csv or xlsx/,
    ],
    ['encounters as CSV', ['encounters', ...window, '--format', 'csv'], 64, /format "csv" is not niem/],
    [
      'an output directory that does not exist',
      ['convictions', ...window, '--out', path.join(os.tmpdir(), 'no-such-dir-delegate', 'x.csv')],
      73,
      /directory of --out .* does not exist/,
    ],
  ])('refuses %s with one line, before opening the database', (_, args, code, message) => {
    const out = args.includes('--out') ? [] : ['--out', path.join(files.dir, 'x')];
    const r = delegate('export', ...args, ...out);
    expect(r.code).toBe(code);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('writes the conviction table as CSV and the encounters as NIEM, a disclosure for the outside recipient', () => {
    expect(delegate('import', 'encounters', files.write('known.csv', KNOWN)).code).toBe(0);
    const csv = path.join(files.dir, 'table.csv');
    const t = delegate('export', 'convictions', ...window, '--out', csv);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/^wrote\s+.*table\.csv \(\d+ bytes, sha256 [0-9a-f]{64}\)\n$/);
    expect(fs.readFileSync(csv, 'utf8')).toMatch(/\r\n2017-10-01,2020-09-30,all,all,identified,[^\r]*,6\r\n/);
    expect(fs.statSync(csv).mode & 0o077).toBe(0);

    const xml = path.join(files.dir, 'encounters.xml');
    const e = delegate(
      'export',
      'encounters',
      ...window,
      '--format',
      'niem',
      '--out',
      xml,
      '--recipient',
      'Example State Fusion Center',
      '--purpose',
      'Joint review',
      '--routine-use',
      'DHS/ICE-011 routine use G',
      '--json',
    );
    expect(e.code, e.err).toBe(0);
    expect(JSON.parse(e.out)).toMatchObject({ records: 9, disclosureId: expect.any(String) });
    const v = niemValidator();
    try {
      const { results, output } = v.validate([xml]);
      expect(results.get('encounters.xml'), output).toBe(true);
    } finally {
      v.remove();
    }
  }, 180_000);
});
