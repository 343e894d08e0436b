/**
 * `delegate import encounters` and `delegate stats convictions` as a user runs them: a real
 * process on embedded PGlite in a temporary data directory. Bad input exits non-zero with one
 * line and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/paths.ts';
import { HEADER, KNOWN, KNOWN_EXPECTED, scratchDir } from './support.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');

describe('delegate import encounters / stats convictions', () => {
  let dataDir: string;
  const files = scratchDir('delegate-stats-cli-');
  const delegate = (...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', DELEGATE_DATA_DIR: dataDir, DELEGATE_MFA_KEY: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const expectOneLineError = (r: { code: number | null; err: string }) => {
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-stats-data-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    files.remove();
  });

  it('refuses a bad row naming the file, line and field, and imports nothing', () => {
    const bad = files.write(
      'bad.csv',
      `${HEADER}\nE1,Harris County Sheriff,TX,JEM,2019-01-01,S1,,,true,false\nE2,Harris County Sheriff,TX,JEM,2019-01-01,S2,1313@2019-1-1,,true,false\n`,
    );
    const r = delegate('import', 'encounters', bad);
    expectOneLineError(r);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^delegate: bad\.csv:3:convictions: item 1: conviction date "2019-1-1"/);
    const table = delegate('stats', 'convictions', '--from', '2019-01-01', '--to', '2019-12-31', '--json');
    expect(table.code, table.err).toBe(0);
    expect(JSON.parse(table.out)).toMatchObject({ identified: 0 });
  });

  it('imports the known-totals file and prints a one-line summary', () => {
    const r = delegate('import', 'encounters', files.write('known.csv', KNOWN));
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toMatch(/^imported\s+known\.csv: 11 rows, 11 new encounters, 0 already imported/);
  });

  it('says "unchanged" when the same file is imported again', () => {
    const r = delegate('import', 'encounters', path.join(files.dir, 'known.csv'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^unchanged\s+known\.csv: all 11 encounters were already imported/);
  });

  it('prints exactly the JSON of issue 8, keys in order', () => {
    for (const [flags, expected] of KNOWN_EXPECTED.slice(1, 5)) {
      const args = ['stats', 'convictions', '--from', flags.from, '--to', flags.to, '--json'];
      if (flags.model) args.push('--model', flags.model);
      if (flags.state) args.push('--state', flags.state);
      const r = delegate(...args);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(`${JSON.stringify(expected)}\n`);
    }
    const first = delegate('stats', 'convictions', '--from', '2017-10-01', '--to', '2020-09-30', '--json');
    expect(first.out).toBe(
      '{"from":"2017-10-01","to":"2020-09-30","identified":6,"placedInProceedings":4,"categories":{"homicide":1,"kidnapping":1,"sexual_assault":1,"robbery":1,"assault":1,"dangerous_drugs":1,"sex_offenses":1,"obstructing_police":1,"weapon_offenses":1}}\n',
    );
  });

  it('prints a readable table without --json', () => {
    const r = delegate(
      'stats',
      'convictions',
      '--from',
      '2017-10-01',
      '--to',
      '2020-09-30',
      '--model',
      'JEM',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Distinct subjects, 2017-10-01 to 2020-09-30 \(model JEM\)\n/);
    expect(r.out).toMatch(/^identified\s+4$/m);
    expect(r.out).toMatch(/^placed in removal proceedings\s+2$/m);
    expect(r.out).toMatch(/^\s+homicide \(09xx\)\s+1$/m);
    expect(r.out).toMatch(/^\s+robbery \(12xx\)\s+0$/m);
  });

  it.each([
    [['--from', '2017-10-01'], /--to/],
    [['--to', '2020-09-30'], /--from/],
    [['--from', '2017-10-32', '--to', '2020-09-30'], /from "2017-10-32"/],
    [['--from', '2020-10-01', '--to', '2020-09-30'], /before it starts/],
    [['--from', '2017-10-01', '--to', '2020-09-30', '--model', 'HARBOR'], /model "HARBOR"/],
    [['--from', '2017-10-01', '--to', '2020-09-30', '--state', 'TEXAS'], /state "TEXAS"/],
    [['--from', '2017-10-01', '--to', '2020-09-30', '--frobnicate'], /unknown option/],
  ])('exits non-zero with one line for %o', (flags, message) => {
    const r = delegate('stats', 'convictions', ...flags);
    expectOneLineError(r);
    expect(r.err).toMatch(message);
  });

  it('refuses a missing file with one line', () => {
    const r = delegate('import', 'encounters', path.join(files.dir, 'missing.csv'));
    expectOneLineError(r);
    expect(r.err).toMatch(/missing\.csv: cannot read the file/);
  });

  it('still has the agreements import beside the encounters import', () => {
    const r = delegate('import', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/agreements/);
    expect(r.out).toMatch(/encounters/);
  });

  it('reports a refresh with nothing to do', () => {
    const r = delegate('stats', 'refresh');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^rollups current through encounter \d+/);
  });
});
