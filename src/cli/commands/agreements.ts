/** `delegate import agreements` and `delegate agreements counts|diff|list`. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { diffRegistry } from '../../app/registry/diff-registry.ts';
import { getRegistryCounts } from '../../app/registry/get-registry-counts.ts';
import { importAgreementLists } from '../../app/registry/import-agreement-lists.ts';
import { listAgreements } from '../../app/registry/list-agreements.ts';
import { MODELS, type Model } from '../../domain/registry.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

const listOption = () =>
  new Option('--list <list>', 'which ICE list')
    .choices(['participating', 'pending'])
    .default('participating');

export function registerAgreementCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;

  program
    .command('import')
    .description('import data into Delegate')
    .command('agreements')
    .description("import ICE's lists of participating or pending 287(g) agencies (CSV or XLSX)")
    .argument('<files...>', 'list files')
    .option('--snapshot-date <date>', 'the date of the list, YYYY-MM-DD (default: from the file name)')
    .addOption(
      new Option('--list <list>', 'participating or pending (default: from the name or columns)').choices([
        'participating',
        'pending',
      ]),
    )
    .option('--json', 'print the outcome as JSON')
    .action(
      async (
        files: string[],
        opts: { snapshotDate?: string; list?: 'participating' | 'pending'; json?: boolean },
      ) => {
        const outcomes = await withDeps({ dataDir: dataDir(), holder: 'delegate import' }, async (deps) =>
          unwrap(
            await importAgreementLists(deps, run.actor(), {
              files,
              snapshotDate: opts.snapshotDate,
              list: opts.list,
            }),
          ),
        );
        if (opts.json) return printJson(outcomes);
        for (const o of outcomes) {
          const flagged = o.flaggedRows ? `, ${o.flaggedRows} rows flagged` : '';
          print(
            `${o.outcome === 'imported' ? 'imported' : 'unchanged'}  ${o.sourceFile}: ${o.list} list of ${o.snapshotDate}, ${o.rows} rows, ${o.newAgencies} new agencies${flagged}`,
          );
        }
      },
    );

  const agreements = program.command('agreements').description('the 287(g) agreements registry');

  agreements
    .command('counts')
    .description('agreements, agencies and states per model as of a date')
    .requiredOption('--as-of <date>', 'YYYY-MM-DD')
    .addOption(listOption())
    .option('--json', 'print JSON')
    .action(async (opts: { asOf: string; list: 'participating' | 'pending'; json?: boolean }) => {
      const counts = await withDeps(
        { dataDir: dataDir(), holder: 'delegate agreements counts' },
        async (deps) =>
          unwrap(await getRegistryCounts(deps, run.actor(), { asOf: opts.asOf, list: opts.list })),
      );
      if (opts.json) return print(JSON.stringify(counts));
      print(
        `${opts.list} agencies as of ${counts.asOf} (snapshot ${counts.snapshot ?? 'none imported on or before that date'})`,
      );
      print(
        `${'model'.padEnd(6)}${'agreements'.padStart(12)}${'agencies'.padStart(10)}${'states'.padStart(8)}`,
      );
      for (const [name, c] of [...Object.entries(counts.models), ['total', counts.total] as const]) {
        print(
          `${name.padEnd(6)}${String(c.agreements).padStart(12)}${String(c.agencies).padStart(10)}${String(c.states).padStart(8)}`,
        );
      }
    });

  agreements
    .command('diff')
    .description('agencies that joined, left or switched models between two dates')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .addOption(listOption())
    .option('--json', 'print JSON')
    .action(async (opts: { from: string; to: string; list: 'participating' | 'pending'; json?: boolean }) => {
      const diff = await withDeps({ dataDir: dataDir(), holder: 'delegate agreements diff' }, async (deps) =>
        unwrap(await diffRegistry(deps, run.actor(), opts)),
      );
      if (opts.json) return printJson(diff);
      print(`${opts.list} list: snapshot ${diff.fromSnapshot ?? 'none'} → ${diff.toSnapshot ?? 'none'}`);
      print(
        `joined: ${diff.joined.length}, left: ${diff.left.length}, switched models: ${diff.switched.length}`,
      );
      for (const a of diff.joined) print(`+ ${a.state}  ${a.agencyName}  (${a.models.join(', ')})`);
      for (const a of diff.left) print(`- ${a.state}  ${a.agencyName}  (${a.models.join(', ')})`);
      for (const a of diff.switched) {
        const change = [...a.added.map((m) => `+${m}`), ...a.removed.map((m) => `-${m}`)].join(' ');
        print(`~ ${a.state}  ${a.agencyName}  ${change}`);
      }
    });

  agreements
    .command('list')
    .description('list agreements')
    .option('--state <state>', 'state name, e.g. TEXAS')
    .addOption(new Option('--model <model>').choices([...MODELS]))
    .addOption(
      new Option('--status <status>').choices(['active', 'superseded', 'removed', 'pending', 'delisted']),
    )
    .option('--limit <n>', 'at most this many (1–200)', '200')
    .option('--json', 'print JSON')
    .action(
      async (opts: { state?: string; model?: Model; status?: string; limit: string; json?: boolean }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200)
          throw new CliError('--limit must be a whole number from 1 to 200.', 64);
        const page = await withDeps(
          { dataDir: dataDir(), holder: 'delegate agreements list' },
          async (deps) =>
            unwrap(
              await listAgreements(deps, run.actor(), {
                state: opts.state?.toUpperCase(),
                model: opts.model,
                status: opts.status,
                limit,
              }),
            ),
        );
        if (opts.json) return printJson(page);
        for (const a of page.items) {
          print([a.state, a.agencyName, a.model, a.signedDate ?? a.signedRaw ?? '', a.status].join('\t'));
        }
        if (page.nextCursor)
          print(`… more than ${limit}; narrow with --state or --model, or use --json with the API's cursor`);
      },
    );
}
