/** `delegate link` as a user runs it: a real process; bad input is one line on stderr and a non-zero exit. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINKAGE_DATA } from './linkage-data.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/cli/main.ts');
const FAKE = path.join(LINKAGE_DATA, 'splink_datasets/fake_1000.csv');
const MAP = 'first_name=first_name,last_name=surname,dob=dob,city=city';

const delegate = (...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, 'link', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const expectOneLineError = (r: ReturnType<typeof delegate>, pattern: RegExp) => {
  expect(r.code).not.toBe(0);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^delegate: /);
  expect(r.err).toMatch(pattern);
  expect(r.out).toBe('');
};

describe('delegate link', () => {
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-link-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('dedupes one file to the fixed CSV contract, sorted by weight, all at or above the threshold', () => {
    const r = delegate(FAKE, '--id', 'unique_id', '--map', MAP, '--threshold', '0.9');
    expect(r.code, r.err).toBe(0);
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('left_id,right_id,match_probability,match_weight');
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      const [l, rr, p, w] = row.split(',');
      expect(l).not.toBe(rr);
      expect(Number(p)).toBeGreaterThanOrEqual(0.9);
      expect(Number.isFinite(Number(w))).toBe(true);
    }
  });

  it('writes --out and explains one pair as a waterfall', () => {
    const out = path.join(dir, 'pairs.csv');
    expect(delegate(FAKE, '--id', 'unique_id', '--map', MAP, '--out', out).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^left_id,right_id,match_probability,match_weight\n/);
    const e = delegate(FAKE, '--id', 'unique_id', '--map', MAP, '--explain', '0', '1');
    expect(e.code, e.err).toBe(0);
    expect(e.out).toMatch(/^0 ~ 1/);
    expect(e.out).toMatch(/prior/);
    expect(e.out).toMatch(/dob\s+/);
    expect(e.out).toMatch(/match probability \d\.\d{4}/);
  });

  it('refuses a missing file, an empty file and a header without rows', () => {
    expectOneLineError(
      delegate(path.join(dir, 'nope.csv'), '--id', 'id', '--map', 'dob=dob'),
      /no such file/,
    );
    expectOneLineError(delegate(file('empty.csv', ''), '--id', 'id', '--map', 'dob=dob'), /empty/);
    expectOneLineError(delegate(file('header.csv', 'id,dob\n'), '--id', 'id', '--map', 'dob=dob'), /no rows/);
  });

  it('refuses missing columns, naming them and the file', () => {
    const f = file('cols.csv', 'id,first\n1,Ana\n');
    expectOneLineError(
      delegate(f, '--id', 'id', '--map', 'first_name=first,dob=birth_date'),
      /cols\.csv: missing column birth_date/,
    );
    expectOneLineError(delegate(f, '--id', 'rec', '--map', 'first_name=first'), /missing column rec/);
    const right = file('right.csv', 'id,given\n1,Ana\n');
    expectOneLineError(
      delegate(f, right, '--id', 'id', '--map', 'first_name=first'),
      /right\.csv: missing column first/,
    );
  });

  it('refuses unknown roles, malformed maps and a bad threshold', () => {
    const f = file('ok.csv', 'id,first\n1,Ana\n2,Ann\n');
    expectOneLineError(delegate(f, '--id', 'id', '--map', 'ethnicity=first'), /unknown role "ethnicity"/);
    expectOneLineError(delegate(f, '--id', 'id', '--map', 'first_name'), /ROLE=COLUMN/);
    expectOneLineError(delegate(f, '--id', 'id', '--map', 'first_name=first,first_name=first'), /twice/);
    for (const t of ['1.5', 'high']) {
      expectOneLineError(
        delegate(f, '--id', 'id', '--map', 'first_name=first', '--threshold', t),
        /--threshold/,
      );
    }
    expectOneLineError(delegate(f, '--id', 'id', '--map', 'first_name=first', '--explain', '1'), /two ids/);
  });

  it('refuses files that are not UTF-8, whichever side they are on', () => {
    const utf8 = file('utf8.csv', 'id,last\n1,García\n2,Garcia\n');
    const latin1 = file('latin1.csv', Buffer.from('id,last\n1,Garc\xeda\n', 'latin1'));
    const utf16 = file(
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,last\n1,x\n', 'utf16le')]),
    );
    expectOneLineError(
      delegate(latin1, '--id', 'id', '--map', 'last_name=last'),
      /latin1\.csv: not valid UTF-8/,
    );
    expectOneLineError(
      delegate(utf8, latin1, '--id', 'id', '--map', 'last_name=last'),
      /latin1\.csv: not valid UTF-8/,
    );
    expectOneLineError(delegate(utf16, '--id', 'id', '--map', 'last_name=last'), /UTF-16/);
  });

  it('refuses duplicate and empty ids', () => {
    expectOneLineError(
      delegate(file('dup.csv', 'id,last\n1,A\n1,B\n'), '--id', 'id', '--map', 'last_name=last'),
      /id 1 appears twice/,
    );
    expectOneLineError(
      delegate(file('blank.csv', 'id,last\n,A\n'), '--id', 'id', '--map', 'last_name=last'),
      /row 2 has an empty id/,
    );
  });
});
