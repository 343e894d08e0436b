/**
 * `delegate import encounters FILE.csv`: historical encounters from legacy systems and research
 * files. The file is streamed and written in batches inside one transaction: a bad row (named
 * by line and field) or an encounter id already stored with other content rolls everything
 * back, so nothing of the file is written. The same file imported again changes nothing. After
 * the commit the rollups are refreshed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import {
  checkHeader,
  type EncounterFileProblem,
  type EncounterRow,
  formatEncounterProblem,
  parseEncounterRow,
  rowFingerprint,
} from '../../domain/encounters-file.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit, recordAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import {
  finishImport,
  insertEncounters,
  insertImport,
  lockStatistics,
  storedEncounters,
} from '../../store/encounters.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { CsvSyntaxProblem, readCsvRecords } from './encounters-csv.ts';
import { catchUpRollups, type RefreshOutcome } from './refresh-rollups.ts';

export interface ImportEncountersInput {
  file: string;
  /** false leaves the new encounters to the next refresh (bulk loads, the bench). Default true. */
  refresh?: boolean | undefined;
}

export interface ImportEncountersOutcome {
  sourceFile: string;
  outcome: 'imported' | 'unchanged';
  /** Data rows read. */
  rows: number;
  newEncounters: number;
  /** Rows whose encounter was already stored with the same content. */
  unchanged: number;
  importId: string | null;
  /** The refresh run after the commit; null when the caller asked for none. */
  rollups: RefreshOutcome | null;
}

const BATCH = 5_000;

/** Raised inside the transaction to roll it back. */
class Refusal extends Error {
  readonly code: 'invalid_input' | 'conflict';
  readonly problem: EncounterFileProblem;
  constructor(code: 'invalid_input' | 'conflict', problem: EncounterFileProblem) {
    super(problem.message);
    this.code = code;
    this.problem = problem;
  }
}

/** Raised to roll back the import row when every encounter of the file was already stored. */
class NothingNew extends Error {
  readonly rows: number;
  constructor(rows: number) {
    super('nothing new');
    this.rows = rows;
  }
}

interface Pending {
  row: EncounterRow;
  hash: string;
  line: number;
}

export async function importEncounters(
  deps: Deps,
  actor: Actor,
  input: ImportEncountersInput,
): Promise<Result<ImportEncountersOutcome>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;

  const sourceFile = path.basename(input.file);
  try {
    if (!(await fs.promises.stat(input.file)).isFile()) throw new Error('not a file');
  } catch {
    return refuse(deps, actor, sourceFile, 'invalid_input', `${sourceFile}: cannot read the file.`, {
      file: sourceFile,
    });
  }

  const at = deps.clock.now();
  const importId = uuidv7();
  let written: { rows: number; fresh: number; auditId: string };
  try {
    written = await deps.db.transaction().execute(async (tx) => {
      await lockStatistics(tx);
      await insertImport(tx, { importId, sourceFile, importedBy: actor.id, at });
      const { rows, fresh } = await writeFile(tx, input.file, importId, isoDate(at));
      if (fresh === 0) throw new NothingNew(rows);
      await finishImport(tx, importId, rows, fresh);
      const auditId = await appendAudit(tx, actor, at, {
        type: 'encounters.imported',
        resource: { type: 'encounter_import', id: importId },
        data: { sourceFile, rows, newEncounters: fresh, unchanged: rows - fresh },
      });
      return { rows, fresh, auditId };
    });
  } catch (error) {
    if (error instanceof Refusal) {
      const p = error.problem;
      return refuse(deps, actor, sourceFile, error.code, formatEncounterProblem(sourceFile, p), {
        file: sourceFile,
        line: p.line,
        field: p.field,
      });
    }
    if (error instanceof NothingNew) {
      return ok({
        sourceFile,
        outcome: 'unchanged',
        rows: error.rows,
        newEncounters: 0,
        unchanged: error.rows,
        importId: null,
        rollups: input.refresh === false ? null : await catchUpRollups(deps, actor),
      });
    }
    throw error;
  }

  const rollups = input.refresh === false ? null : await catchUpRollups(deps, actor);
  return ok(
    {
      sourceFile,
      outcome: 'imported',
      rows: written.rows,
      newEncounters: written.fresh,
      unchanged: written.rows - written.fresh,
      importId,
      rollups,
    },
    written.auditId,
  );
}

/** Streams, checks and inserts the rows; throws Refusal on the first bad one. */
async function writeFile(
  tx: Tx,
  file: string,
  importId: string,
  today: string,
): Promise<{ rows: number; fresh: number }> {
  let header = false;
  let rows = 0;
  let fresh = 0;
  let batch: Pending[] = [];
  try {
    for await (const { fields, line } of readCsvRecords(file)) {
      if (!header) {
        const problem = checkHeader(fields);
        if (problem) throw new Refusal('invalid_input', { ...problem, line });
        header = true;
        continue;
      }
      const checked = parseEncounterRow(fields, line, today);
      if (!checked.ok) throw new Refusal('invalid_input', checked.problem);
      const fingerprint = rowFingerprint(checked.row);
      batch.push({ row: checked.row, hash: createHash('sha256').update(fingerprint).digest('hex'), line });
      rows++;
      if (batch.length >= BATCH) {
        fresh += await writeBatch(tx, importId, batch);
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxProblem)
      throw new Refusal('invalid_input', { line: error.line, field: 'row', message: error.message });
    throw error;
  }
  if (!header)
    throw new Refusal('invalid_input', { line: 1, field: 'header', message: 'the file is empty.' });
  if (rows === 0)
    throw new Refusal('invalid_input', {
      line: 2,
      field: 'row',
      message: 'the file has a header but no encounters.',
    });
  fresh += await writeBatch(tx, importId, batch);
  return { rows, fresh };
}

/** Inserts one batch; returns how many encounters were new. */
async function writeBatch(tx: Tx, importId: string, batch: Pending[]): Promise<number> {
  // The same id twice in the batch: one insert if the content agrees, else a conflict.
  const unique = new Map<string, Pending>();
  for (const p of batch) {
    const first = unique.get(p.row.encounterId);
    if (!first) unique.set(p.row.encounterId, p);
    else if (first.hash !== p.hash) throw conflict(p, `appears on line ${first.line} with different content`);
  }
  const inserted = await insertEncounters(tx, importId, [...unique.values()]);
  const skipped = [...unique.values()].filter((p) => !inserted.has(p.row.encounterId));
  const stored = await storedEncounters(
    tx,
    skipped.map((p) => p.row.encounterId),
  );
  for (const p of skipped) {
    const s = stored.get(p.row.encounterId);
    if (s && s.hash !== p.hash)
      throw conflict(
        p,
        s.importId === importId
          ? 'appears earlier in this file with different content'
          : 'was already imported with different content',
      );
  }
  return inserted.size;
}

const conflict = (p: Pending, what: string) =>
  new Refusal('conflict', {
    line: p.line,
    field: 'encounter_id',
    message: `encounter ${p.row.encounterId} ${what}; nothing was written.`,
  });

async function refuse(
  deps: Deps,
  actor: Actor,
  sourceFile: string,
  code: 'invalid_input' | 'conflict',
  message: string,
  where: Record<string, string | number>,
): Promise<Result<never>> {
  const auditId = await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'encounters.import_refused',
    resource: null,
    data: { sourceFile, code, reason: message },
  });
  return fail(code, message, { where }, auditId);
}
