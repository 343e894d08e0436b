/** What every CLI command shares: opening the store as the console operator, and failing cleanly. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authConfigFromEnv } from '../app/accounts/auth-config.ts';
import { oidcFromEnv } from '../app/accounts/oidc-config.ts';
import { DEMO_SIMULATOR_SEED } from '../app/demo/seed-demo-bookings.ts';
import type { Deps } from '../app/deps.ts';
import { type Actor, operator } from '../domain/actor.ts';
import type { CheckpointStore } from '../domain/audit-checkpoint.ts';
import type { Clock } from '../domain/clock.ts';
import type { Result } from '../domain/result.ts';
import { fileAuditShipper } from '../integrations/audit/file-audit-shipper.ts';
import { fileCheckpointStore } from '../integrations/audit/file-checkpoint-store.ts';
import { smtpMailer } from '../integrations/email/smtp-mailer.ts';
import type { OutsideSystems } from '../integrations/systems/ports.ts';
import { createSimulator, timerDelay } from '../integrations/systems/simulator.ts';
import { DataDirLockedError } from '../store/data-dir-lock.ts';
import { defaultDataDir, openStore, type Store } from '../store/db.ts';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));

export const systemClock: Clock = { now: () => new Date() };

export const run = {
  version: pkg.version as string,
  /** The operator at the console: the OS user running the command. */
  actor(): Actor {
    return operator(os.userInfo().username);
  },
};

export interface StoreOptions {
  dataDir?: string | undefined;
  holder: string;
}

export async function openCliStore(opts: StoreOptions): Promise<Store> {
  try {
    return await openStore({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(),
      holder: opts.holder,
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(error.message, 75);
    throw new CliError(`cannot open the database: ${(error as Error).message}`, 69);
  }
}

/**
 * Signed audit checkpoints live outside the database: by default beside the embedded data,
 * else where DELEGATE_CHECKPOINT_DIR and DELEGATE_AUDIT_KEY point (another disk or host).
 */
export function checkpointStore(dataDir: string | undefined): CheckpointStore {
  const base = dataDir ? path.resolve(dataDir) : defaultDataDir();
  return fileCheckpointStore(
    process.env.DELEGATE_CHECKPOINT_DIR || path.join(base, 'audit-checkpoints'),
    process.env.DELEGATE_AUDIT_KEY || path.join(base, 'keys', 'audit-checkpoint-ed25519.pem'),
  );
}

export const depsFor = (store: Store, dataDir: string | undefined): Deps => ({
  db: store.db,
  clock: systemClock,
  checkpoints: checkpointStore(dataDir),
  oidc: oidcFromEnv(process.env),
  auditShipper: fileAuditShipper(
    process.env.DELEGATE_AUDIT_SHIP_DIR ||
      path.join(dataDir ? path.resolve(dataDir) : defaultDataDir(), 'audit-shipped'),
  ),
  mfaKey: process.env.DELEGATE_MFA_KEY || undefined,
  // Security keys required for ICE supervisors, the program office and admins unless turned off.
  auth: authConfigFromEnv(process.env),
  systems: outsideSystems(process.env),
  // Email copies of notices go out only when an SMTP relay is configured.
  mailer: process.env.DELEGATE_SMTP_URL
    ? smtpMailer(process.env.DELEGATE_SMTP_URL, { from: process.env.DELEGATE_SMTP_FROM || undefined })
    : undefined,
});

/**
 * DHS and FBI systems. Only the reference simulator exists: real IDENT/HART, EID, NCIC/III,
 * LESC and CLAIMS adapters need agency connections (CJIS network, Nlets) that are configured
 * per deployment. DELEGATE_SIMULATOR_SEED makes its population reproducible.
 */
function outsideSystems(env: NodeJS.ProcessEnv): OutsideSystems {
  // Built on first use: most commands never query an outside system.
  let simulator: OutsideSystems | null = null;
  return {
    query: (system, request, context) => {
      simulator ??= createSimulator({
        seed: Number(env.DELEGATE_SIMULATOR_SEED ?? DEMO_SIMULATOR_SEED),
        failureRate: Number(env.DELEGATE_SIMULATOR_FAILURE_RATE ?? 0),
        delay: timerDelay,
      });
      return simulator.query(system, request, context);
    },
  };
}

/** Opens the store, runs the body, closes the store whatever happens. */
export async function withDeps<T>(
  opts: StoreOptions,
  body: (deps: Deps, store: Store) => Promise<T>,
): Promise<T> {
  const store = await openCliStore(opts);
  try {
    return await body(depsFor(store, opts.dataDir), store);
  } finally {
    await store.close();
  }
}

const EXIT: Record<string, number> = {
  invalid_input: 65,
  not_found: 66,
  conflict: 65,
  forbidden: 77,
  unauthenticated: 77,
};

/** The value of a successful result, or a CliError with the use case's message. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new CliError(result.error.userMessage, EXIT[result.error.code] ?? 1);
}

export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));
