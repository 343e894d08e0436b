/**
 * `delegate stats release`: builds the public dashboard's fixed tables from the encounter
 * records and the rollups, rounds every count on the server, runs the release check against
 * each table's margins and the previous passed release, and stores the release with the
 * check's result. Only a release that passed is ever served (get-public-stats.ts). Publishing is
 * the program office's (the `encounters.import` permit: the office that loads the records).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { checkRelease, publishedTable, type ReleaseCheck } from '../../domain/disclosure-control.ts';
import {
  type RecordCount,
  recordTables,
  releaseQuarters,
  subjectTables,
} from '../../domain/public-tables.ts';
import { ok, type Result } from '../../domain/result.ts';
import { isModel } from '../../domain/statistics.ts';
import { appendAudit } from '../../store/audit.ts';
import { rollupCounts, rollupsBehind } from '../../store/encounters.ts';
import { insertRelease, latestPassedExact, recordCounts } from '../../store/public-releases.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { catchUpRollups } from '../statistics/refresh-rollups.ts';

export interface PublicReleaseOutcome {
  releaseId: string;
  periodFrom: string;
  periodTo: string;
  tables: number;
  check: ReleaseCheck;
}

export async function buildPublicRelease(deps: Deps, actor: Actor): Promise<Result<PublicReleaseOutcome>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;
  if (await rollupsBehind(deps.db)) await catchUpRollups(deps, actor);

  const at = deps.clock.now();
  const quarters = releaseQuarters(isoDate(at));
  const periodFrom = quarters[0]!.from;
  const periodTo = quarters.at(-1)!.to;
  const records: RecordCount[] = await recordCounts(deps.db, periodFrom, periodTo);
  const states = [...new Set(records.map((r) => r.state))].sort();
  const subjects = await subjectTables(
    (s) =>
      rollupCounts(deps.db, {
        from: s.from,
        to: s.to,
        model: s.model && isModel(s.model) ? s.model : undefined,
        state: s.state,
      }),
    quarters,
    states,
  );
  const tables = [...recordTables(records, quarters, states), ...subjects];
  const previous = await latestPassedExact(deps.db);
  const check = checkRelease(tables, previous);

  const releaseId = uuidv7();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await insertRelease(tx, {
      releaseId,
      builtAt: at,
      builtBy: actor.id,
      periodFrom,
      periodTo,
      published: tables.map(publishedTable),
      exact: tables,
      passed: check.passed,
      problems: check.problems,
    });
    return appendAudit(tx, actor, at, {
      type: 'stats.public_release_built',
      resource: { type: 'public_release', id: releaseId },
      data: {
        periodFrom,
        periodTo,
        tables: tables.length,
        passed: check.passed,
        problems: check.problems.length,
      },
    });
  });
  return ok({ releaseId, periodFrom, periodTo, tables: tables.length, check }, auditId);
}
