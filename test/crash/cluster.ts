/**
 * A dedicated, durable PostgreSQL cluster for the crash tests (security.md R33, R34): initdb with
 * data checksums into a temporary directory owned by the `postgres` OS user, fsync,
 * synchronous_commit and full_page_writes on, listening on a free loopback port. It can be
 * stopped the way a power cut stops it (`pg_ctl stop -m immediate`) and started again, which
 * runs crash recovery from the WAL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The newest PostgreSQL bin directory under /usr/lib/postgresql, or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? path.join(root, v, 'bin') : null;
}

/** True when this process can run the cluster (binaries present, root for `runuser`). */
export function canRunCluster(): boolean {
  return postgresBin() !== null && process.getuid?.() === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  readonly port: number;
  readonly dir: string;
  readonly bin: string;
  /** postgres://user@127.0.0.1:port/database (trust authentication on loopback). */
  url(user: string, database: string): string;
  start(): Promise<number>;
  /** `pg_ctl stop -m immediate`: no shutdown checkpoint; the next start recovers from WAL. */
  crash(): Promise<void>;
  /** Runs a bin tool as the postgres OS user; returns stdout. */
  tool(name: string, args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

const asPostgres = (bin: string, tool: string, args: string[]) =>
  exec('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { maxBuffer: 16 * 1024 * 1024 });

/** initdb and start a new cluster; `superuser` is the bootstrap role. */
export async function startCluster(superuser = 'delegate'): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL binaries are missing under /usr/lib/postgresql/*/bin');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-crash-pg-'));
  fs.chmodSync(dir, 0o755);
  await exec('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  await asPostgres(bin, 'initdb', [
    '-D',
    data,
    '--data-checksums',
    '-A',
    'trust',
    '-U',
    superuser,
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=on',
    '-c synchronous_commit=on',
    '-c full_page_writes=on',
    '-c max_connections=60',
    '-c shared_buffers=32MB',
  ].join(' ');
  const log = path.join(dir, 'log');
  const start = async () => {
    const t0 = performance.now();
    await asPostgres(bin, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
    return performance.now() - t0;
  };
  await start();
  return {
    port,
    dir,
    bin,
    url: (user, database) => `postgres://${user}@127.0.0.1:${port}/${database}`,
    start,
    async crash() {
      await asPostgres(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    async tool(name, args) {
      return (await asPostgres(bin, name, args)).stdout;
    },
    async destroy() {
      await asPostgres(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
