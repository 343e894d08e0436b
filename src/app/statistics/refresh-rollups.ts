/**
 * The rollup builder: folds every encounter beyond the high-water mark into the statistics
 * rollups in one transaction, then moves the mark. Restart-safe: a crash before commit leaves
 * the mark where it was and the next refresh does the same work again; a refresh with nothing
 * new changes nothing. Each touched subject's contribution is recomputed from its rows, as it
 * stood at the mark and as it stands now, and the difference applied (domain/statistics.ts).
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
/** A refresh folding in this many encounters is a bulk load: it refreshes planner statistics. */
const ANALYZE_AFTER = 50_000;

export async function refreshRollups(deps: Deps, actor: Actor): Promise<Result<RefreshOutcome>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;
  return ok(await catchUpRollups(deps, actor));
}

/** The refresh itself, for callers that have authorized the actor (import, the table's read). */
export async function catchUpRollups(deps: Deps, actor: Actor): Promise<RefreshOutcome> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await lockStatistics(tx);
    const { throughSeq, maxSeq } = await rollupState(tx);
    if (maxSeq <= throughSeq) return { fromSeq: throughSeq, throughSeq, encounters: 0, subjects: 0 };
    const subjects = await subjectsBetween(tx, throughSeq, maxSeq);
    let delta: RollupDelta = emptyDelta();
    let encounters = 0;
    for (let i = 0; i < subjects.length; i += SUBJECTS_PER_READ) {
      const rows = await subjectRows(tx, subjects.slice(i, i + SUBJECTS_PER_READ), maxSeq);
      for (const subjectRowsOf of groupBySubject(rows).values()) {
        const before = subjectRowsOf.filter((r) => r.seq <= throughSeq);
        encounters += subjectRowsOf.length - before.length;
        addSubjectContribution(delta, historyOf(before), -1);
        addSubjectContribution(delta, historyOf(subjectRowsOf), 1);
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
