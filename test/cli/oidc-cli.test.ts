/**
 * `delegate oidc list | disable | enable` as an operator runs them: a real process on embedded
 * PGlite in a temporary data directory. The list is a table without any client secret or its
 * reference; an unknown or malformed id exits non-zero with one line and changes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/paths.ts';

const MAIN = path.join(REPO, 'src/cli/main.ts');
const SECRET = 'synthetic-client-secret-9f2c';

describe('delegate oidc', () => {
  let dataDir: string;
  const delegate = (...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DELEGATE_DATA_DIR: dataDir,
        DELEGATE_MFA_KEY: '',
        AGENCY_IDP_SECRET: SECRET,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const expectOneLineError = (r: { code: number | null; err: string; out: string }, pattern: RegExp) => {
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^delegate: /);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-oidc-cli-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists providers as a table without secrets, and disables and enables one by id', () => {
    const added = delegate(
      'oidc',
      'add-provider',
      '--id',
      'county-idp',
      '--name',
      'County Sign-In',
      '--issuer',
      'http://127.0.0.1:9',
      '--client-id',
      'delegate-client',
      '--secret',
      'env:AGENCY_IDP_SECRET',
    );
    expect(added.code, added.err).toBe(0);

    const list = delegate('oidc', 'list');
    expect(list.code, list.err).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+agency\s+issuer\s+client id\s+enabled\s+created$/);
    expect(lines[1]).toMatch(
      /^county-idp\s+any\s+http:\/\/127\.0\.0\.1:9\s+delegate-client\s+yes\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    const json = delegate('oidc', 'list', '--json');
    for (const out of [list.out, json.out]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain('AGENCY_IDP_SECRET');
      expect(out).not.toMatch(/secret/i);
    }
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ id: 'county-idp', enabled: true })]);

    // Bad input: one line, non-zero; the provider is untouched (it is still enabled below).
    expectOneLineError(
      delegate('oidc', 'disable', 'no-such-idp'),
      /No identity provider has the id no-such-idp/,
    );

    const disabled = delegate('oidc', 'disable', 'county-idp');
    expect(disabled.code, disabled.err).toBe(0);
    expect(disabled.out).toMatch(/^identity provider disabled: county-idp \(0 bound accounts, 0 sessions/);
    expect(delegate('oidc', 'list').out).toMatch(/delegate-client\s+no\s+/);

    const enabled = delegate('oidc', 'enable', 'county-idp');
    expect(enabled.code, enabled.err).toBe(0);
    expect(enabled.out.trim()).toBe('identity provider enabled: county-idp');
  }, 240_000);
});
