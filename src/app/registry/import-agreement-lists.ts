/**
 * Imports ICE's published lists of participating or pending 287(g) agencies.
 * All files are read and checked first: if any is bad, nothing is written. The files are then
 * written in one transaction, each with its audit event. A file whose snapshot is already
 * imported with the same content changes nothing.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import {
  agencyKey,
  formatListFileProblem,
  type ListKind,
  type ListRow,
  type ParsedList,
} from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { readListFile } from '../../integrations/ice-agency-list/read-list-file.ts';
import { appendAudit, recordAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface ImportInput {
  files: string[];
  /** Overrides the date taken from the file name; only with a single file. */
  snapshotDate?: string | undefined;
  list?: ListKind | undefined;
}

export interface FileOutcome {
  sourceFile: string;
  list: ListKind;
  snapshotDate: string;
  rows: number;
  outcome: 'imported' | 'unchanged';
  newAgencies: number;
  flaggedRows: number;
  snapshotId: string;
}

export async function importAgreementLists(
  deps: Deps,
  actor: Actor,
  input: ImportInput,
): Promise<Result<FileOutcome[]>> {
  const denied = await guard(deps, actor, 'registry.import');
  if (denied) return denied;

  if (input.files.length === 0) return fail('invalid_input', 'Name at least one file to import.');
  if (input.snapshotDate && input.files.length > 1) {
    return fail('invalid_input', '--snapshot-date applies to one file at a time.');
  }

  // Load: read and check every file before writing anything.
  const parsed: ParsedList[] = [];
  for (const file of input.files) {
    const read = await readListFile(file, { snapshotDate: input.snapshotDate, list: input.list });
    if (!read.ok) {
      const p = read.problem;
      return refuse(deps, actor, p.file, 'invalid_input', formatListFileProblem(p), {
        file: p.file,
        ...(p.row !== undefined ? { row: p.row } : {}),
        ...(p.column ? { column: p.column } : {}),
      });
    }
    parsed.push(read.value);
  }

  return checkAndWriteLists(deps, actor, parsed);
}

/**
 * Decide and persist for lists already read (the file import above, and the demo seed).
 * Callers have authorized the actor.
 */
export async function checkAndWriteLists(
  deps: Deps,
  actor: Actor,
  parsed: ParsedList[],
): Promise<Result<FileOutcome[]>> {
  // Decide: dates must not be in the future; one file per list and date; no conflicting re-import.
  const today = isoDate(deps.clock.now());
  const seen = new Map<string, string>();
  for (const p of parsed) {
    const where = { file: p.sourceFile };
    if (p.snapshotDate > today) {
      const msg = `${p.sourceFile}: snapshot date ${p.snapshotDate} is after today (${today}).`;
      return refuse(deps, actor, p.sourceFile, 'invalid_input', msg, where);
    }
    const key = `${p.list} ${p.snapshotDate}`;
    const other = seen.get(key);
    if (other) {
      const msg = `${p.sourceFile} and ${other} are both the ${p.list} list of ${p.snapshotDate}; import one of them.`;
      return refuse(deps, actor, p.sourceFile, 'invalid_input', msg, where);
    }
    seen.set(key, p.sourceFile);
    const existing = await registry.findSnapshot(deps.db, p.list, p.snapshotDate);
    if (existing && existing.contentHash !== hashOf(p)) {
      return refuse(deps, actor, p.sourceFile, 'conflict', conflictMessage(p, existing.sourceFile), where);
    }
  }

  return persistLists(
    deps,
    actor,
    [...parsed].sort((a, b) => a.snapshotDate.localeCompare(b.snapshotDate)),
  );
}

const conflictMessage = (p: ParsedList, existingFile: string) =>
  `${p.sourceFile}: the ${p.list} list of ${p.snapshotDate} was already imported from ` +
  `${existingFile} with different content; nothing was changed.`;

async function refuse(
  deps: Deps,
  actor: Actor,
  sourceFile: string,
  code: 'invalid_input' | 'conflict',
  message: string,
  where: Record<string, string | number>,
): Promise<Result<never>> {
  const auditId = await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'registry.list_import_refused',
    resource: null,
    data: { sourceFile, code, reason: message },
  });
  return fail(code, message, { where }, auditId);
}

/**
 * Order-insensitive fingerprint of what a list says, so a CSV and its workbook compare equal.
 * An unparsable signed date counts as "unparsed" whatever its raw text: a workbook's date cell
 * and its CSV rendering spell the same bad value differently.
 */
const hashes = new WeakMap<ParsedList, string>();
/** contentHash of a list, computed once however often it is asked for. */
function hashOf(p: ParsedList): string {
  let h = hashes.get(p);
  if (!h) {
    h = contentHash(p.rows);
    hashes.set(p, h);
  }
  return h;
}

export function contentHash(rows: ListRow[]): string {
  const lines = rows
    .map((r) =>
      JSON.stringify([
        r.state,
        r.agencyName,
        r.agencyType,
        r.county,
        r.model,
        r.signedDate ?? (r.signedRaw ? 'unparsed' : null),
        r.moaUrl,
        r.addendumUrl,
      ]),
    )
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Raised inside the transaction to roll it back when a list conflicts with one already imported. */
class ListConflict extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}

/**
 * Persist: all lists in one transaction (each with its own audit event), so a batch is written
 * whole or not at all, and agreements are re-derived once for the agencies the batch touches.
 */
async function persistLists(deps: Deps, actor: Actor, parsed: ParsedList[]): Promise<Result<FileOutcome[]>> {
  const at = deps.clock.now();
  try {
    const outcomes = await deps.db.transaction().execute(async (tx) => {
      const latestBefore = {
        participating: await registry.latestSnapshot(tx, 'participating'),
        pending: await registry.latestSnapshot(tx, 'pending'),
      };
      const outcomes: FileOutcome[] = [];
      const listed = new Set<string>();
      // Agency keys of every state in the batch, read once and kept current as agencies are added.
      const known = await registry.agencyKeysIn(tx, [
        ...new Set(parsed.flatMap((p) => p.rows.map((r) => r.state))),
      ]);
      for (const p of parsed) {
        const outcome = await persistList(tx, actor, p, at, known);
        for (const id of outcome.agencyIds) listed.add(id);
        outcomes.push(outcome.value);
      }
      // Agreements can change only for agencies on the new lists and, where a new list is now the
      // latest of its kind, for agencies on the list it replaces (their agreements stop being current).
      const affected = new Set(listed);
      for (const list of ['participating', 'pending'] as const) {
        const before = latestBefore[list];
        const newer = outcomes.some(
          (o) => o.list === list && o.outcome === 'imported' && (!before || o.snapshotDate > before.date),
        );
        if (before && newer)
          for (const id of await registry.agencyIdsIn(tx, before.snapshotId)) affected.add(id);
      }
      if (listed.size > 0) {
        await registry.rederiveAgreements(tx, [...affected]);
        await registry.refreshAgencies(tx, [...listed]);
      }
      return outcomes;
    });
    return ok(outcomes);
  } catch (error) {
    if (!(error instanceof ListConflict)) throw error;
    return refuse(deps, actor, error.file, 'conflict', error.message, { file: error.file });
  }
}

async function persistList(
  tx: Tx,
  actor: Actor,
  p: ParsedList,
  at: Date,
  /** agency id by `${state}\u0000${nameKey}`; new agencies are added to it. */
  known: Map<string, string>,
): Promise<{ value: FileOutcome; agencyIds: string[] }> {
  const hash = hashOf(p);
  const flaggedRows = p.rows.filter((r) => r.flags.length > 0).length;
  const base = { sourceFile: p.sourceFile, list: p.list, snapshotDate: p.snapshotDate, flaggedRows };
  const existing = await registry.findSnapshot(tx, p.list, p.snapshotDate);
  if (existing) {
    if (existing.contentHash !== hash)
      throw new ListConflict(p.sourceFile, conflictMessage(p, existing.sourceFile));
    const value = {
      ...base,
      rows: existing.rows,
      outcome: 'unchanged' as const,
      newAgencies: 0,
      snapshotId: existing.snapshotId,
    };
    return { value, agencyIds: [] };
  }

  const created: registry.NewAgency[] = [];
  const rows = p.rows.map((r) => {
    const nameKey = agencyKey(r.state, r.agencyName);
    const key = `${r.state}\u0000${nameKey}`;
    let agencyId = known.get(key);
    if (!agencyId) {
      agencyId = uuidv7();
      known.set(key, agencyId);
      created.push({
        agencyId,
        state: r.state,
        name: r.agencyName,
        agencyType: r.agencyType,
        county: r.county,
        nameKey,
      });
    }
    return { ...r, agencyId };
  });

  const snapshotId = uuidv7();
  await registry.insertAgencies(tx, created, at);
  await registry.insertSnapshot(
    tx,
    {
      snapshotId,
      list: p.list,
      date: p.snapshotDate,
      sourceFile: p.sourceFile,
      format: p.format,
      columns: p.columns,
      contentHash: hash,
      importedBy: actor.id,
    },
    rows,
    at,
  );
  await appendAudit(tx, actor, at, {
    type: 'registry.list_imported',
    resource: { type: 'list_snapshot', id: snapshotId },
    data: {
      list: p.list,
      snapshotDate: p.snapshotDate,
      sourceFile: p.sourceFile,
      rows: rows.length,
      newAgencies: created.length,
    },
  });
  const value = {
    ...base,
    rows: rows.length,
    outcome: 'imported' as const,
    newAgencies: created.length,
    snapshotId,
  };
  return { value, agencyIds: [...new Set(rows.map((r) => r.agencyId))] };
}
