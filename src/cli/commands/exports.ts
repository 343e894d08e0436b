/**
 * `delegate export convictions|encounters|case`: a report written to a file (CSV, XLSX or NIEM
 * 5.2 XML). With `--recipient` the export leaves the agency and is recorded as a Privacy Act
 * disclosure (purpose and routine use required). Files are created readable by the owner only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { exportCaseNiem } from '../../app/exports/export-case-niem.ts';
import type { ExportedFile } from '../../app/exports/export-conviction-table.ts';
import { exportConvictionTable, isTableFormat } from '../../app/exports/export-conviction-table.ts';
import { exportEncountersNiem } from '../../app/exports/export-encounters-niem.ts';
import { checkRecipient } from '../../app/exports/record-export.ts';
import { checkConvictionTableInput } from '../../app/statistics/get-conviction-table.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

interface RecipientOptions {
  recipient?: string;
  recipientAddress?: string;
  purpose?: string;
  routineUse?: string;
}

interface WindowOptions extends RecipientOptions {
  from: string;
  to: string;
  model?: string;
  state?: string;
  format?: string;
  out: string;
  json?: boolean;
}

function withRecipientOptions(c: Command): Command {
  return c
    .option('--recipient <name>', 'recipient outside the agency (makes the export a Privacy Act disclosure)')
    .option('--recipient-address <text>', "the recipient's address")
    .option('--purpose <text>', 'purpose of the disclosure (required with --recipient)')
    .option(
      '--routine-use <text>',
      'routine use of the system of records relied on (required with --recipient)',
    );
}

/** Refuses bad flags and an output directory that does not exist before the database is opened. */
function precheck(opts: RecipientOptions & { out: string }): void {
  const r = checkRecipient(opts);
  if (!r.ok) throw new CliError(r.message, 64);
  const dir = path.dirname(path.resolve(opts.out));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new CliError(`the directory of --out (${dir}) does not exist.`, 73);
}

function writeOut(file: string, x: ExportedFile, json: boolean | undefined): void {
  fs.writeFileSync(file, x.content, { mode: 0o600 });
  const summary = {
    file: path.resolve(file),
    bytes: x.content.length,
    sha256: x.sha256,
    records: x.records,
    disclosureId: x.disclosureId,
  };
  if (json) {
    printJson(summary);
    return;
  }
  print(
    `wrote  ${summary.file} (${summary.bytes} bytes, sha256 ${x.sha256})` +
      (x.disclosureId ? `; disclosure ${x.disclosureId} recorded` : ''),
  );
}

export function registerExportCommands(program: Command) {
  const dataDir = () => program.opts().dataDir as string | undefined;
  const exp = program.command('export').description('write a report to a file (CSV, XLSX, NIEM 5.2 XML)');

  withRecipientOptions(
    exp
      .command('convictions')
      .description('the conviction-category table of a window, as CSV or XLSX')
      .requiredOption('--from <date>', 'first day of the window, YYYY-MM-DD')
      .requiredOption('--to <date>', 'last day of the window, YYYY-MM-DD (included)')
      .option('--model <model>', 'JEM, WSO or TFM')
      .option('--state <state>', 'US state or territory code, e.g. TX')
      .option('--format <format>', 'csv or xlsx', 'csv')
      .requiredOption('--out <file>', 'file to write')
      .option('--json', 'print the outcome as JSON'),
  ).action(async (opts: WindowOptions) => {
    const checked = checkConvictionTableInput(opts);
    if (!checked.ok) throw new CliError(checked.message, 64);
    if (!isTableFormat((opts.format ?? 'csv').toLowerCase()))
      throw new CliError(`format "${opts.format}" is not csv or xlsx.`, 64);
    precheck(opts);
    const x = await withDeps({ dataDir: dataDir(), holder: 'delegate export' }, async (deps) =>
      unwrap(await exportConvictionTable(deps, run.actor(), opts)),
    );
    writeOut(opts.out, x, opts.json);
  });

  withRecipientOptions(
    exp
      .command('encounters')
      .description('the historical encounters of a window, as NIEM 5.2 XML (personal data)')
      .requiredOption('--from <date>', 'first day of the window, YYYY-MM-DD')
      .requiredOption('--to <date>', 'last day of the window, YYYY-MM-DD (included)')
      .option('--model <model>', 'JEM, WSO or TFM')
      .option('--state <state>', 'US state or territory code, e.g. TX')
      .requiredOption('--format <format>', 'niem')
      .requiredOption('--out <file>', 'file to write')
      .option('--json', 'print the outcome as JSON'),
  ).action(async (opts: WindowOptions) => {
    const checked = checkConvictionTableInput(opts);
    if (!checked.ok) throw new CliError(checked.message, 64);
    if ((opts.format ?? '').toLowerCase() !== 'niem')
      throw new CliError(`format "${opts.format}" is not niem.`, 64);
    precheck(opts);
    const x = await withDeps({ dataDir: dataDir(), holder: 'delegate export' }, async (deps) =>
      unwrap(await exportEncountersNiem(deps, run.actor(), opts)),
    );
    writeOut(opts.out, x, opts.json);
  });

  withRecipientOptions(
    exp
      .command('case')
      .description("one case's encounter and detainer (Form I-247A), as NIEM 5.2 XML")
      .argument('<caseId>', 'case id')
      .requiredOption('--out <file>', 'file to write')
      .option('--json', 'print the outcome as JSON'),
  ).action(async (caseId: string, opts: RecipientOptions & { out: string; json?: boolean }) => {
    precheck(opts);
    const x = await withDeps({ dataDir: dataDir(), holder: 'delegate export' }, async (deps) =>
      unwrap(await exportCaseNiem(deps, run.actor(), caseId, opts)),
    );
    writeOut(opts.out, x, opts.json);
  });
}
