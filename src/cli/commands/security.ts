/**
 * Security operations at the console: `delegate integrity` (R38), `delegate accounts review`
 * and `delegate accounts disable-inactive` (R13).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { type Command, Option } from 'commander';
import { type AmcheckOutcome, checkIntegrity } from '../../app/security/check-integrity.ts';
import { disableAccount, endUserSessions } from '../../app/security/disable-account.ts';
import { disableInactiveAccounts } from '../../app/security/disable-inactive-accounts.ts';
import { reviewAccounts } from '../../app/security/review-accounts.ts';
import { toCsv } from '../../documents/tabular.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

const run_ = promisify(execFile);

/** The newest Debian `pg_amcheck`, or null. */
function findAmcheck(): string | null {
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      if (existsSync(`/usr/lib/postgresql/${v}/bin/pg_amcheck`))
        return `/usr/lib/postgresql/${v}/bin/pg_amcheck`;
    }
  } catch {}
  return null;
}

/** Runs `pg_amcheck --heapallindexed` against DATABASE_URL (installing the extension if allowed). */
function amcheckRunner(databaseUrl: string): (() => Promise<AmcheckOutcome>) | undefined {
  const bin = findAmcheck();
  if (!bin) return undefined;
  return async () => {
    try {
      await run_(bin, ['--heapallindexed', '--install-missing', databaseUrl], {
        timeout: 30 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return { ran: true, ok: true, detail: 'no corruption found' };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      const first = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n')[0] || e.message;
      return { ran: true, ok: false, detail: first.slice(0, 300) };
    }
  };
}

export function registerSecurityCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;

  program
    .command('integrity')
    .description('weekly integrity check: audit chain and checkpoints, data checksums, pg_amcheck')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await withDeps(
        { dataDir: dataDir(), holder: 'delegate integrity' },
        async (deps, store) => {
          const url = process.env.DATABASE_URL;
          const amcheck = store.kind === 'postgres' && url ? amcheckRunner(url) : undefined;
          return unwrap(
            await checkIntegrity(deps, run.actor(), { kind: store.kind, ...(amcheck ? { amcheck } : {}) }),
          );
        },
      );
      if (opts.json) printJson(report);
      else {
        print(
          `audit chain: ${report.chain.ok ? 'intact' : `BROKEN (${report.chain.problem})`}, ${report.chain.rows} events, ${report.chain.checkpoints} checkpoints`,
        );
        print(
          `data checksums: ${report.checksums ? `${report.checksums.enabled ? 'on' : 'OFF'}, ${report.checksums.failures} failures` : 'not applicable (embedded database)'}`,
        );
        print(
          `pg_amcheck: ${report.amcheck.ran ? report.amcheck.detail : `not run (${report.amcheck.detail})`}`,
        );
      }
      if (!report.ok) throw new CliError('integrity check failed; an incident was raised', 2);
    });

  const accounts = program.command('accounts').description('account lifecycle (R13)');
  accounts
    .command('review')
    .description('every account with role, agency, status and last activity, for the annual review')
    .option('--json', 'print JSON instead of CSV')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDeps({ dataDir: dataDir(), holder: 'delegate accounts review' }, async (deps) =>
        unwrap(await reviewAccounts(deps, run.actor(), opts.json ? 'json' : 'csv')),
      );
      if (opts.json) printJson(rows);
      else
        process.stdout.write(
          toCsv({
            columns: [
              'email',
              'role',
              'agency_id',
              'status',
              'created_at',
              'last_active_at',
              'days_inactive',
            ],
            rows: rows.map((r) => [
              r.email,
              r.role,
              r.agencyId,
              r.status,
              r.createdAt,
              r.lastActiveAt,
              r.daysInactive,
            ]),
          }),
        );
    });
  accounts
    .command('disable')
    .description('disable an account now (termination) and end its sessions')
    .argument('<email>')
    .addOption(
      new Option('--reason <reason>').choices(['terminated', 'administrative']).default('terminated'),
    )
    .requiredOption('--detail <text>', 'why, for the audit record')
    .action(async (email: string, opts: { reason: 'terminated' | 'administrative'; detail: string }) => {
      await withDeps({ dataDir: dataDir(), holder: 'delegate accounts disable' }, async (deps) =>
        unwrap(await disableAccount(deps, run.actor(), { email, reason: opts.reason, detail: opts.detail })),
      );
      print(`disabled: ${email}; its sessions have ended`);
    });
  accounts
    .command('end-sessions')
    .description('end every open session of an account')
    .argument('<email>')
    .action(async (email: string) => {
      const r = await withDeps(
        { dataDir: dataDir(), holder: 'delegate accounts end-sessions' },
        async (deps) => unwrap(await endUserSessions(deps, run.actor(), { email })),
      );
      print(`${r.sessions} sessions ended for ${email}`);
    });
  accounts
    .command('disable-inactive')
    .description('disable every account unused for 90 days and end its sessions')
    .action(async () => {
      const r = await withDeps(
        { dataDir: dataDir(), holder: 'delegate accounts disable-inactive' },
        async (deps) => unwrap(await disableInactiveAccounts(deps, run.actor())),
      );
      for (const d of r.disabled) print(`disabled: ${d.email} (inactive ${d.idleDays} days)`);
      print(`${r.disabled.length} accounts disabled`);
    });
}
