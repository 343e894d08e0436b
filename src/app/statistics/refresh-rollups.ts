/**
 * The rollup builder: folds every encounter beyond the high-water mark into the statistics
 * rollups in one transaction, then moves the mark. Restart-safe: a crash before commit leaves
 * the mark where it was and the next refresh does the same work again; a refresh with nothing
 * new changes no encounter rollup. Encounter versions are live between their seq and the seq
 * that superseded them (case encounters, ADR 0005), so "as it stood at the mark" is exact.
 * Conviction table: each touched subject's contribution is recomputed from its rows, as it
 * stood at the mark and as it stands now, and the difference applied (domain/statistics.ts).
 * Program measures: the versions entering and leaving are folded set-based (store/measures.ts);
 * complaints and training compliance, small sources, are rebuilt whole.
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
  applySubjectDeltaSql,
  lockStatistics,
  rollupState,
  type SubjectRow,
  setRollupState,
  subjectRows,
  subjectsBetween,
} from '../../store/encounters.ts';
import { foldMeasures, loadOffenseList, rebuildSmallRollups } from '../../store/measures.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface RefreshOutcome {
  /** The high-water mark before and after. */
  fromSeq: number;
  throughSeq: number;
  /** Encounters folded in, and subjects whose contribution was recomputed. */
  encounters: number;
  subjects: number;
}

const SUBJECTS_PER_READ = 2_000;
/** Apply the delta once it holds this many cells, to bound memory on a large backlog. */
const DELTA_CELLS = 200_000;
/**
 * Up to this many new encounter versions (the trickle of casework between reads) the delta is
 * computed and applied set-based in the database (store/encounters.ts applySubjectDeltaSql),
 * without a round trip per subject chunk. A larger backlog is folded in subject chunks in
 * memory: measured on native PostgreSQL the in-memory fold was the faster of the two at 10,000
 * new encounters, and it bounds the size of any one statement.
 */
const SET_BASED_UP_TO = 2_000;
/** A refresh folding in this many encounters is a bulk load: it refreshes planner statistics. */
const ANALYZE_AFTER = 50_000;

export async function refreshRollups(deps: Deps, actor: Actor): Promise<Result<RefreshOutcome>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;
  return ok(await catchUpRollups(deps, actor));
}

/** The refresh itself, for callers that have authorized the actor (import, the table's read). */
export async function catchUpRollups(
  deps: Deps,
  actor: Actor,
  options: { setBasedUpTo?: number } = {},
): Promise<RefreshOutcome> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await lockStatistics(tx);
    const { throughSeq, maxSeq } = await rollupState(tx);
    // A new offense-list version empties the measure rollups: they are folded again from the start.
    const rebuilt = await loadOffenseList(tx);
    await foldMeasures(tx, rebuilt ? 0 : throughSeq, maxSeq);
    await rebuildSmallRollups(tx, at);
    if (maxSeq <= throughSeq) return { fromSeq: throughSeq, throughSeq, encounters: 0, subjects: 0 };
    if (maxSeq - throughSeq <= (options.setBasedUpTo ?? SET_BASED_UP_TO)) {
      const folded = await applySubjectDeltaSql(tx, throughSeq, maxSeq);
      await setRollupState(tx, maxSeq, at);
      const outcome = { fromSeq: throughSeq, throughSeq: maxSeq, ...folded };
      await appendAudit(tx, actor, at, {
        type: 'statistics.rollups_refreshed',
        resource: null,
        data: outcome,
      });
      return outcome;
    }
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
    if (encounters >= ANALYZE_AFTER) await analyzeRollups(tx);
    await setRollupState(tx, maxSeq, at);
    const outcome = { fromSeq: throughSeq, throughSeq: maxSeq, encounters, subjects: subjects.length };
    await appendAudit(tx, actor, at, { type: 'statistics.rollups_refreshed', resource: null, data: outcome });
    return outcome;
  });
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
