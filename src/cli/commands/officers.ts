/** `delegate officers list`: the officer pipeline at the console. */
import type { Command } from 'commander';
import { listOfficers } from '../../app/officers/list-officers.ts';
import { suspendLapsedOfficers } from '../../app/officers/suspend-lapsed-officers.ts';
import { print, printJson, run, unwrap, withDeps } from '../run.ts';

export function registerOfficerCommands(program: Command) {
  const officers = program.command('officers').description('officers from nomination to authorization');
  officers
    .command('sweep')
    .description('suspend authorized officers whose refresher training has lapsed, and notify')
    .action(async () => {
      const { suspended } = await withDeps(
        { dataDir: program.opts().dataDir, holder: 'delegate officers sweep' },
        async (deps) => unwrap(await suspendLapsedOfficers(deps, run.actor())),
      );
      print(
        suspended.length ? `suspended ${suspended.length}: ${suspended.join(', ')}` : 'no lapsed refresher',
      );
    });
  officers
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
