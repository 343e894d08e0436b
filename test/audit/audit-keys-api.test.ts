/**
 * The audit checkpoint key and checkpoints over HTTP (issue 7, security.md R18): only auditors
 * may see them or write one; the answer carries the public key and its fingerprint, never the
 * private key; each checkpoint's signature is checked with the pinned key (a forged one shows
 * as failing); a missing or hour-old checkpoint is flagged; writing one needs a recent
 * re-authentication and is itself an audit event. On PGlite and native PostgreSQL.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { checkpointFreshness, publicKeyFingerprint } from '../../src/app/audit-keys/checkpoint-status.ts';
import { listAuditCheckpoints } from '../../src/app/audit-keys/list-audit-checkpoints.ts';
import { writeCheckpointNow } from '../../src/app/audit-keys/write-checkpoint-now.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

const OP = operator('audit-keys-test');
const PASSWORD = 'a long synthetic test passphrase';
const HOUR = 60 * 60 * 1000;

describe('checkpoint freshness and fingerprints', () => {
  it('flags no checkpoint, and one older than an hour, as overdue', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(checkpointFreshness(null, now)).toEqual({ stale: true, ageMinutes: null, intervalMinutes: 60 });
    expect(checkpointFreshness('not a time', now).stale).toBe(true);
    expect(checkpointFreshness('2026-11-29T10:59:00Z', now)).toMatchObject({ stale: true, ageMinutes: 61 });
    expect(checkpointFreshness('2026-11-29T11:00:00Z', now)).toMatchObject({ stale: false, ageMinutes: 60 });
    expect(checkpointFreshness('2026-11-29T11:59:30Z', now)).toMatchObject({ stale: false, ageMinutes: 0 });
  });

  it('fingerprints the DER public key with SHA-256 as 32 colon-separated pairs', () => {
    expect(publicKeyFingerprint('')).toBe(
      'e3:b0:c4:42:98:fc:1c:14:9a:fb:f4:c8:99:6f:b9:24:27:ae:41:e4:64:9b:93:4c:a4:95:99:1b:78:52:b8:55',
    );
  });
});

describe.each(backends())('audit checkpoint key and checkpoints on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let dir: string;
  let keyFile: string;
  let checkpointDir: string;
  let auditor: string;
  let program: string;

  const call = (method: 'GET' | 'POST', url: string, cookie?: string) =>
    app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
  const privateKeyForms = () => {
    const pem = fs.readFileSync(keyFile, 'utf8');
    const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    // The 32-byte seed, in the encodings an answer could carry it.
    const seed = der.subarray(der.length - 32);
    return [body, seed.toString('base64'), seed.toString('base64url'), seed.toString('hex')];
  };
  const expectNoPrivateKey = (text: string) => {
    expect(text).not.toMatch(/PRIVATE KEY/);
    for (const form of privateKeyForms()) expect(text).not.toContain(form);
  };
  const countEvents = async (type: string) =>
    (await t.store.db.selectFrom('audit_events').select('seq').where('type', '=', type).execute()).length;

  beforeAll(async () => {
    t = await freshDb(backend, '2026-11-29T12:00:00Z');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-audit-keys-'));
    keyFile = path.join(dir, 'keys', 'audit-checkpoint-ed25519.pem');
    checkpointDir = path.join(dir, 'audit-checkpoints');
    t.deps.checkpoints = fileCheckpointStore(checkpointDir, keyFile);
    for (const [email, role] of [
      ['auditor@audit-keys.test', 'auditor'],
      ['program@audit-keys.test', 'program_office'],
    ] as const) {
      const r = await createUser(t.deps, OP, {
        email,
        displayName: role,
        role,
        agencyId: null,
        password: PASSWORD,
      });
      if (!r.ok) throw new Error(r.error.userMessage);
    }
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    auditor = await signInOverHttp(app, 'auditor@audit-keys.test', { password: PASSWORD });
    program = await signInOverHttp(app, 'program@audit-keys.test', { password: PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the public (401) and other roles (403), audits the refusal, and writes nothing', async () => {
    const denials = await countEvents('authorization.denied');
    for (const [method, url] of [
      ['GET', '/audit/key'],
      ['GET', '/audit/checkpoints'],
      ['POST', '/audit/checkpoints'],
    ] as const) {
      expect((await call(method, url)).statusCode).toBe(401);
      const refused = await call(method, url, program);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expectNoPrivateKey(refused.body);
    }
    expect(await countEvents('authorization.denied')).toBe(denials + 6);
    expect(fs.existsSync(checkpointDir) ? fs.readdirSync(checkpointDir) : []).toEqual([]);
  });

  it('answers bad input with a 400 problem', async () => {
    for (const url of ['/audit/checkpoints?limit=0', '/audit/checkpoints?limit=x', '/audit/key?x=1']) {
      const res = await call('GET', url, auditor);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('shows the key: Ed25519, the public key with its fingerprint, where checkpoints go; never the private key', async () => {
    const res = await call('GET', '/audit/key', auditor);
    expect(res.statusCode, res.body).toBe(200);
    const key = res.json();
    const expected = createPrivateKey(fs.readFileSync(keyFile))
      .export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    expect(key).toMatchObject({ configured: true, algorithm: 'Ed25519', location: checkpointDir });
    expect(key.fingerprintSha256).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(key.fingerprintSha256).toBe(publicKeyFingerprint(key.publicKey));
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(res.body).not.toContain(expected);
    expectNoPrivateKey(res.body);
    // No checkpoint file was written by reading the key.
    expect(fs.existsSync(checkpointDir) ? fs.readdirSync(checkpointDir) : []).toEqual([]);
  });

  it('warns when there is no checkpoint yet', async () => {
    const res = await call('GET', '/audit/checkpoints', auditor);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      configured: true,
      total: 0,
      items: [],
      stale: true,
      ageMinutes: null,
    });
  });

  it('writes a checkpoint on demand, records it, and lists it as verified and current', async () => {
    const before = await countEvents('audit.checkpoint_written');
    const written = await call('POST', '/audit/checkpoints', auditor);
    expect(written.statusCode, written.body).toBe(201);
    const c = written.json();
    expect(c).toMatchObject({ signatureValid: true, at: '2026-11-29T12:00:00.000Z' });
    expectNoPrivateKey(written.body);
    expect(await countEvents('audit.checkpoint_written')).toBe(before + 1);
    expect(fs.readdirSync(checkpointDir)).toHaveLength(1);

    const list = (await call('GET', '/audit/checkpoints', auditor)).json();
    expect(list).toMatchObject({ total: 1, stale: false, ageMinutes: 0 });
    expect(list.items).toEqual([
      { length: c.length, headHash: c.headHash, at: c.at, signatureValid: true, chainMatches: true },
    ]);
    expect(list.chainLength).toBe(c.length + 1); // the checkpoint's own event follows it
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });

  it('shows a checkpoint signed with another key, or altered, as failing its signature check', async () => {
    const other = fileCheckpointStore(path.join(dir, 'elsewhere'), path.join(dir, 'other-key.pem'));
    const [genuine] = await t.deps.checkpoints!.list();
    const forged = other.sign({
      length: genuine!.length,
      headHash: genuine!.headHash,
      at: '2026-11-29T12:00:01.000Z',
    });
    const altered = { ...genuine!, headHash: 'f'.repeat(64), at: '2026-11-29T12:00:02.000Z' };
    for (const [name, c] of [
      ['999999999998-forged.json', forged],
      ['999999999999-altered.json', altered],
    ] as const)
      fs.writeFileSync(path.join(checkpointDir, name), `${JSON.stringify(c)}\n`);
    const list = (await call('GET', '/audit/checkpoints?limit=2', auditor)).json();
    expect(list.total).toBe(3);
    expect(list.items).toEqual([
      expect.objectContaining({ at: altered.at, signatureValid: false, chainMatches: false }),
      expect.objectContaining({ at: forged.at, signatureValid: false, chainMatches: true }),
    ]);
    for (const name of ['999999999998-forged.json', '999999999999-altered.json'])
      fs.rmSync(path.join(checkpointDir, name));
  });

  it('needs a recent re-authentication to write one; reading stays open; an hour later it is overdue', async () => {
    t.clock.advance(10 * 60 * 1000);
    const stale = await call('POST', '/audit/checkpoints', auditor);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().ruleId).toBe('step-up');
    expect(fs.readdirSync(checkpointDir)).toHaveLength(1);
    expect((await call('GET', '/audit/checkpoints', auditor)).statusCode).toBe(200);

    // An hour on, the session has idled out; the console operator reads and writes the same way.
    t.clock.advance(HOUR);
    const overdue = await listAuditCheckpoints(t.deps, OP);
    expect(overdue.ok && overdue.value.stale).toBe(true);
    expect(overdue.ok && overdue.value.ageMinutes).toBe(70);
    expect((await writeCheckpointNow(t.deps, OP)).ok).toBe(true);
    const current = await listAuditCheckpoints(t.deps, OP);
    if (!current.ok) throw new Error(current.error.userMessage);
    expect(current.value).toMatchObject({ total: 2, stale: false, ageMinutes: 0 });
    expect(current.value.items.map((i) => i.signatureValid && i.chainMatches)).toEqual([true, true]);
  });
});

describe.each(backends())('audit checkpoints without a checkpoint store on %s', (backend) => {
  it('says so rather than failing, and refuses to write one', async () => {
    const t = await freshDb(backend);
    try {
      const r = await createUser(t.deps, OP, {
        email: 'auditor@no-store.test',
        displayName: 'auditor',
        role: 'auditor',
        agencyId: null,
        password: PASSWORD,
      });
      if (!r.ok) throw new Error(r.error.userMessage);
      const app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
      const cookie = await signInOverHttp(app, 'auditor@no-store.test', { password: PASSWORD });
      const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
      expect((await get('/audit/key')).json()).toMatchObject({ configured: false, publicKey: null });
      expect((await get('/audit/checkpoints')).json()).toMatchObject({ configured: false, stale: true });
      const post = await app.inject({
        method: 'POST',
        url: '/api/v1/audit/checkpoints',
        headers: { cookie },
      });
      expect(post.statusCode).toBe(503);
      await app.close();
    } finally {
      await t.close();
    }
  });
});
