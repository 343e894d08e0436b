/** Agreements and agencies per state, as of a date (the registry map). */
import type { Actor } from '../../domain/actor.ts';
import type { ListKind, Model } from '../../domain/registry.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { checkDate } from './as-of-date.ts';

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
