#!/usr/bin/env node
/**
 * The `delegate` command. Thin: parse, call one use case, render. Bad input exits non-zero
 * with one line naming the problem; never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { registerAgreementCommands } from './commands/agreements.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerAuthorityCommands } from './commands/authority.ts';
import { registerCaseworkCommands } from './commands/casework.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerExportCommands } from './commands/exports.ts';
import { registerLinkCommands } from './commands/link.ts';
import { registerOfficerCommands } from './commands/officers.ts';
import { registerOidcCommands } from './commands/oidc.ts';
import { registerPublicStatsCommands } from './commands/public-stats.ts';
import { registerSecurityCommands } from './commands/security.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerStatisticsCommands } from './commands/statistics.ts';
import { registerUserCommands } from './commands/users.ts';
import { CliError, run } from './run.ts';

export function buildProgram(): Command {
  const program = new Command('delegate')
    .description('Delegate: system of record for 287(g) delegated immigration authority')
    .version(run.version)
    .addOption(new Option('--data-dir <dir>', 'embedded database directory').env('DELEGATE_DATA_DIR'))
    .showSuggestionAfterError()
    .exitOverride();
  registerServeCommands(program);
  registerAgreementCommands(program);
  registerCaseworkCommands(program);
  registerAuditCommands(program);
  registerLinkCommands(program);
  registerAuthorityCommands(program);
  registerUserCommands(program);
  registerOidcCommands(program);
  registerOfficerCommands(program);
  registerDbCommands(program);
  registerStatisticsCommands(program);
  registerPublicStatsCommands(program);
  registerExportCommands(program);
  registerSecurityCommands(program);
  return program;
}

async function main(argv: string[]) {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`delegate: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`delegate: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 70;
  }
}

// `delegate … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await main(process.argv);
