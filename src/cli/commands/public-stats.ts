/**
 * `delegate stats release`: builds the public dashboard's release (fixed tables, rounded on the
 * server) and runs its release check. Exits non-zero, listing each problem, when the check
 * fails: the release is then stored for the record but never served.
 */
import type { Command } from 'commander';
import { buildPublicRelease } from '../../app/public/build-public-release.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

/** The `stats` group made by the statistics commands, or a new one when it is absent. */
function statsGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'stats') ??
    program.command('stats').description('program statistics (exact counts, ICE users)')
  );
}

/** Exit status of a release whose check failed (EX_DATAERR). */
export const RELEASE_CHECK_FAILED = 65;

export function registerPublicStatsCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;
  statsGroup(program)
    .command('release')
    .description('build the public dashboard release and run its disclosure check (R42–R44)')
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: { json?: boolean }) => {
      const o = await withDeps({ dataDir: dataDir(), holder: 'delegate stats' }, async (deps) =>
        unwrap(await buildPublicRelease(deps, run.actor())),
      );
      if (opts.json) printJson(o);
      else {
        print(
          `${o.check.passed ? 'passed' : 'FAILED'}  release ${o.releaseId}: ${o.tables} tables, ${o.periodFrom} to ${o.periodTo}`,
        );
        for (const p of o.check.problems) print(`  ${p.kind}  ${p.table}: ${p.message}`);
      }
      if (!o.check.passed)
        throw new CliError(
          `the release check failed with ${o.check.problems.length} problems; nothing was published.`,
          RELEASE_CHECK_FAILED,
        );
    });
}
