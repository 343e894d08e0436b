/** `delegate authority check` as counsel runs it: a real process, no database. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/paths.ts';
import { baseline, VARIANTS } from './scenarios.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');

describe('delegate authority check', () => {
  let dir: string;
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };
  const delegate = (...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      // No database is opened: a data directory that cannot exist proves it.
      env: { ...process.env, DATABASE_URL: '', DELEGATE_DATA_DIR: '/nonexistent/delegate' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const expectOneLineError = (r: { code: number | null; err: string }, pattern: RegExp) => {
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^delegate: /);
    expect(r.err).toMatch(pattern);
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-authority-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the exact JSON for one scenario', () => {
    const r = delegate('authority', 'check', file('one.json', baseline('JEM', 'sign_warrant')), '--json');
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out);
    expect(Object.keys(d)).toEqual(['decision', 'ruleIds', 'citations', 'reasons']);
    expect(d).toMatchObject({ decision: 'deny', ruleIds: ['lea.no-warrant-signing'] });
    expect(d.citations).toEqual(expect.arrayContaining(['8 CFR 236.1(b)', '8 CFR 287.5(e)(2)']));
  });

  it('prints an array of decisions in input order for an array, and readable lines without --json', () => {
    const terminated = (at: string) =>
      VARIANTS['agreement terminated']({ ...baseline('JEM', 'transport'), at });
    const scenarios = [
      baseline('JEM', 'interview'),
      baseline('WSO', 'interview'),
      terminated('2026-03-01T09:59:00Z'),
      terminated('2026-03-01T10:01:00Z'),
    ];
    const f = file('many.json', scenarios);
    const r = delegate('authority', 'check', f, '--json');
    expect(r.code, r.err).toBe(0);
    const ds = JSON.parse(r.out);
    expect(ds.map((d: { decision: string; ruleIds: string[] }) => [d.decision, d.ruleIds[0]])).toEqual([
      ['allow', 'grant.interview'],
      ['deny', 'wso.functions-not-delegated'],
      ['allow', 'grant.transport'],
      ['deny', 'agreement.terminated'],
    ]);
    const text = delegate('authority', 'check', f);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^1\. interview by lea_officer \(JEM\) at 2026-03-01T12:00:00Z: ALLOW$/m);
    expect(text.out).toMatch(/^2\. interview by lea_officer \(WSO\) .*: DENY$/m);
    expect(text.out).toMatch(
      /^ {3}wso\.functions-not-delegated: A Warrant Service Officer never interviews/m,
    );
    expect(text.out).toMatch(/^ {3}cites: .*MOA-DEFAULT:termination$/m);
  });

  it('checks the shipped fixtures', () => {
    const deny = path.join(REPO, 'src/authority/fixtures/DENY/jem-subject-under-18--hardstop.juvenile.json');
    const r = delegate('authority', 'check', deny, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'deny', ruleIds: ['hardstop.juvenile'] });
  });

  it('refuses bad input with one line naming the file and the problem', () => {
    const ok = baseline('TFM', 'interview');
    expectOneLineError(
      delegate('authority', 'check', path.join(dir, 'missing.json')),
      /missing\.json: no such file/,
    );
    expectOneLineError(delegate('authority', 'check', file('bad.json', '{"at": ')), /bad\.json: not JSON/);
    expectOneLineError(
      delegate('authority', 'check', file('unknown-field.json', { ...ok, officerName: 'x' })),
      /Unrecognized key: "officerName"/,
    );
    expectOneLineError(
      delegate('authority', 'check', file('unknown-action.json', { ...ok, action: 'deport' })),
      /action: Invalid option/,
    );
    expectOneLineError(
      delegate(
        'authority',
        'check',
        file('unknown-role.json', [ok, { ...ok, actor: { ...ok.actor, role: 'sheriff' } }]),
      ),
      /\[1\]\.actor\.role: Invalid option/,
    );
    expectOneLineError(
      delegate('authority', 'check', file('missing.json', { ...ok, subject: { dob: '1990-01-01' } })),
      /subject\.citizenshipReviewOpen/,
    );
    expectOneLineError(
      delegate('authority', 'check', file('date.json', { ...ok, at: '2026-03-01 12:00' })),
      /at: must be an ISO 8601 date-time/,
    );
    expectOneLineError(
      delegate(
        'authority',
        'check',
        file('ice-model.json', {
          ...baseline('ice_supervisor', 'interview'),
          actor: { ...baseline('ice_supervisor', 'interview').actor, model: 'JEM' },
        }),
      ),
      /actor\.model: must be null for ice_supervisor/,
    );
    expectOneLineError(delegate('authority', 'check', file('empty.json', [])), /holds no scenario/);
    const missingArg = delegate('authority', 'check');
    expect(missingArg.code).not.toBe(0);
  });
});
