/**
 * `delegate link LEFT.csv [RIGHT.csv] --id COLUMN --map ROLE=COLUMN[,...] [--threshold P]
 * [--out FILE] [--explain LEFT_ID RIGHT_ID]`: dedupe one file or link two, unsupervised.
 * This file is the I/O around `src/matching/`: it reads and checks the CSVs, draws a progress
 * bar on stderr when stderr is a terminal, and writes the pairs. No database. Runs with a
 * million or more candidate pairs compare them on worker threads (`../link-workers.ts`).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { explainPair, formatWaterfall } from '../../matching/explain.ts';
import { linkRecordsWith } from '../../matching/linker.ts';
import { isRole, type PersonRecord, ROLES, type Role } from '../../matching/roles.ts';
import { workerComparePairs } from '../link-workers.ts';
import { CliError } from '../run.ts';

const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_NOINPUT = 66;

interface LinkFlags {
  id: string;
  map: string;
  threshold: string;
  out?: string;
  explain?: string[];
}

/** `first_name=given,dob=birth` → role → column; unknown roles and repeats are usage errors. */
export function parseMap(spec: string): Map<Role, string> {
  const map = new Map<Role, string>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq < 1 || !column) throw new CliError(`--map: expected ROLE=COLUMN, got "${part}"`, EX_USAGE);
    if (!isRole(role))
      throw new CliError(`--map: unknown role "${role}" (roles: ${ROLES.join(', ')})`, EX_USAGE);
    if (map.has(role)) throw new CliError(`--map: role "${role}" given twice`, EX_USAGE);
    map.set(role, column);
  }
  if (map.size === 0) throw new CliError('--map: name at least one ROLE=COLUMN', EX_USAGE);
  return map;
}

export function parseThreshold(raw: string): number {
  const p = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new CliError(`--threshold must be a probability between 0 and 1, got "${raw}"`, EX_USAGE);
  }
  return p;
}

/** The file's text, or a one-line error: missing, empty, or not UTF-8. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`,
      EX_NOINPUT,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CliError(`${file}: encoded as UTF-16; save it as UTF-8`, EX_DATAERR);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file}: not valid UTF-8 (convert it, e.g. iconv -f latin1 -t utf-8)`, EX_DATAERR);
  }
  if (!text.trim()) throw new CliError(`${file}: the file is empty`, EX_DATAERR);
  return text;
}

/** Rows of one CSV as person records, after checking the id and mapped columns exist. */
export function readRecords(file: string, idColumn: string, map: ReadonlyMap<Role, string>): PersonRecord[] {
  let rows: Record<string, string>[];
  let header: string[] = [];
  try {
    rows = parse(readText(file), {
      bom: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        return header;
      },
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: not a readable CSV: ${(error as Error).message.split('\n')[0]}`, EX_DATAERR);
  }
  const missing = [idColumn, ...map.values()].filter((c) => !header.includes(c));
  if (missing.length) {
    throw new CliError(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      EX_DATAERR,
    );
  }
  if (rows.length === 0) throw new CliError(`${file}: no rows under the header`, EX_DATAERR);
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const id = row[idColumn] ?? '';
    if (!id) throw new CliError(`${file}: row ${i + 2} has an empty ${idColumn}`, EX_DATAERR);
    if (seen.has(id)) throw new CliError(`${file}: id ${id} appears twice (row ${i + 2})`, EX_DATAERR);
    seen.add(id);
    const record: PersonRecord = { id };
    for (const [role, column] of map) record[role] = row[column];
    return record;
  });
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal. */
function progressBar(): (stage: string, fraction: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (stage, fraction) => {
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stage}`;
    process.stderr.write(stage === 'done' ? '\r\x1b[K' : `\r\x1b[K${bar}`);
  };
}

export function registerLinkCommands(program: Command) {
  program
    .command('link')
    .description('find the same person within one CSV (dedupe) or across two (link); no database')
    .argument('<left>', 'CSV file')
    .argument('[right]', 'second CSV file, to link across')
    .requiredOption('--id <column>', 'the column holding each record’s id')
    .requiredOption('--map <roles>', `ROLE=COLUMN[,ROLE=COLUMN...]; roles: ${ROLES.join(', ')}`)
    .option('--threshold <p>', 'report pairs at or above this match probability', '0.5')
    .option('--out <file>', 'write the pairs here instead of stdout')
    .option('--explain <ids...>', 'print the waterfall for one pair: LEFT_ID RIGHT_ID')
    .action(async (leftFile: string, rightFile: string | undefined, flags: LinkFlags) => {
      const map = parseMap(flags.map);
      const threshold = parseThreshold(flags.threshold);
      if (flags.explain && flags.explain.length !== 2) {
        throw new CliError('--explain takes two ids: LEFT_ID RIGHT_ID', EX_USAGE);
      }
      const left = readRecords(leftFile, flags.id, map);
      const right = rightFile ? readRecords(rightFile, flags.id, map) : null;
      // Large runs compare on worker threads (DELEGATE_LINK_THREADS; 0 = this thread only).
      const result = await linkRecordsWith(workerComparePairs(), left, right, {
        threshold,
        onProgress: progressBar(),
      });
      const other = result.right ?? result.left;
      if (flags.explain) {
        const [leftId, rightId] = flags.explain as [string, string];
        const a = result.left.find((r) => r.id === leftId);
        const b = other.find((r) => r.id === rightId);
        if (!a) throw new CliError(`--explain: no record ${leftId} in ${leftFile}`, EX_DATAERR);
        if (!b) throw new CliError(`--explain: no record ${rightId} in ${rightFile ?? leftFile}`, EX_DATAERR);
        process.stdout.write(`${formatWaterfall(explainPair(result.model, a, b))}\n`);
        return;
      }
      const lines = ['left_id,right_id,match_probability,match_weight'];
      for (const p of [...result.pairs].sort((x, y) => y.weight - x.weight)) {
        lines.push(
          `${csvField(result.left[p.left]!.id)},${csvField(other[p.right]!.id)},${p.probability.toFixed(6)},${p.weight.toFixed(3)}`,
        );
      }
      const text = `${lines.join('\n')}\n`;
      if (!flags.out) return void process.stdout.write(text);
      try {
        fs.writeFileSync(flags.out, text);
      } catch (error) {
        throw new CliError(`--out ${flags.out}: cannot write (${(error as NodeJS.ErrnoException).code})`, 73);
      }
    });
}
