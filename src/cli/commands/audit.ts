/** `delegate audit verify` and `delegate audit checkpoint`. */
import type { Command } from 'commander';
import { verifyAudit } from '../../app/audit/verify-audit.ts';
import { writeAuditCheckpoint } from '../../app/audit/write-audit-checkpoint.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the audit trail');
  const dataDir = () => program.opts().dataDir as string | undefined;

  audit
    .command('verify')
    .description('prove the audit hash chain and every signed checkpoint; name the first bad row')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const check = await withDeps({ dataDir: dataDir(), holder: 'delegate audit verify' }, async (deps) =>
        unwrap(await verifyAudit(deps, run.actor())),
      );
      if (opts.json) printJson(check);
      else if (check.ok)
        print(`audit chain intact: ${check.rows} events, ${check.checkpoints} signed checkpoints extended`);
      if (!check.ok) {
        const why =
          check.reason ??
          `checkpoint of ${check.badCheckpoint?.at} (length ${check.badCheckpoint?.length}): ${check.badCheckpoint?.reason}`;
        throw new CliError(`audit trail does not verify: ${why}`, 2);
      }
    });

  audit
    .command('checkpoint')
    .description('sign the chain head now and write it outside the database')
    .action(async () => {
      const cp = await withDeps({ dataDir: dataDir(), holder: 'delegate audit checkpoint' }, async (deps) =>
        unwrap(await writeAuditCheckpoint(deps, run.actor())),
      );
      print(`checkpoint signed: ${cp.length} events, head ${cp.headHash.slice(0, 16)}…, ${cp.at}`);
    });
}
