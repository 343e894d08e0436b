/** Agreements, agencies and states per model, as of the latest snapshot on or before a date. */
import type { Actor } from '../../domain/actor.ts';
import { type ListKind, MODELS, type Model } from '../../domain/registry.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { checkDate } from './as-of-date.ts';

type Counts = registry.ModelCounts;

export interface RegistryCounts {
  asOf: string;
  snapshot: string | null;
  models: Record<Model, Counts>;
  total: Counts;
}

const zero = (): Counts => ({ agreements: 0, agencies: 0, states: 0 });

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
