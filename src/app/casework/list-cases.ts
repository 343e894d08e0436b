/**
 * Work lists: the screening queue of a facility (by tier, then time to release; days waiting),
 * the ICE supervisor's review queue (I-213s, charging documents, warrants, detainers awaiting
 * ICE, with ages), and the jail's view of detainers and running clocks. Agency staff see their
 * own agency; ICE sees all. §1367-protected subjects never appear.
 */
import type { Actor } from '../../domain/actor.ts';
import { type CaseStatus, STATUS_LABEL } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { CaseModel } from '../../store/casework.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { refuseOutsideWsoScope } from './wso/scope.ts';

export type WorkList = 'screening' | 'review' | 'detainers' | 'warrants' | 'field';

const STATUSES: Record<WorkList, readonly CaseStatus[]> = {
  screening: ['screening', 'interviewed', 'removable'],
  review: ['i213_submitted', 'i213_approved', 'detainer_drafted'],
  detainers: ['detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running'],
  warrants: ['warrant_lodged', 'warrant_served'],
  field: ['encountered', 'arrested', 'interviewed', 'removable'],
};

/** Which models' cases each list holds: ICE review covers every model. */
const MODELS: Record<WorkList, readonly CaseModel[] | undefined> = {
  screening: ['JEM'],
  review: undefined,
  detainers: ['JEM'],
  warrants: ['WSO'],
  field: ['TFM'],
};

export interface ListCasesInput {
  list: WorkList;
  facility?: string | undefined;
  mine?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const encode = (r: casework.QueueRow) =>
  Buffer.from(
    JSON.stringify([r.tier, r.expectedReleaseAt ? r.expectedReleaseAt.toISOString() : 'infinity', r.caseId]),
  ).toString('base64url');

function decode(cursor: string): { tier: number; release: string; caseId: string } | null {
  try {
    const [tier, release, caseId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      number,
      string,
      string,
    ];
    if (typeof tier !== 'number' || typeof release !== 'string' || !/^[0-9a-f-]{36}$/.test(caseId))
      return null;
    return { tier, release, caseId };
  } catch {
    return null;
  }
}

export async function listCases(deps: Deps, actor: Actor, input: ListCasesInput) {
  const agencyId = actor.kind === 'user' && actor.agencyId ? actor.agencyId : null;
  const denied = await guard(
    deps,
    actor,
    'case.read',
    agencyId ? { type: 'agency', id: agencyId, agencyId } : null,
  );
  if (denied) return denied;
  // A Warrant Service Officer has the warrants list and no other (WSO-DEFAULT:functions-not-delegated).
  if (input.list !== 'warrants') {
    const outside = await refuseOutsideWsoScope(deps, actor, `the ${input.list} list`);
    if (outside) return outside;
  }
  const after = input.cursor ? decode(input.cursor) : undefined;
  if (after === null) return fail('invalid_input', 'cursor: is not a cursor this list gave out');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await casework.queue(deps.db, {
    agencyId,
    facilityCode: input.facility,
    statuses: STATUSES[input.list],
    assignedTo: input.mine && actor.kind === 'user' ? actor.id : undefined,
    awaitingIce: input.list === 'review',
    models: MODELS[input.list],
    after,
    limit: limit + 1,
  });
  const at = deps.clock.now();
  const page = rows.slice(0, limit);
  return ok({
    items: page.map((r) => ({
      ...r,
      statusLabel: STATUS_LABEL[r.status],
      daysWaiting: Math.floor((at.getTime() - r.openedAt.getTime()) / 86_400_000),
      hoursToRelease: r.expectedReleaseAt
        ? Math.round((r.expectedReleaseAt.getTime() - at.getTime()) / 3_600_000)
        : null,
      holdMinutesLeft: r.holdEndsAt
        ? Math.max(0, Math.round((r.holdEndsAt.getTime() - at.getTime()) / 60_000))
        : null,
    })),
    nextCursor: rows.length > limit ? encode(page.at(-1)!) : null,
  });
}

/** Open tasks for the actor's role (and agency), for the inbox. */
export async function listTasks(
  deps: Deps,
  actor: Actor,
): Promise<Result<Awaited<ReturnType<typeof casework.openTasks>>>> {
  if (actor.kind !== 'user') return fail('unauthenticated', 'Sign in first.');
  const agencyId = actor.agencyId;
  const denied = await guard(
    deps,
    actor,
    'case.read',
    agencyId ? { type: 'agency', id: agencyId, agencyId } : null,
  );
  if (denied) return denied;
  return ok(await casework.openTasks(deps.db, { roles: [actor.role], agencyId, limit: 200 }));
}
