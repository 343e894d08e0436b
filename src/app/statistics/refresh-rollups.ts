/**
 * The rollup builder: folds every encounter beyond the high-water mark into the statistics
 * rollups in one transaction, then moves the mark. Restart-safe: a crash before commit leaves
 * the mark where it was and the next refresh does the same work again; a refresh with nothing
 * new changes no encounter rollup. Encounter versions are live between their seq and the seq
 * that superseded them (case encounters, ADR 0005), so "as it stood at the mark" is exact.
 * Work is proportional to what changed, never to the table: the versions written or superseded
 * since the mark are found through the seq indexes, and only the subjects and cells they touch
 * are read and written.
 * Conviction table: each touched subject's contribution as it stood at the mark and as it stands
 * now, the difference computed set-based in SQL and merged into the cells it changes
 * (store/measures.ts foldConvictions; the in-memory form of domain/statistics.ts is kept as the
 * reference the property tests compare it with).
 * Program measures: the versions entering and leaving are folded set-based (store/measures.ts);
 * complaints and training compliance, small sources, are rebuilt whole. Versions superseded at
 * or before the new mark are then pruned: no later refresh reads them.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import {
  addSubjectContribution,
  emptyDelta,
  type RollupDelta,
  type SubjectHistory,
} from '../../domain/statistics.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  analyzeRollups,
  applyRollupDelta,
  lockStatistics,
  rollupState,
  type SubjectRow,
  setRollupState,
  subjectRows,
  subjectsBetween,
} from '../../store/encounters.ts';
import {
  foldConvictions,
  foldMeasures,
  loadOffenseList,
  pruneSupersededVersions,
  rebuildSmallRollups,
  useFoldMemory,
} from '../../store/measures.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface RefreshOutcome {
  /** The high-water mark before and after. */
  fromSeq: number;
  throughSeq: number;
  /** Encounters folded in, and subjects whose contribution was recomputed. */
  encounters: number;
  subjects: number;
  /** Case versions superseded at or before the new mark, deleted (no refresh reads them again). */
  pruned: number;
}

const SUBJECTS_PER_READ = 2_000;
/** Apply the delta once it holds this many cells, to bound memory on a large backlog. */
const DELTA_CELLS = 200_000;
/** A refresh folding in this many encounters is a bulk load: it refreshes planner statistics. */
const ANALYZE_AFTER = 50_000;

export interface CatchUpOptions {
  /**
   * How the conviction-table delta is computed: 'sql' (the default; set-based in the database,
   * store/measures.ts foldConvictions) or 'memory' (subject by subject with the pure
   * addSubjectContribution of domain/statistics.ts, the reference the tests compare it to).
   */
  convictions?: 'sql' | 'memory';
}

export async function refreshRollups(deps: Deps, actor: Actor): Promise<Result<RefreshOutcome>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;
  return ok(await catchUpRollups(deps, actor));
}

/**
 * The refresh itself, for callers that have authorized the actor (import, the table's read).
 * Its work is proportional to what changed since the mark: the versions written or superseded
 * in between, found through the indexes on `seq` and `superseded_seq`, and the rows of the
 * subjects they touch; no statement reads a whole table.
 */
export async function catchUpRollups(
  deps: Deps,
  actor: Actor,
  options: CatchUpOptions = {},
): Promise<RefreshOutcome> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await lockStatistics(tx);
    await useFoldMemory(tx);
    const { throughSeq, maxSeq } = await rollupState(tx);
    // A new offense-list version empties the measure rollups: they are folded again from the start.
    const rebuilt = await loadOffenseList(tx);
    await foldMeasures(tx, rebuilt ? 0 : throughSeq, maxSeq);
    await rebuildSmallRollups(tx, at);
    if (maxSeq <= throughSeq)
      return { fromSeq: throughSeq, throughSeq, encounters: 0, subjects: 0, pruned: 0 };
    const folded =
      options.convictions === 'memory'
        ? await foldInMemory(tx, throughSeq, maxSeq)
        : await foldConvictions(tx, throughSeq, maxSeq);
    if (folded.encounters >= ANALYZE_AFTER) await analyzeRollups(tx);
    await setRollupState(tx, maxSeq, at);
    const pruned = await pruneSupersededVersions(tx, maxSeq);
    const outcome = { fromSeq: throughSeq, throughSeq: maxSeq, ...folded, pruned };
    await appendAudit(tx, actor, at, { type: 'statistics.rollups_refreshed', resource: null, data: outcome });
    return outcome;
  });
}

/** The conviction-table delta computed subject by subject in memory (the reference form). */
async function foldInMemory(
  tx: Parameters<typeof subjectsBetween>[0],
  throughSeq: number,
  maxSeq: number,
): Promise<{ encounters: number; subjects: number }> {
  const subjects = await subjectsBetween(tx, throughSeq, maxSeq);
  let delta: RollupDelta = emptyDelta();
  let encounters = 0;
  for (let i = 0; i < subjects.length; i += SUBJECTS_PER_READ) {
    const rows = await subjectRows(tx, subjects.slice(i, i + SUBJECTS_PER_READ), maxSeq);
    for (const subjectRowsOf of groupBySubject(rows).values()) {
      const before = subjectRowsOf.filter((r) => liveAt(r, throughSeq));
      const after = subjectRowsOf.filter((r) => liveAt(r, maxSeq));
      encounters += subjectRowsOf.filter((r) => r.seq > throughSeq).length;
      addSubjectContribution(delta, historyOf(before), -1);
      addSubjectContribution(delta, historyOf(after), 1);
    }
    if (delta.days.size + delta.pairs.size >= DELTA_CELLS) {
      await applyRollupDelta(tx, delta);
      delta = emptyDelta();
    }
  }
  await applyRollupDelta(tx, delta);
  return { encounters, subjects: subjects.length };
}

/** Whether an encounter version was the current one at high-water mark `seq`. */
const liveAt = (r: SubjectRow, seq: number) =>
  r.seq <= seq && (r.supersededSeq === null || r.supersededSeq > seq);

function groupBySubject(rows: readonly SubjectRow[]): Map<string, SubjectRow[]> {
  const out = new Map<string, SubjectRow[]>();
  for (const r of rows) {
    const list = out.get(r.subjectId);
    if (list) list.push(r);
    else out.set(r.subjectId, [r]);
  }
  return out;
}

/** A subject's history from its rows: every conviction listed on any of them. */
export const historyOf = (rows: readonly SubjectRow[]): SubjectHistory => ({
  encounters: rows.map((r) => ({
    date: r.date,
    model: r.model,
    state: r.state,
    removalProceedings: r.removalProceedings,
  })),
  convictions: rows.flatMap((r) =>
    r.convictionCodes.map((code, i) => ({ code, date: r.convictionDates[i]! })),
  ),
});
