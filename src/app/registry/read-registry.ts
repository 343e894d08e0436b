/**
 * The registry's read use cases: counts as of a date, counts per state, the timeline of
 * snapshots, lists of agreements and agencies, one agency with its history, and the diff
 * between two dates. All public: ICE publishes the lists they come from.
 */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate, isoDate } from '../../domain/clock.ts';
import { type ListKind, MODELS, type Model } from '../../domain/registry.ts';
import {
  type ChangeEvent,
  diffSnapshots,
  historyOf,
  type RegistryDiff,
} from '../../domain/registry-history.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

type Counts = registry.ModelCounts;

export interface RegistryCounts {
  asOf: string;
  snapshot: string | null;
  models: Record<Model, Counts>;
  total: Counts;
}

const zero = (): Counts => ({ agreements: 0, agencies: 0, states: 0 });

/** `asOf` defaults to today; a date after today is refused rather than answered with today. */
function checkDate(deps: Deps, value: string | undefined, name: string): Result<string> {
  const today = isoDate(deps.clock.now());
  if (value === undefined) return ok(today);
  if (!isIsoDate(value))
    return fail('invalid_input', `${name} must be a date written YYYY-MM-DD.`, { where: { field: name } });
  if (value > today)
    return fail('invalid_input', `${name} ${value} is after today (${today}).`, { where: { field: name } });
  return ok(value);
}

export async function getRegistryCounts(
  deps: Deps,
  actor: Actor,
  input: { asOf?: string | undefined; list?: ListKind | undefined },
): Promise<Result<RegistryCounts>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const asOf = checkDate(deps, input.asOf, 'asOf');
  if (!asOf.ok) return asOf;
  const snapshot = await registry.snapshotOnOrBefore(deps.db, input.list ?? 'participating', asOf.value);
  const models = { JEM: zero(), WSO: zero(), TFM: zero() };
  if (!snapshot) return ok({ asOf: asOf.value, snapshot: null, models, total: zero() });
  const counts = await registry.countsOf(deps.db, snapshot.snapshotId);
  for (const m of MODELS) models[m] = counts.models[m] ?? zero();
  return ok({ asOf: asOf.value, snapshot: snapshot.date, models, total: counts.total });
}

export interface StateCount {
  state: string;
  agreements: number;
  agencies: number;
  models: Record<Model, number>;
}

export async function getStateCounts(
  deps: Deps,
  actor: Actor,
  input: { asOf?: string | undefined; list?: ListKind | undefined },
): Promise<Result<{ snapshot: string | null; items: StateCount[] }>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const asOf = checkDate(deps, input.asOf, 'asOf');
  if (!asOf.ok) return asOf;
  const snapshot = await registry.snapshotOnOrBefore(deps.db, input.list ?? 'participating', asOf.value);
  if (!snapshot) return ok({ snapshot: null, items: [] });
  const { perModel, agenciesPerState } = await registry.stateCountsOf(deps.db, snapshot.snapshotId);
  const byState = new Map<string, StateCount>();
  for (const a of agenciesPerState) {
    byState.set(a.state, {
      state: a.state,
      agreements: 0,
      agencies: a.agencies,
      models: { JEM: 0, WSO: 0, TFM: 0 },
    });
  }
  for (const r of perModel) {
    const s = byState.get(r.state)!;
    s.models[r.model] = r.agreements;
    s.agreements += r.agreements;
  }
  return ok({ snapshot: snapshot.date, items: [...byState.values()] });
}

export interface TimelinePoint {
  date: string;
  list: ListKind;
  models: Record<Model, number>;
  total: number;
}

export async function getRegistryTimeline(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ items: TimelinePoint[] }>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const points = new Map<string, TimelinePoint>();
  for (const r of await registry.modelRowsPerSnapshot(deps.db)) {
    const key = `${r.date} ${r.list}`;
    let p = points.get(key);
    if (!p) {
      p = { date: r.date, list: r.list, models: { JEM: 0, WSO: 0, TFM: 0 }, total: 0 };
      points.set(key, p);
    }
    p.models[r.model] = r.rows;
    p.total += r.rows;
  }
  return ok({ items: [...points.values()] });
}

export async function listRegistrySnapshots(deps: Deps, actor: Actor) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const items = (await registry.listSnapshots(deps.db)).map(({ contentHash: _, ...s }) => s);
  return ok({ items });
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export const encodeCursor = (key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string | undefined, length: number): Result<string[] | null> {
  if (!cursor) return ok(null);
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === 'string'))
      return ok(key);
  } catch {
    // fall through
  }
  return fail('invalid_input', 'cursor is not one this server issued.', { where: { field: 'cursor' } });
}

export async function listAgreements(
  deps: Deps,
  actor: Actor,
  input: registry.AgreementFilter & { limit?: number | undefined; cursor?: string | undefined },
) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const after = decodeCursor(input.cursor, 4);
  if (!after.ok) return after;
  const limit = input.limit ?? 50;
  const rows = await registry.listAgreements(
    deps.db,
    input,
    limit,
    after.value as registry.AgreementCursor | null,
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor([last.state, last.agencyName, last.model, last.agreementId])
      : null;
  return ok({ items, nextCursor });
}

export async function listAgencies(
  deps: Deps,
  actor: Actor,
  input: registry.AgencyFilter & { limit?: number | undefined; cursor?: string | undefined },
) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const after = decodeCursor(input.cursor, 3);
  if (!after.ok) return after;
  const limit = input.limit ?? 50;
  const rows = await registry.listAgencies(
    deps.db,
    input,
    limit,
    after.value as registry.AgencyCursor | null,
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor([last.state, last.name, last.agencyId]) : null;
  return ok({ items, nextCursor });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAgency(deps: Deps, actor: Actor, input: { agencyId: string }) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const notFound = fail('not_found', 'No agency has that id.');
  if (!UUID.test(input.agencyId)) return notFound;
  const agency = await registry.findAgency(deps.db, input.agencyId);
  if (!agency) return notFound;
  const [names, all, snapshots] = await Promise.all([
    registry.namesOfAgency(deps.db, agency.agencyId),
    registry.listAgreements(deps.db, { agencyId: agency.agencyId }, 1000, null),
    registry.listSnapshots(deps.db),
  ]);
  const views = [];
  for (const s of snapshots) views.push(await registry.snapshotView(deps.db, s, agency.agencyId));
  const events: ChangeEvent[] = historyOf(views);
  return ok({
    agency: { ...agency, names },
    agreements: all.filter((a) => a.list === 'participating'),
    pending: all
      .filter((a) => a.list === 'pending')
      .map((a) => ({ model: a.model, status: a.status, firstSeen: a.firstSeen, lastSeen: a.lastSeen })),
    events,
  });
}

export interface RegistryDiffResult extends RegistryDiff {
  from: string;
  to: string;
  fromSnapshot: string | null;
  toSnapshot: string | null;
}

export async function diffRegistry(
  deps: Deps,
  actor: Actor,
  input: { from: string; to: string; list?: ListKind | undefined },
): Promise<Result<RegistryDiffResult>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const from = checkDate(deps, input.from, 'from');
  if (!from.ok) return from;
  const to = checkDate(deps, input.to, 'to');
  if (!to.ok) return to;
  if (from.value > to.value)
    return fail('invalid_input', 'from must not be after to.', { where: { field: 'from' } });
  const list = input.list ?? 'participating';
  const [a, b] = await Promise.all([
    registry.snapshotOnOrBefore(deps.db, list, from.value),
    registry.snapshotOnOrBefore(deps.db, list, to.value),
  ]);
  const empty = (date: string) => ({ date, list, rows: [] });
  const diff = diffSnapshots(
    a ? await registry.snapshotView(deps.db, a) : empty(from.value),
    b ? await registry.snapshotView(deps.db, b) : empty(to.value),
  );
  return ok({
    from: from.value,
    to: to.value,
    fromSnapshot: a?.date ?? null,
    toSnapshot: b?.date ?? null,
    ...diff,
  });
}
