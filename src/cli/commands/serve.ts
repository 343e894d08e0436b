/** `delegate serve`, `delegate demo`, `delegate migrate`. */
import type { Command } from 'commander';
import { authConfigFromEnv } from '../../app/accounts/auth-config.ts';
import { writeAuditCheckpoint } from '../../app/audit/write-audit-checkpoint.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seedDemo } from '../../app/demo/seed-demo.ts';
import { suspendLapsedOfficers } from '../../app/officers/suspend-lapsed-officers.ts';
import { checkClock } from '../../app/security/check-clock.ts';
import { checkIntegrity, INTEGRITY_INTERVAL_MS } from '../../app/security/check-integrity.ts';
import { disableInactiveAccounts } from '../../app/security/disable-inactive-accounts.ts';
import { reportAuditPipelineFailure } from '../../app/security/watch-incidents.ts';
import { checkDurability } from '../../app/system/check-durability.ts';
import { CHECKPOINT_INTERVAL_MS } from '../../domain/audit-checkpoint.ts';
import { buildServer } from '../../http/server.ts';
import { startCaseworkJobs } from '../../jobs/casework.ts';
import { CliError, depsFor, openCliStore, print, run, unwrap, withDeps } from '../run.ts';

export const DEFAULT_PORT = 8287;

export function registerServeCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;

  program
    .command('serve')
    .description('run the Delegate server (API and web app)')
    .option('--demo', 'load the synthetic demo data on first start')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? String(DEFAULT_PORT))
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (opts: { demo?: boolean; port: string; host: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port ${opts.port} is not a port number.`, 64);
      if (!opts.demo && !process.env.DELEGATE_MFA_KEY) {
        throw new CliError(
          'set DELEGATE_MFA_KEY (32 random bytes, base64) to seal TOTP keys; only --demo runs with the published development key.',
          78,
        );
      }
      const store = await openCliStore({ dataDir: dataDir(), holder: 'delegate serve' });
      const base = depsFor(store, dataDir());
      // The demo accounts have no security keys: the demo does not require them.
      const deps = opts.demo ? { ...base, auth: authConfigFromEnv(process.env, { demo: true }) } : base;
      if (store.kind === 'postgres') {
        const durable = await checkDurability(deps);
        if (!durable.ok) {
          await store.close();
          throw new CliError(durable.error.userMessage, 78);
        }
      }
      // R22: timestamps are only evidence if both clocks agree.
      const clock = await checkClock(deps);
      if (!clock.ok) {
        await store.close();
        throw new CliError(clock.error.userMessage, 78);
      }
      if (opts.demo) unwrap(await seedDemo(deps, run.actor()));
      // R18: sign the audit chain head at start and at least hourly, outside the database.
      // A checkpoint that cannot be written is an audit-pipeline failure (R21, R41).
      const checkpoint = async () => {
        const written = await writeAuditCheckpoint(deps, run.actor()).catch((e: Error) => e);
        if (written instanceof Error || !written.ok)
          await reportAuditPipelineFailure(
            deps,
            run.actor(),
            written instanceof Error ? written.message : written.error.userMessage,
          ).catch(() => undefined);
      };
      // Hourly: suspend officers whose refresher lapsed, disable accounts unused for 90 days
      // (R13), then sign the audit chain head.
      const hourly = async () => {
        await suspendLapsedOfficers(deps, run.actor()).catch(() => undefined);
        await disableInactiveAccounts(deps, run.actor()).catch(() => undefined);
        await checkpoint();
      };
      await hourly();
      const timer = setInterval(hourly, CHECKPOINT_INTERVAL_MS);
      timer.unref();
      // Weekly: verify the chain against the checkpoints and the data checksums (R38).
      const weekly = setInterval(
        () => void checkIntegrity(deps, run.actor(), { kind: store.kind }).catch(() => undefined),
        INTEGRITY_INTERVAL_MS,
      );
      weekly.unref();
      const stopCasework = startCaseworkJobs(deps);
      const app = await buildServer({
        deps,
        database: { kind: store.kind },
        version: run.version,
        logger: false,
      });
      const shutdown = async () => {
        clearInterval(timer);
        clearInterval(weekly);
        stopCasework();
        await app.close();
        await checkpoint();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      try {
        await app.listen({ port, host: opts.host });
      } catch (error) {
        await store.close();
        throw new CliError(`cannot listen on ${opts.host}:${port}: ${(error as Error).message}`, 69);
      }
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      print(
        `Delegate ${run.version} on http://localhost:${actualPort}  (database: ${store.kind}, ${store.location})`,
      );
      if (opts.demo) {
        print('Demo sign-ins (synthetic data only), password for all:');
        print(`  ${DEMO_PASSWORD}`);
        for (const u of DEMO_USERS) print(`  ${u.email.padEnd(36)} ${u.role.padEnd(15)} ${u.displayName}`);
        print('Demo TOTP key for all (add it to an authenticator app; synthetic, demo only):');
        print(`  ${DEMO_TOTP_SECRET}`);
      }
    });

  program
    .command('demo')
    .description('load the synthetic demo data (once per database)')
    .action(async () => {
      const result = await withDeps({ dataDir: dataDir(), holder: 'delegate demo' }, async (deps) =>
        unwrap(await seedDemo(deps, run.actor())),
      );
      print(result.seeded ? 'demo data loaded' : 'demo data was already loaded; nothing changed');
    });

  program
    .command('migrate')
    .description('apply database migrations')
    .action(async () => {
      await withDeps({ dataDir: dataDir(), holder: 'delegate migrate' }, async () => undefined);
      print('database is up to date');
    });
}
