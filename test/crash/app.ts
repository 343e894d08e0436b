/**
 * Delegate as an operator deploys it on the crash-test cluster: the owner and application roles
 * from `delegate db roles --create`, migrations as the owner, the application's grants, an
 * account created with `delegate users create`, and `delegate serve` as a child process
 * connecting as the application role (never demo mode). Also signs in over HTTP (banner,
 * password, TOTP enrolment) the way a browser does.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { totpCode } from '../../src/app/accounts/totp.ts';
import { type AuditVerification, verifyAudit } from '../../src/app/audit/verify-audit.ts';
import { databaseRolesSql } from '../../src/app/system/database-roles.ts';
import { operator } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import { openStore } from '../../src/store/db.ts';
import type { Cluster } from './cluster.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/cli/main.ts');
const DATABASE = 'delegate';
const OWNER = 'delegate_owner';
const APP = 'delegate_app';
export const EMAIL = 'inspector@crash.delegate.test';
export const PASSWORD = 'Quartz-Lantern-Meadow-4417';

export interface Deployment {
  cluster: Cluster;
  /** Environment of every `delegate` command: the application role's URL, keys, checkpoints. */
  env: NodeJS.ProcessEnv;
  agencyId: string;
  /** A superuser connection string, for the checker. */
  adminUrl: string;
}

/** Runs `delegate …`; rejects with its stderr on a non-zero exit. */
export function cli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [MAIN, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`delegate ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(input ?? '');
  });
}

async function sqlAs(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function deploy(cluster: Cluster, workDir: string): Promise<Deployment> {
  const adminUrl = cluster.url('delegate', DATABASE);
  await sqlAs(cluster.url('delegate', 'postgres'), `CREATE DATABASE ${DATABASE}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: cluster.url(APP, DATABASE),
    DELEGATE_MFA_KEY: randomBytes(32).toString('base64'),
    DELEGATE_CHECKPOINT_DIR: path.join(workDir, 'checkpoints'),
    DELEGATE_AUDIT_KEY: path.join(workDir, 'keys', 'audit-ed25519.pem'),
    DELEGATE_DATA_DIR: path.join(workDir, 'unused-embedded'),
  };
  // What `delegate db roles --create`, `delegate migrate` (as the owner) and `delegate db roles`
  // do, in-process: the same functions, without three more Node start-ups.
  const roles = { database: DATABASE, appRole: APP, ownerRole: OWNER };
  await sqlAs(adminUrl, unwrap(databaseRolesSql({ ...roles, create: true })));
  const owner = await openStore({ databaseUrl: cluster.url(OWNER, DATABASE) });
  await owner.close();
  await sqlAs(cluster.url(OWNER, DATABASE), unwrap(databaseRolesSql({ ...roles, create: false })));
  const agencyId = randomUUID();
  await sqlAs(
    adminUrl,
    `INSERT INTO agencies (agency_id, state, name, created_at) VALUES ('${agencyId}', 'TX', 'Crash Test County Sheriff''s Office', now())`,
  );
  // `delegate users create`, as the console operator, connected as the application role.
  const app = await openStore({ databaseUrl: env.DATABASE_URL, migrate: false });
  try {
    unwrap(
      await createUser({ db: app.db, clock: { now: () => new Date() } }, operator('crash-test'), {
        email: EMAIL,
        displayName: 'Compliance Inspector',
        role: 'inspector',
        agencyId: null,
        password: PASSWORD,
      }),
    );
  } finally {
    await app.close();
  }
  fs.mkdirSync(env.DELEGATE_DATA_DIR!, { recursive: true });
  return { cluster, env, agencyId, adminUrl };
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error.userMessage);
  return r.value;
}

/** `delegate audit verify` in-process (the same use case and checkpoint directory). */
export async function verifyAuditInProcess(dep: Deployment): Promise<AuditVerification> {
  const store = await openStore({ databaseUrl: dep.env.DATABASE_URL, migrate: false });
  try {
    const checkpoints = fileCheckpointStore(dep.env.DELEGATE_CHECKPOINT_DIR!, dep.env.DELEGATE_AUDIT_KEY!);
    return unwrap(
      await verifyAudit(
        { db: store.db, clock: { now: () => new Date() }, checkpoints },
        operator('crash-test'),
      ),
    );
  } finally {
    await store.close();
  }
}

export interface Server {
  base: string;
  child: ChildProcess;
  /** Spawn to listening, in ms. */
  startMs: number;
  /** True while the process runs. */
  alive(): boolean;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGKILL, the way the kernel's OOM killer or a power cut ends it. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `delegate serve --port 0`; resolves once it prints its address. */
export function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err || out}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: `http://127.0.0.1:${m[1]}`,
          child,
          startMs: performance.now() - t0,
          alive: () => child.exitCode === null && child.signalCode === null,
          stderr: () => err,
          kill: () => end('SIGKILL'),
          stop: () => end('SIGTERM'),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err || out}`));
    });
  });
}

function cookie(res: Response, name: string): string {
  const hit = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const pair = hit?.split(';')[0];
  if (!pair || pair === `${name}=`) throw new Error(`no ${name} cookie (HTTP ${res.status})`);
  return pair;
}

/** Signs in (enrolling TOTP on first use); returns the session Cookie header and the TOTP key. */
export async function signIn(base: string, totpSecret?: string): Promise<{ cookie: string; secret: string }> {
  const first = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD, acknowledgedBanner: true }),
  });
  if (first.status !== 200) throw new Error(`sign-in: ${first.status} ${await first.text()}`);
  const body = (await first.json()) as { enrolment?: { secret: string } };
  const secret = body.enrolment?.secret ?? totpSecret;
  if (!secret) throw new Error('no TOTP key to sign in with');
  const second = await fetch(`${base}/api/v1/session/mfa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookie(first, 'delegate_mfa_pending') },
    body: JSON.stringify({ code: await totpCode(secret, new Date()) }),
  });
  if (second.status !== 200) throw new Error(`sign-in MFA: ${second.status} ${await second.text()}`);
  return { cookie: cookie(second, 'delegate_session'), secret };
}
