/**
 * The `delegate` command as a user runs it: a real process on embedded PGlite in a temporary
 * data directory. Bad input exits non-zero with one line and no stack trace.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementsFile, REPO } from '../support/paths.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');

describe('delegate CLI', () => {
  let dataDir: string;
  let scratch: string;
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
    expect(r.err).toMatch(/^delegate: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-cli-'));
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-cli-files-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("imports ICE's 2025-01-04 list and prints ICE's own counts as the fixed JSON", () => {
    const imported = delegate(
      'import',
      'agreements',
      agreementsFile('ice_287g_participating_2025-01-04.csv'),
    );
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(
      /imported\s+ice_287g_participating_2025-01-04\.csv: participating list of 2025-01-04, 135 rows/,
    );
    const counts = delegate('agreements', 'counts', '--as-of', '2025-01-04', '--json');
    expect(counts.code, counts.err).toBe(0);
    expect(JSON.parse(counts.out)).toEqual({
      asOf: '2025-01-04',
      snapshot: '2025-01-04',
      models: {
        JEM: { agreements: 60, agencies: 60, states: 16 },
        WSO: { agreements: 75, agencies: 75, states: 11 },
        TFM: { agreements: 0, agencies: 0, states: 0 },
      },
      total: { agreements: 135, agencies: 133, states: 21 },
    });
  });

  it('says "unchanged" when the same list is imported again', () => {
    const again = delegate('import', 'agreements', agreementsFile('ice_287g_participating_2025-01-04.csv'));
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^unchanged/);
  });

  it('lists and diffs', () => {
    const list = delegate('agreements', 'list', '--state', 'alabama', '--json');
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).items.every((a: { state: string }) => a.state === 'ALABAMA')).toBe(true);
    const diff = delegate('agreements', 'diff', '--from', '2025-01-01', '--to', '2025-01-04');
    expect(diff.code, diff.err).toBe(0);
    expect(diff.out).toMatch(/joined: 133, left: 0/);
  });

  it.each([
    ['an empty file', 'ice_287g_participating_2025-03-01.csv', '', /empty/i],
    ['wrong headers', 'ice_287g_participating_2025-03-02.csv', 'NAME,KIND\nx,y\n', /STATE|column/],
    [
      'a text file renamed .xlsx',
      'ice_287g_participating_2025-03-03.xlsx',
      'this is not a workbook',
      /xlsx/i,
    ],
    [
      'an unknown model',
      'ice_287g_participating_2025-03-04.csv',
      'STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,X Police Department,Harbor Model,1/1/25\n',
      /:2:SUPPORT TYPE: .*Harbor Model/,
    ],
    [
      'a list dated in the future',
      'ice_287g_participating_2099-01-01.csv',
      'STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,X Police Department,Task Force Model,1/1/25\n',
      /after today/,
    ],
  ])('refuses %s with one line and changes nothing', (_what, name, content, message) => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, content);
    const r = delegate('import', 'agreements', file);
    expectOneLineError(r);
    expect(r.err).toContain(name);
    expect(r.err).toMatch(message);
    const counts = JSON.parse(delegate('agreements', 'counts', '--as-of', '2025-12-31', '--json').out);
    expect(counts.snapshot).toBe('2025-01-04');
  });

  it('refuses a file over the size limit before reading it', () => {
    const file = path.join(scratch, 'ice_287g_participating_2025-03-05.csv');
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 100 * 1024 * 1024);
    fs.closeSync(fd);
    const r = delegate('import', 'agreements', file);
    expectOneLineError(r);
    expect(r.err).toMatch(/MB|large|size/i);
  });

  it.each([
    [['serve', '--port', '0'], /DELEGATE_MFA_KEY/],
    [['agreements', 'counts', '--as-of', '2025-02-30'], /YYYY-MM-DD/],
    [['agreements', 'counts'], /--as-of/],
    [['agreements', 'list', '--model', 'XYZ'], /XYZ/],
    [['agreements', 'list', '--limit', '0'], /--limit/],
    [['import', 'agreements', '/no/such/file.csv'], /file\.csv/],
    [['frobnicate'], /unknown command/],
  ])('refuses %j with a one-line reason', (args, message) => {
    const r = delegate(...args);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('lists officers and explains what one may do, here and now, and why', () => {
    expect(delegate('demo').code).toBe(0);
    const officers = JSON.parse(delegate('officers', 'list', '--json').out);
    const avery = officers.find((o: { displayName: string }) => o.displayName.startsWith('Avery'));
    expect(avery).toMatchObject({ model: 'JEM', effectiveStage: 'authorized' });
    const sign = delegate(
      'authority',
      'explain',
      '--officer',
      avery.officerId,
      '--facility',
      'MAIN',
      '--action',
      'sign_warrant',
    );
    expect(sign.code, sign.err).toBe(0);
    expect(sign.out).toMatch(/DENY +sign_warrant/);
    expect(sign.out).toMatch(/8 CFR 287\.5\(e\)\(2\)/);
    const json = JSON.parse(
      delegate('authority', 'explain', '--officer', avery.officerId, '--facility', 'MAIN', '--json').out,
    );
    expect(json.decisions).toHaveLength(16);
    expect(json.decisions.find((d: { action: string }) => d.action === 'interview').decision).toBe('allow');
    const unknown = delegate('authority', 'explain', '--officer', '00000000-0000-0000-0000-000000000000');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/No officer has that id/);
  });

  it('prints the account review as CSV, runs the integrity check, and refuses an unknown account in one line', () => {
    const review = delegate('accounts', 'review');
    expect(review.code, review.err).toBe(0);
    expect(review.out.split(/\r?\n/)[0]).toBe(
      'email,role,agency_id,status,created_at,last_active_at,days_inactive',
    );
    const integrity = delegate('integrity');
    expect(integrity.code, integrity.err).toBe(0);
    expect(integrity.out).toMatch(/^audit chain: intact, \d+ events/);
    expect(integrity.out).toMatch(/data checksums: not applicable \(embedded database\)/);
    const unknown = delegate('accounts', 'disable', 'nobody@example.test', '--detail', 'left the agency');
    expectOneLineError(unknown);
    expect(unknown.err).toMatch(/No account has that email/);
  });
  describe('while the server holds the data directory', () => {
    let server: ChildProcess;
    beforeAll(async () => {
      server = spawn(process.execPath, [MAIN, 'serve', '--port', '0'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          DELEGATE_DATA_DIR: dataDir,
          DELEGATE_MFA_KEY: Buffer.alloc(32, 7).toString('base64'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('http://localhost:')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
    });
    afterAll(async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    });

    it('refuses to write, naming the holder, instead of silently losing commits', () => {
      const r = delegate('import', 'agreements', agreementsFile('ice_287g_participating_2025-02-19.csv'));
      expectOneLineError(r);
      expect(r.err).toMatch(/in use by delegate serve \(pid \d+\)/);
    });
  });
});
