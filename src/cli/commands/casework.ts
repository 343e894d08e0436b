/** `delegate import bookings`, `delegate cases sweep`, `delegate tokens create`: JEM casework at the console. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { createApiToken } from '../../app/accounts/api-tokens.ts';
import { importBookings } from '../../app/casework/import-bookings.ts';
import { runCaseworkJobs } from '../../jobs/casework.ts';
import { CliError, print, run, unwrap, withDeps } from '../run.ts';

const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function registerCaseworkCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;
  const importCommand =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import files');
  importCommand
    .command('bookings')
    .description(
      "import a jail's bookings (CSV or JSON lines); one transaction, nothing written on a bad line",
    )
    .argument('<file>', 'a .csv or .jsonl file')
    .option('--agency <agencyId>', 'the agency the bookings come from')
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']),
    )
    .action(async (file: string, opts: { agency?: string; format?: 'csv' | 'jsonl' }) => {
      const format =
        opts.format ??
        (path.extname(file).toLowerCase() === '.csv'
          ? 'csv'
          : path.extname(file).toLowerCase() === '.jsonl'
            ? 'jsonl'
            : null);
      if (!format) throw new CliError(`${file}: give --format csv or jsonl (the extension does not say)`, 64);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        throw new CliError(`${file}: no such file`, 66);
      }
      if (stat.size > MAX_FILE_BYTES)
        throw new CliError(`${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, 65);
      const text = fs.readFileSync(file, 'utf8');
      const r = await withDeps({ dataDir: dataDir(), holder: 'delegate import bookings' }, async (deps) =>
        unwrap(await importBookings(deps, run.actor(), { text, format, agencyId: opts.agency })),
      );
      print(
        `${r.received} bookings: ${r.new} new, ${r.alreadyReceived} already received; ${r.cases} screening cases opened`,
      );
    });

  program
    .command('cases')
    .description('JEM casework jobs')
    .command('sweep')
    .description('fire due hold-clock alerts and send due queries to outside systems, once')
    .action(async () => {
      const r = await withDeps({ dataDir: dataDir(), holder: 'delegate cases sweep' }, (deps) =>
        runCaseworkJobs(deps),
      );
      print(`${r.timers} clock timers fired, ${r.queries} system queries processed, ${r.emails} emails sent`);
    });

  program
    .command('tokens')
    .description('API tokens for jail systems')
    .command('create')
    .description('create a token that sends bookings for one agency (shown once)')
    .requiredOption('--agency <agencyId>', 'the agency')
    .requiredOption('--name <name>', 'what the token is for, e.g. "jail management system"')
    .action(async (opts: { agency: string; name: string }) => {
      const r = await withDeps({ dataDir: dataDir(), holder: 'delegate tokens create' }, async (deps) =>
        unwrap(await createApiToken(deps, run.actor(), { agencyId: opts.agency, name: opts.name })),
      );
      print(r.token);
    });
}
