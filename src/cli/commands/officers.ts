/** `delegate officers list`: the officer pipeline at the console. */
import type { Command } from 'commander';
import { listOfficers } from '../../app/officers/list-officers.ts';
import { print, printJson, run, unwrap, withDeps } from '../run.ts';

export function registerOfficerCommands(program: Command) {
  program
    .command('officers')
    .description('officers from nomination to authorization')
    .command('list')
    .description('officers with their stage (a lapsed refresher shows as suspended) and refresher deadline')
    .option('--agency <agencyId>', 'one agency (default: all)')
    .option('--json', 'print JSON')
    .action(async (opts: { agency?: string; json?: boolean }) => {
      const { items } = await withDeps(
        { dataDir: program.opts().dataDir, holder: 'delegate officers list' },
        async (deps) => unwrap(await listOfficers(deps, run.actor(), { agencyId: opts.agency })),
      );
      if (opts.json) return printJson(items);
      for (const o of items) {
        const due = o.refresherDue ? `refresher due ${o.refresherDue}` : '';
        print([o.officerId, o.model, o.effectiveStage.padEnd(12), o.displayName, due].join('  '));
      }
    });
}
