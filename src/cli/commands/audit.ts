/** `delegate audit verify`. */
import type { Command } from 'commander';
import { verifyAudit } from '../../app/audit/verify-audit.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

export function registerAuditCommands(program: Command) {
  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description('prove the audit hash chain and name the first bad row')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const check = await withDeps(
        { dataDir: program.opts().dataDir, holder: 'delegate audit verify' },
        async (deps) => unwrap(await verifyAudit(deps, run.actor())),
      );
      if (opts.json) printJson(check);
      else if (check.ok) print(`audit chain intact: ${check.rows} events`);
      if (!check.ok)
        throw new CliError(`audit chain broken at event ${check.firstBadSeq} of ${check.rows}`, 2);
    });
}
