/** `delegate import encounters FILE.csv`, `delegate stats convictions` and `delegate stats refresh`. */
import type { Command } from 'commander';
import { checkConvictionTableInput, getConvictionTable } from '../../app/statistics/get-conviction-table.ts';
import { importEncounters } from '../../app/statistics/import-encounters.ts';
import { refreshRollups } from '../../app/statistics/refresh-rollups.ts';
import { CONVICTION_CATEGORIES, type ConvictionTable } from '../../domain/statistics.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

/** The `import` group made by the agreements commands, or a new one when it is absent. */
function importGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import data into Delegate')
  );
}

export function registerStatisticsCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;

  importGroup(program)
    .command('encounters')
    .description('import historical encounters (CSV: encounter_id,agency,state,model,encounter_date,…)')
    .argument('<file>', 'encounters CSV file')
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const o = await withDeps({ dataDir: dataDir(), holder: 'delegate import' }, async (deps) =>
        unwrap(await importEncounters(deps, run.actor(), { file })),
      );
      if (opts.json) return printJson(o);
      print(
        o.outcome === 'imported'
          ? `imported  ${o.sourceFile}: ${o.rows} rows, ${o.newEncounters} new encounters, ${o.unchanged} already imported; rollups through encounter ${o.rollups?.throughSeq}`
          : `unchanged  ${o.sourceFile}: all ${o.rows} encounters were already imported`,
      );
    });

  const stats = program.command('stats').description('program statistics (exact counts, ICE users)');

  stats
    .command('convictions')
    .description('distinct subjects identified, placed in proceedings, and by conviction category')
    .requiredOption('--from <date>', 'first day of the window, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day of the window, YYYY-MM-DD (included)')
    .option('--model <model>', 'JEM, WSO or TFM')
    .option('--state <state>', 'US state or territory code, e.g. TX')
    .option('--json', 'print JSON')
    .action(async (opts: { from: string; to: string; model?: string; state?: string; json?: boolean }) => {
      // Bad flags are refused before the database is opened.
      const checked = checkConvictionTableInput(opts);
      if (!checked.ok) throw new CliError(checked.message, 64);
      const table = await withDeps({ dataDir: dataDir(), holder: 'delegate stats' }, async (deps) =>
        unwrap(
          await getConvictionTable(deps, run.actor(), {
            from: opts.from,
            to: opts.to,
            model: opts.model,
            state: opts.state,
          }),
        ),
      );
      if (opts.json) return print(JSON.stringify(table));
      for (const line of renderTable(table, opts.model, opts.state)) print(line);
    });

  stats
    .command('refresh')
    .description('fold encounters not yet counted into the statistics rollups')
    .action(async () => {
      const o = await withDeps({ dataDir: dataDir(), holder: 'delegate stats' }, async (deps) =>
        unwrap(await refreshRollups(deps, run.actor())),
      );
      print(
        o.encounters === 0
          ? `rollups current through encounter ${o.throughSeq}`
          : `rollups refreshed: ${o.encounters} encounters of ${o.subjects} subjects, through encounter ${o.throughSeq}`,
      );
    });
}

function renderTable(t: ConvictionTable, model?: string, state?: string): string[] {
  const scope = [model && `model ${model.toUpperCase()}`, state && `state ${state.toUpperCase()}`]
    .filter(Boolean)
    .join(', ');
  const line = (label: string, n: number) => `${label.padEnd(34)}${String(n).padStart(10)}`;
  return [
    `Distinct subjects, ${t.from} to ${t.to}${scope ? ` (${scope})` : ''}`,
    line('identified', t.identified),
    line('placed in removal proceedings', t.placedInProceedings),
    'convicted, on or before the encounter, of:',
    ...CONVICTION_CATEGORIES.map((c) => line(`  ${c.label} (${c.prefix}xx)`, t.categories[c.key])),
  ];
}
