/**
 * R37 restore drill on native PostgreSQL: a cluster archives its WAL with
 * `ops/backup/archive-wal.sh`, a base backup is taken with `ops/backup/base-backup.sh`, Delegate
 * writes before and after a point in time T, and `ops/backup/restore-pitr.sh` restores a fresh
 * instance to T. The restored audit chain verifies up to T and the row counts equal the source's
 * at T. Needs the PostgreSQL binaries and root (for `runuser`); under CI their absence fails.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { operator } from '../../src/domain/actor.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { freePort, postgresBin } from '../crash/cluster.ts';

const exec = promisify(execFile);
const OPS = path.resolve(import.meta.dirname, '../../ops/backup');
const available = postgresBin() !== null && process.getuid?.() === 0;
const asPostgres = (cmd: string, args: string[]) =>
  exec('runuser', ['-u', 'postgres', '--', cmd, ...args], { maxBuffer: 16 * 1024 * 1024 });

if (!available && process.env.CI)
  throw new Error('CI must run the restore drill: PostgreSQL binaries and root are required.');

describe.skipIf(!available)('backup and point-in-time restore drill (R37)', () => {
  const bin = postgresBin()!;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-restore-'));
  const dirs = {
    source: path.join(root, 'source'),
    archive: path.join(root, 'wal'),
    base: path.join(root, 'base'),
    restored: path.join(root, 'restored'),
  };
  const stores: Store[] = [];
  const started: string[] = [];

  const startInstance = async (data: string, port: number, extra: string[] = []) => {
    const opts = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=20',
      ...extra,
    ].join(' ');
    await asPostgres(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      `${data}.log`,
      '-w',
      '-t',
      '120',
      '-o',
      opts,
      'start',
    ]);
    started.push(data);
  };
  const stopInstance = async (data: string) => {
    await asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    started.splice(started.indexOf(data), 1);
  };

  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    for (const d of [...started]) await stopInstance(d).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('restores a fresh instance to T whose audit chain verifies and whose counts equal the source at T', async () => {
    fs.chmodSync(root, 0o755);
    await exec('chown', ['postgres:postgres', root]);
    await asPostgres('mkdir', ['-p', dirs.archive]);
    await asPostgres(path.join(bin, 'initdb'), [
      '-D',
      dirs.source,
      '--data-checksums',
      '-A',
      'trust',
      '-U',
      'delegate',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    const port = await freePort();
    await startInstance(dirs.source, port, [
      '-c wal_level=replica',
      '-c archive_mode=on',
      `-c "archive_command=${OPS}/archive-wal.sh %p %f ${dirs.archive}"`,
    ]);
    const url = (p: number) => `postgres://delegate@127.0.0.1:${p}/postgres`;
    const source = await openStore({ databaseUrl: url(port) });
    stores.push(source);
    const deps = { db: source.db, clock: { now: () => new Date() } };
    const users = async (prefix: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await createUser(deps, operator('drill'), {
          email: `${prefix}${i}@restore.delegate.test`,
          displayName: `${prefix} ${i}`,
          role: 'auditor',
          agencyId: null,
          password: 'juniper-basalt-harbor-2290',
        });
        if (!r.ok) throw new Error(r.error.userMessage);
      }
    };
    const counts = async (s: Store) => {
      const r = await sql<{ users: string; audit: string }>`
        SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit_events) AS audit`.execute(
        s.db,
      );
      return { users: Number(r.rows[0]!.users), audit: Number(r.rows[0]!.audit) };
    };

    await users('before-backup-', 2);
    await asPostgres('bash', [
      `${OPS}/base-backup.sh`,
      `postgres://delegate@127.0.0.1:${port}/postgres`,
      dirs.base,
    ]);
    await users('after-backup-', 3);
    const atT = await counts(source);
    const t = (await sql<{ t: string }>`SELECT clock_timestamp()::text AS t`.execute(source.db)).rows[0]!.t;
    await users('after-t-', 2);
    expect((await counts(source)).users).toBe(atT.users + 2);
    await sql`SELECT pg_switch_wal()`.execute(source.db);
    await source.close();
    stores.pop();
    await stopInstance(dirs.source); // a clean stop archives every completed segment

    const refused = await asPostgres('bash', [
      `${OPS}/restore-pitr.sh`,
      dirs.base,
      dirs.archive,
      dirs.restored,
      '--when',
      t,
    ]).catch((e: { code: number }) => e);
    expect((refused as { code: number }).code).toBe(64);
    await asPostgres('bash', [`${OPS}/restore-pitr.sh`, dirs.base, dirs.archive, dirs.restored, '--time', t]);
    const port2 = await freePort();
    await startInstance(dirs.restored, port2);
    const restored = await openStore({ databaseUrl: url(port2) });
    stores.push(restored);
    // The restored instance accepts read-only connections during recovery; wait (bounded) for
    // it to reach T and promote. This waits on PostgreSQL's state, not on a time assumption.
    const deadline = Date.now() + 120_000;
    while ((await sql<{ r: boolean }>`SELECT pg_is_in_recovery() AS r`.execute(restored.db)).rows[0]!.r) {
      if (Date.now() > deadline) throw new Error('the restored instance did not finish recovery');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await counts(restored)).toEqual(atT);
    const chain = await verifyAuditChain(restored.db);
    expect(chain.ok).toBe(true);
    expect(chain.head.seq).toBe(atT.audit);
  }, 300_000);
});
